// Package content loads a site's content/ folder into pages: it reads each
// Markdown file, converts it, and checks its front matter, collecting every
// problem with its file and line instead of stopping at the first. Loading
// depends on each file's bytes alone, so a Cache lets watch mode redo only
// the files that changed.
package content

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"
	"sync/atomic"
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
func Kinds() []string { return []string{"article", "questions", "email", "checklist", "briefing"} }

// A Page is one Markdown file of content/, as its author wrote it.
type Page struct {
	File    string // content/articles/x.md
	Dir     string // folder below content/: "articles", "" for the top
	IsIndex bool   // an _index.md: the page of its folder
	// IsBundle marks an index.md: the page of its folder too, with the
	// folder's other files beside it (see site.New).
	IsBundle bool
	// IsTag marks a tag description (content/tags/<slug>.md).
	IsTag bool

	Meta
	// Params holds every other key of the front matter, for layouts.
	Params map[string]any
	// Fields are a briefing sheet's blanks (kind: briefing), in order.
	// They are what the page shows, not where it sits in the site, so
	// they are not part of Meta.
	Fields []Field

	Doc *markdown.Doc
}

// Meta is what a page's front matter says of it, besides Params: what
// places it in the site (URL, section, order, tags, lists). Two versions of
// a page with equal Meta differ only in what the page itself shows, which
// lets watch mode keep the site's structure when only a body changed; a
// key added here is part of the structure at once.
type Meta struct {
	Title   string
	Summary string
	Kind    string
	Slug    string
	Layout  string
	Date    time.Time
	Updated time.Time
	Tags    []string
	Draft   bool
	// Unlisted (list: false) keeps the page out of every list of pages:
	// sections, tags, feeds, related pages and search. It is still built,
	// linked to and in the sitemap, as a page for authors is.
	Unlisted bool
	// NoSearch (search: false) keeps the page out of the search index
	// only; Unlisted pages are out of it too.
	NoSearch bool
	Weight   int
	Aliases  []string
	TitleSet bool // the title came from front matter, not a heading
}

// Line returns the line of a front matter key, or 1 when it is absent.
func (p *Page) Line(key string) int {
	line, _ := p.Pos(key)
	return line
}

// Pos returns where a front matter value is: the line of key (a path such
// as tags, tags.2 or process.0.pages, see markdown.KeyPos) and the column
// of its value, or of the key when the value is below it; 1, 0 when the
// key is absent.
func (p *Page) Pos(key string) (line, col int) {
	kp, ok := p.Doc.Pos(key)
	if !ok {
		return 1, 0
	}
	if kp.Value > 0 {
		return kp.Line, kp.Value
	}
	return kp.Line, kp.Col
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
	return LoadWith(fsys, conv, LoadOptions{Cache: cache})
}

// LoadOptions are how LoadWith reads a content folder.
type LoadOptions struct {
	// Cache, when not nil, keeps what each load converted, so that the
	// next load converts only the files that changed.
	Cache *Cache
	// Progress, when not nil, is told how many of the Markdown files are
	// read so far, for a progress line. It is called from several
	// goroutines at once.
	Progress func(done, total int)
	// Pack packs each page's converted HTML and text as soon as it is
	// read (see markdown.Doc.Pack): for a build that holds every page of
	// a big site at once.
	Pack bool
}

// packing is one loading worker's space, reused from page to page when
// pages are packed as they are read: the file's bytes, its HTML and text,
// and the packing's work space. Of a page's turn only the packed block is
// kept, so a big site's load makes no garbage of the size of its pages.
type packing struct {
	src     []byte
	scratch markdown.Scratch
	pack    []byte
	// tags holds each tag name the worker has read, once: a big site
	// uses a few dozen tags some hundreds of thousands of times, and
	// every use its own string is that many more objects for the
	// collector to mark.
	tags map[string]string
}

// intern makes each of names the worker's one copy of that name.
func (pk *packing) intern(names []string) {
	if pk.tags == nil {
		pk.tags = map[string]string{}
	}
	for i, n := range names {
		if same, ok := pk.tags[n]; ok {
			names[i] = same
		} else if len(pk.tags) < maxInterned {
			pk.tags[n] = n
		}
	}
}

// maxInterned bounds the names a worker keeps: a site whose tags are all
// different gains nothing from them.
const maxInterned = 10000

