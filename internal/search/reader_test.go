package search_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
)

// readerSite is a site for what a reader meets: thirty pages that say
// "interview", three of which say "panel" too; a sample email with "you",
// "your" and "[Your name]"; a page whose only "salary" after a possessive
// and whose Markdown shows code; and a guide for authors kept out of
// search.
func readerSite(t *testing.T) string {
	files := map[string]string{
		"content/_index.md":          "---\ntitle: Test site\n---\n",
		"content/articles/_index.md": "---\ntitle: Articles\n---\n",
		"content/emails/_index.md":   "---\ntitle: Emails\n---\n",
		"content/emails/thanks.md": "---\ntitle: \"Thank-you email after an interview\"\ndate: 2026-01-03\nkind: email\nsummary: \"A short note.\"\n---\n\n" +
			"Send it the same day.\n\n```email\nDear [Interviewer name],\n\nThank you for your time today. Your questions about the role were useful.\n\n[Your name]\n```\n",
		"content/articles/pay.md": "---\ntitle: \"Talking about pay\"\ndate: 2026-01-04\nsummary: \"When money comes up.\"\n---\n\n" +
			"Read your hiring manager's salary notes before the call, then decide what you will ask for.\n\n" +
			"````markdown\n```email\nsalary: 100\n```\n````\n\n```yaml\nsalary: 100\n---\n```\n",
		"content/articles/only-code.md": "---\ntitle: \"Config\"\ndate: 2026-01-05\nsummary: \"A page whose only pay word is in code.\"\n---\n\n" +
			"Nothing to see in the prose.\n\n```yaml\nremuneration: 100\n```\n",
		"content/contributing.md": "---\ntitle: \"Contributing: thank you email samples\"\ndate: 2026-01-06\nsearch: false\n---\n\n" +
			"How to write a thank you email page. Thank you, thank you, thank you email.\n",
	}
	for i := range 30 {
		body := fmt.Sprintf("Every interview needs work %d. Prepare for the interview the day before, and rest.", i)
		if i%10 == 3 {
			body += " A panel of three may ask the questions."
		}
		files[fmt.Sprintf("content/articles/note-%02d.md", i)] = fmt.Sprintf("---\ntitle: \"Interview note %d\"\ndate: 2026-02-%02d\n---\n\n%s\n", i, 1+i%28, body)
	}
	return writeSite(t, files)
}

// A siteServer serves a built site as a static host does, the page not
// found included, and records the requests for snippet texts.
type siteServer struct {
	url, out string
	slow     time.Duration // delay for snippet texts
	down     bool          // the search manifest fails, as when offline
	mu       sync.Mutex
	texts    []string
	at       []time.Time // when each of texts was asked for
	typed    time.Time   // when typeInPage last finished typing
}

var textPath = regexp.MustCompile(`^/_assets/search/d\.[0-9a-f]+/\d+\.txt$`)

func serveSite(t *testing.T, dir string) *siteServer {
	t.Helper()
	s := &siteServer{out: filepath.Join(t.TempDir(), "public")}
	w, err := output.NewDir(s.out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build.New(secondround.Theme()).Build(os.DirFS(dir), build.Options{}, w); err != nil {
		t.Fatalf("build: %v", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(s.out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__typed" {
			s.mu.Lock()
			s.typed = time.Now()
			s.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if textPath.MatchString(r.URL.Path) {
			s.mu.Lock()
			s.texts = append(s.texts, r.URL.Path)
			s.at = append(s.at, time.Now())
			slow := s.slow
			s.mu.Unlock()
			select {
			case <-time.After(slow):
			case <-r.Context().Done():
				return
			}
		}
		s.mu.Lock()
		down := s.down
		s.mu.Unlock()
		if down && r.URL.Path == "/"+site.SearchManifest {
			http.Error(w, "offline", http.StatusServiceUnavailable)
			return
		}
		p := filepath.Join(s.out, filepath.FromSlash(r.URL.Path))
		if fi, err := os.Stat(p); err != nil || (fi.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(s.out, "404.html"))
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// takeTexts returns the snippet texts requested since the last call.
func (s *siteServer) takeTexts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.texts
	s.texts, s.at = nil, nil
	return out
}

// textsWhileTyping returns the snippet texts requested before typeInPage
// last finished typing.
func (s *siteServer) textsWhileTyping() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for i, at := range s.at {
		if at.Before(s.typed) {
			out = append(out, s.texts[i])
		}
	}
	return out
}

// typeKeys types text into the focused box a key at a time, gap apart.
func typeKeys(text string, gap time.Duration) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for _, r := range text {
			k := string(r)
			if err := input.DispatchKeyEvent(input.KeyDown).WithKey(k).WithText(k).Do(ctx); err != nil {
				return err
			}
			if err := input.DispatchKeyEvent(input.KeyUp).WithKey(k).Do(ctx); err != nil {
				return err
			}
			time.Sleep(gap)
		}
		return nil
	})
}

