//go:build unix

// Command search measures the built-in search as a reader meets it, beside
// Pagefind's own interface on the same site, and prints a table of both:
//
//	go run ./bench/search                        # 10,000 pages under /dev/shm/srbench
//	go run ./bench/search -pages 100000 -pagefind ''   # ours alone
//
// It generates the corpus with ../shared/bench/gencorpus.py (seed 42),
// builds it with secondround, runs Pagefind on the built site from a
// scratch npm folder (-pagefind; npm install pagefind there, never in this
// repository), and serves both from one local server that gzips text as
// static hosts do and counts what it sends.
//
// For each query, headless Chromium opens a search page from a cold cache
// (a new tab, the cache emptied) and types the query into its box a key at
// a time (-typing apart), then waits until nothing more is fetched. Ours is
// /search/, whose box is the header's; Pagefind's is the same page with
// Pagefind's own interface (PagefindUI, its defaults: five results, a
// search 300 ms after the last key) in place of our script. It counts every
// byte and request of search files (script, index, result files) from
// opening the page until the results settle, and times the last keystroke
// to the results' titles painted. Runs alternate which engine goes first.
//
// Quality: known-item searches made from page titles (three telling words
// as typed, with a typo, with another word form; see
// search.KnownItemQueries), run in the browser through each engine, give
// MRR@10 (the mean of 1/rank of the page, 0 below 10th), the share found in
// the top 3, and the share of typo queries found in the top 10.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/search"
	"github.com/secondround/secondround/internal/site"
)

// queries are the issue's: a common word, two words, three words, a typo.
var queries = []string{"interview", "thank email", "second interview questions", "intervew"}

type config struct {
	pages, runs, quality, builds int
	dir, pfDir                   string
	typing                       time.Duration
	reusePF, reuse, trace        bool
}

