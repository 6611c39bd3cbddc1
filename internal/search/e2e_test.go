package search_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/search"
)

// serve builds the site in dir and serves its output until the test ends.
func serve(t *testing.T, dir string) (string, *build.Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	w, err := output.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.New(secondround.Theme()).Build(os.DirFS(dir), build.Options{}, w)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv.URL, res
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func page(title, kind, tags, body string) string {
	return fmt.Sprintf("---\ntitle: %q\ndate: 2026-01-02\nkind: %s\ntags: [%s]\nsummary: \"About %s.\"\n---\n\n%s\n", title, kind, tags, strings.ToLower(title), body)
}

// newBrowser starts Chromium for one test, reports the page's script
// errors as the test's, and closes the browser gracefully when the test
// ends, before its profile folder is removed (a browser killed mid-write
// leaves files behind, and the folder's removal fails).
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	ctx := browsertest.New(t, timeout)
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })
	logErrors(t, ctx)
	return ctx
}

// logErrors reports the page's script errors as the test's, which is where
// a failure's cause shows.
func logErrors(t *testing.T, ctx context.Context) {
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			t.Errorf("script error: %s", e.ExceptionDetails.Exception.Description)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				for _, a := range e.Args {
					t.Errorf("console error: %s %s", a.Value, a.Description)
				}
			}
		}
	})
}

// press types one key as a keyboard does, so that a page that prevents
// the key's default on keydown gets no character and no form submission
// (chromedp.KeyEvent sends the character as an event of its own).
func press(key string, code int64, text string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		down := input.DispatchKeyEvent(input.KeyDown).WithKey(key).WithWindowsVirtualKeyCode(code).WithText(text)
		if err := down.Do(ctx); err != nil {
			return err
		}
		return input.DispatchKeyEvent(input.KeyUp).WithKey(key).WithWindowsVirtualKeyCode(code).Do(ctx)
	})
}

// waitShown waits until the results list sel shows the results for q.
func waitShown(sel, q string) chromedp.Action {
	return chromedp.WaitVisible(fmt.Sprintf(`%s[data-q=%q] li`, sel, q), chromedp.ByQuery)
}