// typeInPage types text into the search box from the page itself, a key
// gap apart: keys sent from the test arrive late when the machine is busy,
// and a late key looks like the pause after which snippets are fetched.
func typeInPage(text string, gap time.Duration) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(async () => {
  const i = document.getElementById("search-input");
  for (const k of %q) {
    i.value += k;
    i.dispatchEvent(new Event("input"));
    await new Promise((r) => setTimeout(r, %d));
  }
  await fetch("/__typed");
})()`, text, gap.Milliseconds()), nil, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
}

// A shown result, as the page shows it.
type shown struct {
	URL, Title, Snippet string
	Marks               []string // each mark with a character either side
}

const shownJS = `[...document.querySelectorAll('%s li[data-d]')].map((li) => ({
  URL: new URL(li.querySelector('a').href).pathname,
  Title: li.querySelector('.search-hit-title').textContent,
  Snippet: li.querySelector('.search-hit-excerpt').textContent,
  Marks: [...li.querySelectorAll('mark')].map((m) => {
    const before = m.previousSibling?.textContent ?? "", after = m.nextSibling?.textContent ?? "";
    return before.slice(-1) + "[" + m.textContent + "]" + after.slice(0, 1);
  }),
}))`

// searchPage opens /search/ for q and returns what it shows once the
// snippets are in.
func searchPage(ctx context.Context, base, q string) ([]shown, string, error) {
	var hits []shown
	var status string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/search/?q="+strings.ReplaceAll(q, " ", "+")),
		chromedp.WaitReady(fmt.Sprintf(`#search-page-results[data-q=%q]`, q), chromedp.ByQuery),
		chromedp.Poll(`[...document.querySelectorAll('#search-page-results li[data-d]')].slice(0, 3).every((li) => li.querySelector('[data-done]'))`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(fmt.Sprintf(shownJS, "#search-page-results"), &hits),
		chromedp.Text("#search-page-status", &status, chromedp.ByQuery),
	)
	return hits, status, err
}

// TestReaderPages checks that a page with search: false is found by
// nothing, on the test site and in the knowledge base, where the guide
// for authors once came fourth for "thank you email".
func TestReaderPages(t *testing.T) {
	s := serveSite(t, readerSite(t))
	root, _ := filepath.Abs("../..")
	kb := serveSite(t, root)
	ctx := newBrowser(t, 90*time.Second)
	for _, site := range []*siteServer{s, kb} {
		for _, q := range []string{"thank you email", "thank you", "contributing"} {
			hits, _, err := searchPage(ctx, site.url, q)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			for _, h := range hits {
				if h.URL == "/contributing/" {
					t.Errorf("%s: %q lists %s, whose front matter says search: false", site.url, q, h.URL)
				}
			}
		}
	}
}

// TestSnippets checks snippets on the test site and in the knowledge
// base: text from the page as it is, starting and ending on whole words,
// no code or Markdown, and marks on whole words only.
func TestSnippets(t *testing.T) {
	s := serveSite(t, readerSite(t))
	root, _ := filepath.Abs("../..")
	kb := serveSite(t, root)
	ctx := newBrowser(t, 120*time.Second)
	for _, c := range []struct {
		site *siteServer
		q    string
	}{
		{s, "salary"}, {s, "thank you"}, {s, "remuneration"}, {s, "panle interview"},
		{kb, "salary"}, {kb, "thank you"}, {kb, "thank you email"}, {kb, "panle interview"}, {kb, "referees"},
	} {
		hits, _, err := searchPage(ctx, c.site.url, c.q)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if len(hits) == 0 {
			t.Errorf("%s: nothing found for %q", c.site.url, c.q)
		}
		for _, h := range hits {
			checkSnippet(t, c.site, c.q, h)
		}
	}
	// "you" is not a mark inside "your", nor in "[Your name]".
	hits, _, err := searchPage(ctx, s.url, "thank you")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.URL == "/emails/thanks/" {
			for _, m := range h.Marks {
				if strings.Contains(strings.ToLower(m), "[you]r") {
					t.Errorf("%q: %s marks %s", "thank you", h.URL, m)
				}
			}
			if !strings.Contains(h.Snippet, "your") && !strings.Contains(h.Snippet, "Your") {
				t.Errorf("the snippet of %s should show a your: %q", h.URL, h.Snippet)
			}
		}
	}
	// The page whose only match is in code shows its summary instead.
	hits, _, err = searchPage(ctx, s.url, "remuneration")
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Snippet != "A page whose only pay word is in code." {
		t.Errorf("remuneration, found only in code: %+v, want the page's summary as its snippet", hits)
	}
}

