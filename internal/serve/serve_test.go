package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/watch"
	"github.com/secondround/secondround/internal/webapp"
)

// files of a small site: two articles sharing a tag, one with a tag of
// its own.
var siteFiles = map[string]string{
	"content/_index.md": "---\ntitle: Test Guide\n---\nA guide for tests.\n",
	"content/articles/alpha.md": `---
title: Alpha
date: 2024-01-02
tags: [only-alpha, shared]
---
Alpha's first paragraph.

## Details

Alpha's second paragraph.
`,
	"content/articles/beta.md": `---
title: Beta
date: 2024-01-01
tags: [shared]
---
Beta's text links to [alpha](alpha.md).
`,
	"static/css/extra.css": "body { color: black; }\n",
}

// live is a site served in-process the way serve runs it: a real
// listener on 127.0.0.1, the watcher, rebuilds on every batch.
type live struct {
	t    *testing.T
	src  string
	url  string
	srv  *Server
	mu   sync.Mutex
	reps []Report
	log  stampedLog
}

// stampedLog keeps the server's log with the time of each write, for a
// failing test to show what the watcher sent and what each rebuild did:
// the order of saves and rebuilds is what a flaky failure turns on.
type stampedLog struct {
	mu    sync.Mutex
	start time.Time
	b     strings.Builder
}

func (l *stampedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.b, "%8.1fms %s", float64(time.Since(l.start).Microseconds())/1000, p)
	return len(p), nil
}

func (l *stampedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func start(t *testing.T, files map[string]string) *live {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return startOn(t, files, ln)
}

// startOn is start on a listener of the test's.
func startOn(t *testing.T, files map[string]string, ln net.Listener) *live {
	t.Helper()
	src := t.TempDir()
	for name, data := range files {
		writeFile(t, src, name, data)
	}
	l := &live{t: t, src: src}
	l.log.start = time.Now()
	l.url = "http://" + ln.Addr().String()
	l.srv = New(Config{
		Src: src, Builder: build.New(secondround.Theme()), Options: build.Options{Name: "test", BaseURL: l.url + "/"},
		Log: &l.log,
		OnRebuild: func(r Report) {
			l.mu.Lock()
			l.reps = append(l.reps, r)
			l.mu.Unlock()
		},
	})
	w, err := watch.New(src, watch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.srv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served, watched := make(chan error, 1), make(chan struct{})
	go func() { served <- l.srv.Serve(ctx, ln) }()
	go func() { l.srv.Watch(ctx, w); close(watched) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
		_ = w.Close()
		<-watched
		if t.Failed() {
			t.Logf("the server's log:\n%s", l.log.String())
		}
	})
	return l
}

func writeFile(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (l *live) write(rel, data string) {
	l.t.Helper()
	fmt.Fprintf(&l.log, "test: writing %s\n", rel)
	writeFile(l.t, l.src, rel, data)
}

func (l *live) rebuilds() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reps)
}

