// Package build is the pipeline every command runs: load content, build the
// site model, render, write. A Builder keeps the work that does not change
// between builds (converted files, parsed layouts, each page's words, the
// model), so watch mode runs this same pipeline again on every save at the
// cost of what changed.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync/atomic"
	"time"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/render"
	"github.com/secondround/secondround/internal/search"
	"github.com/secondround/secondround/internal/site"
)

// Options are an author's choices for one build.
type Options struct {
	Drafts    bool
	WarnLinks bool
	BaseURL   string // overrides content/_index.md's base_url
	Name      string // titles a site whose home page sets none
}

// Hooks are watch mode's. None changes what a build makes; they let it
// make less, and serve it sooner.
type Hooks struct {
	// Changed, when not nil, lists the only source files (slash paths
	// below the site folder; a folder stands for all below it) that may
	// differ from the previous build of this Builder: other files are
	// taken from memory, and outputs that show none of them are kept.
	Changed []string
	// Keep carries a file of the last good build into this one unchanged,
	// reporting false when the writer has none by that name.
	Keep func(name string) bool
	// Rendered is called once every output but the search index is
	// written, if no problem was found: watch mode serves the new pages
	// then, while the index is built.
	Rendered func()
	// First, when set, is called in a rebuild that makes every output
	// anew (a page's tags, title or date changed, say), once the outputs
	// that show a changed page, or showed it before, are written, if no
	// problem was found so far: watch mode serves those at once, and
	// the rest of the site, which the change reaches through related
	// pages and lists, when Rendered is called.
	First func()
	// Stop, when set, is asked after First whether the rest of the site
	// is still wanted; once it says no, the rebuild ends at once with
	// ErrSuperseded, and the next one makes what this one left.
	Stop func() bool
	// Progress, when set, is kept up to date with where the build is.
	Progress *Progress
}

// Writer receives output files; it is called from several goroutines. The
// data of a call may be reused once the call returns: a writer that keeps
// it must copy it.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// ErrSuperseded is what a rebuild returns when Hooks.Stop ended it.
var ErrSuperseded = errors.New("superseded by newer changes")

// StaticDir is the folder of a site, and of the theme, copied as is.
const StaticDir = "static"

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
	// What a watch session keeps from build to build, each for one
	// reason: files, so that a build converts only the Markdown that
	// changed; layouts, so that it parses them only when one changed;
	// words, so that the search index reads only the pages that changed;
	// site, which Update brings up to date when only bodies changed; and
	// since, so that only the outputs showing a change are made again.
	files   *content.Cache
	layouts *render.Cache
	words   *search.Memo
	site    *site.Site
	since   changes
	keep    bool // false for Once: nothing is kept
}

// New returns a Builder that falls back on theme for layouts and static
// files the site does not have. It keeps what each build made, so that
// the next build of the same site (watch mode) redoes only what changed.
func New(theme fs.FS) *Builder {
	return &Builder{theme: theme, conv: markdown.New(), files: content.NewCache(), layouts: &render.Cache{},
		words: search.NewMemo(), since: changes{all: true}, keep: true}
}

// Once returns a Builder for a single build, such as the build command's:
// it keeps nothing for a next build.
func Once(theme fs.FS) *Builder {
	return &Builder{theme: theme, conv: markdown.New(), layouts: &render.Cache{}, since: changes{all: true}}
}

// Build runs the whole pipeline over the site in fsys, writing to w. When
// it returns an error, the build failed and w's output must be discarded;
// a *diag.Error lists every problem found.
func (b *Builder) Build(fsys fs.FS, opts Options, w Writer) (*Result, error) {
	return b.Rebuild(fsys, opts, w, Hooks{})
}

// Rebuild is Build with watch mode's hooks.
func (b *Builder) Rebuild(fsys fs.FS, opts Options, w Writer, h Hooks) (*Result, error) {
	start := time.Now()
	var probs diag.List
	cw := &counter{w: w}
	b.since.add(h.Changed)
	if keep := h.Keep; keep != nil {
		h.Keep = func(name string) bool { return keep(name) && cw.kept() }
	}
	in, from := b.load(fsys, h.Changed, h.Progress, &probs)
	h.Progress.Start("checking links", 0)
	old := b.site
	s := b.model(in, opts, &probs)
	layouts, lp := b.layouts.Load(b.theme, fsys, s.Assets())
	probs = append(probs, lp...)
	// Without watch mode's Rendered the index is written alongside the
	// pages; with it, once they are served. A build that keeps nothing
	// makes it after the pages too: the index then lets go of each
	// packed page as it reads it, and a big site never holds every
	// page's text and the index's postings at once.
	alongside := h.Rendered == nil && b.keep
	index := b.index(s, cw, alongside)
	if lp.Errors() == 0 {
		var stopped bool
		if probs, stopped = b.render(old, s, layouts, cw, h, probs); stopped {
			if alongside {
				index() // it writes to w: let it end first
			}
			return nil, ErrSuperseded
		}
	}
	if !b.keep {
		// Every output is made, so no page's HTML is wanted again: the
		// index, which reads each page's text next, then lets go of the
		// whole packed page as it does.
		for _, p := range s.Pages {
			if p.Doc != nil {
				p.Doc.DropHTML()
			}
		}
	}
	h.Progress.Start("copying files", 0)
	probs = append(probs, b.copy(s, from, h.Keep, cw)...)
	if h.Rendered != nil && probs.Errors() == 0 {
		h.Rendered()
	}
	h.Progress.Start("writing the search index", 0)
	searched, sp := index()
	probs = append(probs, sp...)
	return b.finish(s, layouts, fsys, probs, cw, start, searched)
}