func main() {
	var c config
	flag.IntVar(&c.pages, "pages", 10000, "pages in the generated corpus")
	flag.StringVar(&c.dir, "dir", "/dev/shm/srbench", "work `folder` (corpus, output, Pagefind index)")
	flag.StringVar(&c.pfDir, "pagefind", "/tmp/pf", "scratch npm `folder` holding node_modules/.bin/pagefind; empty: ours alone")
	flag.BoolVar(&c.reusePF, "reuse-pagefind", false, "keep a Pagefind index already in the work folder (it reads only the pages' text)")
	flag.BoolVar(&c.reuse, "reuse", false, "keep our output already in the work folder, built by this version (no build is timed)")
	flag.IntVar(&c.runs, "runs", 5, "typed sessions per query and engine")
	flag.IntVar(&c.quality, "quality", 100, "known-item queries")
	flag.IntVar(&c.builds, "builds", 1, "builds to time")
	flag.DurationVar(&c.typing, "typing", 50*time.Millisecond, "time between keystrokes")
	flag.BoolVar(&c.trace, "trace", false, "print what each session fetched after its last keystroke, and when")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench/search:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	siteDir := filepath.Join(c.dir, fmt.Sprintf("site-%d", c.pages))
	if _, err := os.Stat(filepath.Join(siteDir, "content")); err != nil {
		gen, _ := filepath.Abs("../shared/bench/gencorpus.py")
		fmt.Fprintf(os.Stderr, "generating %d pages…\n", c.pages)
		cmd := exec.Command("python3", gen, "--pages", fmt.Sprint(c.pages), "--seed", "42", "--out", filepath.Join(siteDir, "content"))
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("gencorpus.py (run from the repository root): %v", err)
		}
	}
	out := filepath.Join(c.dir, fmt.Sprintf("out-%d", c.pages))
	var builds, indexes []float64
	var model *site.Site
	nBuilds := c.builds
	if _, err := os.Stat(filepath.Join(out, "search", "manifest.json")); err == nil && c.reuse {
		nBuilds = 0
		var probs diag.List
		model = site.New(site.Input{Content: content.Load(os.DirFS(siteDir), markdown.New(), nil)}, site.Config{}, &probs)
	}
	for i := range nBuilds {
		fmt.Fprintf(os.Stderr, "build %d/%d…\n", i+1, c.builds)
		w, err := output.NewDir(out)
		if err != nil {
			return err
		}
		res, err := build.New(secondround.Theme()).Build(os.DirFS(siteDir), build.Options{}, w)
		if err != nil {
			return err
		}
		model = res.Site
		if err := w.Commit(); err != nil {
			return err
		}
		builds = append(builds, res.Duration.Seconds())
		// The index alone, written to a scratch folder: in the build it
		// overlaps rendering.
		iw, err := output.NewDir(filepath.Join(c.dir, "index-alone"))
		if err != nil {
			return err
		}
		t := time.Now()
		idx := search.Build(search.FromSite(model), search.Options{Dir: site.SearchDir, Manifest: site.SearchManifest})
		for _, err := range idx.Write(iw.WriteFile) {
			return err
		}
		indexes = append(indexes, time.Since(t).Seconds())
		iw.Abort()
	}
	ourBytes, ourFiles := du(filepath.Join(out, site.SearchDir))

	pfOut := filepath.Join(c.dir, fmt.Sprintf("pagefind-%d", c.pages))
	var pfTime time.Duration
	if c.pfDir != "" {
		bin := filepath.Join(c.pfDir, "node_modules", ".bin", "pagefind")
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("%s: install Pagefind there first: mkdir -p %s && cd %s && npm install pagefind", bin, c.pfDir, c.pfDir)
		}
		if _, err := os.Stat(filepath.Join(pfOut, "pagefind.js")); err != nil || !c.reusePF {
			os.RemoveAll(pfOut)
			fmt.Fprintln(os.Stderr, "pagefind…")
			start := time.Now()
			if b, err := exec.Command(bin, "--site", out, "--output-path", pfOut).CombinedOutput(); err != nil {
				return fmt.Errorf("pagefind: %v\n%s", err, b)
			}
			pfTime = time.Since(start)
		}
	}

	srv, err := newServer(out, pfOut)
	if err != nil {
		return err
	}
	defer srv.Close()
	ctx, stop := browserContext()
	defer stop()

	engines := []*engine{ours}
	if c.pfDir != "" {
		engines = append(engines, pagefind)
	}
	type key struct {
		e *engine
		q string
	}
	sessions := map[key][]session{}
	for r := range c.runs {
		for _, q := range queries {
			order := engines
			if r%2 == 1 && len(engines) == 2 {
				order = []*engine{engines[1], engines[0]}
			}
			for _, e := range order {
				fmt.Fprintf(os.Stderr, "run %d/%d, %s, %q…\n", r+1, c.runs, e.name, q)
				s, err := typed(ctx, srv, e, q, c.typing, c.trace)
				if err != nil {
					return fmt.Errorf("%s, %q: %v", e.name, q, err)
				}
				sessions[key{e, q}] = append(sessions[key{e, q}], s)
			}
		}
	}
	// Known items: pages with a title of their own, and all pages.
	sets := [2][]knownItem{knownItems(model, c.quality, true), knownItems(model, c.quality, false)}
	quality := map[*engine][2]score{}
	for _, e := range engines {
		var sc [2]score
		for i, known := range sets {
			fmt.Fprintf(os.Stderr, "%d known-item queries through %s…\n", len(known), e.name)
			s, err := rank(ctx, srv, e, known)
			if err != nil {
				return fmt.Errorf("%s, known items: %v", e.name, err)
			}
			sc[i] = s
		}
		quality[e] = sc
	}

	// The report.
	fmt.Printf("corpus: %d pages (gencorpus.py --seed 42); each query typed a key at a time, %v apart, into the search page from a cold cache; %d runs per query and engine, median [min–max]\n\n",
		len(model.Regular), c.typing, c.runs)
	head := "| query | ours: KB | ours: requests | ours: last key to titles, ms |"
	rule := "| --- | --- | --- | --- |"
	if len(engines) == 2 {
		head += " Pagefind: KB | Pagefind: requests | Pagefind: last key to titles, ms | ours / Pagefind, bytes |"
		rule += " --- | --- | --- | --- |"
	}
	fmt.Println(head)
	fmt.Println(rule)
	var ourKB, pfKB, ourMS, pfMS, ratios []float64
	twice := 0
	for _, q := range queries {
		row := fmt.Sprintf("| %s |", q)
		for _, e := range engines {
			ss := sessions[key{e, q}]
			kb, reqs, ms := field(ss, func(s session) float64 { return s.bytes / 1024 }), field(ss, func(s session) float64 { return s.requests }), field(ss, func(s session) float64 { return s.ms })
			row += fmt.Sprintf(" %s | %s | %s |", spread(kb, "%.0f"), spread(reqs, "%.0f"), spread(ms, "%.0f"))
			if e == ours {
				ourKB, ourMS = append(ourKB, median(kb)), append(ourMS, ms...)
				for _, s := range ss {
					twice += s.twice
				}
			} else {
				pfKB, pfMS = append(pfKB, median(kb)), append(pfMS, ms...)
			}
		}
		if len(engines) == 2 {
			r := ourKB[len(ourKB)-1] / pfKB[len(pfKB)-1]
			ratios = append(ratios, r)
			row += fmt.Sprintf(" %.2f |", r)
		}
		fmt.Println(row)
	}
	fmt.Println()
	if len(engines) == 2 {
		fmt.Printf("bytes, median of the queries' medians: ours %.0f KB | Pagefind %.0f KB (ours/Pagefind %.2f; worst query %.2f)\n",
			median(ourKB), median(pfKB), median(ourKB)/median(pfKB), maxOf(ratios))
		fmt.Printf("last keystroke to titles painted, all sessions: ours median %.0f ms, worst %.0f ms | Pagefind median %.0f ms, worst %.0f ms\n",
			median(ourMS), maxOf(ourMS), median(pfMS), maxOf(pfMS))
	} else {
		fmt.Printf("bytes, median of the queries' medians: ours %.0f KB (worst query %.0f KB)\n", median(ourKB), maxOf(ourKB))
		fmt.Printf("last keystroke to titles painted, all sessions: ours median %.0f ms, worst %.0f ms\n", median(ourMS), maxOf(ourMS))
	}
	fmt.Printf("snippet texts fetched twice in one visit, all sessions: ours %d\n", twice)
	for i, set := range []string{"pages with a title of their own", "all pages, titles shared by several included"} {
		for _, e := range engines {
			s := quality[e][i]
			fmt.Printf("known items, %s (%d queries: %d as typed, %d with a typo, %d in another form), %s: MRR@10 %.3f, top 3 %.0f%%, typo top 10 %.0f%%\n",
				set, s.n, s.kinds[0], s.kinds[1], s.kinds[2], e.name, s.mrr, 100*s.top3, 100*s.typo10)
		}
	}
	fmt.Printf("index on disk: ours %.1f MB in %d files", float64(ourBytes)/(1<<20), ourFiles)
	if c.pfDir != "" {
		b, n := du(pfOut)
		fmt.Printf(" | Pagefind %.1f MB in %d files", float64(b)/(1<<20), n)
	}
	fmt.Println()
	if len(builds) > 0 {
		fmt.Printf("build, median of %d: %.2f s, of which the index alone (written to %s) %.2f s", len(builds), median(builds), c.dir, median(indexes))
	}
	if pfTime > 0 {
		fmt.Printf(" | Pagefind after the build %.1f s", pfTime.Seconds())
	}
	fmt.Println()
	return nil
}

