package site

import (
	"maps"
	"slices"
	"strings"
)

// The site installs as a web app that works without a connection: a web
// app manifest (ManifestURL) names it and its icons; a service worker
// (WorkerURL), which the render package writes, keeps the files Offline
// lists on a reader's first visit, and other pages as they are read; and
// the offline page (OfflineURL) is what the worker shows for a page it
// has not kept when there is no connection. Each is an output of its own
// kind, so that links, clashes and watch mode treat them as any other.

// The addresses of the web app's files.
const (
	OfflineURL  = "/offline/"
	ManifestURL = "/manifest.webmanifest"
	WorkerURL   = "/sw.js"
)

// maxOffline is the most pages the worker keeps on a first visit. The
// knowledge base keeps some 40 (under 1 MB with its stylesheets and
// scripts); a site of thousands of checklists would otherwise have every
// reader's first visit download all of them. Pages past it are kept when
// they are read, like any other.
const maxOffline = 100

// Offline is what the service worker keeps on a reader's first visit: the
// home page, and every page of the kinds a reader needs on the day
// (checklists, emails, question lists: every kind but article), with the
// sections that list them; and the files those pages need.
type Offline struct {
	// Groups are the pages kept, by kind: checklists, question lists,
	// emails, then any other kind but articles.
	Groups []OfflineGroup
	// Pages are the pages kept: home, then each group's section and pages.
	Pages []*Page
	// Files are the URLs of everything else kept: the offline page, the
	// manifest, every static file layouts link through asset (the
	// stylesheets, scripts and icons), and the images of the pages kept.
	Files []string
	// Left is how many pages of those kinds were not kept, past maxOffline.
	Left int
}

// An OfflineGroup is the pages of one kind that the worker keeps, with the
// section that lists most of them.
type OfflineGroup struct {
	Kind  string
	Title string // the section's title: "Checklists"
	URL   string // the section's URL
	Pages []*Page
}

// Offline returns what the service worker keeps on a first visit.
func (s *Site) Offline() *Offline { return s.offline }

// URLs lists every URL the worker keeps on a first visit, pages first.
func (o *Offline) URLs() []string {
	urls := make([]string, 0, len(o.Pages)+len(o.Files))
	for _, p := range o.Pages {
		urls = append(urls, p.URL)
	}
	return append(urls, o.Files...)
}

// offlinePages lists the pages the worker keeps; offlineFiles adds the
// files.
func (s *Site) offlinePages() *Offline {
	o := &Offline{}
	kept := map[*Page]bool{}
	keep := func(p *Page) bool {
		if p == nil || kept[p] {
			return false
		}
		kept[p] = true
		o.Pages = append(o.Pages, p)
		return true
	}
	keep(s.Home)
	for _, k := range offlineKinds(s.Kinds) {
		g := OfflineGroup{Kind: k.Kind, Title: k.Title, URL: k.URL}
		for _, p := range s.ofKindInOrder(k.Kind, s.PageByURL(k.URL)) {
			if len(o.Pages) >= maxOffline {
				o.Left++
				continue
			}
			if len(g.Pages) == 0 {
				keep(s.PageByURL(k.URL))
			}
			if keep(p) {
				g.Pages = append(g.Pages, p)
			}
		}
		if len(g.Pages) > 0 {
			o.Groups = append(o.Groups, g)
		}
	}
	return o
}

// offlineFiles is o with its files: made once the outputs are listed and
// links resolved, and made anew when watch mode's Update gives pages new
// links, since the images of the pages kept are among them.
func (s *Site) offlineFiles(o *Offline) *Offline {
	with := *o
	with.Files = []string{OfflineURL, ManifestURL}
	for _, name := range slices.Sorted(maps.Keys(s.assets)) {
		if name != SearchManifest {
			with.Files = append(with.Files, s.assets[name])
		}
	}
	seen := map[string]bool{}
	for _, p := range o.Pages {
		for _, u := range s.images(p) {
			if !seen[u] {
				seen[u] = true
				with.Files = append(with.Files, u)
			}
		}
	}
	return &with
}

// offlineKinds are the kinds of page kept, most needed on the day first:
// checklists, then question lists, then emails, then any others but
// articles, in the order of kinds.
func offlineKinds(kinds []KindLink) []KindLink {
	rank := func(kind string) int {
		if i := slices.Index([]string{"checklist", "questions", "email"}, kind); i >= 0 {
			return i
		}
		return 3
	}
	var out []KindLink
	for _, k := range kinds {
		if k.Kind != "article" {
			out = append(out, k)
		}
	}
	slices.SortStableFunc(out, func(a, b KindLink) int { return rank(a.Kind) - rank(b.Kind) })
	return out
}

// ofKindInOrder lists the listed pages of kind: those of section in the
// section's order first, then the others, newest first.
func (s *Site) ofKindInOrder(kind string, section *Page) []*Page {
	var out []*Page
	seen := map[*Page]bool{}
	if section != nil {
		for _, p := range section.Pages {
			if p.Kind == kind && !p.IsSection && !p.Unlisted {
				out = append(out, p)
				seen[p] = true
			}
		}
	}
	for _, p := range s.OfKind(kind) {
		if !seen[p] {
			out = append(out, p)
		}
	}
	return out
}

// images lists the URLs of the files of content/ that p shows as images.
func (s *Site) images(p *Page) []string {
	var out []string
	for i, l := range p.Doc.Links {
		if !l.Image || i >= len(p.hrefs) {
			continue
		}
		u, _, _ := strings.Cut(p.hrefs[i], "#")
		u, _, _ = strings.Cut(u, "?")
		if o := s.byOutURL[u]; o != nil && o.Kind == FileOutput {
			out = append(out, u)
		}
	}
	return out
}

// appOutputs adds the outputs of the web app: the offline page, the
// manifest and the service worker.
func (s *Site) appOutputs(add func(*Output)) {
	s.offline = s.offlinePages()
	op := s.made("Reading offline", OfflineURL, "The pages of "+s.Title+" that this device keeps, to read without a connection.", nil)
	op.Section = s.Home
	// The page lists the pages kept (its Pager holds them, so that watch
	// mode makes it again when one of them changes).
	add(&Output{Kind: OfflineOutput, URL: OfflineURL, Path: op.OutFile, Layouts: []string{"offline.html"}, Page: op, Source: layoutFile("offline.html"),
		Pager: &Pager{Pages: s.offline.Pages, Number: 1, Total: 1}})
	add(&Output{Kind: ManifestOutput, URL: ManifestURL, Path: strings.TrimPrefix(ManifestURL, "/"), Source: s.Home.File})
	add(&Output{Kind: WorkerOutput, URL: WorkerURL, Path: strings.TrimPrefix(WorkerURL, "/"), Source: s.Home.File})
}