// checkSnippet checks one result's snippet against its page's text.
func checkSnippet(t *testing.T, s *siteServer, q string, h shown) {
	t.Helper()
	if strings.Contains(h.Snippet, "```") || strings.Contains(h.Snippet, "---") || strings.Contains(h.Snippet, "salary: 100") {
		t.Errorf("%q: %s: the snippet shows code or Markdown: %q", q, h.URL, h.Snippet)
	}
	for _, m := range append([]string{}, h.Marks...) {
		// a mark has no letter either side: it is a whole word
		r := []rune(m)
		if len(r) > 2 && (isLetter(r[0]) && r[1] == '[' || r[len(r)-2] == ']' && isLetter(r[len(r)-1])) {
			t.Errorf("%q: %s marks part of a word: %s", q, h.URL, m)
		}
	}
	text := pageText(t, s, h.URL)
	body := strings.TrimSuffix(strings.TrimPrefix(h.Snippet, "… "), " …")
	body = strings.ReplaceAll(body, " · ", " ")
	flat := " " + strings.Join(strings.Fields(text), " ") + " "
	if body == "" {
		return
	}
	// A snippet cut mid-sentence drops the comma it ends on.
	if !regexp.MustCompile(" " + regexp.QuoteMeta(body) + "[,;:—–-]* ").MatchString(flat) {
		t.Errorf("%q: %s: the snippet is not a run of whole words of the page: %q", q, h.URL, h.Snippet)
	}
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127
}

// pageText is the text a page's snippets are cut from, read from the
// built index: its summary line and its prose.
func pageText(t *testing.T, s *siteServer, url string) string {
	t.Helper()
	metas, _ := filepath.Glob(filepath.Join(s.out, "_assets", "search", "m.*", "*.json"))
	for _, m := range metas {
		b, _ := os.ReadFile(m)
		if strings.Contains(string(b), `"u":"`+url+`"`) {
			n := strings.TrimSuffix(filepath.Base(m), ".json")
			texts, _ := filepath.Glob(filepath.Join(s.out, "_assets", "search", "d.*", n+".txt"))
			if len(texts) == 1 {
				b, _ := os.ReadFile(texts[0])
				return string(b)
			}
		}
	}
	t.Fatalf("no text for %s in the index", url)
	return ""
}