// An engine is one search interface under test.
type engine struct {
	name string
	page string // where it is tried
	box  string // the box typed into
	// painted is true once the titles for window.__want are on screen.
	painted string
	// ranked returns, for window.__want, the URLs of the first 10 results.
	ranked string
}

var ours = &engine{
	name: "ours",
	page: "/search/",
	box:  "#search-input",
	painted: `(() => { const l = document.getElementById("search-page-results");
  return l.dataset.q === window.__want; })()`,
	ranked: `(async () => {
  const i = document.getElementById("search-input"), l = document.getElementById("search-page-results");
  i.value = window.__want; i.dispatchEvent(new Event("input"));
  while (l.dataset.q !== window.__want) await new Promise((r) => setTimeout(r, 5));
  return [...l.querySelectorAll("li[data-d] .search-hit-title")].slice(0, 10).map((a) => new URL(a.href).pathname);
})()`,
}

var pagefind = &engine{
	name: "Pagefind",
	page: "/pf/",
	box:  ".pagefind-ui__search-input",
	painted: `(() => { const m = document.querySelector(".pagefind-ui__message"), rs = [...document.querySelectorAll(".pagefind-ui__result")];
  if (!m || !m.textContent.includes(window.__want)) return false;
  return /^No results/.test(m.textContent) || (rs.length > 0 && rs.every((r) => r.querySelector(".pagefind-ui__result-link"))); })()`,
	ranked: `(async () => {
  window.__pf ||= import("/pagefind/pagefind.js").then(async (m) => { await m.init?.(); return m; });
  const pf = await window.__pf, r = await pf.search(window.__want);
  return Promise.all(r.results.slice(0, 10).map((x) => x.data().then((d) => new URL(d.url, location.href).pathname)));
})()`,
}

