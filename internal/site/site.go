// Package site builds the model of a whole site from its loaded pages: every
// page's URL, the section tree, tags, links between pages (checked and
// rewritten), and the navigation that layouts show. A *Site is the one value
// that flows from here to rendering, search and writing; nothing in it is
// changed after New returns.
package site

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/slug"
)

// Config holds the choices made on the command line and by the environment.
type Config struct {
	// BaseURL overrides the home page's base_url (from -base-url, or the
	// URL variable Netlify sets; serve gives its own address). Empty keeps
	// the home page's.
	BaseURL string
	// Drafts includes pages marked draft.
	Drafts bool
	// WarnLinks reports broken internal links as warnings, not errors.
	WarnLinks bool
	// Name titles a site whose home page sets none.
	Name string
}

// Input is what the model is made of: the loaded content/ folder, and the
// files of the static/ folders, which are outputs too.
type Input struct {
	Content *content.Result
	Static  []StaticFile
}

// Site is the whole site.
type Site struct {
	Title       string
	Description string
	Language    string
	// BaseURL is absolute and ends in a slash, or is "/" when unknown.
	BaseURL string
	Params  map[string]any

	Home *Page
	// Pages is every public page, sections and home included, by URL.
	Pages []*Page
	// Regular is every listed page that is not a section, newest first:
	// what lists, tags, feeds and search show. Pages with list: false are
	// only in Pages.
	Regular []*Page
	// Unlisted is every page with list: false, by URL: pages for
	// authors, which the footer links to since no list shows them.
	Unlisted []*Page
	// Sections is every section page below home, by URL.
	Sections []*Page
	// Tags is every tag, by slug.
	Tags []*Tag
	// TagIndex is the optional content/tags/_index.md, which introduces /tags/.
	TagIndex *content.Page
	// TagIndexContent is TagIndex's body with its links resolved.
	TagIndexContent template.HTML
	// LastMod is the newest date of any page: the site's own last change.
	LastMod time.Time
	// Kinds points, for each kind of page, at the section that holds
	// most of them, for navigation.
	Kinds []KindLink
	// Process is the stages of the interview process the home page
	// draws, and Tomorrow the route for a reader whose interview is
	// tomorrow: both from the home page's front matter (see Route).
	Process  []Route
	Tomorrow *Route

	byURL  map[string]*Page
	byFile map[string]*Page
	// The outputs, by URL and (for files of content/) by source; the
	// fingerprinted URL of each static asset; aliases, as redirects.
	outputs   []*Output
	byOutURL  map[string]*Output
	bySource  map[string]*Output
	assets    map[string]string
	redirects []Redirect
	warnLinks bool
	// in and cfg are what the site was made of, for Update.
	in  Input
	cfg Config
	// unpacked holds the buffers packed pages are unpacked into to be
	// rendered (see Page.Content), one per page at a time.
	unpacked *sync.Pool
	// showing indexes the outputs by the pages they show (see Showing).
	showing map[*Page][]int
	// fragFrom lists, for each page, the pages whose links point into it
	// with a #fragment: an edit of its headings can break those.
	fragFrom map[*Page][]*Page
	// shape holds what New found wrong with the site's structure, which
	// Update keeps since the structure does not change.
	shape diag.List
	// offline is what the service worker keeps (see Offline).
	offline *Offline
}

// A Redirect sends an old URL (an alias) to a page.
type Redirect struct{ From, To string }

// Redirects lists every alias with the page it redirects to, by From.
func (s *Site) Redirects() []Redirect { return s.redirects }

// A Page is one page of the site, with everything layouts need.
type Page struct {
	*content.Page

	// The fields of Page that layouts read most, copied from it by
	// SetSource. html/template finds a promoted field by a search that
	// allocates, on every use: a tenth of all rendering. These it finds
	// at once.
	Title, Summary, Kind, Slug, File string
	Date, Updated                    time.Time
	Params                           map[string]any

	URL       string // /articles/thank-you-notes/
	Permalink string // absolute URL when the site has a base URL
	OutFile   string // articles/thank-you-notes/index.html
	IsHome    bool
	IsSection bool
	Section   *Page   // the section this page is listed in; nil for home
	Pages     []*Page // a section's own pages and subsections, in order
	TOC       []markdown.Heading
	TagList   []*Tag
	Prev      *Page
	Next      *Page
	Related   []*Page
	// ReadingTime is in minutes, at least 1.
	ReadingTime int

	rank int  // position in newest-first order, for related pages
	made bool // see Made
	// hrefs are the URLs the links of the page's Markdown resolve to, in
	// the order of Doc.Links; Content puts them in.
	hrefs []string
	// linkProbs are the problems of the page's links; fragTo the pages
	// its links point into with a #fragment.
	linkProbs diag.List
	fragTo    []*Page
	// copyOf is the page a print pack's copy shows, and copies the copies
	// of a page, which Update keeps in step with it.
	copyOf *Page
	copies []*Page
	// unpacked is the site's pool of buffers to unpack pages into.
	unpacked *sync.Pool
}

