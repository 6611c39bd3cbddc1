package webapp_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	cdpnetwork "github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/deploy"
	"github.com/secondround/secondround/internal/output"
)

// repoRoot is the knowledge base the tests build.
const repoRoot = "../.."

// knowledgeBase is the repository's content/, to build with the built-in
// theme and, for a second deploy, a stylesheet of the site's own.
func knowledgeBase(t *testing.T) fstest.MapFS {
	t.Helper()
	src := fstest.MapFS{}
	root := os.DirFS(repoRoot)
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		src[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// deployTo builds src into dir, replacing what was there, as a deploy does.
func deployTo(t *testing.T, src fs.FS, dir string) {
	t.Helper()
	w, err := output.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build.Once(secondround.Theme()).Build(src, build.Options{}, w); err != nil {
		w.Abort()
		t.Fatalf("build: %v", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// host serves dir as Netlify would, with the published headers (the CSP
// among them), and can drop off the network: while down, it answers no
// request, and counts those that reach it.
type host struct {
	url  string
	down atomic.Bool
	// slow, when set, is how long the host takes to answer a page.
	slow   atomic.Int64
	mu     sync.Mutex
	missed []string
}

// reached returns the paths asked for while the host was down, and
// forgets them.
func (h *host) reached() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.missed
	h.missed = nil
	return m
}

func serveLikeNetlify(t *testing.T, dir string) *host {
	t.Helper()
	cfg, err := deploy.Load(filepath.Join(repoRoot, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	h := &host{}
	site := cfg.Handler(dir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.down.Load() {
			h.mu.Lock()
			h.missed = append(h.missed, r.URL.Path)
			h.mu.Unlock()
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
			return
		}
		if d := time.Duration(h.slow.Load()); d > 0 && !strings.Contains(r.URL.Path, ".") {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return h
}

// network is the browser's connection, which a test takes away and gives
// back, as Playwright's context.setOffline does: for the page, and for each
// service worker, which is a target of its own whose fetches the page's
// conditions do not cover. A worker's conditions last as long as the
// session that set them, so each worker's session stays open to the end of
// the test (attaching to a target twice hangs), and the workers are
// restarted, which they need to go offline.
type network struct {
	ctx     context.Context
	workers map[target.ID]context.Context
}

func newNetwork(t *testing.T, ctx context.Context) *network {
	n := &network{ctx: ctx, workers: map[target.ID]context.Context{}}
	t.Cleanup(func() {
		for _, w := range n.workers {
			_ = chromedp.Cancel(w)
		}
	})
	return n
}

func conditions(off bool) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := cdpnetwork.Enable().Do(ctx); err != nil {
			return err
		}
		if _, err := cdpnetwork.EmulateNetworkConditionsByRule([]*cdpnetwork.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}}).
			WithEmulateOfflineServiceWorker(off).Do(ctx); err != nil {
			return err
		}
		return cdpnetwork.OverrideNetworkState(off, 0, -1, -1).Do(ctx)
	})
}

// offline takes the connection away, or gives it back.
func (n *network) offline(t *testing.T, off bool) {
	t.Helper()
	if err := n.set(off); err != nil {
		t.Fatal(err)
	}
}

func (n *network) set(off bool) error {
	if err := chromedp.Run(n.ctx, conditions(off)); err != nil {
		return err
	}
	targets, err := chromedp.Targets(n.ctx)
	if err != nil {
		return err
	}
	for _, ti := range targets {
		if ti.Type != "service_worker" {
			continue
		}
		w := n.workers[ti.TargetID]
		if w == nil {
			w, _ = chromedp.NewContext(n.ctx, chromedp.WithTargetID(ti.TargetID))
			n.workers[ti.TargetID] = w
		}
		if err := chromedp.Run(w, conditions(off)); err != nil {
			return fmt.Errorf("service worker %s: %w", ti.URL, err)
		}
	}
	return chromedp.Run(n.ctx, serviceworker.Enable(), serviceworker.StopAllWorkers())
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// waitJS waits up to 30 s for expr to be true.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	browsertest.WaitJS(t, ctx, 30*time.Second, what, expr)
}

// workerReady is true once a worker is in charge of the page and every
// file it keeps is kept, in one cache.
const workerReady = `(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg || !reg.active || reg.active.state !== 'activated' || !navigator.serviceWorker.controller) return false;
  const names = (await caches.keys()).filter(n => n.startsWith('secondround-'));
  return names.length === 1;
})()`

// pageState is what a test reads of the page on show: its heading, whether
// the site's stylesheet styles it (and the test's marker, from a second
// deploy's stylesheet), and the stylesheet's address.
type pageState struct {
	H1     string `json:"h1"`
	Styled bool   `json:"styled"`
	Marker string `json:"marker"`
	CSS    string `json:"css"`
}

const readPage = `(() => ({
  h1: (document.querySelector('h1') || {}).textContent || '',
  styled: getComputedStyle(document.body).display === 'flex',
  marker: getComputedStyle(document.documentElement).getPropertyValue('--offline-test').trim(),
  css: (document.querySelector('link[rel=stylesheet]') || {}).href || '',
}))()`

func open(t *testing.T, ctx context.Context, url string) pageState {
	t.Helper()
	var st pageState
	run(t, ctx, chromedp.Navigate(url), chromedp.WaitReady("body", chromedp.ByQuery), chromedp.Evaluate(readPage, &st))
	return st
}

// TestOffline opens the home page, lets the service worker keep the site,
// goes offline and opens a checklist never visited: it renders, styled,
// and its ticks work and last. A page not kept shows the offline page.
// Then a deploy changes the stylesheet: online, a reload uses the new one
// at once, and once the new worker is in charge, offline pages show it
// too, and a page read before the deploy is kept in its new version.
func TestOffline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	src := knowledgeBase(t)
	deployTo(t, src, dir)
	h := serveLikeNetlify(t, dir)
	ctx := browsertest.New(t, 3*time.Minute)
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })

	net := newNetwork(t, ctx)
	open(t, ctx, h.url+"/")
	waitJS(t, ctx, "kept by the service worker", workerReady)
	var first string
	run(t, ctx, chromedp.Evaluate(`caches.keys().then(ks => ks.find(n => n.startsWith('secondround-')))`, &first, browsertest.AwaitPromise))
	// Installable: Chromium finds nothing missing from the manifest.
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		errs, err := page.GetInstallabilityErrors().Do(ctx)
		for _, e := range errs {
			t.Errorf("not installable: %s %v", e.ErrorID, e.ErrorArguments)
		}
		return err
	}))
	// A page that is not kept on a first visit, read now: kept as read.
	if st := open(t, ctx, h.url+"/articles/thank-you-notes/"); !st.Styled {
		t.Fatalf("online, an article is not styled: %+v", st)
	}

	h.down.Store(true)
	net.offline(t, true)
	st := open(t, ctx, h.url+"/checklists/on-the-day/")
	if !strings.Contains(st.H1, "day") || !st.Styled {
		t.Fatalf("offline, a checklist never visited shows %+v, want it whole and styled", st)
	}
	var progress string
	run(t, ctx,
		chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery),
		chromedp.Click(`label[for="task-2"]`, chromedp.ByQuery),
		chromedp.Text("[data-progress]", &progress, chromedp.ByQuery),
	)
	if !strings.HasPrefix(progress, "1 of ") {
		t.Errorf("offline, ticking an item reads %q", progress)
	}
	var ticked bool
	run(t, ctx, chromedp.Reload(), chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('task-2').checked`, &ticked))
	if !ticked {
		t.Error("offline, a tick is gone after a reload")
	}
	if st := open(t, ctx, h.url+"/articles/thank-you-notes/"); !strings.Contains(st.H1, "Thank-you notes") || !st.Styled {
		t.Errorf("offline, a page read online is not there: %+v", st)
	}
	st = open(t, ctx, h.url+"/articles/references/")
	var status string
	run(t, ctx, chromedp.Text("[data-offline-status]", &status, chromedp.ByQuery))
	if st.H1 != "Reading offline" || !st.Styled || !strings.Contains(status, "has not kept") {
		t.Errorf("offline, a page not kept shows %+v with status %q, want the offline page saying so", st, status)
	}
	if m := h.reached(); len(m) > 0 {
		t.Errorf("offline, requests reached the host, so the test's offline is not offline: %v", m)
	}

	// A deploy with a new stylesheet.
	theme, err := fs.ReadFile(secondround.Theme(), "static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	src["static/css/site.css"] = &fstest.MapFile{Data: append(theme, "\n:root { --offline-test: 2; }\n"...)}
	deployTo(t, src, dir)
	h.down.Store(false)
	net.offline(t, false)
	old := st.CSS
	run(t, ctx, chromedp.Navigate(h.url+"/checklists/on-the-day/"), chromedp.WaitReady("body", chromedp.ByQuery))
	run(t, ctx, chromedp.Reload(), chromedp.WaitReady("body", chromedp.ByQuery), chromedp.Evaluate(readPage, &st))
	if st.Marker != "2" || st.CSS == old {
		t.Fatalf("online after a deploy, a reload shows %+v, want the new stylesheet (was %s)", st, old)
	}
	waitJS(t, ctx, "kept in its new version", `(async () => {
  const names = (await caches.keys()).filter(n => n.startsWith('secondround-'));
  if (names.length !== 1 || names[0] === '`+first+`') return false;
  const c = await caches.open(names[0]);
  return !!(await c.match('`+path(st.CSS)+`')) && !(await c.match('`+path(old)+`'));
})()`)

	h.down.Store(true)
	net.offline(t, true)
	for _, u := range []string{"/checklists/the-day-before/", "/articles/thank-you-notes/", "/"} {
		if st := open(t, ctx, h.url+u); st.Marker != "2" || !st.Styled || st.H1 == "Reading offline" {
			t.Errorf("offline after the deploy, %s shows %+v, want the new version", u, st)
		}
	}
	if m := h.reached(); len(m) > 0 {
		t.Errorf("offline after the deploy, requests reached the host: %v", m)
	}

	// One bar of signal: the host's pages take 20 s to come. A kept page
	// opens as kept rather than wait (the host has a third version by now,
	// which would show were the page waiting for it).
	src["static/css/site.css"] = &fstest.MapFile{Data: append(theme, "\n:root { --offline-test: 3; }\n"...)}
	deployTo(t, src, dir)
	h.down.Store(false)
	h.slow.Store(int64(20 * time.Second))
	net.offline(t, false)
	if st := open(t, ctx, h.url+"/checklists/what-to-bring/"); st.Marker != "2" || !st.Styled {
		t.Errorf("on a slow connection, a kept page shows %+v, want the kept copy (marker 2) rather than a wait for the network", st)
	}
}

// path is the path of an absolute URL.
func path(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[i+3+j:]
		}
	}
	return u
}