// A session is one query typed into one engine.
type session struct {
	bytes, requests, ms float64
	twice               int // snippet texts fetched more than once
}

// typed opens e's page from a cold cache, types q into its box a key at a
// time, and waits until nothing more is fetched.
func typed(parent context.Context, s *server, e *engine, q string, gap time.Duration, trace bool) (session, error) {
	ctx, cancel := tab(parent)
	defer cancel()
	s.reset()
	const probe = `(() => {
  window.__last = 0;
  document.addEventListener("keydown", () => { window.__last = performance.now(); }, true);
  new MutationObserver(() => {
    if (window.__lat === undefined && window.__want && window.__painted()) requestAnimationFrame(() => setTimeout(() => { window.__lat ??= performance.now() - window.__last; }));
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`
	acts := []chromedp.Action{
		chromedp.Navigate(s.url + e.page),
		chromedp.WaitReady(e.box, chromedp.ByQuery),
		chromedp.Evaluate(`window.__painted = () => `+e.painted+`; `+probe, nil),
		chromedp.Sleep(300 * time.Millisecond), // the page settles
		chromedp.Focus(e.box, chromedp.ByQuery),
	}
	// Keys go at fixed times, gap apart from the first, whatever sending
	// one costs: a sleep after each would type slower than asked.
	var start time.Time
	for i, r := range q {
		k := string(r)
		if i == len([]rune(q))-1 {
			acts = append(acts, chromedp.Evaluate(fmt.Sprintf(`window.__want = %q`, q), nil))
		}
		acts = append(acts, chromedp.ActionFunc(func(ctx context.Context) error {
			if i == 0 {
				start = time.Now()
			}
			time.Sleep(time.Until(start.Add(time.Duration(i) * gap)))
			if err := input.DispatchKeyEvent(input.KeyDown).WithKey(k).WithText(k).Do(ctx); err != nil {
				return err
			}
			return input.DispatchKeyEvent(input.KeyUp).WithKey(k).Do(ctx)
		}))
	}
	var ms float64
	acts = append(acts, chromedp.Poll(`window.__lat`, &ms, chromedp.WithPollingTimeout(30*time.Second)))
	if err := chromedp.Run(ctx, acts...); err != nil {
		return session{}, err
	}
	s.quiet(700 * time.Millisecond)
	if trace {
		var lines []string
		if err := chromedp.Run(ctx, chromedp.Evaluate(`performance.getEntriesByType("resource").filter((r) => r.startTime >= window.__last).map((r) =>
  (r.startTime - window.__last).toFixed(1) + " ms +" + r.duration.toFixed(1) + " ms " + r.transferSize + " B " + new URL(r.name).pathname)`, &lines)); err != nil {
			return session{}, err
		}
		fmt.Fprintf(os.Stderr, "  titles painted %.1f ms after the last key; fetched since:\n    %s\n", ms, strings.Join(lines, "\n    "))
	}
	b, n, twice := s.reset()
	return session{bytes: float64(b), requests: float64(n), ms: ms, twice: twice}, nil
}

// A score is an engine's known-item quality.
type score struct {
	n                 int
	kinds             [3]int // as typed, typo, other form
	mrr, top3, typo10 float64
}

// A knownItem is a query and the page it is for.
type knownItem struct {
	q, url string
	kind   int // 0 as typed, 1 typo, 2 other form
}

