package site

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/slug"
)

// An OutputKind says what an output is, and so how it is made.
type OutputKind int

// The kinds of output. Those up to NotFound are HTML, made by executing
// the first of their layouts that exists.
const (
	PageOutput        OutputKind = iota // a page of content/: home, a section (its first part) or a regular page
	ListPartOutput                      // part 2 and up of a section's list
	TagIndexOutput                      // /tags/
	TagOutput                           // a tag's list, each part
	PrintPackOutput                     // checklists gathered to print: /checklists/print/, /tags/<slug>/print/
	SearchOutput                        // /search/
	OfflineOutput                       // /offline/, what the service worker shows for a page it has not kept
	NotFoundOutput                      // /404.html
	SitemapOutput                       // /sitemap.xml
	FeedOutput                          // /feed.xml, and /tags/<slug>/feed.xml when Tag is set
	RobotsOutput                        // /robots.txt
	RedirectsOutput                     // /_redirects, Netlify's: every alias to its page
	SearchIndexOutput                   // the search index's manifest; its other files, named by content, go beside it
	StaticOutput                        // a file of static/ (or its fingerprinted copy under AssetDir)
	FileOutput                          // a file of content/ that is not Markdown, beside its page
	ManifestOutput                      // /manifest.webmanifest, the web app manifest
	WorkerOutput                        // /sw.js, the service worker, with the list of files it keeps
)

// HTML reports whether outputs of kind k are HTML made with layouts.
func (k OutputKind) HTML() bool { return k <= NotFoundOutput }

// An Output is one file the site writes, with everything needed to make it.
// The model lists every output, so that it alone decides every URL: links
// are checked against the list, rendering executes it, and watch mode asks
// it which files show a page that changed.
type Output struct {
	Kind OutputKind
	// URL is what links use: /articles/x/, /feed.xml, /css/site.css.
	URL string
	// Path is the file below the output folder: articles/x/index.html.
	Path string
	// Layouts are the layouts that may make an HTML output, most specific
	// first; the first that exists is used.
	Layouts []string
	// Page is the page an HTML output shows: a page of content/, or one
	// made for the occasion (a tag's list, a print pack, search, 404).
	Page *Page
	// Tag is set on a tag's outputs: its list, feed and print pack.
	Tag *Tag
	// Pager is the part of a list the output shows. Every HTML output has
	// one, so that a list layout given to a single page (layout: list)
	// renders: it lists nothing.
	Pager *Pager
	// Source is the file to blame for a problem with the output, and
	// Line and Col the place there: a page's file (at its layout: key,
	// when the page chose its layout), a layout, a static file.
	Source    string
	Line, Col int
	// Asset, on a static output, is the file's name below static/.
	Asset string
}

// A Pager is one part of a long list.
type Pager struct {
	Pages  []*Page // the part of the list on this output
	Number int     // from 1
	Total  int
	Prev   string // URL of the previous part, "" on the first
	Next   string // URL of the next part, "" on the last
}

// PageSize is how many pages a section or tag lists before the list goes on
// at .../page/2/: a list of thousands would be a page of megabytes.
const PageSize = 50

// PrintPackURL is the URL of the print pack of every checklist.
const PrintPackURL = "/checklists/print/"

// maxPack is the most checklists a print pack holds: more is no longer a
// pack anyone prints, and a site of many thousands of checklists would
// otherwise write each of them again into every tag's pack.
const maxPack = 50

// AssetDir is the output folder of fingerprinted files: everything in it is
// named by its content, so hosts may cache it for a year (netlify.toml does).
const AssetDir = "_assets"

// SearchDir is the folder of the search index's files, and SearchManifest
// the one of them whose name stays the same, which pages link to.
const (
	SearchDir      = AssetDir + "/search"
	SearchManifest = "search/manifest.json"
)

// A StaticFile is a file of a static/ folder, the site's or the theme's,
// as the build found it.
type StaticFile struct {
	Name   string // below static/: css/site.css
	Origin string // the file to name in messages: static/css/site.css
	// Fingerprint is the name of the copy whose name holds a hash of the
	// content (_assets/css/site.3f2a9c1e07.css), for files layouts link
	// through the asset function; "" for others.
	Fingerprint string
}

// Outputs returns every output of the site, by Path.
func (s *Site) Outputs() []*Output { return s.outputs }

// Output finds an output by URL (/tags/, /css/site.css).
func (s *Site) Output(u string) *Output { return s.byOutURL[u] }

// Asset returns the fingerprinted URL of a static file (css/site.css), and
// false when static/ has no such file.
func (s *Site) Asset(name string) (string, bool) {
	u, ok := s.assets[name]
	return u, ok
}