// Content is the page's HTML, with its links pointing at the URLs they
// resolve to. It is made on each call, when the page is rendered, rather
// than kept: a site holds the converted HTML of every page once, not twice.
func (p *Page) Content() template.HTML {
	if p.copyOf != nil {
		return prefixIDs(p.copyOf.Content(), p.Slug)
	}
	return spliceLinks(p.Doc, p.hrefs, p.unpacked)
}

// SetSource makes cp the page's source, with the copies of its fields that
// Page keeps. Whoever changes cp afterwards must call SetSource again.
func (p *Page) SetSource(cp *content.Page) {
	p.Page = cp
	p.Title, p.Summary, p.Kind, p.Slug, p.File = cp.Title, cp.Summary, cp.Kind, cp.Slug, cp.File
	p.Date, p.Updated, p.Params = cp.Date, cp.Updated, cp.Params
}

// Made reports whether the build made p up: home or a section page whose
// folder has no _index.md, or the page of a tag's list, a print pack,
// search or 404. Such a page has no file of its own.
func (p *Page) Made() bool { return p.made }

// A Tag groups the pages that carry it.
type Tag struct {
	Name        string // the most common spelling among pages
	Slug        string
	URL         string
	Summary     string
	Description template.HTML
	Pages       []*Page // newest first

	desc       *content.Page // content/tags/<slug>.md, whose body is Description
	checklists []*Page       // the checklists among Pages, kept because every page of a tag's list asks
}

// Breadcrumbs returns the pages above p, from home down to p's section.
func (p *Page) Breadcrumbs() []*Page {
	var trail []*Page
	for s := p.Section; s != nil; s = s.Section {
		trail = append(trail, s)
	}
	for i, j := 0, len(trail)-1; i < j; i, j = i+1, j-1 {
		trail[i], trail[j] = trail[j], trail[i]
	}
	return trail
}

// PageByURL finds a page by its URL path.
func (s *Site) PageByURL(u string) *Page { return s.byURL[u] }

// PageByFile finds a page by its source file (content/x.md).
func (s *Site) PageByFile(f string) *Page { return s.byFile[f] }

// Newest returns up to n regular pages, newest first.
func (s *Site) Newest(n int) []*Page {
	if n > len(s.Regular) {
		n = len(s.Regular)
	}
	return s.Regular[:n]
}

// OfKind returns the regular pages of one kind, newest first.
func (s *Site) OfKind(kind string) []*Page {
	var out []*Page
	for _, p := range s.Regular {
		if p.Kind == kind {
			out = append(out, p)
		}
	}
	return out
}

// Abs turns a site path into an absolute URL when the base URL is known.
func (s *Site) Abs(p string) string {
	if s.BaseURL == "/" {
		return p
	}
	return strings.TrimSuffix(s.BaseURL, "/") + p
}

// New builds the site model from loaded content and static files: every
// page and every output, with links checked. Problems found on the way
// (URL clashes, broken links, tag collisions) are added to probs.
func New(in Input, cfg Config, probs *diag.List) *Site {
	s := &Site{byURL: map[string]*Page{}, byFile: map[string]*Page{}, warnLinks: cfg.WarnLinks, in: in, cfg: cfg,
		unpacked: &sync.Pool{New: func() any { return new([]byte) }}}
	var home *content.Page
	var pages []*content.Page
	for _, p := range in.Content.Pages {
		if p.Draft && !cfg.Drafts {
			continue
		}
		switch {
		case (p.IsIndex || p.IsBundle) && p.Dir == "":
			if home != nil {
				probs.Add(p.File, 1, "%s and %s are both the home page: keep %s", home.File, p.File, content.Dir+"/_index.md")
				continue
			}
			home = p
		case p.IsIndex && p.Dir == content.TagDir:
			s.TagIndex = p
		default:
			pages = append(pages, p)
		}
	}
	sp := &s.shape
	s.settings(home, cfg, sp)
	s.place(home, pages, sp)
	s.order()
	s.tags(in.Content.Tags, sp)
	s.aliases(sp)
	s.routes(s.Home, sp)
	s.related()
	s.Kinds = kindLinks(s)
	s.makeOutputs(in.Content, in.Static, sp)
	*probs = append(*probs, s.shape...)
	s.links(probs)
	s.offline = s.offlineFiles(s.offline)
	return s
}

