// Package site builds the model of a whole site from its loaded pages: every
// page's URL, the section tree, tags, links between pages (checked and
// rewritten), and the navigation that layouts show. A *Site is the one value
// that flows from here to rendering, search and writing; nothing in it is
// changed after New returns.
package site

import (
	"cmp"
	"html/template"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
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
	// URL variable Netlify sets). Empty keeps the home page's.
	BaseURL string
	// Drafts includes pages marked draft.
	Drafts bool
	// WarnLinks reports broken internal links as warnings, not errors.
	WarnLinks bool
	// Name titles a site whose home page sets no title.
	Name string
	// Generated maps the paths the build makes besides pages (/tags/,
	// /search/, /feed.xml, static files, images beside pages) to their
	// URLs, so that links may point at them.
	Generated map[string]string
	// Memo, when set, keeps work for the next New of the same site.
	Memo *Memo
	// Once says the loaded pages serve this site alone: each page's
	// HTML as converted is dropped once its links are resolved, since
	// nothing will resolve it again. A large site holds half as much.
	Once bool
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
	// Process is the stages of the interview process the home page
	// draws, and Tomorrow the route for a reader whose interview is
	// tomorrow: both from the home page's front matter (see Route).
	Process  []Route
	Tomorrow *Route

	byURL  map[string]*Page
	byFile map[string]*Page
	lc     cfgLinks
	memo   *Memo
	once   bool
	sum    uint64 // see Structure
	summed bool
}

// Structure returns a hash of everything New read besides page bodies:
// settings, and every page's place, title, summary, dates, kind, weight,
// tags and aliases, and tag descriptions. Two sites with one structure
// differ only in the bodies (and front matter kept as Params) of some
// pages, so watch mode need render again only the pages that show those.
// The hash is made only with a Memo (ok is false without one), and is
// comparable only between sites made with the same Memo.
func (s *Site) Structure() (sum uint64, ok bool) { return s.sum, s.summed }

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
	Content   template.HTML
	TOC       []markdown.Heading
	TagList   []*Tag
	Prev      *Page
	Next      *Page
	Related   []*Page
	// ReadingTime is in minutes, at least 1.
	ReadingTime int

	rank int  // position in newest-first order, for related pages
	made bool // see Made
}

// SetSource makes cp the page's source, with the copies of its fields that
// Page keeps. Whoever changes cp afterwards must call SetSource again.
func (p *Page) SetSource(cp *content.Page) {
	p.Page = cp
	p.Title, p.Summary, p.Kind, p.Slug, p.File = cp.Title, cp.Summary, cp.Kind, cp.Slug, cp.File
	p.Date, p.Updated, p.Params = cp.Date, cp.Updated, cp.Params
}

// Made reports whether the build made p up: home or a section page whose
// folder has no _index.md. Such a page has no file, and nothing that is not
// in the site's Structure.
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

// New builds the site model from loaded content. Problems found on the way
// (URL clashes, broken links, tag collisions) are added to probs.
func New(res *content.Result, cfg Config, probs *diag.List) *Site {
	var sum uint64
	if m := cfg.Memo; m != nil {
		m.begin()
		sum = contentSum(m.seed, res, cfg)
		if m.site != nil && m.sum == sum {
			// Only bodies changed: the structure is the last build's,
			// and so are its problems. Links are resolved anew.
			*probs = append(*probs, m.probs...)
			s := reuse(m.site, res)
			s.sum, s.summed = sum, true
			m.site = s
			s.links(probs)
			return s
		}
	}
	var own diag.List
	s := newSite(res, cfg, &own)
	*probs = append(*probs, own...)
	if m := cfg.Memo; m != nil {
		s.sum, s.summed = sum, true
		m.site, m.sum, m.probs = s, sum, own
	}
	s.links(probs)
	return s
}