// knownItems makes n known-item queries from pages spread over the site.
// With unique, it skips pages whose title another page has too (the
// generated corpus repeats some): no engine can tell which of them a
// reader means, and which one the test wants is down to chance.
func knownItems(model *site.Site, n int, unique bool) []knownItem {
	docs := search.FromSite(model)
	titles := search.TitleWords(docs)
	same := map[string]int{}
	for _, d := range docs {
		same[d.Title]++
	}
	var out []knownItem
	step := max(1, len(docs)/(n/2))
	for i := 0; i < len(docs) && len(out) < n; i += step {
		if unique && same[docs[i].Title] > 1 {
			continue
		}
		for k, q := range search.KnownItemQueries(docs[i].Title, titles) {
			if len(out) < n {
				out = append(out, knownItem{q: q, url: docs[i].URL, kind: k})
			}
		}
	}
	return out
}

// rank runs the known-item queries through e in one tab.
func rank(parent context.Context, s *server, e *engine, items []knownItem) (score, error) {
	ctx, cancel := tab(parent)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.Navigate(s.url+e.page), chromedp.WaitReady(e.box, chromedp.ByQuery)); err != nil {
		return score{}, err
	}
	var sc score
	typos, typoFound := 0, 0
	for _, it := range items {
		var urls []string
		err := chromedp.Run(ctx,
			chromedp.Evaluate(fmt.Sprintf(`window.__want = %q`, it.q), nil),
			chromedp.Evaluate(e.ranked, &urls, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		)
		if err != nil {
			return score{}, fmt.Errorf("%q: %v", it.q, err)
		}
		sc.n++
		sc.kinds[it.kind]++
		at := 0
		for i, u := range urls {
			if u == it.url {
				at = i + 1
				break
			}
		}
		if at > 0 {
			sc.mrr += 1 / float64(at)
		}
		if at > 0 && at <= 3 {
			sc.top3++
		}
		if it.kind == 1 {
			typos++
			if at > 0 {
				typoFound++
			}
		}
	}
	sc.mrr /= float64(max(1, sc.n))
	sc.top3 /= float64(max(1, sc.n))
	sc.typo10 = float64(typoFound) / float64(max(1, typos))
	return sc, nil
}

// A server serves our output and Pagefind's, gzipping text as static hosts
// do, and counts the bytes and requests of search files.
type server struct {
	*http.Server
	url   string
	mu    sync.Mutex
	bytes int64
	reqs  int
	texts map[string]int
	last  time.Time
}

var searchFile = regexp.MustCompile(`^/(_assets/search/|search/manifest\.json|_assets/js/search\.|pagefind/|pf-harness\.js)`)
var textFile = regexp.MustCompile(`^/_assets/search/d\.[0-9a-f]+/`)

func newServer(out, pfOut string) (*server, error) {
	s := &server{texts: map[string]int{}}
	var pfPage []byte
	if b, err := os.ReadFile(filepath.Join(out, "search", "index.html")); err == nil {
		// Pagefind's page is our search page with PagefindUI in place of
		// our script and our results.
		script := regexp.MustCompile(`<script type="module" src="/_assets/js/search\.[0-9a-f]+\.js"></script>`)
		if !script.Match(b) {
			return nil, fmt.Errorf("search/index.html: no search script tag to swap")
		}
		b = script.ReplaceAll(b, []byte(`<link rel="stylesheet" href="/pagefind/pagefind-ui.css"><script src="/pagefind/pagefind-ui.js"></script><script src="/pf-harness.js"></script>`))
		results := regexp.MustCompile(`(?s)<div class="page[^"]*search-page".*</main>`)
		if !results.Match(b) {
			return nil, fmt.Errorf("search/index.html: no search page's div to swap for Pagefind's")
		}
		pfPage = results.ReplaceAll(b, []byte(`<div class="page search-page"><div id="pf"></div></div></main>`))
	}
	ours := http.FileServer(http.Dir(out))
	pf := http.StripPrefix("/pagefind/", http.FileServer(http.Dir(pfOut)))
	s.Server = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &counter{ResponseWriter: w}
		var h http.Handler = ours
		switch {
		case r.URL.Path == "/sw.js":
			// No service worker: it would answer the next session's
			// requests from what it kept, and fetch files of its own
			// while a session is measured. Every session starts cold.
			h = http.NotFoundHandler()
		case r.URL.Path == "/pf/":
			h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(pfPage)
			})
		case r.URL.Path == "/pf-harness.js":
			h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/javascript")
				w.Write([]byte(harness))
			})
		case strings.HasPrefix(r.URL.Path, "/pagefind/"):
			h = pf
		}
		gzipped(h).ServeHTTP(cw, r)
		n := cw.n + int64(headerSize(cw.Header()))
		s.mu.Lock()
		defer s.mu.Unlock()
		s.last = time.Now()
		if searchFile.MatchString(r.URL.Path) {
			s.bytes += n
			s.reqs++
		}
		if textFile.MatchString(r.URL.Path) && strings.HasSuffix(r.URL.Path, ".txt") && cw.code < 300 {
			s.texts[r.URL.Path]++
		}
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.url = "http://" + ln.Addr().String()
	go s.Serve(ln)
	return s, nil
}