// load reads what the model is made of: every page of content/ and the list
// of static files. from reads each static file's output.
func (b *Builder) load(fsys fs.FS, changed []string, p *Progress, probs *diag.List) (site.Input, *statics) {
	p.Start("reading pages", 0)
	files, from := collectStatic(b.theme, fsys, probs)
	if b.files != nil {
		b.files.Trust(changed)
	}
	// A build that keeps nothing holds every page until its outputs are
	// made: packed, a page takes under a third of the memory.
	loaded := content.LoadWith(fsys, b.conv, content.LoadOptions{Cache: b.files, Pack: !b.keep,
		Progress: func(done, total int) { p.set(done, total) }})
	*probs = append(*probs, loaded.Problems...)
	return site.Input{Content: loaded, Static: files}, from
}

// model brings the last build's model up to date when only page bodies
// changed, and otherwise makes it anew.
func (b *Builder) model(in site.Input, opts Options, probs *diag.List) *site.Site {
	cfg := site.Config{BaseURL: opts.BaseURL, Drafts: opts.Drafts, WarnLinks: opts.WarnLinks, Name: opts.Name}
	if b.site != nil {
		if _, ok := b.site.Update(in, cfg, probs); ok {
			return b.site
		}
	}
	s := site.New(in, cfg, probs)
	b.since.all = true
	if b.keep {
		b.site = s
	}
	return s
}

// render makes the planned outputs of s, adding what goes wrong to probs.
// old is the model of the last build, when there was one.
func (b *Builder) render(old, s *site.Site, layouts *render.Layouts, cw *counter, h Hooks, probs diag.List) (diag.List, bool) {
	plan, all := b.plan(s, layouts, h.Keep)
	var track render.Track
	stopped := false
	h.Progress.Start("rendering", len(plan))
	emit := func(name string, data []byte) error {
		h.Progress.Add(1)
		return cw.WriteFile(name, data)
	}
	// Split only a change of content: new layouts, or new stylesheets
	// that pages link, reach every page alike.
	if all && h.First != nil && old != nil && old != s && layouts == b.since.layouts && probs.Errors() == 0 {
		var first []*site.Output
		first, plan = b.first(old, s, plan)
		probs = append(probs, layouts.Render(s, first, emit, track)...)
		if len(first) > 0 && probs.Errors() == 0 {
			h.First()
			if h.Stop != nil {
				// Render asks from one goroutine.
				track.Stop = func() bool {
					stopped = stopped || h.Stop()
					return stopped
				}
			}
		}
	}
	probs = append(probs, layouts.Render(s, plan, emit, track)...)
	return probs, stopped
}

// first splits plan in two: the outputs that show a page whose file
// changed, in s or in old, and the rest. The service worker goes last
// whatever it shows, since it names the version of what the others are.
func (b *Builder) first(old, s *site.Site, plan []*site.Output) (first, rest []*site.Output) {
	now, before := b.changedPages(s), b.changedPages(old)
	if len(now) == 0 && len(before) == 0 {
		return nil, plan
	}
	picked := map[*site.Output]bool{}
	for _, o := range s.Showing(now) {
		picked[o] = true
	}
	for _, o := range old.Showing(before) {
		if o := s.Output(o.URL); o != nil {
			picked[o] = true
		}
	}
	for _, o := range plan {
		if picked[o] && o.Kind != site.WorkerOutput {
			first = append(first, o)
		} else {
			rest = append(rest, o)
		}
	}
	return first, rest
}

// changedPages are the pages of s whose files changed since the last good
// build.
func (b *Builder) changedPages(s *site.Site) []*site.Page {
	var changed []*site.Page
	for _, p := range s.Pages {
		if b.since.touches(p.File) {
			changed = append(changed, p)
		}
	}
	return changed
}