// Assets maps every static file that has a fingerprinted copy to its URL.
func (s *Site) Assets() map[string]string { return s.assets }

// makeOutputs lists every output of the site, reporting two sources that
// would write one file.
func (s *Site) makeOutputs(res *content.Result, statics []StaticFile, probs *diag.List) {
	s.byOutURL = map[string]*Output{}
	s.bySource = map[string]*Output{}
	s.assets = map[string]string{}
	byPath := map[string]*Output{}
	// Layouts only read pagers and layout lists: the outputs that show
	// no list share one, and the pages of a kind one list, which spares
	// a site of 100,000 pages 400,000 objects its collector would mark on
	// every cycle.
	whole := &Pager{Number: 1, Total: 1}
	layouts := map[[2]string][]string{}
	add := func(o *Output) {
		if other := byPath[o.Path]; other != nil {
			clash(other, o, probs)
			return
		}
		if o.Kind.HTML() && o.Pager == nil {
			o.Pager = whole
		}
		byPath[o.Path] = o
		s.byOutURL[o.URL] = o
		s.outputs = append(s.outputs, o)
	}
	for _, p := range s.Pages {
		s.pageOutputs(p, layouts, add)
	}
	tags := s.made("Tags", "/tags/", "Every topic of the guide, with the number of pages on each.", s.TagIndex)
	tags.Section = s.Home
	add(&Output{Kind: TagIndexOutput, URL: "/tags/", Path: "tags/index.html", Layouts: []string{"tags/list.html"}, Page: tags, Source: layoutFile("tags/list.html")})
	for _, t := range s.Tags {
		tp := s.made(t.Name, t.URL, t.Summary, nil)
		tp.Section = tags
		for _, o := range s.paginate(tp, t.Pages, TagOutput, []string{"tags/single.html"}, layoutFile("tags/single.html")) {
			o.Tag = t
			add(o)
		}
		if s.HasBaseURL() {
			add(&Output{Kind: FeedOutput, URL: t.URL + "feed.xml", Path: strings.TrimPrefix(t.URL, "/") + "feed.xml", Tag: t,
				Pager: newest(t.Pages), Source: layoutFile("tags/single.html")})
		}
	}
	for _, o := range s.printPacks(tags) {
		add(o)
	}
	nf := s.made("Page not found", "/404.html", "", nil)
	add(&Output{Kind: NotFoundOutput, URL: "/404.html", Path: "404.html", Layouts: []string{"404.html"}, Page: nf, Source: layoutFile("404.html")})
	sp := s.made("Search", "/search/", "", nil)
	add(&Output{Kind: SearchOutput, URL: "/search/", Path: "search/index.html", Layouts: []string{"search.html"}, Page: sp, Source: layoutFile("search.html")})
	add(&Output{Kind: SearchIndexOutput, URL: "/" + SearchManifest, Path: SearchManifest, Source: "the search index"})
	s.appOutputs(add)
	home := s.Home.File
	if s.HasBaseURL() {
		add(&Output{Kind: SitemapOutput, URL: "/sitemap.xml", Path: "sitemap.xml", Source: home})
		add(&Output{Kind: FeedOutput, URL: "/feed.xml", Path: "feed.xml", Pager: newest(s.Regular), Source: home})
	}
	add(&Output{Kind: RobotsOutput, URL: "/robots.txt", Path: "robots.txt", Source: home})
	if len(s.redirects) > 0 {
		add(&Output{Kind: RedirectsOutput, URL: "/_redirects", Path: "_redirects", Source: home})
	}
	s.fileOutputs(res, statics, add, probs)
	sort.Slice(s.outputs, func(i, j int) bool { return s.outputs[i].Path < s.outputs[j].Path })
}

// fileOutputs adds the outputs copied from files: static files, with
// their fingerprinted copies, and files of content/ beside their pages.
func (s *Site) fileOutputs(res *content.Result, statics []StaticFile, add func(*Output), probs *diag.List) {
	for _, st := range statics {
		if strings.HasPrefix(st.Name, AssetDir+"/") {
			probs.Add(st.Origin, 0, "static files may not go in %s/, which holds the files named by their content: move it", AssetDir)
			continue
		}
		add(&Output{Kind: StaticOutput, URL: "/" + st.Name, Path: st.Name, Source: st.Origin, Asset: st.Name})
		if st.Fingerprint != "" {
			s.assets[st.Name] = "/" + st.Fingerprint
			add(&Output{Kind: StaticOutput, URL: "/" + st.Fingerprint, Path: st.Fingerprint, Source: st.Origin, Asset: st.Name})
		}
	}
	s.assets[SearchManifest] = "/" + SearchManifest
	for _, f := range res.Files {
		rel := strings.TrimPrefix(f.Path, content.Dir+"/")
		out := path.Base(rel)
		if dir := path.Dir(rel); dir != "." {
			out = strings.TrimPrefix(DirURL(dir), "/") + out
		}
		o := &Output{Kind: FileOutput, URL: "/" + out, Path: out, Source: f.Path}
		add(o)
		s.bySource[f.Path] = o
	}
}