func (s *Site) settings(home *content.Page, cfg Config, probs *diag.List) {
	s.Title, s.Language, s.BaseURL = cfg.Name, "en", "/"
	s.Params = map[string]any{}
	if home != nil {
		s.Params = home.Params
		if home.TitleSet || home.Title != "" {
			s.Title = home.Title
		}
		s.Description = home.Summary
		if lang, ok := home.Params["language"].(string); ok && lang != "" {
			s.Language = lang
		}
		if b, ok := home.Params["base_url"].(string); ok && b != "" {
			if nb, err := normalizeBase(b); err != nil {
				line, col := home.Pos("base_url")
				probs.AddAt(home.File, line, col, "base_url: %v", err)
			} else {
				s.BaseURL = nb
			}
		}
	}
	if cfg.BaseURL != "" {
		if nb, err := normalizeBase(cfg.BaseURL); err != nil {
			probs.Add("-base-url", 0, "%v", err)
		} else {
			s.BaseURL = nb
		}
	}
	if !s.HasBaseURL() {
		file, line := content.Dir+"/_index.md", 1
		if home != nil {
			line = home.Line("base_url")
		}
		probs.Warn(file, line, "the site has no base URL, so sitemap.xml and the Atom feeds, which need absolute addresses, are left out: "+
			"add base_url: https://your.host/ to %s, or pass -base-url (Netlify sets URL)", file)
	}
}

// HasBaseURL reports whether the site knows its absolute address. Without
// it there is no sitemap and no feed, whose addresses must be absolute.
func (s *Site) HasBaseURL() bool { return s.BaseURL != "/" }

type baseError string

func (e baseError) Error() string { return string(e) }

func normalizeBase(b string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(b))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", baseError("\"" + b + "\" is not an absolute http(s) URL such as https://example.org/")
	}
	if u.Path != "" && u.Path != "/" {
		return "", baseError("\"" + b + "\" has a path: the site must be served from the root of its host")
	}
	return u.Scheme + "://" + u.Host + "/", nil
}

// place gives every page its URL and section, creating the section pages
// of folders that have no _index.md.
//
// A folder's index.md is the folder's page, at the folder's URL, as other
// generators have it: the section page that lists what is in the folder
// when it holds other pages, as _index.md would be, and otherwise a page
// like any other, with the folder's files (images) beside it. A folder
// with both is an error, since either could be meant.
func (s *Site) place(home *content.Page, pages []*content.Page, probs *diag.List) {
	homePage := home
	if homePage == nil {
		homePage = &content.Page{File: content.Dir + "/_index.md", IsIndex: true, Meta: content.Meta{Title: s.Title, Kind: "article"}, Doc: &markdown.Doc{}}
	}
	s.Home = s.add(homePage, "/", probs)
	s.Home.IsHome, s.Home.IsSection = true, true
	s.Home.made = home == nil

	pages, isSection := folderPages(pages, probs)

	sections := map[string]*Page{"": s.Home}
	var section func(dir string) *Page
	section = func(dir string) *Page {
		if sp, ok := sections[dir]; ok {
			return sp
		}
		parent := section(parentDir(dir))
		cp := &content.Page{
			File: path.Join(content.Dir, dir, "_index.md"), Dir: dir, IsIndex: true,
			Meta: content.Meta{Title: titleOf(path.Base(dir)), Kind: "article"}, Doc: &markdown.Doc{},
		}
		sp := s.add(cp, DirURL(dir), probs)
		sp.IsSection, sp.Section, sp.made = true, parent, true
		sections[dir] = sp
		return sp
	}
	// Authored section pages first, so that a folder's own page is used
	// rather than a made-up one.
	for _, cp := range pages {
		if !isSection(cp) {
			continue
		}
		if sp := s.add(cp, DirURL(cp.Dir), probs); sp != nil {
			sp.IsSection = true
			sections[cp.Dir] = sp
		}
	}
	for dir, sp := range sections {
		if dir != "" {
			sp.Section = section(parentDir(dir))
		}
	}
	for _, cp := range pages {
		if isSection(cp) {
			continue
		}
		u, dir := "", cp.Dir
		if cp.IsBundle {
			u, dir = DirURL(cp.Dir), parentDir(cp.Dir)
		} else if u = s.pageURL(cp, probs); u == "" {
			continue
		}
		if p := s.add(cp, u, probs); p != nil {
			p.Section = section(dir)
		}
	}
	for _, p := range s.byURL {
		if p.Section != nil && !p.Unlisted {
			p.Section.Pages = append(p.Section.Pages, p)
		}
	}
}