func newSite(res *content.Result, cfg Config, probs *diag.List) *Site {
	s := &Site{byURL: map[string]*Page{}, byFile: map[string]*Page{}}
	s.lc = cfgLinks{warn: cfg.WarnLinks, generated: cfg.Generated}
	s.memo = cfg.Memo
	s.once = cfg.Once && cfg.Memo == nil
	var home *content.Page
	var pages []*content.Page
	for _, p := range res.Pages {
		if p.Draft && !cfg.Drafts {
			continue
		}
		switch {
		case p.IsIndex && p.Dir == "":
			home = p
		case p.IsIndex && p.Dir == content.TagDir:
			s.TagIndex = p
		default:
			pages = append(pages, p)
		}
	}
	s.settings(home, cfg, probs)
	s.place(home, pages, probs)
	s.order()
	s.tags(res.Tags, probs)
	s.aliases(probs)
	s.routes(s.Home, probs)
	s.related()
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
				probs.Add(home.File, home.Line("base_url"), "base_url: %v", err)
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
}

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
func (s *Site) place(home *content.Page, pages []*content.Page, probs *diag.List) {
	homePage := home
	if homePage == nil {
		homePage = &content.Page{File: content.Dir + "/_index.md", IsIndex: true, Title: s.Title, Kind: "article", Doc: &markdown.Doc{}}
	}
	s.Home = s.add(homePage, "/", probs)
	s.Home.IsHome, s.Home.IsSection = true, true
	s.Home.made = home == nil

	sections := map[string]*Page{"": s.Home}
	var section func(dir string) *Page
	section = func(dir string) *Page {
		if sp, ok := sections[dir]; ok {
			return sp
		}
		parent := section(parentDir(dir))
		cp := &content.Page{
			File: path.Join(content.Dir, dir, "_index.md"), Dir: dir, IsIndex: true,
			Title: titleOf(path.Base(dir)), Kind: "article", Doc: &markdown.Doc{},
		}
		sp := s.add(cp, DirURL(dir), probs)
		sp.IsSection, sp.Section, sp.made = true, parent, true
		sections[dir] = sp
		return sp
	}
	// Authored section pages first, so that a folder's own _index.md is
	// used rather than a made-up one.
	sort.SliceStable(pages, func(i, j int) bool {
		return pages[i].IsIndex && !pages[j].IsIndex
	})
	for _, cp := range pages {
		if !cp.IsIndex {
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
		if cp.IsIndex {
			continue
		}
		last := cp.Slug
		if last == "" {
			last = strings.TrimSuffix(path.Base(cp.File), path.Ext(cp.File))
		}
		name := slug.Make(last)
		if name == "" {
			probs.Add(cp.File, cp.Line("slug"), "cannot make a URL from %q: add `slug:` with a few ASCII words, such as slug: thank-you-notes", last)
			continue
		}
		u := DirURL(cp.Dir) + name + "/"
		if cp.Dir == "" {
			u = "/" + name + "/"
		}
		p := s.add(cp, u, probs)
		if p != nil {
			p.Section = section(cp.Dir)
		}
	}
	for _, p := range s.byURL {
		if p.Section != nil && !p.Unlisted {
			p.Section.Pages = append(p.Section.Pages, p)
		}
	}
}

func (s *Site) add(cp *content.Page, u string, probs *diag.List) *Page {
	if other, ok := s.byURL[u]; ok {
		probs.Add(cp.File, cp.Line("slug"), "URL %s is also claimed by %s: give one of them a different file name or `slug:`", u, other.File)
		probs.Add(other.File, other.Line("slug"), "URL %s is also claimed by %s: give one of them a different file name or `slug:`", u, cp.File)
		return nil
	}
	p := &Page{URL: u, OutFile: strings.TrimPrefix(u, "/") + "index.html"}
	p.SetSource(cp)
	p.Permalink = s.Abs(u)
	p.derive()
	s.byURL[u] = p
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
	p.TOC = nil
	for _, h := range p.Doc.Headings {
		if h.Level == 2 || h.Level == 3 {
			p.TOC = append(p.TOC, h)
		}
	}
	if len(p.TOC) < 3 {
		p.TOC = nil
	}
}

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

// aliases checks that no old URL a page redirects from is the URL of a page
// that exists: the redirect would hide it.
func (s *Site) aliases(probs *diag.List) {
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			u := a
			if !strings.HasPrefix(u, "/") {
				u = "/" + u
			}
			if other := s.byURL[u]; other != nil {
				probs.Add(p.File, p.Line("aliases"), "aliases: %s is the URL of %s: remove the alias, or move that page", a, other.File)
			} else if other := s.byURL[strings.TrimSuffix(u, "/")+"/"]; other != nil {
				probs.Add(p.File, p.Line("aliases"), "aliases: %s is the URL of %s: remove the alias, or move that page", a, other.File)
			}
		}
	}
}
