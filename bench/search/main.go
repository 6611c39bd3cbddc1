//go:build unix

// Command search benchmarks the built-in search against Pagefind on one
// generated site, and prints one line per figure, ours beside Pagefind's:
//
//	go run ./bench/search                  # 10,000 pages under /dev/shm/srbench
//	go run ./bench/search -pages 1000 -runs 5
//
// It generates the corpus with ../shared/bench/gencorpus.py, builds it with
// secondround (timing the search index inside the build), runs Pagefind on
// the built site from a scratch npm folder (-pagefind; npm install pagefind
// there, never in this repository), and serves both from one local server
// that gzips text the way static hosts do. Headless Chromium then measures,
// per query and from a cold cache (a new tab, the cache emptied), every byte sent until the first
// results are on screen, and the time from the last keystroke of a typed
// query to the results painted. Pagefind runs through its JavaScript API
// with a minimal page that shows as many results as our header does (six),
// which is the least Pagefind itself can send.
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
	"syscall"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/search"
	sitemodel "github.com/secondround/secondround/internal/site"
)

var queries = []string{
	"salary second interview",
	"what do I write after a panel interview",
	"thank you email",
	"negotiation job offer",
	"behavioural questions star method",
	"remote work culture fit",
}

func main() {
	pages := flag.Int("pages", 10000, "pages in the generated corpus")
	dir := flag.String("dir", "/dev/shm/srbench", "work `folder` (corpus, output, Pagefind index)")
	pfDir := flag.String("pagefind", "/tmp/pagefind-bench", "scratch npm `folder` holding node_modules/.bin/pagefind")
	runs := flag.Int("runs", 3, "builds to time")
	typing := flag.Duration("typing", 150*time.Millisecond, "time between keystrokes when typing a query")
	flag.Parse()
	if err := run(*pages, *dir, *pfDir, *runs, *typing); err != nil {
		fmt.Fprintln(os.Stderr, "bench/search:", err)
		os.Exit(1)
	}
}

