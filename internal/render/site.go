package render

import (
	"bytes"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/slug"
)

// Emit receives one output file: a slash path below the output folder
// (articles/x/index.html) and its bytes, which are reused once it returns:
// keep a copy to hold on to them. It is called from several goroutines at
// once.
type Emit func(name string, data []byte) error

// A job is one HTML file to render.
type job struct {
	out    string
	layout []string // candidates, most specific first
	data   *Data
	file   string // source file to blame when no layout is found
	line   int
	first  bool // rendered before the others: see Watch.First
	// always marks a file that shows the whole site (home, the tag index),
	// which a Memo never skips.
	always bool
	skip   bool // the memo found nothing it shows changed
	// prepare, when set, finishes data before it renders.
	prepare func()
}

// Site renders every HTML page of s and the site-wide files (feeds,
// sitemap, robots.txt, redirects), on all cores.
func (l *Layouts) Site(s *site.Site, emit Emit) diag.List {
	return l.SiteWatch(s, Watch{}, emit)
}

// Watch holds watch mode's hints to SiteWatch. None changes what a build
// makes, only the order and what is made again.
type Watch struct {
	// First names the HTML files to render before all others; Ready is
	// called once they are emitted without a problem, while the rest
	// renders. Watch mode serves the page being edited (and its tag
	// pages) before the rest of the site is done.
	First map[string]bool
	Ready func()
	// Memo and Keep skip the files an edit cannot have changed: Keep
	// asks the writer to keep a file as the last good build wrote it, and
	// reports false when it cannot, and the file is rendered after all.
	Memo *Memo
	Keep func(name string) bool
	// Assets are the assets the layouts were loaded with, which the memo
	// compares with the last build's.
	Assets Assets
}

// SiteWatch is Site with watch mode's hints.
func (l *Layouts) SiteWatch(s *site.Site, w Watch, emit Emit) diag.List {
	first, ready := w.First, w.Ready
	// What cached rendered belongs to the last site; this one starts anew.
	l.memo.Store(newPartialMemo())
	var stale *staleness
	if w.Memo != nil && w.Keep != nil {
		if changed := w.Memo.begin(s, l, w.Assets); changed != nil {
			stale = &staleness{changed: changed, lists: map[listKey]bool{}}
		}
	}
	var probs diag.List
	kinds := kindLinks(s)
	var jobs []job
	for _, p := range s.Pages {
		d := &Data{Site: s, Page: p, Kinds: kinds}
		switch {
		case p.IsHome:
			jobs = append(jobs, job{out: p.OutFile, layout: []string{"index.html", "_default/list.html"}, data: d, file: p.File, always: true})
		case p.IsSection:
			top := slug.Make(firstDir(p.Dir))
			paginate(s, p, p.Pages, func(pp *site.Page, pg *Pager) {
				jobs = append(jobs, job{out: pp.OutFile, layout: []string{top + "/list.html", "_default/list.html"},
					data: &Data{Site: s, Page: pp, Kinds: kinds, Pager: pg}, file: p.File})
			})
		default:
			name := "single"
			if p.Layout != "" {
				name = p.Layout
			}
			jobs = append(jobs, job{out: p.OutFile, layout: []string{p.Kind + "/" + name + ".html", "_default/" + name + ".html"},
				data: d, file: p.File, line: p.Line("layout")})
		}
	}
	tagsPage := virtual(s, "Tags", "/tags/", "Every topic of the guide, with the number of pages on each.", s.TagIndex)
	jobs = append(jobs, job{out: "tags/index.html", layout: []string{"tags/list.html"}, data: &Data{Site: s, Page: tagsPage, Kinds: kinds}, file: "layouts/tags/list.html", always: true})
	for _, t := range s.Tags {
		tp := virtual(s, t.Name, t.URL, t.Summary, nil)
		tp.Section = tagsPage
		paginate(s, tp, t.Pages, func(pp *site.Page, pg *Pager) {
			jobs = append(jobs, job{out: pp.OutFile, layout: []string{"tags/single.html"},
				data: &Data{Site: s, Page: pp, Tag: t, Kinds: kinds, Pager: pg}, file: "layouts/tags/single.html"})
		})
	}

	// The pages asked for first start rendering now, before the costlier
	// jobs below are prepared.
	var firstLeft sync.WaitGroup
	var firstFailed atomic.Bool
	nFirst := 0
	for i := range jobs {
		if first[jobs[i].out] {
			jobs[i].first = true
			nFirst++
		}
	}
	firstLeft.Add(nFirst)
	readied := make(chan struct{})
	go func() {
		defer close(readied)
		firstLeft.Wait()
		if nFirst > 0 && ready != nil && !firstFailed.Load() {
			ready()
		}
	}()
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan job, len(jobs)+1)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local diag.List
			var buf bytes.Buffer
			for j := range next {
				ok := j.skip && w.Keep(j.out)
				if !ok {
					ok = l.run(j, &buf, emit, &local)
				}
				if j.first {
					if !ok {
						firstFailed.Store(true)
					}
					firstLeft.Done()
				}
			}
			mu.Lock()
			probs = append(probs, local...)
			mu.Unlock()
		}()
	}
	send := func(j job) {
		j.skip = stale != nil && !stale.job(j)
		next <- j
	}
	for _, j := range jobs {
		if j.first {
			send(j)
		}
	}
	rest := len(jobs)
	// Preparing print packs takes a core for a while: let the pages asked
	// for first have both.
	firstLeft.Wait()

	// The sitemap and feeds are made beside the pages, not after them,
	// where they would keep one core busy while the other had nothing
	// left to do.
	standard := make(chan map[string][]byte, 1)
	go func() { standard <- standardFiles(s) }()
	jobs = append(jobs, printJobs(s, kinds, &probs)...)
	nf := virtual(s, "Page not found", "/404.html", "", nil)
	nf.Section = nil
	jobs = append(jobs, job{out: "404.html", layout: []string{"404.html"}, data: &Data{Site: s, Page: nf, Kinds: kinds}, file: "layouts/404.html", always: true})
	sp := virtual(s, "Search", "/search/", "", nil)
	sp.Section = nil
	jobs = append(jobs, job{out: "search/index.html", layout: []string{"search.html"}, data: &Data{Site: s, Page: sp, Kinds: kinds}, file: "layouts/search.html", always: true})

	for i, j := range jobs {
		if i >= rest || !j.first {
			send(j)
		}
	}
	close(next)
	wg.Wait()
	<-readied

	for name, b := range <-standard {
		if err := emit(name, b); err != nil {
			probs.Add(name, 0, "cannot write: %v", err)
		}
	}
	return dedupe(probs)
}

