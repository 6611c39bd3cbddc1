// Package build is the pipeline every command runs: load content, build the
// site model, render, write. A Builder keeps the work that does not change
// between builds (the Markdown converter, converted files), so watch mode
// runs this same pipeline again on every save at the cost of what changed.
package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/render"
	"github.com/secondround/secondround/internal/search"
	"github.com/secondround/secondround/internal/site"
)

// StaticDir is the folder of a site, and of the theme, copied as is.
const StaticDir = "static"

// SearchManifest is where the search index's manifest is written: the one
// index file whose name stays the same, and which hosts must revalidate.
const SearchManifest = "search/manifest.json"

// AssetDir is the output folder of fingerprinted files: everything in it is
// named by its content, so hosts may cache it for a year (netlify.toml does).
const AssetDir = "_assets"

// Options are one build's choices.
type Options struct {
	Drafts    bool
	WarnLinks bool
	BaseURL   string // overrides content/_index.md's base_url
	Name      string // titles a site whose home page sets none

	// Watch mode's hints; a build without them makes the same output.

	// Changed, when not nil, lists the only source files (slash paths
	// below the site folder; a folder stands for all below it) that may
	// differ from the previous build of this Builder: other content files
	// are taken from memory without being read again.
	Changed []string
	// First picks, once the site model is made, the output files to render
	// before all others; Ready is called when they are written, if the
	// build has found no problem by then, while the rest renders.
	First func(*site.Site) []string
	Ready func()
}

// A Keeper is a Writer that holds the files of the last good build and can
// carry one into this build unchanged, reporting false when it has none by
// that name. Given one, a Builder renders again only the pages that an edit
// can have changed (see render.Memo): watch mode's writer is one.
type Keeper interface {
	Writer
	Keep(name string) bool
}

// Writer receives output files; it is called from several goroutines. The
// data of a call may be reused once the call returns: a writer that keeps
// it must copy it.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Pages    int
	Tags     int
	Files    int
	Duration time.Duration
	// Search is the part of Duration spent building and writing the
	// search index.
	Search time.Duration
	// Problems holds warnings on success, and everything wrong on failure.
	Problems diag.List
}

// Summary is the one line a build prints.
func (r *Result) Summary(verb, where string) string {
	s := fmt.Sprintf("%s %d pages, %d tags, %d files", verb, r.Pages, r.Tags, r.Files)
	if where != "" {
		s += " into " + where
	}
	return s + " in " + r.Duration.Round(time.Millisecond).String()
}

// A Builder builds sites. Keep one for a watch session; it is not safe to
// run two builds of one Builder at once.
type Builder struct {
	theme fs.FS
	conv  *markdown.Converter
	cache *content.Cache
	memo  *site.Memo
	lays  *render.Cache
	pages *render.Memo
	index *search.Memo
	once  bool
}

// New returns a Builder that falls back on theme for layouts and static
// files the site does not have. It keeps what each build made, so that
// the next build of the same site (watch mode) redoes only what changed.
func New(theme fs.FS) *Builder {
	return &Builder{theme: theme, conv: markdown.New(), cache: content.NewCache(), memo: site.NewMemo(), lays: &render.Cache{}, pages: render.NewMemo(), index: search.NewMemo()}
}

// Once returns a Builder for a single build, such as the build command's:
// keeping nothing for a next build, it frees what each stage is done with,
// and a large site needs far less memory.
func Once(theme fs.FS) *Builder {
	return &Builder{theme: theme, conv: markdown.New(), lays: &render.Cache{}, pages: render.NewMemo(), once: true}
}

