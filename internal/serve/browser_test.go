package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
)

// waitJS evaluates expr until it is true.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var ok bool
		err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ok))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 15s, still not %s (%s; last error %v)", what, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
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
		chromedp.WaitVisible("h1"),
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
		chromedp.WaitReady("body"),
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