func layoutFile(name string) string { return "layouts/" + name }

// clash reports two outputs that would write one file, at the file an
// author can change: a page's (where its slug goes), or a static file's.
func clash(a, b *Output, probs *diag.List) {
	if b.authored() && (!a.authored() || b.Kind == PageOutput) {
		a, b = b, a
	}
	line, col := 0, 0
	fix := "rename one of them"
	if a.Kind == PageOutput && a.Page != nil && !a.Page.Made() {
		line, col = a.Page.Pos("slug")
		fix = "give this page another file name or `slug:`"
	}
	probs.AddAt(a.Source, line, col, "%s is where %s goes too: %s", a.URL, b.what(), fix)
}

// authored reports whether an author's file makes the output.
func (o *Output) authored() bool {
	return (o.Kind == PageOutput && o.Page != nil && !o.Page.Made()) || o.Kind == StaticOutput || o.Kind == FileOutput
}

// what names an output for a message.
func (o *Output) what() string {
	switch o.Kind {
	case PageOutput, ListPartOutput:
		return "the page of " + o.Source
	case TagIndexOutput:
		return "the list of tags"
	case TagOutput:
		return "the page of tag " + o.Tag.Name
	case PrintPackOutput:
		return "the print pack of checklists"
	case SearchOutput:
		return "the search page"
	case NotFoundOutput:
		return "the page shown for a missing address"
	case StaticOutput, FileOutput:
		return o.Source
	case SearchIndexOutput:
		return "the search index"
	case OfflineOutput:
		return "the offline page"
	case ManifestOutput:
		return "the web app manifest"
	case WorkerOutput:
		return "the service worker"
	}
	return "the site's " + path.Base(o.Path)
}

// pageOutputs adds the outputs of a page of content/: one, or a section's
// list in parts. layouts holds the layout lists of single pages made so
// far, by kind and layout name, to be shared.
func (s *Site) pageOutputs(p *Page, layouts map[[2]string][]string, add func(*Output)) {
	name, line, col := "single", 0, 0
	if p.Layout != "" {
		name = p.Layout
		line, col = p.Pos("layout")
	}
	switch {
	case p.IsHome:
		layouts := []string{"index.html", "_default/list.html"}
		if p.Layout != "" {
			layouts = []string{"_default/" + name + ".html", "index.html", "_default/list.html"}
		}
		add(&Output{Kind: PageOutput, URL: p.URL, Path: p.OutFile, Layouts: layouts, Page: p, Source: p.File, Line: line, Col: col})
	case p.IsSection:
		if p.Layout == "" {
			name = "list"
		}
		top := slug.Make(firstDir(p.Dir))
		for _, o := range s.paginate(p, p.Pages, PageOutput, []string{top + "/" + name + ".html", "_default/" + name + ".html"}, p.File) {
			o.Line, o.Col = line, col
			add(o)
		}
	default:
		key := [2]string{p.Kind, name}
		l, ok := layouts[key]
		if !ok {
			l = []string{p.Kind + "/" + name + ".html", "_default/" + name + ".html"}
			layouts[key] = l
		}
		add(&Output{Kind: PageOutput, URL: p.URL, Path: p.OutFile, Layouts: l, Page: p, Source: p.File, Line: line, Col: col})
	}
}