// TestHonestResults checks the count, the divider and the typo notice:
// "panle interview" is read as "panel interview", says so, counts the
// three pages with both words, and lists the pages with only "interview"
// after a divider; the notice's link searches "panle" as typed.
func TestHonestResults(t *testing.T) {
	s := serveSite(t, readerSite(t))
	ctx := newBrowser(t, 60*time.Second)
	type state struct {
		Status, Fix, Divider string
		Items                []string // the list: URLs, and "--" for the divider
	}
	const stateJS = `({
  Status: document.getElementById('search-page-status').textContent,
  Fix: document.querySelector('#search-page .search-fix').hidden ? "" : document.querySelector('#search-page .search-fix').textContent,
  Divider: document.querySelector('#search-page-results .search-divider')?.textContent ?? "",
  Items: [...document.querySelectorAll('#search-page-results li')].map((li) => li.classList.contains('search-divider') ? "--" : new URL(li.querySelector('a').href).pathname),
})`
	var st state
	err := chromedp.Run(ctx,
		chromedp.Navigate(s.url+"/search/"),
		chromedp.WaitReady("#search-input", chromedp.ByQuery),
		chromedp.Focus("#search-input", chromedp.ByQuery),
		typeKeys("panle interview", 20*time.Millisecond),
		waitShown("#search-page-results", "panle interview"),
		chromedp.Evaluate(stateJS, &st),
	)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != "3 results for “panel interview”" {
		t.Errorf("status %q, want the three pages with both words counted", st.Status)
	}
	if st.Fix != "Showing results for panel interview; search for panle interview instead" {
		t.Errorf("typo notice %q", st.Fix)
	}
	if st.Divider != "Also mentioning interview" {
		t.Errorf("divider %q", st.Divider)
	}
	if len(st.Items) < 5 || strings.Join(st.Items[3:4], "") != "--" {
		t.Errorf("the list is %q: want three pages, the divider, then the rest", st.Items)
	}
	for _, u := range st.Items[:min(3, len(st.Items))] {
		if !strings.HasPrefix(u, "/articles/note-") || !strings.HasSuffix(u, "3/") {
			t.Errorf("%s is listed before the divider, but has no panel", u)
		}
	}
	// The notice's link searches the word as typed.
	var q string
	err = chromedp.Run(ctx,
		chromedp.Click(`#search-page .search-fix a`, chromedp.ByQuery),
		waitShown("#search-page-results", `"panle" interview`),
		chromedp.Evaluate(stateJS, &st),
		chromedp.Value("#search-input", &q, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if q != `"panle" interview` || st.Status != "No page mentions “panle”." || st.Fix != "" || st.Divider != "Also mentioning interview" || st.Items[0] != "--" {
		t.Errorf("after the notice's link: box %q, state %+v", q, st)
	}
}

// TestOneBox checks that the search page and the page not found have one
// search box, the header's, holding the query.
func TestOneBox(t *testing.T) {
	s := serveSite(t, readerSite(t))
	ctx := newBrowser(t, 60*time.Second)
	const boxesJS = `[...document.querySelectorAll('input[type=search], input[type=text]')].filter((i) => i.offsetParent).map((i) => i.id + "=" + i.value)`
	for _, c := range []struct{ path, want, listed string }{
		{"/search/?q=panel+interview", "search-input=panel interview", "panel interview"},
		{"/articles/interview-notse/", "search-input=interview notse", "interview notse"},
	} {
		var boxes []string
		err := chromedp.Run(ctx,
			chromedp.Navigate(s.url+c.path),
			waitShown("#search-page-results", c.listed),
			chromedp.Evaluate(boxesJS, &boxes),
		)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if strings.Join(boxes, "|") != c.want {
			t.Errorf("%s shows the boxes %q, want one: %s", c.path, boxes, c.want)
		}
	}
	// On a phone too.
	var boxes []string
	err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(390, 844, 2, true),
		chromedp.Navigate(s.url+"/search/?q=panel"),
		waitShown("#search-page-results", "panel"),
		chromedp.Evaluate(boxesJS, &boxes),
		emulation.ClearDeviceMetricsOverride(),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(boxes, "|") != "search-input=panel" {
		t.Errorf("on a phone, the search page shows the boxes %q", boxes)
	}
}

// TestLightOnTheWire types as a fast typist does and checks what is
// fetched: titles at once, no snippet text while keys come, then the
// texts of the results on screen only, none of them twice, more as the
// reader scrolls; and a text still coming when a keystroke makes it
// useless is cancelled.
func TestLightOnTheWire(t *testing.T) {
	s := serveSite(t, readerSite(t))
	ctx := newBrowser(t, 90*time.Second)
	var listed, below int
	var done []bool
	err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(1280, 800, 1, false),
		chromedp.Navigate(s.url+"/search/"),
		chromedp.WaitReady("#search-input", chromedp.ByQuery),
		chromedp.Focus("#search-input", chromedp.ByQuery),
		typeInPage("interview", 30*time.Millisecond),
		waitShown("#search-page-results", "interview"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.textsWhileTyping(); len(got) > 0 {
		t.Errorf("snippet texts fetched while keys were coming: %v", got)
	}
	err = chromedp.Run(ctx,
		chromedp.Sleep(600*time.Millisecond),
		chromedp.Evaluate(`document.querySelectorAll('#search-page-results li[data-d]').length`, &listed),
		chromedp.Evaluate(`[...document.querySelectorAll('#search-page-results li[data-d] .search-hit-excerpt')].map((p) => !!p.dataset.done)`, &done),
		// the first result without a snippet, and where it is
		chromedp.Evaluate(`(() => { const p = [...document.querySelectorAll('#search-page-results li[data-d] .search-hit-excerpt')].find((p) => !p.dataset.done);
  return p ? Math.round(p.closest('li').getBoundingClientRect().top - innerHeight) : -1; })()`, &below),
	)
	if err != nil {
		t.Fatal(err)
	}
	first := s.takeTexts()
	shown := 0
	for i, d := range done {
		if d && i != shown {
			t.Errorf("result %d has its snippet, but result %d above it has none", i+1, shown+1)
		}
		if d {
			shown++
		}
	}
	if listed != 20 || shown == 0 || shown == listed {
		t.Fatalf("%d results listed, %d with snippets: the test needs a list longer than the screen", listed, shown)
	}
	if below < 0 {
		t.Errorf("result %d, the first without a snippet, is on screen (%d px above its bottom)", shown+1, -below)
	}
	if len(first) != shown {
		t.Errorf("after a pause, %d texts fetched for %d snippets on screen: %v", len(first), shown, first)
	}
	// Typing on, then scrolling: texts already here are not fetched again.
	err = chromedp.Run(ctx,
		typeInPage(" day", 30*time.Millisecond),
		waitShown("#search-page-results", "interview day"),
		chromedp.Sleep(400*time.Millisecond),
		chromedp.Evaluate(`window.scrollTo(0, document.body.scrollHeight)`, nil),
		chromedp.Sleep(600*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	more := s.takeTexts()
	seen := map[string]bool{}
	for _, p := range append(first, more...) {
		if seen[p] {
			t.Errorf("%s fetched twice", p)
		}
		seen[p] = true
	}
	if len(more) == 0 {
		t.Error("scrolling down fetched no texts for the results it brought on screen")
	}

	// Texts that come slowly: the titles are painted without them, and a
	// keystroke that lists other pages cancels them.
	s.mu.Lock()
	s.slow = 3 * time.Second
	s.mu.Unlock()
	var canceled []string
	var mu sync.Mutex
	reqs := map[network.RequestID]string{}
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			reqs[e.RequestID] = e.Request.URL
		case *network.EventLoadingFailed:
			if e.Canceled {
				canceled = append(canceled, reqs[e.RequestID])
			}
		}
	})
	var painted bool
	err = chromedp.Run(ctx,
		network.Enable(),
		chromedp.Evaluate(`window.scrollTo(0, 0)`, nil),
		chromedp.Evaluate(`document.getElementById('search-input').value = ''`, nil),
		chromedp.Focus("#search-input", chromedp.ByQuery),
		typeKeys("thank", 30*time.Millisecond),
		waitShown("#search-page-results", "thank"),
		chromedp.Evaluate(`!document.querySelector('#search-page-results [data-done]')`, &painted),
		chromedp.Sleep(400*time.Millisecond), // the text of the one result is asked for
		// The next query lists other pages.
		chromedp.Evaluate(`(() => { const i = document.getElementById('search-input'); i.value = 'panel'; i.dispatchEvent(new Event('input')); })()`, nil),
		waitShown("#search-page-results", "panel"),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !painted {
		t.Error("the titles waited for the snippet texts")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(canceled) == 0 {
		t.Errorf("a text a keystroke made useless was not cancelled (fetched: %v)", s.takeTexts())
	}
	for _, u := range canceled {
		if !textPath.MatchString(strings.TrimPrefix(u, s.url)) {
			t.Errorf("cancelled %s, which is not a snippet text", u)
		}
	}
}

// TestBackOnline checks that search that could not load its index says so,
// and works at the next keystroke once the index can be reached.
func TestBackOnline(t *testing.T) {
	s := serveSite(t, readerSite(t))
	// Not newBrowser: the failed load is logged to the console, rightly.
	ctx := browsertest.New(t, 60*time.Second)
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })
	s.mu.Lock()
	s.down = true
	s.mu.Unlock()
	var status string
	err := chromedp.Run(ctx,
		chromedp.Navigate(s.url+"/search/"),
		chromedp.WaitReady("#search-input", chromedp.ByQuery),
		chromedp.Focus("#search-input", chromedp.ByQuery),
		typeKeys("panel", 20*time.Millisecond),
		chromedp.Poll(`document.getElementById('search-page-status').textContent`, &status, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if status != "Search is not available right now." {
		t.Errorf("with the index out of reach, the status says %q", status)
	}
	s.mu.Lock()
	s.down = false
	s.mu.Unlock()
	if err := chromedp.Run(ctx, typeKeys(" interview", 20*time.Millisecond), waitShown("#search-page-results", "panel interview")); err != nil {
		t.Fatalf("back online, search found nothing: %v", err)
	}
}