// Build runs the whole pipeline over the site in siteFS, writing to w. When
// it returns an error, the build failed and w's output must be discarded;
// a *diag.Error lists every problem found.
func (b *Builder) Build(siteFS fs.FS, opts Options, w Writer) (*Result, error) {
	start := time.Now()
	var probs diag.List
	res := &Result{}

	statics, staticProbs := collectStatic(b.theme, siteFS)
	probs = append(probs, staticProbs...)
	assets := render.Assets{}
	generated := map[string]string{}
	for _, name := range sortedNames(statics) {
		generated["/"+name] = "/" + name
		if fp := statics[name].fingerprint; fp != "" {
			assets[name] = "/" + fp
		}
	}
	for _, u := range []string{"/tags/", "/search/", "/404.html", "/sitemap.xml", "/feed.xml", "/robots.txt"} {
		generated[u] = u
	}

	if b.cache != nil {
		b.cache.Trust(opts.Changed)
	}
	loaded := content.Load(siteFS, b.conv, b.cache)
	probs = append(probs, loaded.Problems...)
	if b.cache != nil {
		keep := map[string]bool{}
		for _, p := range loaded.Pages {
			keep[p.File] = true
		}
		for _, p := range loaded.Tags {
			keep[p.File] = true
		}
		b.cache.Forget(keep)
	}
	contentFiles := map[string]string{} // output name → source
	for _, f := range loaded.Files {
		rel := strings.TrimPrefix(f.Path, content.Dir+"/")
		out := strings.TrimPrefix(site.DirURL(path.Dir(rel)), "/") + path.Base(rel)
		if path.Dir(rel) == "." {
			out = path.Base(rel)
		}
		contentFiles[out] = f.Path
		generated["/"+rel] = "/" + out
	}

	for _, u := range render.PrintPackURLs(loaded.Pages, opts.Drafts) {
		generated[u] = u
	}
	s := site.New(loaded, site.Config{
		BaseURL: opts.BaseURL, Drafts: opts.Drafts, WarnLinks: opts.WarnLinks,
		Name: opts.Name, Generated: generated, Memo: b.memo, Once: b.once,
	}, &probs)
	res.Site = s

	claims := &claims{by: map[string]string{}}
	keeper, isKeeper := w.(Keeper)
	emit := func(name, origin string, data []byte) error {
		if other := claims.claim(name, origin); other != "" {
			return fmt.Errorf("both %s and %s write %s: rename one of them", other, origin, name)
		}
		return w.WriteFile(name, data)
	}

	// Pages link the search manifest at a name that does not change, so
	// they do not depend on the index: it is built beside the rendering
	// rather than before it, and watch mode serves an edited page without
	// waiting for it.
	assets["search/manifest.json"] = "/" + SearchManifest
	searchDone := make(chan diag.List, 1)
	// In watch mode the pages asked for first are served before the index
	// starts, so that the two do not share the cores while the author
	// waits; otherwise both start at once.
	startSearch := make(chan struct{})
	var startOnce sync.Once
	letSearchStart := func() { startOnce.Do(func() { close(startSearch) }) }
	ready := opts.Ready
	if opts.First == nil {
		letSearchStart()
	} else {
		ready = func() {
			if opts.Ready != nil {
				opts.Ready()
			}
			letSearchStart()
		}
	}
	go func() {
		<-startSearch
		searchStart := time.Now()
		var sp diag.List
		idx := search.Build(search.FromSite(s), search.Options{Dir: AssetDir + "/search", Manifest: SearchManifest, KindName: render.KindName, Memo: b.index})
		for _, err := range idx.Write(func(name string, data []byte) error { return emit(name, "the search index", data) }) {
			sp.Add("the search index", 0, "%v", err)
		}
		res.Search = time.Since(searchStart)
		searchDone <- sp
	}()

	layouts, layoutProbs := b.lays.Load(b.theme, siteFS, assets)
	probs = append(probs, layoutProbs...)
	if layoutProbs.Errors() == 0 {
		var first map[string]bool
		if opts.First != nil && probs.Errors() == 0 {
			first = map[string]bool{}
			for _, name := range opts.First(s) {
				first[name] = true
			}
		}
		watch := render.Watch{First: first, Ready: ready}
		var keepMu sync.Mutex
		var keepProbs diag.List
		if isKeeper {
			watch.Memo, watch.Assets = b.pages, assets
			watch.Keep = func(name string) bool {
				if !keeper.Keep(name) {
					return false
				}
				if other := claims.claim(name, "the site's pages"); other != "" {
					keepMu.Lock()
					keepProbs.Add(name, 0, "cannot write: both %s and the site's pages write %s: rename one of them", other, name)
					keepMu.Unlock()
				}
				return true
			}
		}
		probs = append(probs, layouts.SiteWatch(s, watch, func(name string, data []byte) error {
			return emit(name, "the site's pages", data)
		})...)
		probs = append(probs, keepProbs...)
	}
	letSearchStart()
	for _, name := range sortedNames(statics) {
		st := statics[name]
		data, err := fs.ReadFile(st.fsys, StaticDir+"/"+name)
		if err != nil {
			probs.Add(st.origin, 0, "cannot read: %v", err)
			continue
		}
		if err := emit(name, st.origin, data); err != nil {
			probs.Add(st.origin, 0, "%v", err)
		}
		if st.fingerprint != "" {
			if err := emit(st.fingerprint, st.origin, data); err != nil {
				probs.Add(st.origin, 0, "%v", err)
			}
		}
	}
	probs = append(probs, <-searchDone...)
	for _, out := range sortedNames(contentFiles) {
		src := contentFiles[out]
		data, err := fs.ReadFile(siteFS, src)
		if err != nil {
			probs.Add(src, 0, "cannot read: %v", err)
			continue
		}
		if err := emit(out, src, data); err != nil {
			probs.Add(src, 0, "%v", err)
		}
	}

	probs.Sort()
	res.Problems = probs
	res.Pages = len(s.Pages)
	res.Tags = len(s.Tags)
	res.Files = claims.count()
	res.Duration = time.Since(start)
	if err := probs.Err(); err != nil {
		return res, err
	}
	if isKeeper {
		b.pages.Commit()
	}
	return res, nil
}

// claims notices two sources writing one output file.
type claims struct {
	mu sync.Mutex
	by map[string]string
}

func (c *claims) claim(name, origin string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if other, ok := c.by[name]; ok {
		return other
	}
	c.by[name] = origin
	return ""
}

func (c *claims) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.by)
}

type staticFile struct {
	fsys        fs.FS
	origin      string // file to name in messages
	fingerprint string // name with a content hash, for assets cached for a year
}

// fingerprinted are the static files that layouts reference through the
// asset function: each also gets a copy whose name carries its content hash,
// so that it can be cached for a year and still change when it changes.
func fingerprinted(ext string) bool {
	switch ext {
	case ".css", ".js", ".mjs", ".svg", ".woff2", ".png", ".ico":
		return true
	}
	return false
}

func collectStatic(theme, siteFS fs.FS) (map[string]*staticFile, diag.List) {
	var probs diag.List
	out := map[string]*staticFile{}
	for _, src := range []struct {
		fsys  fs.FS
		label string
	}{{theme, "built-in theme: "}, {siteFS, ""}} {
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
			sf := &staticFile{fsys: src.fsys, origin: src.label + p}
			if ext := path.Ext(name); fingerprinted(ext) {
				data, err := fs.ReadFile(src.fsys, p)
				if err != nil {
					probs.Add(src.label+p, 0, "cannot read: %v", err)
					return nil
				}
				sum := sha256.Sum256(data)
				sf.fingerprint = AssetDir + "/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
			}
			out[name] = sf
			return nil
		})
		if err != nil {
			probs.Add(src.label+StaticDir, 0, "cannot read: %v", err)
		}
	}
	return out, probs
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