// read reads file into the worker's src.
func (pk *packing) read(fsys fs.FS, file string) ([]byte, error) {
	if a, ok := fsys.(appender); ok {
		b, err := a.AppendFile(pk.src[:0], file)
		pk.src = b
		return b, err
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := bytes.NewBuffer(pk.src[:0])
	if fi, err := f.Stat(); err == nil {
		b.Grow(int(fi.Size()) + bytes.MinRead)
	}
	_, err = b.ReadFrom(f)
	pk.src = b.Bytes()
	return pk.src, err
}

// An appender is a file system that reads a file into a slice it is
// given, as disk.Folder does, sparing the open file that fs.FS needs.
type appender interface {
	AppendFile(b []byte, name string) ([]byte, error)
}

// LoadWith is Load, with more choices.
func LoadWith(fsys fs.FS, conv *markdown.Converter, opts LoadOptions) *Result {
	cache, progress := opts.Cache, opts.Progress
	if cache != nil {
		if res := cache.update(fsys, conv); res != nil {
			return res
		}
	}
	w := walkContent(fsys)
	res := &Result{Files: w.files, Problems: append(diag.List(nil), w.probs...)}
	type out struct {
		page  *Page
		probs diag.List
	}
	results := make([]out, len(w.md))
	var done atomic.Int64
	parallel.ForWith(len(w.md), func() *packing { return new(packing) }, func(pk *packing, i int) {
		if !opts.Pack {
			pk = nil
		}
		results[i].page, results[i].probs = cache.load(fsys, w.md[i], conv, pk)
		if p := results[i].page; p != nil && pk != nil {
			pk.pack = p.Doc.Pack(pk.pack)
		}
		if n := done.Add(1); progress != nil && n%64 == 0 {
			progress(int(n), len(w.md))
		}
	})
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
	if cache != nil {
		cache.remember(w, res)
	}
	return res
}

// A walk is what a walk of content/ found: the Markdown files, the other
// files, and what could not be read.
type walk struct {
	md    []string
	files []File
	probs diag.List
}

func walkContent(fsys fs.FS) walk {
	var w walk
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				w.probs.Add(Dir, 0, "folder not found: a site keeps its pages in content/ (create it, or pass -src)")
				return fs.SkipAll
			}
			w.probs.Add(p, 0, "cannot read: %v", unwrapPath(err))
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
				w.probs.Warn(p, 0, "is a link to a folder, which the build does not follow (it could loop): move or copy the folder into content/")
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if strings.HasSuffix(strings.ToLower(name), ".md") {
			w.md = append(w.md, p)
		} else {
			w.files = append(w.files, File{Path: p})
		}
		return nil
	})
	if err != nil {
		w.probs.Add(Dir, 0, "cannot read: %v", err)
	}
	return w
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

// Parse turns one file's bytes into a page. It never panics; what is wrong
// with the file comes back as problems, and the page is nil when nothing
// useful could be made of it.
func Parse(file string, src []byte, conv *markdown.Converter) (*Page, diag.List) {
	return parse(file, src, conv, nil)
}

func parse(file string, src []byte, conv *markdown.Converter, pk *packing) (page *Page, probs diag.List) {
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

	var doc *markdown.Doc
	var err error
	if pk != nil {
		doc, err = conv.ConvertInto(src, &pk.scratch)
	} else {
		doc, err = conv.Convert(src)
	}
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
		File:     file,
		Dir:      dir,
		IsIndex:  base == "_index.md",
		IsBundle: base == "index.md",
		IsTag:    dir == TagDir && base != "_index.md",
		Meta:     Meta{Kind: "article"},
		Doc:      doc,
	}
	if doc.MetaErr != nil {
		probs.Add(file, doc.MetaErr.Line, "front matter is not valid YAML: %s", doc.MetaErr.Msg)
		return nil, probs
	}
	before := len(probs)
	readFrontMatter(p, &probs)
	// Read into Meta and Params, the YAML is not needed again; a site of
	// 100,000 pages would keep a hundred megabytes of it.
	doc.Meta = nil
	if pk != nil {
		pk.intern(p.Tags)
	}
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
// The Markdown renderer wraps a heading and its anchor link in
// <div class="heading">…</div>, with no other element in it that closes
// with </div>: the wrapper goes with the heading.
func dropHeading(doc *markdown.Doc, i int) {
	id := doc.Headings[i].ID
	open, end := []byte(`<div class="heading"><h1 id="`+id+`">`), []byte("</div>\n")
	start := bytes.Index(doc.HTML, open)
	if start < 0 {
		open, end = []byte(`<h1 id="`+id+`">`), []byte("</h1>\n")
		start = bytes.Index(doc.HTML, open)
	}
	if start < 0 {
		return
	}
	n := bytes.Index(doc.HTML[start:], end)
	if n < 0 {
		return
	}
	doc.HTML = append(doc.HTML[:start:start], doc.HTML[start+n+len(end):]...)
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
	for line := range strings.Lines(doc.Text) {
		line = strings.TrimSpace(line)
		if line == "" || headings[line] {
			continue
		}
		// A copy: a part of Text would keep all of it, which a packed
		// page (see markdown.Doc.Pack) lets go of.
		return strings.Clone(Truncate(line, 200))
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