func (l *live) get(p string) (int, http.Header, string) {
	l.t.Helper()
	resp, err := http.Get(l.url + p)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		l.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// until polls GET p until ok accepts it.
func (l *live) until(p string, what string, ok func(status int, body string) bool) string {
	l.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, _, body := l.get(p)
		if ok(status, body) {
			return body
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("GET %s: after 10s, still not %s (status %d)", p, what, status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (l *live) untilText(p, text string) string {
	l.t.Helper()
	return l.until(p, "showing "+quote(text), func(st int, b string) bool { return st == 200 && strings.Contains(b, text) })
}

func (l *live) until404(p string) {
	l.t.Helper()
	l.until(p, "gone", func(st int, _ string) bool { return st == 404 })
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// events subscribes to the event stream.
func (l *live) events() <-chan [2]string {
	l.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", l.url+"/_secondround/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		l.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		l.t.Fatalf("events Content-Type %q", ct)
	}
	c := make(chan [2]string, 64)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				select {
				case c <- [2]string{name, strings.TrimPrefix(line, "data: ")}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	if e := next(l.t, c); e[0] != "hello" {
		l.t.Fatalf("first event %v, want hello", e)
	}
	return c
}

func next(t *testing.T, c <-chan [2]string) [2]string {
	t.Helper()
	select {
	case e := <-c:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event after 10s")
	}
	return [2]string{}
}

// nextNamed skips events until one called name.
func nextNamed(t *testing.T, c <-chan [2]string, name string) string {
	t.Helper()
	for {
		if e := next(t, c); e[0] == name {
			return e[1]
		}
	}
}

func TestEditShowsOverHTTP(t *testing.T) {
	l := start(t, siteFiles)
	l.untilText("/articles/alpha/", "Alpha&rsquo;s second paragraph")
	l.write("content/articles/alpha.md", strings.Replace(siteFiles["content/articles/alpha.md"], "second paragraph", "rewritten paragraph", 1))
	l.untilText("/articles/alpha/", "Alpha&rsquo;s rewritten paragraph")
}

func TestChangeEventComesAfterTheNewPageIsServed(t *testing.T) {
	l := start(t, siteFiles)
	ev := l.events()
	for i := range 5 {
		text := fmt.Sprintf("Edit number %d.", i)
		l.write("content/articles/alpha.md", siteFiles["content/articles/alpha.md"]+"\n"+text+"\n")
		var change Change
		for !slices.Contains(change.Pages, "/articles/alpha/") {
			if err := json.Unmarshal([]byte(nextNamed(t, ev, "change")), &change); err != nil {
				t.Fatal(err)
			}
		}
		// The moment the page is announced, it is served.
		if _, _, body := l.get("/articles/alpha/"); !strings.Contains(body, text) {
			t.Fatalf("change event for /articles/alpha/ came before the page showed %q", text)
		}
	}
}

func TestAtomicRenameSave(t *testing.T) {
	l := start(t, siteFiles)
	// An editor's safe save: a temporary file beside the page, renamed
	// over it.
	l.write("content/articles/alpha.md___jb_tmp___", strings.Replace(siteFiles["content/articles/alpha.md"], "first paragraph", "atomically saved paragraph", 1))
	if err := os.Rename(filepath.Join(l.src, "content/articles/alpha.md___jb_tmp___"), filepath.Join(l.src, "content/articles/alpha.md")); err != nil {
		t.Fatal(err)
	}
	l.untilText("/articles/alpha/", "atomically saved paragraph")
	if st, _, _ := l.get("/articles/alpha.md___jb_tmp___/"); st != 404 {
		t.Errorf("the temporary file became a page (status %d)", st)
	}
}

func TestNewFolderWithPage(t *testing.T) {
	l := start(t, siteFiles)
	l.write("content/guides/deep/gamma.md", "---\ntitle: Gamma\ntags: [shared]\n---\nGamma in a new folder.\n")
	l.untilText("/guides/deep/gamma/", "Gamma in a new folder.")
	l.untilText("/tags/shared/", "Gamma")
	// The new folder is watched from then on.
	l.write("content/guides/deep/gamma.md", "---\ntitle: Gamma\n---\nGamma, edited.\n")
	l.untilText("/guides/deep/gamma/", "Gamma, edited.")
}

func TestDeletePage(t *testing.T) {
	l := start(t, siteFiles)
	l.untilText("/tags/only-alpha/", "Alpha")
	if err := os.Remove(filepath.Join(l.src, "content/articles/alpha.md")); err != nil {
		t.Fatal(err)
	}
	// Beta linked to alpha: deleting alpha is a broken link now, so fix
	// beta too, as an author would.
	l.write("content/articles/beta.md", "---\ntitle: Beta\ntags: [shared]\n---\nBeta stands alone.\n")
	l.until404("/articles/alpha/")
	l.until404("/tags/only-alpha/")
	body := l.untilText("/tags/shared/", "Beta")
	if strings.Contains(body, "Alpha") {
		t.Error("the shared tag's page still lists the deleted page")
	}
	if _, _, sm := l.get("/sitemap.xml"); strings.Contains(sm, "/articles/alpha/") {
		t.Error("the sitemap still lists the deleted page")
	}
}

func TestTagChange(t *testing.T) {
	l := start(t, siteFiles)
	l.write("content/articles/beta.md", strings.Replace(siteFiles["content/articles/beta.md"], "tags: [shared]", "tags: [shared, fresh-tag]", 1))
	l.untilText("/tags/fresh-tag/", "Beta")
	l.untilText("/articles/beta/", `href="/tags/fresh-tag/"`)
	l.untilText("/tags/", "fresh-tag")
	l.write("content/articles/alpha.md", strings.Replace(siteFiles["content/articles/alpha.md"], "tags: [only-alpha, shared]", "tags: [shared]", 1))
	l.until404("/tags/only-alpha/")
}

func TestBrokenFrontMatterShowsOverlayAndFixRemovesIt(t *testing.T) {
	l := start(t, siteFiles)
	ev := l.events()
	good := siteFiles["content/articles/alpha.md"]
	l.write("content/articles/alpha.md", strings.Replace(good, "title: Alpha", "title: [Alpha", 1))
	var probs []problemJSON
	if err := json.Unmarshal([]byte(nextNamed(t, ev, "problems")), &probs); err != nil {
		t.Fatal(err)
	}
	if len(probs) == 0 || probs[0].File != "content/articles/alpha.md" || probs[0].Line == 0 || probs[0].Source == "" {
		t.Fatalf("problems %+v: want content/articles/alpha.md with a line and its source", probs)
	}
	if !strings.HasPrefix(probs[0].Text, fmt.Sprintf("content/articles/alpha.md:%d: ", probs[0].Line)) {
		t.Errorf("problem reads %q, want file:line: message", probs[0].Text)
	}
	// The last good site is still served, and a page opened now learns
	// of the problems too.
	if st, _, body := l.get("/articles/alpha/"); st != 200 || !strings.Contains(body, "Alpha&rsquo;s first paragraph") {
		t.Errorf("the last good page is not served (status %d)", st)
	}
	late := l.events2()
	if e := next(t, late); e[0] != "problems" {
		t.Errorf("a page opened while the site is broken got %q first, want problems", e[0])
	}
	_, _, list := l.get("/_secondround/problems")
	if !strings.Contains(list, "content/articles/alpha.md") {
		t.Errorf("/_secondround/problems = %s", list)
	}
	// Two broken files: both are shown.
	l.write("content/articles/beta.md", "---\ntitle: Beta\ndate: not a date\n---\nBeta.\n")
	if err := json.Unmarshal([]byte(nextNamed(t, ev, "problems")), &probs); err != nil {
		t.Fatal(err)
	}
	if len(probs) < 2 {
		t.Errorf("problems %+v: want both files", probs)
	}
	l.write("content/articles/beta.md", siteFiles["content/articles/beta.md"])
	l.write("content/articles/alpha.md", strings.Replace(good, "first paragraph", "fixed paragraph", 1))
	nextNamed(t, ev, "fixed")
	l.untilText("/articles/alpha/", "fixed paragraph")
	if _, _, list := l.get("/_secondround/problems"); list != "[]" {
		t.Errorf("/_secondround/problems after the fix = %s", list)
	}
}

// events2 is events for a page opened later, which may first hear of
// problems rather than hello.
func (l *live) events2() <-chan [2]string {
	l.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", l.url+"/_secondround/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		l.t.Fatal(err)
	}
	c := make(chan [2]string, 8)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var name string
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "event: ") {
				name = strings.TrimPrefix(line, "event: ")
			} else if strings.HasPrefix(line, "data: ") {
				select {
				case c <- [2]string{name, strings.TrimPrefix(line, "data: ")}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return c
}

func TestManyFilesFewRebuilds(t *testing.T) {
	l := start(t, siteFiles)
	before := l.rebuilds()
	for i := range 200 {
		l.write(fmt.Sprintf("content/bulk/page-%03d.md", i), fmt.Sprintf("---\ntitle: Bulk %d\n---\nBulk page %d.\n", i, i))
	}
	l.untilText("/bulk/page-199/", "Bulk page 199.")
	time.Sleep(500 * time.Millisecond)
	// The first file may start a rebuild at once, as a save does; the
	// rest wait for quiet, and are one more.
	if n := l.rebuilds() - before; n < 1 || n > 2 {
		t.Errorf("200 files written at once caused %d rebuilds, want 1 or 2", n)
	}
}

func TestCSSChangeSwapsStylesheets(t *testing.T) {
	files := maps.Clone(siteFiles)
	css, err := fsReadTheme("static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	files["static/css/site.css"] = css
	l := start(t, files)
	ev := l.events()
	l.write("static/css/site.css", css+"\n.added { color: red; }\n")
	var change Change
	if err := json.Unmarshal([]byte(nextNamed(t, ev, "change")), &change); err != nil {
		t.Fatal(err)
	}
	if !change.CSS || len(change.Pages) != 0 {
		t.Errorf("change %+v, want CSS only", change)
	}
	// A page change is not CSS only.
	l.write("content/articles/beta.md", siteFiles["content/articles/beta.md"]+"\nMore.\n")
	if err := json.Unmarshal([]byte(nextNamed(t, ev, "change")), &change); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(change.Pages, "/articles/beta/") {
		t.Errorf("change %+v, want /articles/beta/ to reload", change)
	}
}

func fsReadTheme(name string) (string, error) {
	b, err := fs.ReadFile(secondround.Theme(), name)
	return string(b), err
}

func TestServesOnlyTheBuiltSite(t *testing.T) {
	l := start(t, siteFiles)
	for _, tc := range []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", 200, "text/html; charset=utf-8"},
		{"/articles/alpha/", 200, "text/html; charset=utf-8"},
		{"/feed.xml", 200, "application/xml; charset=utf-8"},
		{"/robots.txt", 200, "text/plain; charset=utf-8"},
		{"/css/extra.css", 200, "text/css; charset=utf-8"},
		{"/favicon.svg", 200, "image/svg+xml"},
		{"/_secondround/reload.js", 200, "text/javascript; charset=utf-8"},
		{"/no/such/page/", 404, "text/html; charset=utf-8"},
		{"/content/articles/alpha.md", 404, "text/html; charset=utf-8"},
		{"/../content/articles/alpha.md", 404, "text/html; charset=utf-8"},
		{"/%2e%2e/content/articles/alpha.md", 404, "text/html; charset=utf-8"},
		{"/articles/..%2f..%2fcontent/_index.md", 404, "text/html; charset=utf-8"},
		{"/articles/", 200, "text/html; charset=utf-8"}, // a section's page, never a listing
	} {
		resp, err := http.Get(l.url + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != tc.ctype {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), tc.status, tc.ctype)
		}
		if tc.status == 404 && !strings.Contains(string(body), "There is no page at this address") {
			t.Errorf("GET %s: not the site's 404 page", tc.path)
		}
		if strings.Contains(string(body), "Alpha&rsquo;s second paragraph") && tc.path != "/articles/alpha/" && tc.path != "/feed.xml" {
			t.Errorf("GET %s: serves the page's source or text", tc.path)
		}
	}
	// Without its slash, a page's address redirects.
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(l.url + "/articles/alpha")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/articles/alpha/" {
		t.Errorf("GET /articles/alpha: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = http.Post(l.url+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", resp.StatusCode)
	}
}

func TestReloadScriptOnlyInServe(t *testing.T) {
	l := start(t, siteFiles)
	_, _, body := l.get("/articles/alpha/")
	if !strings.Contains(body, `<script src="/_secondround/reload.js" defer data-secondround-preview></script></body>`) {
		t.Error("served page lacks the reload script")
	}
	// What the build writes has none.
	out := newMemory(nil)
	if _, err := build.New(secondround.Theme()).Build(os.DirFS(l.src), build.Options{Name: "test"}, out); err != nil {
		t.Fatal(err)
	}
	for name, f := range out.files {
		if strings.Contains(string(f.data), "_secondround") {
			t.Errorf("build output %s mentions the preview server", name)
		}
	}
}

// TestEditsEqualFreshBuild checks that what watch mode serves after a run
// of edits, with the hints it gives the build, is byte for byte what a
// fresh build of the same files makes.
func TestEditsEqualFreshBuild(t *testing.T) {
	l := start(t, siteFiles)
	steps := []func(){
		func() {
			l.write("content/articles/alpha.md", siteFiles["content/articles/alpha.md"]+"\nAn added paragraph.\n")
		},
		func() {
			l.write("content/articles/beta.md", strings.Replace(siteFiles["content/articles/beta.md"], "[shared]", "[shared, added]", 1))
		},
		func() {
			l.write("content/notes/n1.md", "---\ntitle: Note one\ntags: [added]\n---\nSee [beta](/articles/beta/).\n")
		},
		func() { l.write("content/notes/n2.md", "---\ntitle: Note two\ndate: 2025-05-05\n---\nNewest.\n") },
		func() { os.Remove(filepath.Join(l.src, "content/notes/n1.md")) },
		func() {
			l.write("content/articles/alpha.md", strings.Replace(siteFiles["content/articles/alpha.md"], "title: Alpha", "title: Alpha renamed", 1))
		},
		func() { l.write("static/css/extra.css", "body { color: navy; }\n") },
		func() { os.RemoveAll(filepath.Join(l.src, "content/notes")) },
	}
	for i, step := range steps {
		n := l.rebuilds()
		step()
		deadline := time.Now().Add(10 * time.Second)
		for l.rebuilds() == n {
			if time.Now().After(deadline) {
				t.Fatalf("step %d: no rebuild", i)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	time.Sleep(300 * time.Millisecond) // any last batch
	l.srv.buildMu.Lock()
	defer l.srv.buildMu.Unlock()
	fresh := newMemory(nil)
	if _, err := build.New(secondround.Theme()).Build(os.DirFS(l.src), l.srv.cfg.Options, fresh); err != nil {
		t.Fatal(err)
	}
	l.srv.mu.RLock()
	served := l.srv.files
	l.srv.mu.RUnlock()
	for name, f := range fresh.files {
		if g, ok := served[name]; !ok {
			t.Errorf("%s: missing from the served site", name)
		} else if string(g.data) != string(f.data) {
			t.Errorf("%s: served differs from a fresh build", name)
		}
	}
	for name := range served {
		if _, ok := fresh.files[name]; !ok && !l.srv.retired.names[name] {
			t.Errorf("%s: served, but not in a fresh build", name)
		}
	}
}

func TestShutdown(t *testing.T) {
	src := t.TempDir()
	for name, data := range siteFiles {
		writeFile(t, src, name, data)
	}
	srv := New(Config{Src: src, Builder: build.New(secondround.Theme())})
	if _, err := srv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	// An open event stream must not hold the shutdown up.
	resp, err := http.Get("http://" + ln.Addr().String() + "/_secondround/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not stop within 5s of the context ending")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still listening after shutdown")
	}
}

func TestNeedsReload(t *testing.T) {
	files := map[string]file{
		"_assets/css/site.bbbbbbbbbb.css":              {},
		"_assets/js/site.bbbbbbbbbb.js":                {},
		"_assets/search/manifest.bbbbbbbbbb.json":      {},
		"_assets/search/manifest.cccccccccc.json":      {},
		"_assets/css/print.bbbbbbbbbb.css":             {},
		"_assets/search/manifest.bbbbbbbbbb.json.back": {},
	}
	page := func(css, js, man, text string) []byte {
		return fmt.Appendf(nil, `<!DOCTYPE html><link rel="stylesheet" href="/_assets/css/site.%s.css">`+
			`<form data-manifest="/_assets/search/manifest.%s.json"></form><p>%s</p>`+
			`<script type="module" src="/_assets/js/site.%s.js"></script>`, css, man, text, js)
	}
	a := "aaaaaaaaaa"
	b := "bbbbbbbbbb"
	for _, tc := range []struct {
		name     string
		old, cur []byte
		want     bool
	}{
		{"same", page(a, a, a, "x"), page(a, a, a, "x"), false},
		{"stylesheet renamed", page(a, a, a, "x"), page(b, a, a, "x"), false},
		{"search index renamed", page(a, a, a, "x"), page(a, a, b, "x"), false},
		{"both", page(a, a, a, "x"), page(b, a, b, "x"), false},
		{"script renamed", page(a, a, a, "x"), page(a, b, a, "x"), true},
		{"text", page(a, a, a, "x"), page(a, a, a, "y"), true},
		{"text and stylesheet", page(a, a, a, "x"), page(b, a, a, "y"), true},
		{"longer text", page(a, a, a, "x"), page(a, a, a, "xy"), true},
		{"renamed to a file not served", page(a, a, a, "x"), page(a, a, "dddddddddd", "x"), true},
	} {
		if got := needsReload(tc.old, tc.cur, files); got != tc.want {
			t.Errorf("%s: needsReload = %v, want %v", tc.name, got, tc.want)
		}
	}
	// A long page whose difference is past the first chunks.
	long := strings.Repeat("<p>filler</p>\n", 2000)
	if needsReload(append([]byte(long), page(a, a, a, "x")...), append([]byte(long), page(b, a, b, "x")...), files) {
		t.Error("long page: a renamed stylesheet and index need a reload")
	}
}

func TestRetiredFilesAreBounded(t *testing.T) {
	s := New(Config{})
	big := file{data: make([]byte, 5<<20)}
	for gen := 0; gen < 20; gen++ {
		old := map[string]file{fmt.Sprintf("_assets/search/p.%010x.bin", gen): big, "index.html": {}}
		maps.Copy(old, s.files)
		cur := map[string]file{fmt.Sprintf("_assets/search/p.%010x.bin", gen+1): big, "index.html": {}}
		s.retired.keep(old, cur)
		s.files = cur
	}
	if s.retired.bytes > retiredCap {
		t.Errorf("retired files hold %d bytes, more than %d", s.retired.bytes, retiredCap)
	}
	if !s.retired.names[fmt.Sprintf("_assets/search/p.%010x.bin", 19)] || s.retired.names[fmt.Sprintf("_assets/search/p.%010x.bin", 0)] {
		t.Errorf("retired %v: want the newest kept and the oldest dropped", s.retired.names)
	}
	if _, ok := s.files["index.html"]; !ok || len(s.files) != len(s.retired.files)+2 {
		t.Errorf("served %d files with %d retired", len(s.files), len(s.retired.files))
	}
}

func TestOpenPagesKeepTheirAssets(t *testing.T) {
	l := start(t, siteFiles)
	ev := l.events()
	_, _, page := l.get("/articles/alpha/")
	var links []string
	for _, m := range regexp.MustCompile(`(?:href|src|data-manifest)="(/_assets/[^"]+)"`).FindAllStringSubmatch(page, -1) {
		links = append(links, m[1])
	}
	if len(links) == 0 {
		t.Fatal("the page links to no fingerprinted file")
	}
	// Editing another page changes the site's search index, and so the
	// name every page links it by; alpha is not reloaded, and what it
	// links to is still served.
	n := l.rebuilds()
	l.write("content/articles/beta.md", siteFiles["content/articles/beta.md"]+"\nA word never seen before: zyzzogeton.\n")
	for deadline := time.Now().Add(10 * time.Second); l.rebuilds() == n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no rebuild")
		}
	}
	var reloaded []string
	for waiting := true; waiting; {
		select {
		case e := <-ev:
			var change Change
			if e[0] == "change" {
				if err := json.Unmarshal([]byte(e[1]), &change); err != nil {
					t.Fatal(err)
				}
				reloaded = append(reloaded, change.Pages...)
			}
		case <-time.After(300 * time.Millisecond):
			waiting = false
		}
	}
	if !slices.Contains(reloaded, "/articles/beta/") || slices.Contains(reloaded, "/articles/alpha/") {
		t.Errorf("pages told to reload: %v; want beta's, not alpha's", reloaded)
	}
	for _, u := range links {
		if st, _, _ := l.get(u); st != 200 {
			t.Errorf("GET %s, linked from the open page: %d", u, st)
		}
	}
}

// TestPreviewShowsItsOwnAddress checks that a site whose home page names
// its production address shows the preview's own in every URL a page
// carries, so that nothing on the author's screen leads to production.
func TestPreviewShowsItsOwnAddress(t *testing.T) {
	files := maps.Clone(siteFiles)
	files["content/_index.md"] = "---\ntitle: Home\nbase_url: https://production.example/\n---\nHello.\n"
	l := start(t, files)
	_, _, page := l.get("/articles/alpha/")
	for _, want := range []string{
		`<link rel="canonical" href="` + l.url + `/articles/alpha/">`,
		`<meta property="og:url" content="` + l.url + `/articles/alpha/">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, "production.example") {
		t.Error("the page shows the production address")
	}
	if _, _, feed := l.get("/feed.xml"); !strings.Contains(feed, "<id>"+l.url+"/feed.xml</id>") || strings.Contains(feed, "production.example") {
		t.Errorf("the feed does not use the preview's address:\n%s", feed)
	}
}

// changes is a Changes for tests that keeps the watcher's word: a batch
// sent waits in C's one-place buffer, and Pending is true while one does or
// while the test says more is coming.
type changes struct {
	c      chan watch.Batch
	coming atomic.Bool
}

func newChanges() *changes { return &changes{c: make(chan watch.Batch, 1)} }

func (c *changes) C() <-chan watch.Batch { return c.c }
func (c *changes) Pending() bool         { return len(c.c) > 0 || c.coming.Load() }

// driven builds the test site and watches it for changes the test sends
// on ch, each rebuild's report coming on reps.
func driven(t *testing.T) (src string, srv *Server, ch *changes, reps <-chan Report) {
	t.Helper()
	src = t.TempDir()
	for name, data := range siteFiles {
		writeFile(t, src, name, data)
	}
	r := make(chan Report, 4)
	srv = New(Config{Src: src, Builder: build.New(secondround.Theme()), Options: build.Options{Name: "test", BaseURL: "http://127.0.0.1:1/"},
		OnRebuild: func(rep Report) { r <- rep }})
	if _, err := srv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	<-r
	ch = newChanges()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Watch(ctx, ch); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return src, srv, ch, r
}

// TestFailureWithMoreChangesComingIsNotShown fails a build while more
// changes are on their way, as in the middle of a checkout: browsers are
// not shown its problems, and the next build, which succeeds, is served.
func TestFailureWithMoreChangesComingIsNotShown(t *testing.T) {
	src, srv, ch, reps := driven(t)

	// Half a checkout: a page links to one not written yet.
	writeFile(t, src, "content/articles/gamma.md", "---\ntitle: Gamma\n---\nSee [delta](delta.md).\n")
	ch.coming.Store(true)
	ch.c <- watch.Batch{Paths: []string{"content/articles/gamma.md"}}
	if r := <-reps; r.Err == nil || !r.Superseded {
		t.Fatalf("rebuild %+v: want a failure not shown", r)
	}
	writeFile(t, src, "content/articles/delta.md", "---\ntitle: Delta\n---\nHere.\n")
	ch.c <- watch.Batch{Paths: []string{"content/articles/delta.md"}}
	ch.coming.Store(false)
	if r := <-reps; r.Err != nil {
		t.Fatalf("rebuild %+v: want a success", r)
	}
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	if len(srv.problems) > 0 {
		t.Errorf("problems shown: %v", srv.problems)
	}
	if _, ok := srv.files["articles/gamma/index.html"]; !ok {
		t.Error("the finished checkout is not served")
	}
}

// TestSupersededForNothingBuildsAgain gives up a rebuild for changes that
// then come to nothing (a file made and deleted at once, say): the watcher
// then sends an empty batch, on which the change the rebuild was for must
// be built and served. An empty batch after a good build does nothing.
func TestSupersededForNothingBuildsAgain(t *testing.T) {
	src, srv, ch, reps := driven(t)

	writeFile(t, src, "content/articles/alpha.md", strings.Replace(siteFiles["content/articles/alpha.md"], "first paragraph", "edited paragraph", 1))
	ch.coming.Store(true)
	ch.c <- watch.Batch{Paths: []string{"content/articles/alpha.md"}}
	if r := <-reps; !r.Superseded {
		t.Fatalf("rebuild %+v: want one given up for the changes pending", r)
	}
	ch.coming.Store(false)
	ch.c <- watch.Batch{}
	select {
	case r := <-reps:
		if r.Err != nil || r.Superseded {
			t.Fatalf("rebuild %+v: want a success", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no rebuild on the empty batch after the one given up")
	}
	srv.mu.RLock()
	f, ok := srv.files["articles/alpha/index.html"]
	srv.mu.RUnlock()
	if !ok || !strings.Contains(string(f.data), "edited paragraph") {
		t.Error("the edit is not served")
	}
	ch.c <- watch.Batch{}
	select {
	case r := <-reps:
		t.Errorf("rebuild %+v on an empty batch after a good build", r)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestServesNoWorker checks that the preview's /sw.js is never the build's
// service worker, which would keep pages an author is editing, but the one
// that retires any worker left on the address.
func TestServesNoWorker(t *testing.T) {
	l := start(t, siteFiles)
	status, h, body := l.get(site.WorkerURL)
	if status != 200 || !strings.Contains(h.Get("Content-Type"), "javascript") || h.Get("Cache-Control") != "no-store" {
		t.Errorf("GET %s: %d %q %q", site.WorkerURL, status, h.Get("Content-Type"), h.Get("Cache-Control"))
	}
	if body != string(webapp.Retire()) {
		t.Errorf("GET %s serves the build's worker, not the retiring one:\n%.300s", site.WorkerURL, body)
	}
	if strings.Contains(body, "KEEP") || strings.Contains(body, "addEventListener(\"fetch\"") {
		t.Errorf("the retiring worker keeps or answers requests:\n%s", body)
	}
}