func run(pages int, dir, pfDir string, runs int, typing time.Duration) error {
	site := filepath.Join(dir, fmt.Sprintf("site-%d", pages))
	if _, err := os.Stat(filepath.Join(site, "content")); err != nil {
		gen, _ := filepath.Abs("../shared/bench/gencorpus.py")
		fmt.Fprintf(os.Stderr, "generating %d pages…\n", pages)
		cmd := exec.Command("python3", gen, "--pages", fmt.Sprint(pages), "--out", filepath.Join(site, "content"))
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("gencorpus.py (run from the repository root): %v", err)
		}
	}

	// Our build, timed whole and for its search index.
	out := filepath.Join(dir, "out")
	var totals, searches, shares, cpus, searchCPUs, inBuild []float64
	var res *build.Result
	for i := range runs {
		fmt.Fprintf(os.Stderr, "build %d/%d…\n", i+1, runs)
		w, err := output.NewDir(out)
		if err != nil {
			return err
		}
		c := cpuTime()
		res, err = build.New(secondround.Theme()).Build(os.DirFS(site), build.Options{}, w)
		if err != nil {
			return err
		}
		cpus = append(cpus, cpuTime()-c)
		if err := w.Commit(); err != nil {
			return err
		}
		// The build makes the index beside rendering, so its own span
		// overlaps the pages'. The index alone again, written to a scratch
		// folder, says what it costs: its time, and its processor time
		// (the build's other work is done, so the process's is the index's).
		iw, err := output.NewDir(filepath.Join(dir, "index-alone"))
		if err != nil {
			return err
		}
		c, t := cpuTime(), time.Now()
		idx := search.Build(search.FromSite(res.Site), search.Options{Dir: sitemodel.SearchDir, Manifest: sitemodel.SearchManifest})
		for _, err := range idx.Write(iw.WriteFile) {
			return err
		}
		alone := time.Since(t)
		searchCPUs = append(searchCPUs, cpuTime()-c)
		iw.Abort()
		totals = append(totals, res.Duration.Seconds())
		searches = append(searches, alone.Seconds())
		shares = append(shares, 100*alone.Seconds()/res.Duration.Seconds())
		inBuild = append(inBuild, res.Search.Seconds())
	}

	// Pagefind on the same output.
	pfOut := filepath.Join(dir, "pagefind")
	bin := filepath.Join(pfDir, "node_modules", ".bin", "pagefind")
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("%s: install Pagefind there first: mkdir -p %s && cd %s && npm install pagefind", bin, pfDir, pfDir)
	}
	os.RemoveAll(pfOut)
	fmt.Fprintln(os.Stderr, "pagefind…")
	start := time.Now()
	cmd := exec.Command(bin, "--site", out, "--output-path", pfOut)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pagefind: %v\n%s", err, b)
	}
	pfTime := time.Since(start)
	pfCPU := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()

	ourBytes, ourFiles := du(filepath.Join(out, sitemodel.SearchDir))
	pfBytes, pfFiles := du(pfOut)

	entry, err := entryPage(out)
	if err != nil {
		return err
	}
	srv, err := newServer(out, pfOut, entry)
	if err != nil {
		return err
	}
	defer srv.Close()

	ctx := browserContext()
	defer chromedp.Cancel(ctx)
	var ours, theirs, oursSearch, theirsSearch, ourLat, theirLat []float64
	for _, q := range queries {
		fmt.Fprintf(os.Stderr, "query %q…\n", q)
		for _, e := range []struct {
			page        string
			all, search *[]float64
			lat         *[]float64
		}{{entry, &ours, &oursSearch, &ourLat}, {"/pf.html", &theirs, &theirsSearch, &theirLat}} {
			total, searchOnly, err := firstQuery(ctx, srv, e.page, q)
			if err != nil {
				return fmt.Errorf("%s, %q: %v", e.page, q, err)
			}
			*e.all = append(*e.all, total)
			*e.search = append(*e.search, searchOnly)
			ms, err := keystrokeToPaint(ctx, srv, e.page, q, typing)
			if err != nil {
				return fmt.Errorf("%s, typing %q: %v", e.page, q, err)
			}
			*e.lat = append(*e.lat, ms)
		}
	}

	known, total := knownItems(res)
	js, err := gzipSize(filepath.Join("static", "js", "search.js"))
	if err != nil {
		return err
	}
	pfJS, _ := gzipSize(filepath.Join(pfOut, "pagefind.js"))

	kb := func(v float64) string { return fmt.Sprintf("%.1f KB", v/1024) }
	fmt.Printf("corpus: %d pages; %d queries, each from a cold cache (new tab, cache emptied)\n", res.Pages, len(queries))
	fmt.Printf("first query, bytes sent, all (page, styles, scripts, index, results), median: ours %s | Pagefind %s (ours/Pagefind %.2f)\n",
		kb(median(ours)), kb(median(theirs)), median(ours)/median(theirs))
	fmt.Printf("first query, bytes sent, search only (client, index, result text), median: ours %s | Pagefind %s (ours/Pagefind %.2f)\n",
		kb(median(oursSearch)), kb(median(theirsSearch)), median(oursSearch)/median(theirsSearch))
	fmt.Printf("first query, bytes sent, all, worst query: ours %s | Pagefind %s\n", kb(maxOf(ours)), kb(maxOf(theirs)))
	fmt.Printf("last keystroke to results painted, typed at %v a key, median: ours %.1f ms | Pagefind %.1f ms\n",
		typing, median(ourLat), median(theirLat))
	fmt.Printf("last keystroke to results painted, slowest query: ours %.1f ms | Pagefind %.1f ms\n", maxOf(ourLat), maxOf(theirLat))
	fmt.Printf("index build time (alone, written to /dev/shm), median of %d: ours %.2f s, %.1f%% of a %.2f s build | Pagefind %.2f s after the build\n",
		runs, median(searches), median(shares), median(totals), pfTime.Seconds())
	fmt.Printf("index build processor time, median of %d: ours %.2f s, %.1f%% of the build's %.2f s | Pagefind %.2f s user+sys\n",
		runs, median(searchCPUs), 100*median(searchCPUs)/median(cpus), median(cpus), pfCPU)
	fmt.Printf("index inside the build, beside rendering (its span overlaps the pages'), median of %d: ours %.2f s | Pagefind n/a\n",
		runs, median(inBuild))
	fmt.Printf("index size on disk: ours %.1f MB in %d files | Pagefind %.1f MB in %d files\n",
		float64(ourBytes)/(1<<20), ourFiles, float64(pfBytes)/(1<<20), pfFiles)
	fmt.Printf("client script, gzipped: ours %s (search.js) | Pagefind %s (pagefind.js, before its WebAssembly)\n", kb(float64(js)), kb(float64(pfJS)))
	fmt.Printf("known-item searches (3 title words, typo, other form) with the page in the top 3: ours %d/%d | Pagefind not measured\n", known, total)
	return nil
}