// folderPages finds the folders' own pages among pages (each folder's
// _index.md or index.md), dropping the second when a folder has both, and
// returns a test for those that are section pages: every _index.md, and an
// index.md whose folder holds other pages.
func folderPages(pages []*content.Page, probs *diag.List) ([]*content.Page, func(*content.Page) bool) {
	folderPage := map[string]*content.Page{}
	holdsPages := map[string]bool{}
	pages = slices.DeleteFunc(pages, func(cp *content.Page) bool {
		dir := cp.Dir
		if cp.IsIndex || cp.IsBundle {
			if other := folderPage[cp.Dir]; other != nil {
				a, b := other, cp
				if a.IsIndex {
					a, b = b, a
				}
				probs.Add(a.File, 1, "%s and %s are both the page of folder %s: keep _index.md for a section that lists the folder's pages, or index.md for one page with its files beside it", a.File, b.File, path.Dir(a.File)+"/")
				return true
			}
			folderPage[cp.Dir] = cp
			dir = parentDir(dir)
		}
		for d := dir; ; d = parentDir(d) {
			holdsPages[d] = true
			if d == "" {
				break
			}
		}
		return false
	})
	return pages, func(cp *content.Page) bool { return cp.IsIndex || cp.IsBundle && holdsPages[cp.Dir] }
}

// pageURL is the URL of a page that is not its folder's: the folder's URL
// and the page's slug, or its file name made into one.
func (s *Site) pageURL(cp *content.Page, probs *diag.List) string {
	last := cp.Slug
	if last == "" {
		last = strings.TrimSuffix(path.Base(cp.File), path.Ext(cp.File))
	}
	name := slug.Make(last)
	if name == "" {
		line, col := cp.Pos("slug")
		probs.AddAt(cp.File, line, col, "cannot make a URL from %q: add `slug:` with a few ASCII words, such as slug: thank-you-notes", last)
		return ""
	}
	return DirURL(cp.Dir) + name + "/"
}

func (s *Site) add(cp *content.Page, u string, probs *diag.List) *Page {
	if other, ok := s.byURL[u]; ok {
		for _, pair := range [][2]*content.Page{{cp, other.Page}, {other.Page, cp}} {
			line, col := pair[0].Pos("slug")
			probs.AddAt(pair[0].File, line, col, "URL %s is also claimed by %s: give one of them a different file name or `slug:`", u, pair[1].File)
		}
		return nil
	}
	// The permalink, the URL and the output file are the same bytes:
	// kept in one string, they are one object of the model, not three,
	// for the collector to mark on every cycle of a big build.
	base := s.Abs("")
	all := base + u + "index.html"
	end := len(base) + len(u)
	p := &Page{Permalink: all[:end], URL: all[len(base):end], OutFile: strings.TrimPrefix(all[len(base):], "/"), unpacked: s.unpacked}
	p.SetSource(cp)
	p.derive()
	s.byURL[p.URL] = p
	s.byFile[cp.File] = p
	return p
}

// derive sets what a page shows of its own body alone.
func (p *Page) derive() {
	minutes := (p.Doc.Words + 219) / 220
	if minutes < 1 {
		minutes = 1
	}
	p.ReadingTime = minutes
	// Most pages' headings are all of the contents: those share the
	// doc's list rather than keep a copy.
	p.TOC = p.Doc.Headings
	if slices.ContainsFunc(p.TOC, notInTOC) {
		p.TOC = slices.DeleteFunc(slices.Clone(p.TOC), notInTOC)
	}
	if len(p.TOC) < 3 {
		p.TOC = nil
	}
}

// notInTOC reports whether h is left out of a table of contents, which
// lists the sections (level 2) and their parts (level 3).
func notInTOC(h markdown.Heading) bool { return h.Level != 2 && h.Level != 3 }

func parentDir(dir string) string {
	d := path.Dir(dir)
	if d == "." {
		return ""
	}
	return d
}

// DirURL maps a content folder to its URL, slugging each part.
func DirURL(dir string) string {
	if dir == "" {
		return "/"
	}
	var b strings.Builder
	for _, part := range strings.Split(dir, "/") {
		b.WriteByte('/')
		if sl := slug.Make(part); sl != "" {
			b.WriteString(sl)
		} else {
			b.WriteString("section")
		}
	}
	b.WriteByte('/')
	return b.String()
}

