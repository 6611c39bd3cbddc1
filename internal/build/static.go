package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/site"
)

// statics is where the static outputs of a build are copied from.
type statics struct {
	theme, site fs.FS
	// scripts holds, by output path, the fingerprinted copies of scripts
	// that import other fingerprinted files: their import specifiers name
	// the fingerprinted copies, so they differ from the file in static/.
	scripts map[string][]byte
}

// read returns the bytes of a static or content file output.
func (st *statics) read(o *site.Output) ([]byte, error) {
	if data, ok := st.scripts[o.Path]; ok {
		return data, nil
	}
	fsys, name := st.site, o.Source
	if o.Kind == site.StaticOutput {
		name = StaticDir + "/" + o.Asset
		if strings.HasPrefix(o.Source, themeLabel) {
			fsys = st.theme
		}
	}
	return fs.ReadFile(fsys, name)
}

// collectStatic lists the files of the theme's static/ folder and the
// site's, the site's winning name by name, and names their fingerprinted
// copies.
func collectStatic(theme, siteFS fs.FS, probs *diag.List) ([]site.StaticFile, *statics) {
	st := &statics{theme: theme, site: siteFS, scripts: map[string][]byte{}}
	files := map[string]*staticFile{}
	for _, src := range []struct {
		fsys  fs.FS
		label string
	}{{theme, themeLabel}, {siteFS, ""}} {
		if src.fsys == nil {
			continue
		}
		err := fs.WalkDir(src.fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == StaticDir && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				probs.Add(src.label+p, 0, "cannot read: %v", err)
				return nil
			}
			if p != StaticDir && content.Ignored(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			name := strings.TrimPrefix(p, StaticDir+"/")
			f := &staticFile{StaticFile: site.StaticFile{Name: name, Origin: src.label + p}}
			if fingerprinted(path.Ext(name)) {
				if f.data, err = fs.ReadFile(src.fsys, p); err != nil {
					probs.Add(src.label+p, 0, "cannot read: %v", err)
					return nil
				}
			}
			files[name] = f
			return nil
		})
		if err != nil {
			probs.Add(src.label+StaticDir, 0, "cannot read: %v", err)
		}
	}
	out := make([]site.StaticFile, 0, len(files))
	for _, name := range slices.Sorted(maps.Keys(files)) {
		f := files[name]
		if f.data != nil {
			fingerprint(f, files, st.scripts, probs)
		}
		out = append(out, f.StaticFile)
	}
	return out, st
}

// A staticFile is a static file on its way to being named: data holds the
// bytes of a fingerprinted one until its fingerprint is known.
type staticFile struct {
	site.StaticFile
	data  []byte
	state naming
}

// naming is how far a static file's fingerprint is.
type naming int

const (
	unnamed    naming = iota
	beingNamed        // its imports are being named, so an import back closes a circle
	named
)

// fingerprint names f's fingerprinted copy after a hash of its content. A
// script's relative imports of other fingerprinted files are rewritten
// first to name their copies, since a copy under site.AssetDir sits beside
// copies, not beside the files static/ has: so a script's name changes
// when anything it imports changes, and a reader's browser never mixes a
// new script with an old import.
func fingerprint(f *staticFile, files map[string]*staticFile, scripts map[string][]byte, probs *diag.List) {
	if f.state != unnamed {
		return
	}
	f.state = beingNamed
	data := f.data
	ext := path.Ext(f.Name)
	if ext == ".js" || ext == ".mjs" {
		data = rewriteImports(f.data, func(spec string, at int) (string, bool) {
			dep, ok := files[path.Join(path.Dir(f.Name), spec)]
			if !ok || !fingerprinted(path.Ext(dep.Name)) {
				return "", false
			}
			if dep.state == beingNamed {
				line := 1 + bytes.Count(f.data[:at], []byte("\n"))
				col := 1 + utf8.RuneCount(f.data[bytes.LastIndexByte(f.data[:at], '\n')+1:at])
				probs.AddAt(f.Origin, line, col, "%s imports this script back: scripts named by their content cannot import each other in a circle; move what both need into a script of its own", spec)
				return "", false
			}
			fingerprint(dep, files, scripts, probs)
			// The specifier as written up to its last slash: path.Dir
			// would clean "./lib" to "lib", a bare name to a browser.
			return spec[:strings.LastIndexByte(spec, '/')+1] + path.Base(dep.Fingerprint), true
		})
	}
	sum := sha256.Sum256(data)
	f.Fingerprint = site.AssetDir + "/" + strings.TrimSuffix(f.Name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
	if !bytes.Equal(data, f.data) {
		scripts[f.Fingerprint] = data
	}
	f.data, f.state = nil, named
}

// rewriteImports returns js with each relative module specifier of an
// import or export (import x from "./a.js", import "./a.js", export { x }
// from "../b.js", import("./c.js")) replaced by what to gives for it, where
// to gives something (to is told where the specifier starts); js itself
// when nothing changed.
func rewriteImports(js []byte, to func(spec string, at int) (string, bool)) []byte {
	var out []byte
	last := 0
	for _, r := range importSpecs(js) {
		repl, ok := to(string(js[r[0]:r[1]]), r[0])
		if !ok {
			continue
		}
		out = append(append(out, js[last:r[0]]...), repl...)
		last = r[1]
	}
	if out == nil {
		return js
	}
	return append(out, js[last:]...)
}

// importSpecs finds the relative module specifiers ("./", "../") that
// follow the keyword from or import in js, as byte ranges without the
// quotes. It reads keywords, not JavaScript: a specifier in a comment or a
// string is found too, which is harmless, since only specifiers naming a
// fingerprinted file of static/ are rewritten.
func importSpecs(js []byte) [][2]int {
	var specs [][2]int
	s := string(js)
	for i := 0; i < len(s); i++ {
		var kw int
		switch {
		case strings.HasPrefix(s[i:], "from"):
			kw = 4
		case strings.HasPrefix(s[i:], "import"):
			kw = 6
		default:
			continue
		}
		if i > 0 && identByte(s[i-1]) || i+kw < len(s) && identByte(s[i+kw]) {
			continue
		}
		j := i + kw
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || (kw == 6 && s[j] == '(')) {
			j++
		}
		if j >= len(s) || (s[j] != '"' && s[j] != '\'') {
			continue
		}
		quote := s[j]
		end := strings.IndexAny(s[j+1:], string(quote)+"\n")
		if end < 0 || s[j+1+end] != quote {
			continue
		}
		spec := s[j+1 : j+1+end]
		if strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") {
			specs = append(specs, [2]int{j + 1, j + 1 + end})
		}
		i = j + end
	}
	return specs
}

// identByte reports whether c may be part of a JavaScript identifier, so
// that "platform" or "imported" is not read as a keyword.
func identByte(c byte) bool {
	return c == '_' || c == '$' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
