// Package content loads a site's content/ folder into pages: it reads each
// Markdown file, converts it, and checks its front matter, collecting every
// problem with its file and line instead of stopping at the first. Loading
// depends on each file's bytes alone, so a Cache lets watch mode redo only
// the files that changed.
package content

import (
	"bytes"
	"errors"
	"hash/maphash"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/parallel"
)

// Dir is the folder of a site that holds its content.
const Dir = "content"

// TagDir is the folder under Dir whose files describe tags rather than
// being pages of their own.
const TagDir = "tags"

// Kinds returns the kinds of page an author can declare.
func Kinds() []string { return []string{"article", "questions", "email", "checklist"} }

// A Page is one Markdown file of content/, as its author wrote it.
type Page struct {
	File    string // content/articles/x.md
	Dir     string // folder below content/: "articles", "" for the top
	IsIndex bool   // an _index.md: the page of its folder
	// IsTag marks a tag description (content/tags/<slug>.md).
	IsTag bool

	Title    string
	Summary  string
	Kind     string
	Slug     string
	Layout   string
	Date     time.Time
	Updated  time.Time
	Tags     []string
	Draft    bool
	Weight   int
	Aliases  []string
	Params   map[string]any
	TitleSet bool // the title came from front matter, not a heading
	NoSearch bool // search: false keeps the page out of the search index

	Doc *markdown.Doc
}

// Line returns the line of a front matter key, or 1 when it is absent.
func (p *Page) Line(key string) int {
	if n := p.Doc.MetaKeyLines[key]; n > 0 {
		return n
	}
	return 1
}

// A File is anything else under content/ (an image beside its article),
// copied to the output at the same place.
type File struct {
	Path string // content/articles/diagram.png
}

// Result is a loaded content folder.
type Result struct {
	Pages    []*Page // sorted by File
	Tags     []*Page // tag descriptions, sorted by File
	Files    []File  // sorted by Path
	Problems diag.List
}

// Load reads every file under content/ in fsys. cache may be nil.
func Load(fsys fs.FS, conv *markdown.Converter, cache *Cache) *Result {
	res := &Result{}
	var mdFiles []string
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				res.Problems.Add(Dir, 0, "folder not found: a site keeps its pages in content/ (create it, or pass -src)")
				return fs.SkipAll
			}
			res.Problems.Add(p, 0, "cannot read: %v", unwrapPath(err))
			return nil
		}
		name := d.Name()
		if p != Dir && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Links to files are read through; links to folders are not
			// followed, since one can lead back into content/ forever.
			if fi, err := fs.Stat(fsys, p); err == nil && fi.IsDir() {
				res.Problems.Warn(p, 0, "is a link to a folder, which the build does not follow (it could loop): move or copy the folder into content/")
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if strings.HasSuffix(strings.ToLower(name), ".md") {
			mdFiles = append(mdFiles, p)
		} else {
			res.Files = append(res.Files, File{Path: p})
		}
		return nil
	})
	if err != nil {
		res.Problems.Add(Dir, 0, "cannot read: %v", err)
	}

	type out struct {
		page  *Page
		probs diag.List
	}
	results := make([]out, len(mdFiles))
	parallel.For(len(mdFiles), func(i int) {
		results[i].page, results[i].probs = loadFile(fsys, mdFiles[i], conv, cache)
	})
	if cache != nil {
		cache.mu.Lock()
		cache.trusted = nil
		cache.mu.Unlock()
	}

	for _, r := range results {
		res.Problems = append(res.Problems, r.probs...)
		if r.page == nil {
			continue
		}
		if r.page.IsTag {
			res.Tags = append(res.Tags, r.page)
		} else {
			res.Pages = append(res.Pages, r.page)
		}
	}
	return res
}

// Ignored reports whether a file or folder name is one that editors, version
// control or the operating system leave behind, never content: hidden files
// (Emacs' .#x locks, gedit's .goutputstream-*, Kate's .x.kate-swp), Vim swap
// files and its 4913 write probe, Emacs #x# autosaves, ~ backups, JetBrains'
// safe-write temporaries (jb_old___, x___jb_tmp___), and .bck/.tmp copies.
// Watch mode relies on it too, so that an editor's save is one change.
func Ignored(name string) bool {
	switch {
	case name == "" || name[0] == '.' || name[0] == '#':
		return true
	case name == "4913" || strings.HasPrefix(name, "jb_") || strings.HasSuffix(name, "~"):
		return true
	case strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") || strings.HasSuffix(name, ".kate-swp"):
		return true
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".swp", ".swo", ".swx", ".bck", ".bak", ".tmp", ".crdownload", ".part":
		return true
	}
	return false
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Cache remembers loaded files by path and content, so that loading a folder
// again converts only the files whose bytes changed. It is safe for
// concurrent use.
type Cache struct {
	seed maphash.Seed
	mu   sync.Mutex
	m    map[string]cached
	// trusted are the files the next Load takes from memory without
	// reading them: see Trust.
	trusted map[string]bool
}

type cached struct {
	sum   uint64
	page  *Page
	probs diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), m: map[string]cached{}}
}

// Forget drops every entry not in keep, so that deleted files do not hold
// memory for the life of a watch session.
func (c *Cache) Forget(keep map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.m {
		if !keep[p] {
			delete(c.m, p)
		}
	}
}

