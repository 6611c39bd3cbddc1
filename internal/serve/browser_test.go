package serve

import (
	"context"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
)

// waitJS waits up to 15 s for expr to be true.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	browsertest.WaitJS(t, ctx, 15*time.Second, what, expr)
}

// TestBrowserReloadsAndShowsProblems opens a page in Chromium, edits its
// file, and watches the page reload by itself, at the same scroll
// position; then breaks its front matter and watches the overlay come,
// and go once the file is fixed.
func TestBrowserReloadsAndShowsProblems(t *testing.T) {
	ctx := browsertest.New(t, 90*time.Second)
	// Close the browser gracefully before its profile folder is removed,
	// which it may still be writing to otherwise.
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })
	long := siteFiles["content/articles/alpha.md"] + strings.Repeat("\nA paragraph to make the page long enough to scroll.\n", 80)
	files := map[string]string{}
	for k, v := range siteFiles {
		files[k] = v
	}
	files["content/articles/alpha.md"] = long
	l := start(t, files)

	err := chromedp.Run(ctx,
		chromedp.Navigate(l.url+"/articles/alpha/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "connected to the event stream", `window.__secondround && window.__secondround.events.readyState === 1`)
	// A mark that a reload wipes, and a scroll position that it keeps.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__mark = 1; window.scrollTo(0, 600); window.scrollY`, nil)); err != nil {
		t.Fatal(err)
	}

	l.write("content/articles/alpha.md", strings.Replace(long, "second paragraph", "paragraph edited in the editor", 1))
	waitJS(t, ctx, "reloaded with the edit", `document.body.innerText.includes("paragraph edited in the editor")`)
	var marked bool
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`window.__mark === 1`, &marked),
		chromedp.WaitReady("body", chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if marked {
		t.Error("the page changed without reloading")
	}
	waitJS(t, ctx, "back at its scroll position", `window.scrollY >= 590 && window.scrollY <= 610`)

	// Another page's edit does not reload this one.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__mark = 2`, nil)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "connected again", `window.__secondround.events.readyState === 1`)
	n := l.rebuilds()
	l.write("content/articles/beta.md", siteFiles["content/articles/beta.md"]+"\nAn unrelated edit.\n")
	for deadline := time.Now().Add(10 * time.Second); l.rebuilds() == n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no rebuild after editing beta")
		}
	}
	time.Sleep(300 * time.Millisecond)
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__mark === 2`, &marked)); err != nil {
		t.Fatal(err)
	}
	if !marked {
		t.Error("editing another page reloaded this one")
	}

	// Broken front matter: the overlay names the file and line and shows
	// the source line, over the last good page.
	l.write("content/articles/alpha.md", strings.Replace(long, "title: Alpha", "title: [Alpha", 1))
	waitJS(t, ctx, "showing the overlay", `!!document.getElementById("secondround-problems")`)
	var text string
	if err := chromedp.Run(ctx, chromedp.Text("#secondround-problems", &text, chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The site has", "content/articles/alpha.md:2: front matter is not valid YAML", "title: [Alpha"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q:\n%s", want, text)
		}
	}
	// A problem with a column and a suggestion shows both, the column
	// with a caret under the source line.
	l.write("content/articles/alpha.md", strings.Replace(long, "title: Alpha", "title: Alpha\nkind: checklsit", 1))
	waitJS(t, ctx, "showing the kind's problem", `(document.getElementById("secondround-problems")||{}).innerText?.includes("checklsit")`)
	if err := chromedp.Run(ctx, chromedp.Text("#secondround-problems", &text, chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"content/articles/alpha.md:3:7", "kind: checklsit\n  |       ^", "did you mean kind: checklist?"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q:\n%s", want, text)
		}
	}
	// A page opened now shows it too.
	if err := chromedp.Run(ctx, chromedp.Navigate(l.url+"/articles/beta/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "showing the overlay on a page opened later", `!!document.getElementById("secondround-problems")`)
	if err := chromedp.Run(ctx, chromedp.Navigate(l.url+"/articles/alpha/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "showing the overlay", `!!document.getElementById("secondround-problems")`)

	l.write("content/articles/alpha.md", strings.Replace(long, "first paragraph", "fixed paragraph", 1))
	waitJS(t, ctx, "rid of the overlay, showing the fix",
		`!document.getElementById("secondround-problems") && document.body.innerText.includes("fixed paragraph")`)
}

// TestPreviewRetiresAWorker serves a built copy of a site on an address,
// lets its service worker keep its pages, then runs the preview on the same
// address: the worker and what it kept are gone, the page comes from the
// preview, and the preview registers no worker of its own.
func TestPreviewRetiresAWorker(t *testing.T) {
	ctx := browsertest.New(t, 90*time.Second)
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })
	dir := filepath.Join(t.TempDir(), "public")
	w, err := output.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	for name, data := range siteFiles {
		writeFile(t, src, name, data)
	}
	if _, err := build.Once(secondround.Theme()).Build(os.DirFS(src), build.Options{Name: "test"}, w); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	deployed := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go func() { _ = deployed.Serve(ln) }()

	if err := chromedp.Run(ctx, chromedp.Navigate("http://"+addr+"/articles/alpha/"), chromedp.WaitVisible("h1", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "kept by the deployed copy's worker", `(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  return !!(reg && reg.active && reg.active.state === 'activated' && (await caches.keys()).some(n => n.startsWith('secondround-')));
})()`)
	if err := deployed.Close(); err != nil {
		t.Fatal(err)
	}

	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listening again on %s: %v", addr, err)
	}
	files := map[string]string{}
	maps.Copy(files, siteFiles)
	files["content/articles/alpha.md"] = strings.Replace(siteFiles["content/articles/alpha.md"], "first paragraph", "paragraph in the preview", 1)
	l := startOn(t, files, ln)
	if err := chromedp.Run(ctx, chromedp.Navigate(l.url+"/articles/alpha/"), chromedp.WaitVisible("h1", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "rid of the worker and what it kept, showing the preview's page", `(async () => {
  const regs = await navigator.serviceWorker.getRegistrations();
  const kept = (await caches.keys()).filter(n => n.startsWith('secondround-'));
  return regs.length === 0 && kept.length === 0 && !navigator.serviceWorker.controller &&
    !!window.__secondround && document.body.innerText.includes('paragraph in the preview');
})()`)
	// The page's load event has passed: a worker it registered would show.
	time.Sleep(time.Second)
	var regs int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`navigator.serviceWorker.getRegistrations().then(r => r.length)`, &regs, browsertest.AwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if regs != 0 {
		t.Errorf("the preview's page registered %d service workers", regs)
	}
}