// entryPage is the page both engines are tried from: the first article.
func entryPage(out string) (string, error) {
	ents, err := os.ReadDir(filepath.Join(out, "articles"))
	if err != nil {
		return "", err
	}
	for _, e := range ents {
		if e.IsDir() {
			return "/articles/" + e.Name() + "/", nil
		}
	}
	return "", fmt.Errorf("no article in %s", out)
}

// A server serves our output and Pagefind's, gzipping text as hosts do,
// and counts the bytes it sends.
type server struct {
	*http.Server
	url         string
	mu          sync.Mutex
	sent, srch  int64
	pfPage, pfJ []byte
}

var searchFile = regexp.MustCompile(`^/(_assets/search/|search/manifest\.json|_assets/js/search\.|pagefind/|pf-harness\.js)`)

func newServer(out, pfOut, entry string) (*server, error) {
	page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(entry), "index.html"))
	if err != nil {
		return nil, err
	}
	// The Pagefind page is ours without our search script, with a small
	// one that searches through Pagefind's API and shows its results in
	// the same place.
	script := regexp.MustCompile(`<script type="module" src="/_assets/js/search\.[0-9a-f]+\.js"></script>`)
	if !script.Match(page) {
		return nil, fmt.Errorf("%s: no search script tag to swap", entry)
	}
	s := &server{pfPage: script.ReplaceAll(page, []byte(`<script type="module" src="/pf-harness.js"></script>`)), pfJ: []byte(harness)}
	ours := http.FileServer(http.Dir(out))
	pf := http.StripPrefix("/pagefind/", http.FileServer(http.Dir(pfOut)))
	s.Server = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &counter{ResponseWriter: w}
		var h http.Handler = ours
		switch {
		case r.URL.Path == "/pf.html":
			h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(s.pfPage)
			})
		case r.URL.Path == "/pf-harness.js":
			h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/javascript")
				w.Write(s.pfJ)
			})
		case strings.HasPrefix(r.URL.Path, "/pagefind/"):
			h = pf
		}
		gz := gzipped(h)
		gz.ServeHTTP(cw, r)
		n := cw.n + int64(headerSize(cw.Header()))
		s.mu.Lock()
		s.sent += n
		if searchFile.MatchString(r.URL.Path) {
			s.srch += n
		}
		s.mu.Unlock()
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.url = "http://" + ln.Addr().String()
	go s.Serve(ln)
	return s, nil
}

func (s *server) reset() (all, search int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, search = s.sent, s.srch
	s.sent, s.srch = 0, 0
	return
}

type counter struct {
	http.ResponseWriter
	n int64
}

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

// harness searches with Pagefind's JavaScript API and shows six results
// with their excerpts, as our header box does. Like ours, it starts a
// search at once when none is running, and otherwise runs one more when
// the running one ends, for the latest text: no waiting, and no queue of
// stale searches.
const harness = `const input = document.getElementById("search-input");
const list = document.getElementById("search-suggestions");
const popup = document.querySelector(".search-popup");
let pf, busy = false, again = false;
input.addEventListener("input", () => { if (busy) again = true; else go(); });
async function go() {
  busy = true;
  do {
    again = false;
    const q = input.value;
    pf ||= import("/pagefind/pagefind.js").then(async (m) => { await m.init(); return m; });
    const m = await pf;
    const r = await m.search(q);
    const data = await Promise.all(r.results.slice(0, 6).map((x) => x.data()));
    if (again) continue;
    list.replaceChildren(...data.map((d) => {
      const li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      a.href = d.url; a.textContent = d.meta.title; p.innerHTML = d.excerpt;
      li.append(a, p);
      return li;
    }));
    popup.hidden = false;
    list.dataset.q = q;
  } while (again);
  busy = false;
}
`