// plan picks the outputs to render: every one (all), unless only bodies
// changed since the last good build, whose files the writer can keep; then
// those that show a page whose file changed.
func (b *Builder) plan(s *site.Site, layouts *render.Layouts, keep func(string) bool) (plan []*site.Output, all bool) {
	if keep == nil || b.since.all || layouts != b.since.layouts {
		return s.Outputs(), true
	}
	todo := s.Showing(b.changedPages(s))
	made := make(map[*site.Output]bool, len(todo))
	for _, o := range todo {
		made[o] = true
	}
	for _, o := range s.Outputs() {
		if render.Made(o.Kind) && !made[o] && !keep(o.Path) {
			todo = append(todo, o)
		}
	}
	return todo, false
}

// copy writes the static files and the files of content/ that are not
// Markdown, keeping those whose source did not change when it can.
func (b *Builder) copy(s *site.Site, from *statics, keep func(string) bool, w Writer) diag.List {
	var probs diag.List
	for _, o := range s.Outputs() {
		if o.Kind != site.StaticOutput && o.Kind != site.FileOutput {
			continue
		}
		if keep != nil && !b.since.all && !b.since.touches(o.Source) && keep(o.Path) {
			continue
		}
		data, err := from.read(o)
		if err != nil {
			probs.Add(o.Source, 0, "cannot read: %v", err)
			continue
		}
		if err := w.WriteFile(o.Path, data); err != nil {
			probs.Add(o.Source, 0, "cannot write %s: %v", o.Path, err)
		}
	}
	return probs
}

// index builds and writes the search index: at once, beside the rendering,
// when now is set, and otherwise when the returned function is called,
// which waits for the index either way. Pages link the index's manifest at
// a name that does not change, so they do not depend on the index.
func (b *Builder) index(s *site.Site, w Writer, now bool) func() (time.Duration, diag.List) {
	run := func() (time.Duration, diag.List) {
		start := time.Now()
		var probs diag.List
		opts := search.Options{Dir: site.SearchDir, Manifest: site.SearchManifest, KindName: render.KindName, Memo: b.words}
		if !b.keep {
			opts.Stream = w.WriteFile
		}
		idx := search.Build(search.FromSite(s), opts)
		for _, err := range idx.Write(w.WriteFile) {
			probs.Add("the search index", 0, "%v", err)
		}
		return time.Since(start), probs
	}
	if !now {
		return run
	}
	type result struct {
		d     time.Duration
		probs diag.List
	}
	done := make(chan result, 1)
	go func() {
		d, p := run()
		done <- result{d, p}
	}()
	return func() (time.Duration, diag.List) {
		r := <-done
		return r.d, r.probs
	}
}

// finish sorts the problems, gives each its source line, and makes the
// result; a good build becomes the one that the next is measured against.
func (b *Builder) finish(s *site.Site, layouts *render.Layouts, fsys fs.FS, probs diag.List, cw *counter, start time.Time, searched time.Duration) (*Result, error) {
	probs.Sort()
	probs.Locate(func(file string) fs.File {
		fsys := fsys
		if name, ok := strings.CutPrefix(file, themeLabel); ok {
			fsys, file = b.theme, name
		}
		if f, err := fsys.Open(file); err == nil {
			return f
		}
		return nil
	})
	res := &Result{Site: s, Pages: len(s.Pages), Tags: len(s.Tags), Files: int(cw.n.Load()), Duration: time.Since(start), Search: searched, Problems: probs}
	if err := probs.Err(); err != nil {
		return res, err
	}
	b.since = changes{layouts: layouts}
	return res, nil
}

// changes are what changed since the last good build.
type changes struct {
	all     bool     // anything may have: make every output
	paths   []string // else the source files that did (a folder stands for all below it)
	layouts *render.Layouts
}

func (c *changes) add(changed []string) {
	if changed == nil {
		c.all = true
	}
	c.paths = append(c.paths, changed...)
}

// touches reports whether file is, or is below, a changed path.
func (c *changes) touches(file string) bool {
	for _, p := range c.paths {
		if file == p || strings.HasPrefix(file, strings.TrimSuffix(p, "/")+"/") {
			return true
		}
	}
	return false
}

// counter counts the files a build writes, or keeps.
type counter struct {
	w Writer
	n atomic.Int64
}

func (c *counter) kept() bool {
	c.n.Add(1)
	return true
}

func (c *counter) WriteFile(name string, data []byte) error {
	c.n.Add(1)
	return c.w.WriteFile(name, data)
}

// themeLabel starts the name of a file of the built-in theme in messages.
const themeLabel = "built-in theme: "

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