// TestBrowser types a query with a typo into the header's box, sees the
// right page first, opens it with the keyboard, and checks that a title
// holding markup is shown as text; then it uses the search page's filters
// and the back button, and the page without JavaScript.
func TestBrowser(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/_index.md":               "---\ntitle: Test site\n---\n",
		"content/articles/_index.md":      "---\ntitle: Articles\n---\n",
		"content/articles/negotiating.md": page("Negotiating an offer", "article", "salary", "Wait for the offer before you negotiate. Anchor on the market rate, and negotiate the whole package."),
		"content/articles/thanks.md":      page("Thank-you notes", "article", "follow-up", "Send a short thank-you note to each interviewer the same day."),
		"content/articles/hostile.md":     page(`<script>window.pwned=1</script> Tricky <b>title</b>`, "article", "salary", "A page whose title holds markup, to be shown as text."),
		"content/articles/french.md":      page("Négociation du salaire", "article", "salary", "Une négociation réussie commence tôt."),
		"content/emails/_index.md":        "---\ntitle: Emails\n---\n",
		"content/emails/offer-reply.md":   page("Replying to an offer", "email", "salary", "Thank them for the offer and ask for time to negotiate."),
		"content/checklists/_index.md":    "---\ntitle: Checklists\n---\n",
		"content/checklists/before.md":    page("The day before", "checklist", "preparation", "- [ ] Print the offer letter\n- [ ] Plan the route"),
	})
	base, _ := serve(t, dir)
	ctx := newBrowser(t, 60*time.Second)

	var first, path, title, kind, focused string
	var scripts int
	var pwned bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/articles/thanks/"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		// "/" focuses the box from anywhere on the page.
		press("/", 191, "/"),
		chromedp.Evaluate(`document.activeElement.id`, &focused),
		chromedp.SendKeys("#search-input", "negotiatng offr", chromedp.ByQuery),
		waitShown("#search-suggestions", "negotiatng offr"),
		chromedp.Text("#search-suggestions li:first-child .search-hit-title", &first, chromedp.ByQuery),
		chromedp.KeyEvent(kb.ArrowDown),
		press("Enter", 13, "\r"),
		chromedp.WaitVisible(`h1`, chromedp.ByQuery),
		chromedp.Evaluate(`location.pathname`, &path),
	)
	if err != nil {
		t.Fatal(err)
	}
	if focused != "search-input" {
		t.Errorf("after /, the focus is on #%s", focused)
	}
	if first != "Negotiating an offer" {
		t.Errorf("first result for a query with typos: %q", first)
	}
	if path != "/articles/negotiating/" {
		t.Errorf("Enter on the first result opened %s", path)
	}

	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.SendKeys("#search-input", "tricky", chromedp.ByQuery),
		waitShown("#search-suggestions", "tricky"),
		chromedp.Text("#search-suggestions li:first-child .search-hit-title", &title, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('#search-suggestions script, #search-suggestions b').length`, &scripts),
		chromedp.Evaluate(`window.pwned === 1`, &pwned),
		chromedp.Evaluate(`document.querySelector('#search-suggestions li .kind-badge').textContent`, &kind),
	)
	if err != nil {
		t.Fatal(err)
	}
	if title != "<script>window.pwned=1</script> Tricky <b>title</b>" {
		t.Errorf("a title with markup shows as %q, want the markup as text", title)
	}
	if scripts != 0 || pwned {
		t.Errorf("markup in a title became elements (%d) or ran (%v)", scripts, pwned)
	}
	if kind != "Article" {
		t.Errorf("kind shows as %q", kind)
	}

	// A typo in a word with an accent, typed without it.
	var french string
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById('search-input').value = ''`, nil),
		chromedp.SendKeys("#search-input", "negociatoin", chromedp.ByQuery),
		waitShown("#search-suggestions", "negociatoin"),
		chromedp.Text("#search-suggestions li:first-child .search-hit-title", &french, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if french != "Négociation du salaire" {
		t.Errorf("first result for negociatoin: %q", french)
	}
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById('search-input').value = ''`, nil),
		chromedp.SendKeys("#search-input", "tricky", chromedp.ByQuery),
		waitShown("#search-suggestions", "tricky"),
	); err != nil {
		t.Fatal(err)
	}

	// The arrows move through the results and back to the box; Escape
	// closes them and brings the focus back to the box.
	var focus []string
	at := chromedp.ActionFunc(func(ctx context.Context) error {
		var f string
		err := chromedp.Evaluate(`document.activeElement.id || document.activeElement.textContent`, &f).Do(ctx)
		focus = append(focus, f)
		return err
	})
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent(kb.ArrowDown), at,
		chromedp.KeyEvent(kb.ArrowUp), at,
		chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(".search-popup", chromedp.ByQuery), at,
	); err != nil {
		t.Fatal(err)
	}
	if want := []string{title, "search-input", "search-input"}; strings.Join(focus, "|") != strings.Join(want, "|") {
		t.Errorf("focus moved through %q, want %q", focus, want)
	}

	// The search page: filters go into the URL, and back undoes them.
	var hrefs []string
	var loc string
	hrefsJS := `[...document.querySelectorAll('#search-page-results .search-hit-title')].map(a => new URL(a.href).pathname)`
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/search/?q=offer"),
		waitShown("#search-page-results", "offer"),
		chromedp.Evaluate(hrefsJS, &hrefs),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(hrefs) < 3 {
		t.Fatalf("search page for offer: %v", hrefs)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`input[name=kind][value=email]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#search-page-results li:only-child`, chromedp.ByQuery),
		chromedp.Evaluate(hrefsJS, &hrefs),
		chromedp.Evaluate(`location.search`, &loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(hrefs) != 1 || hrefs[0] != "/emails/offer-reply/" || loc != "?q=offer&kind=email" {
		t.Errorf("kind filter: %v at %s", hrefs, loc)
	}
	var checked bool
	err = chromedp.Run(ctx,
		chromedp.NavigateBack(),
		chromedp.WaitVisible(`#search-page-results li:nth-child(3)`, chromedp.ByQuery),
		chromedp.Evaluate(`location.search`, &loc),
		chromedp.Evaluate(`document.querySelector('input[name=kind][value=""]').checked`, &checked),
	)
	if err != nil {
		t.Fatal(err)
	}
	if loc != "?q=offer" || !checked {
		t.Errorf("after back: %s, any kind checked %v", loc, checked)
	}

	// Without JavaScript the page says so and links to every page.
	var links []string
	err = chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(base+"/search/?q=offer"),
		chromedp.WaitVisible(`.search-nojs`, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('.search-nojs a')].map(a => new URL(a.href).pathname)`, &links),
	)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(links, " ")
	for _, want := range []string{"/tags/", "/articles/negotiating/", "/checklists/before/"} {
		if !strings.Contains(got, want) {
			t.Errorf("without JavaScript the search page links to %v, not %s", links, want)
		}
	}
}

// TestBrowserRanking runs the ranking table through the client on the
// real content and checks that it puts first what the Go searcher does.
func TestBrowserRanking(t *testing.T) {
	root, _ := filepath.Abs("../..")
	base, res := serve(t, root)
	ix := search.Build(search.FromSite(res.Site), search.Options{Dir: "_assets/search"})
	s, err := search.Open(ix)
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 90*time.Second)
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/search/"), chromedp.WaitReady("#search-input", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	for _, q := range search.RankingQueries() {
		res, err := s.Search(q, search.Filter{}, 3)
		if err != nil {
			t.Fatal(err)
		}
		hits := res.Hits
		var got []string
		err = chromedp.Run(ctx,
			chromedp.SetValue("#search-input", q, chromedp.ByQuery),
			chromedp.Evaluate(`document.getElementById('search-input').dispatchEvent(new Event('input')), 0`, nil),
			chromedp.ActionFunc(func(ctx context.Context) error {
				return chromedp.WaitVisible(fmt.Sprintf(`#search-page-results[data-q=%q] li`, q), chromedp.ByQuery).Do(ctx)
			}),
			chromedp.Evaluate(`[...document.querySelectorAll('#search-page-results .search-hit-title')].slice(0, 3).map(a => new URL(a.href).pathname)`, &got),
		)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var want []string
		for _, h := range hits {
			want = append(want, h.URL)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: the client ranks %v, the Go searcher %v", q, got, want)
		}
	}
}