func browserContext() context.Context {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browsertest.Path()),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, _ := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, _ := chromedp.NewContext(actx)
	if err := chromedp.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "starting Chromium:", err)
		os.Exit(1)
	}
	return ctx
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

func waitShown(q string) chromedp.Action {
	return chromedp.WaitVisible(fmt.Sprintf(`#search-suggestions[data-q=%q] li`, q), chromedp.ByQuery)
}

// firstQuery loads a page from a cold cache and pastes a query into the
// header's box: the bytes sent until the results are on screen, all and
// search only.
func firstQuery(parent context.Context, s *server, page, q string) (float64, float64, error) {
	ctx, cancel := tab(parent)
	defer cancel()
	s.reset()
	err := chromedp.Run(ctx,
		chromedp.Navigate(s.url+page),
		chromedp.WaitReady("#search-input", chromedp.ByQuery),
		chromedp.Focus("#search-input", chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`(() => { const i = document.getElementById("search-input"); i.value = %q; i.dispatchEvent(new Event("input")); })()`, q), nil),
		waitShown(q),
		chromedp.Sleep(300*time.Millisecond), // late requests count too
	)
	all, srch := s.reset()
	return float64(all), float64(srch), err
}

// keystrokeToPaint types q a key at a time into the header's box of a
// page opened from a cold cache, and returns the milliseconds from the
// last key's keydown to the frame after its results are in the page.
func keystrokeToPaint(parent context.Context, s *server, page, q string, gap time.Duration) (float64, error) {
	ctx, cancel := tab(parent)
	defer cancel()
	const probe = `(() => {
  let last = 0;
  document.addEventListener("keydown", () => { last = performance.now(); }, true);
  const list = document.getElementById("search-suggestions");
  new MutationObserver(() => {
    if (list.dataset.q === window.__want) requestAnimationFrame(() => setTimeout(() => { window.__lat = performance.now() - last; }));
  }).observe(list, { attributes: true, attributeFilter: ["data-q"] });
})()`
	acts := []chromedp.Action{
		chromedp.Navigate(s.url + page),
		chromedp.WaitReady("#search-input", chromedp.ByQuery),
		chromedp.Evaluate(probe, nil),
		chromedp.Evaluate(fmt.Sprintf(`window.__want = %q`, q), nil),
		chromedp.Focus("#search-input", chromedp.ByQuery),
	}
	for _, r := range q {
		k := string(r)
		acts = append(acts, chromedp.ActionFunc(func(ctx context.Context) error {
			if err := input.DispatchKeyEvent(input.KeyDown).WithKey(k).WithText(k).Do(ctx); err != nil {
				return err
			}
			return input.DispatchKeyEvent(input.KeyUp).WithKey(k).Do(ctx)
		}), chromedp.Sleep(gap))
	}
	var ms float64
	acts = append(acts, chromedp.Poll(`window.__lat`, &ms, chromedp.WithPollingTimeout(50*time.Second)))
	err := chromedp.Run(ctx, acts...)
	return ms, err
}

// knownItems searches the built index for pages by three words of their
// title (the most telling), with a typo in one and another form of one,
// as TestKnownItem does on the real content, and counts the pages found in
// the top three.
func knownItems(res *build.Result) (found, total int) {
	docs := search.FromSite(res.Site)
	ix := search.Build(docs, search.Options{Dir: "s"})
	s, err := search.Open(ix)
	if err != nil {
		return 0, 0
	}
	titles := search.TitleWords(docs)
	step := max(1, len(docs)/300)
	for i := 0; i < len(docs); i += step {
		d := docs[i]
		for _, q := range search.KnownItemQueries(d.Title, titles) {
			total++
			hits, err := s.Search(q, search.Filter{}, 3)
			if err != nil {
				continue
			}
			for _, h := range hits {
				if h.URL == d.URL {
					found++
					break
				}
			}
		}
	}
	return found, total
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

func gzipSize(p string) (int, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return 0, err
	}
	var zb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zb, 6)
	zw.Write(b)
	zw.Close()
	return zb.Len(), nil
}

// cpuTime is the processor time this process has used, in seconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
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