func titleOf(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	t := strings.Join(words, " ")
	if r, n := utf8.DecodeRuneInString(t); n > 0 {
		t = string(unicode.ToUpper(r)) + t[n:]
	}
	return t
}

// order sorts every list the site keeps, so that output is the same from
// build to build whatever order the files were read in.
func (s *Site) order() {
	for _, p := range s.byURL {
		s.Pages = append(s.Pages, p)
		if d := p.Updated; d.After(s.LastMod) {
			s.LastMod = d
		}
	}
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	for _, p := range s.Pages {
		switch {
		case p.IsHome:
		case p.IsSection:
			s.Sections = append(s.Sections, p)
		case p.Unlisted:
			s.Unlisted = append(s.Unlisted, p)
		default:
			s.Regular = append(s.Regular, p)
		}
		if p.IsSection {
			slices.SortFunc(p.Pages, sectionOrder)
			var prev *Page
			for _, c := range p.Pages {
				if c.IsSection {
					continue
				}
				if prev != nil {
					prev.Next, c.Prev = c, prev
				}
				prev = c
			}
		}
	}
	slices.SortFunc(s.Regular, newestFirst)
	for i, p := range s.Regular {
		p.rank = i
	}
}

// sectionOrder orders a section's list: by weight (a page without one,
// weight 0, after those with one), then newest first, then by title, then
// by URL. URLs are unique, so no two pages tie and the sort need not be
// stable.
func sectionOrder(a, b *Page) int {
	if a.IsSection != b.IsSection {
		if a.IsSection {
			return 1
		}
		return -1
	}
	if a.Weight != b.Weight {
		switch {
		case b.Weight == 0:
			return -1
		case a.Weight == 0:
			return 1
		}
		return cmp.Compare(a.Weight, b.Weight)
	}
	return newestFirst(a, b)
}

// newestFirst orders pages newest first, then by title, then by URL.
func newestFirst(a, b *Page) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.URL, b.URL)
}

// aliases turns every old URL a page declares into a redirect to it. An
// alias that is the URL of another page would hide that page, and is an
// error; one that is the page's own URL (as a file name with capitals
// gives, once lower-cased) would send the page to itself, and is dropped
// with a warning.
func (s *Site) aliases(probs *diag.List) {
	seen := map[string]*Page{}
	for _, p := range s.Pages {
		for i, a := range p.Aliases {
			line, col := p.Pos(fmt.Sprintf("aliases.%d", i))
			from := AliasPath(a)
			other := s.byURL[from]
			if other == nil {
				other = s.byURL[strings.TrimSuffix(from, "/")+"/"]
			}
			switch {
			case other == p:
				probs.Warn(p.File, line, "aliases: %s is this page's own URL, so it is left out: remove it", a)
				continue
			case other != nil:
				probs.AddAt(p.File, line, col, "aliases: %s is the URL of %s: remove the alias, or move that page", a, other.File)
				continue
			case seen[from] != nil:
				if seen[from] != p {
					probs.AddAt(p.File, line, col, "aliases: %s is also an alias of %s: keep it on one page", a, seen[from].File)
				}
				continue
			}
			seen[from] = p
			s.redirects = append(s.redirects, Redirect{From: from, To: p.URL})
		}
	}
	// A tag's description may keep the addresses of the tag's old names.
	for _, t := range s.Tags {
		if t.desc == nil {
			continue
		}
		for i, a := range t.desc.Aliases {
			from := AliasPath(a)
			if s.byURL[from] != nil || s.tagBySlug(strings.Trim(strings.TrimPrefix(from, "/tags/"), "/")) != nil || seen[from] != nil {
				line, col := t.desc.Pos(fmt.Sprintf("aliases.%d", i))
				probs.AddAt(t.desc.File, line, col, "aliases: %s is the address of a page or tag that exists: remove the alias", a)
				continue
			}
			s.redirects = append(s.redirects, Redirect{From: from, To: t.URL})
		}
	}
	sort.Slice(s.redirects, func(i, j int) bool {
		a, b := s.redirects[i], s.redirects[j]
		return a.From < b.From || a.From == b.From && a.To < b.To
	})
}

// AliasPath normalises an alias to a root-relative path.
func AliasPath(a string) string {
	if !strings.HasPrefix(a, "/") {
		a = "/" + a
	}
	return a
}