// paginate makes the outputs of the list shown by page p: p itself for the
// first part, and for the others a copy at its own URL, titled with its
// number, without the page's content.
func (s *Site) paginate(p *Page, list []*Page, kind OutputKind, layouts []string, source string) []*Output {
	total := max(1, (len(list)+PageSize-1)/PageSize)
	outs := make([]*Output, 0, total)
	for n := 1; n <= total; n++ {
		pg := &Pager{Pages: list[(n-1)*PageSize : min(n*PageSize, len(list))], Number: n, Total: total}
		if n > 1 {
			pg.Prev = pagerURL(p.URL, n-1)
		}
		if n < total {
			pg.Next = pagerURL(p.URL, n+1)
		}
		page, k := p, kind
		if n > 1 {
			cp, cc := *p, *p.Page
			cc.Title = fmt.Sprintf("%s, page %d of %d", p.Title, n, total)
			cc.Doc = &markdown.Doc{}
			cp.SetSource(&cc)
			cp.TOC, cp.hrefs = nil, nil
			cp.URL = pagerURL(p.URL, n)
			cp.Permalink = s.Abs(cp.URL)
			cp.OutFile = strings.TrimPrefix(cp.URL, "/") + "index.html"
			page = &cp
			if k == PageOutput {
				k = ListPartOutput
			}
		}
		outs = append(outs, &Output{Kind: k, URL: page.URL, Path: page.OutFile, Layouts: layouts, Page: page, Pager: pg, Source: source})
	}
	return outs
}

// pagerURL is where part n of the list at base is.
func pagerURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

func firstDir(dir string) string {
	if i := strings.IndexByte(dir, '/'); i >= 0 {
		return dir[:i]
	}
	return dir
}

// made makes a page for an output that no file of content/ is the page of
// (tag lists, print packs, search, 404), so that layouts see the same fields
// everywhere. from may supply an authored introduction
// (content/tags/_index.md).
func (s *Site) made(title, url, summary string, from *content.Page) *Page {
	cp := &content.Page{Meta: content.Meta{Title: title, Summary: summary, Kind: "article"}, Doc: &markdown.Doc{}}
	if from != nil {
		if from.TitleSet {
			cp.Title = from.Title
		}
		if from.Summary != "" {
			cp.Summary = from.Summary
		}
		cp.File, cp.Doc = from.File, from.Doc
	}
	p := &Page{URL: url, Permalink: s.Abs(url), IsSection: true, ReadingTime: 1, made: true}
	if strings.HasSuffix(url, "/") {
		p.OutFile = strings.TrimPrefix(url, "/") + "index.html"
	} else {
		p.OutFile = strings.TrimPrefix(url, "/")
	}
	p.SetSource(cp)
	return p
}

// Shown calls yield with every page whose content the output may show,
// and reports whether it shows the whole site (home, search, 404, the tag
// index), in which case it calls yield with none. Watch mode makes again
// only the outputs that show a page an edit changed, when the edit changed
// nothing but bodies (see Site.Update).
func (o *Output) Shown(yield func(*Page)) (whole bool) {
	switch o.Kind {
	case TagIndexOutput, SearchOutput, NotFoundOutput, WorkerOutput:
		return true
	case SitemapOutput, RobotsOutput, RedirectsOutput, StaticOutput, FileOutput, SearchIndexOutput, ManifestOutput:
		return false // made of the site's structure, or of files outside content/
	case FeedOutput:
		for _, p := range o.Pager.Pages {
			yield(p)
		}
		return false
	}
	p := o.Page
	if p.IsHome {
		return true
	}
	for _, ps := range [][]*Page{{p, p.Prev, p.Next}, p.Related, o.Pager.Pages} {
		for _, q := range ps {
			if q != nil {
				yield(q)
			}
		}
	}
	if o.Kind == PrintPackOutput {
		for _, c := range p.Pages {
			yield(c.copyOf)
		}
	}
	for sec := p.Section; sec != nil; sec = sec.Section {
		yield(sec)
	}
	return false
}

// Showing returns the outputs that show any of pages, and every output
// that shows the whole site, in output order. The index it reads is made
// on its first call and kept, as the outputs are, until the site is made
// anew.
func (s *Site) Showing(pages []*Page) []*Output {
	if s.showing == nil {
		s.showing = map[*Page][]int{}
		for i, o := range s.outputs {
			if o.Shown(func(p *Page) { s.showing[p] = append(s.showing[p], i) }) {
				s.showing[nil] = append(s.showing[nil], i)
			}
		}
	}
	picked := map[int]bool{}
	for _, i := range s.showing[nil] {
		picked[i] = true
	}
	for _, p := range pages {
		for _, i := range s.showing[p] {
			picked[i] = true
		}
	}
	out := make([]*Output, 0, len(picked))
	for _, i := range slices.Sorted(maps.Keys(picked)) {
		out = append(out, s.outputs[i])
	}
	return out
}

// FeedSize is how many entries a feed holds: enough for a reader that
// checks weekly, small enough to fetch often.
const FeedSize = 20

// newest is the part of a newest-first list that a feed holds.
func newest(ps []*Page) *Pager {
	return &Pager{Pages: ps[:min(len(ps), FeedSize)], Number: 1, Total: 1}
}