// harness starts Pagefind's own interface with its defaults.
const harness = `new PagefindUI({ element: "#pf", showSubResults: false, showImages: false });`

// reset returns the bytes and requests of search files since the last
// reset, and how many snippet texts were sent more than once.
func (s *server) reset() (bytes int64, reqs int, twice int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.texts {
		if n > 1 {
			twice++
		}
	}
	bytes, reqs = s.bytes, s.reqs
	s.bytes, s.reqs, s.texts = 0, 0, map[string]int{}
	return
}

// quiet waits until nothing has been requested for d.
func (s *server) quiet(d time.Duration) {
	for {
		s.mu.Lock()
		since := time.Since(s.last)
		s.mu.Unlock()
		if since >= d {
			return
		}
		time.Sleep(d - since)
	}
}

type counter struct {
	http.ResponseWriter
	n    int64
	code int
}

func (c *counter) WriteHeader(code int) { c.code = code; c.ResponseWriter.WriteHeader(code) }

func (c *counter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

func headerSize(h http.Header) int {
	n := len("HTTP/1.1 200 OK\r\n\r\n")
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// gzipped compresses text responses, as Netlify, GitHub Pages and other
// static hosts do; binary files (ours and Pagefind's are gzip already) go
// as they are.
func gzipped(h http.Handler) http.Handler {
	text := regexp.MustCompile(`\.(html|css|js|json|xml|svg|txt)$|/$`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !text.MatchString(r.URL.Path) || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.ServeHTTP(w, r)
			return
		}
		rec := &buffer{header: http.Header{}}
		h.ServeHTTP(rec, r)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if rec.code != 0 && rec.code != http.StatusOK {
			w.WriteHeader(rec.code)
			w.Write(rec.body.Bytes())
			return
		}
		var zb bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zb, 6)
		zw.Write(rec.body.Bytes())
		zw.Close()
		w.Header().Del("Content-Length")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(zb.Bytes())
	})
}

type buffer struct {
	header http.Header
	body   bytes.Buffer
	code   int
}

func (b *buffer) Header() http.Header         { return b.header }
func (b *buffer) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *buffer) WriteHeader(code int)        { b.code = code }

func browserContext() (context.Context, func()) {
	profile, err := os.MkdirTemp("", "srbench-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browsertest.Path()),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "starting Chromium:", err)
		os.Exit(1)
	}
	return ctx, func() {
		_ = chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	}
}

// tab opens a new tab, with nothing in its memory, and empties the
// browser's cache: every measurement starts cold.
func tab(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := chromedp.NewContext(parent)
	ctx, cancelTime := context.WithTimeout(ctx, 120*time.Second)
	// A tab in the background gets no animation frames: bring it forward.
	if err := chromedp.Run(ctx, page.BringToFront(), network.ClearBrowserCache()); err != nil {
		fmt.Fprintln(os.Stderr, "clearing the cache:", err)
	}
	return ctx, func() { cancelTime(); cancel() }
}

func du(dir string) (int64, int) {
	var n int64
	files := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
				files++
			}
		}
		return nil
	})
	return n, files
}

func field(ss []session, f func(session) float64) []float64 {
	out := make([]float64, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}

// spread prints a median with its range.
func spread(v []float64, format string) string {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return fmt.Sprintf(format+" ["+format+"–"+format+"]", median(v), lo, hi)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