// run renders one file into buf and emits it, reporting whether it went
// well.
func (l *Layouts) run(j job, buf *bytes.Buffer, emit Emit, probs *diag.List) bool {
	if j.prepare != nil {
		j.prepare()
	}
	t, name, ok := l.Lookup(j.layout...)
	if !ok {
		probs.Add(j.file, j.line, "missing layout: none of %v exists in layouts/ or the built-in theme", j.layout)
		return false
	}
	if err := l.executeInto(buf, t, name, j.data); err != nil {
		probs.Add(j.file, 0, "cannot render with layout %s", err)
		return false
	}
	if err := emit(j.out, buf.Bytes()); err != nil {
		probs.Add(j.out, 0, "cannot write: %v", err)
		return false
	}
	return true
}

// dedupe drops repeated problems: a broken layout fails every page that
// uses it, and the author needs to read that once.
func dedupe(probs diag.List) diag.List {
	seen := map[string]bool{}
	out := probs[:0]
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Msg < probs[j].Msg })
	for _, p := range probs {
		if seen[p.Msg] {
			continue
		}
		seen[p.Msg] = true
		out = append(out, p)
	}
	return out
}

func firstDir(dir string) string {
	for i := 0; i < len(dir); i++ {
		if dir[i] == '/' {
			return dir[:i]
		}
	}
	return dir
}

// virtual makes a page for a generated URL (tag pages, the 404 page), so
// that layouts see the same fields everywhere. from may supply an authored
// introduction (content/tags/_index.md).
func virtual(s *site.Site, title, url, summary string, from *content.Page) *site.Page {
	cp := &content.Page{Title: title, Summary: summary, Kind: "article", Doc: &markdown.Doc{}}
	p := &site.Page{URL: url, Permalink: s.Abs(url), IsSection: true, Section: s.Home, ReadingTime: 1}
	if strings.HasSuffix(url, "/") {
		p.OutFile = strings.TrimPrefix(url, "/") + "index.html"
	}
	if from != nil {
		if from.TitleSet {
			cp.Title = from.Title
		}
		if from.Summary != "" {
			cp.Summary = from.Summary
		}
		cp.File = from.File
		p.Content = s.TagIndexContent
	}
	p.SetSource(cp)
	return p
}

// kindLinks points at the section that holds most pages of each kind, for
// the home page's entry points and the search page's filters.
func kindLinks(s *site.Site) []KindLink {
	var out []KindLink
	for _, kind := range content.Kinds() {
		pages := s.OfKind(kind)
		if len(pages) == 0 {
			continue
		}
		count := map[*site.Page]int{}
		var best *site.Page
		for _, p := range pages {
			if p.Section == nil {
				continue
			}
			count[p.Section]++
			if best == nil || count[p.Section] > count[best] || (count[p.Section] == count[best] && p.Section.URL < best.URL) {
				best = p.Section
			}
		}
		if best == nil {
			continue
		}
		out = append(out, KindLink{Kind: kind, Title: best.Title, Summary: best.Summary, URL: best.URL, Count: len(pages)})
	}
	return out
}