// Trust tells the cache that of the files it holds, only those named in
// changed (slash paths such as content/x.md, or folders, which stand for
// every file below them) may differ from what the last Load read. The next
// Load, and only that one, then reads just those and files it never saw.
// Watch mode calls it with the paths the watcher reported, saving a read
// and a hash of every other file; a nil changed trusts nothing, which is
// what Load does without a call.
func (c *Cache) Trust(changed []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.trusted = nil
	if changed == nil {
		return
	}
	c.trusted = make(map[string]bool, len(c.m))
	for f := range c.m {
		c.trusted[f] = true
	}
	for _, p := range changed {
		p = strings.TrimSuffix(p, "/")
		delete(c.trusted, p)
		for f := range c.trusted {
			if strings.HasPrefix(f, p+"/") {
				delete(c.trusted, f)
			}
		}
	}
}

func loadFile(fsys fs.FS, file string, conv *markdown.Converter, cache *Cache) (*Page, diag.List) {
	if cache != nil {
		cache.mu.Lock()
		c, ok := cache.m[file]
		trusted := ok && cache.trusted[file]
		cache.mu.Unlock()
		if trusted {
			return c.page, c.probs
		}
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		var probs diag.List
		probs.Add(file, 0, "cannot read: %v", unwrapPath(err))
		return nil, probs
	}
	if cache == nil {
		return parse(file, src, conv)
	}
	sum := maphash.Bytes(cache.seed, src)
	cache.mu.Lock()
	c, ok := cache.m[file]
	cache.mu.Unlock()
	if ok && c.sum == sum {
		return c.page, c.probs
	}
	page, probs := parse(file, src, conv)
	cache.mu.Lock()
	cache.m[file] = cached{sum: sum, page: page, probs: probs}
	cache.mu.Unlock()
	return page, probs
}

// Parse turns one file's bytes into a page. It never panics; what is wrong
// with the file comes back as problems, and the page is nil when nothing
// useful could be made of it.
func Parse(file string, src []byte, conv *markdown.Converter) (*Page, diag.List) {
	return parse(file, src, conv)
}

func parse(file string, src []byte, conv *markdown.Converter) (page *Page, probs diag.List) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	if len(bytes.TrimSpace(src)) == 0 {
		probs.Add(file, 0, "file is empty: give it front matter with a title, and some content, or delete it")
		return nil, probs
	}
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:invalidAt(src)], []byte("\n"))
		probs.Add(file, line, "file is not UTF-8 text: save it with UTF-8 encoding")
		return nil, probs
	}
	if bytes.IndexByte(src, 0) >= 0 {
		line := 1 + bytes.Count(src[:bytes.IndexByte(src, 0)], []byte("\n"))
		probs.Add(file, line, "file holds a NUL byte, so it is not text: remove it, or move binary files out of content/")
		return nil, probs
	}

	doc, err := conv.Convert(src)
	if err != nil {
		probs.Add(file, 0, "cannot convert Markdown: %v", err)
		return nil, probs
	}
	rel := strings.TrimPrefix(file, Dir+"/")
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	base := path.Base(rel)
	p := &Page{
		File:    file,
		Dir:     dir,
		IsIndex: base == "_index.md",
		IsTag:   dir == TagDir && base != "_index.md",
		Kind:    "article",
		Doc:     doc,
	}
	if doc.MetaErr != nil {
		probs.Add(file, doc.MetaErr.Line, "front matter is not valid YAML: %s", doc.MetaErr.Msg)
		return nil, probs
	}
	before := len(probs)
	readFrontMatter(p, &probs)
	titleBad := false
	for _, pr := range probs[before:] {
		titleBad = titleBad || strings.HasPrefix(pr.Msg, "title:")
	}

	if p.Title == "" {
		for i, h := range doc.Headings {
			if h.Text != "" {
				p.Title = h.Text
				if h.Level == 1 {
					dropHeading(doc, i)
				}
				break
			}
		}
	} else if len(doc.Headings) > 0 && doc.Headings[0].Level == 1 && doc.Headings[0].Text == p.Title {
		dropHeading(doc, 0)
	}
	if p.Title == "" && !p.IsTag && !titleBad {
		probs.Add(file, 1, "page has no title: add `title:` to the front matter, or start the body with a # heading")
	}
	if p.Summary == "" {
		p.Summary = summarize(doc, p.Title)
	}
	return p, probs
}

// dropHeading removes the # heading that gave the page its title: the
// layout prints the title as the page's one h1. Raw HTML is never rendered,
// so the heading's opening tag, with its unique id, cannot occur elsewhere.
func dropHeading(doc *markdown.Doc, i int) {
	open := []byte(`<h1 id="` + doc.Headings[i].ID + `">`)
	start := bytes.Index(doc.HTML, open)
	if start < 0 {
		return
	}
	end := bytes.Index(doc.HTML[start:], []byte("</h1>\n"))
	if end < 0 {
		return
	}
	doc.HTML = append(doc.HTML[:start:start], doc.HTML[start+end+len("</h1>\n"):]...)
	doc.Headings = append(doc.Headings[:i:i], doc.Headings[i+1:]...)
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// summarize takes the first paragraph of prose, cut at a word boundary.
func summarize(doc *markdown.Doc, title string) string {
	headings := map[string]bool{title: true}
	for _, h := range doc.Headings {
		headings[h.Text] = true
	}
	for _, line := range strings.Split(doc.Text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || headings[line] {
			continue
		}
		return Truncate(line, 200)
	}
	return ""
}

// Truncate cuts s to at most n bytes at a word boundary, adding an ellipsis
// when it cut anything.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:.-") + "…"
}
