package build

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/deploy"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/output"
	"golang.org/x/net/html"
)

// payload sets a flag if it ever runs; the tests look for the flag.
const payload = `window.__pwned=1`

func hostileSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	long := strings.Repeat("word ", 200_000) // a 1 MB line
	var big strings.Builder
	for big.Len() < 5<<20 {
		fmt.Fprintf(&big, "## Section %d\n\nA paragraph of ordinary text, repeated to make a very large page. ", big.Len())
		big.WriteString("It has **bold**, _emphasis_ and a [link](a.md).\n\n")
	}
	files := map[string]string{
		"content/_index.md": "---\ntitle: \"<script>" + payload + "</script> Home\"\ndescription: \"</title><script>" + payload + "</script>\"\n---\nHome.\n",
		"content/a.md": "---\ntitle: '\"><script>" + payload + "</script>'\n" +
			"tags: [\"<script>x</script>\", '\" onmouseover=\"" + payload + "']\n" +
			"summary: '<img src=x onerror=" + payload + ">'\ndate: 2026-01-01\n---\n\n" +
			"<script>" + payload + "</script>\n\n<img src=x onerror=\"" + payload + "\">\n\n" +
			"Inline <b onclick=\"" + payload + "\">raw</b> HTML.\n\n" +
			"[click](javascript:" + payload + ") [mixed case](JaVaScRiPt:" + payload + ") " +
			"[entity](&#106;avascript:" + payload + ") [data](data:text/html,<script>" + payload + "</script>) " +
			"![img](javascript:" + payload + ") <javascript:" + payload + "> " +
			"[title](/ \"a\\\" onmouseover=\\\"" + payload + "\")\n\n" +
			"```email\n[Name]<script>" + payload + "</script>\n```\n",
		"content/long.md":   "---\ntitle: Long line\n---\n" + long + "\n",
		"content/big.md":    "---\ntitle: Big page\n---\n" + big.String(),
		"content/nested.md": "---\ntitle: Nested\n---\n" + strings.Repeat(">", 5000) + " deep\n\n" + nestedList(500) + "\n" + strings.Repeat("*", 5000) + "x" + strings.Repeat("*", 5000) + "\n\n" + strings.Repeat("[", 5000) + "x" + strings.Repeat("]", 5000) + "\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A link that leads back into content/ forever.
	if err := os.Symlink(".", filepath.Join(dir, "content", "loop")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func nestedList(depth int) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	return b.String()
}

func TestHostileContent(t *testing.T) {
	dir := hostileSite(t)
	out := filepath.Join(t.TempDir(), "public")
	w, err := output.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	res, err := New(secondround.Theme()).Build(os.DirFS(dir), Options{}, w)
	if err != nil {
		t.Fatalf("hostile content must build safely, but:\n%v", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, p := range res.Problems {
		warned = warned || (p.File == "content/loop" && strings.Contains(p.Msg, "link to a folder"))
	}
	if !warned {
		t.Errorf("the folder link loop was not reported: %v", res.Problems)
	}
	// Nothing an author wrote may arrive as markup.
	err = filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		for _, bad := range markupProblems(b) {
			t.Errorf("%s: %s", p, bad)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// And in a browser, with the published CSP applied, nothing runs and
	// the title reads as the text the author typed.
	cfg, err := deploy.Load("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		for k, v := range cfg.HeadersFor(r.URL.Path) {
			if k != "Strict-Transport-Security" && !strings.HasPrefix(k, "Content-Security") {
				rw.Header()[k] = v
			}
		}
		// upgrade-insecure-requests would send the test's http requests
		// to https; the rest of the policy applies as published.
		csp := strings.ReplaceAll(cfg.HeadersFor(r.URL.Path).Get("Content-Security-Policy"), "; upgrade-insecure-requests", "")
		rw.Header().Set("Content-Security-Policy", csp)
		files.ServeHTTP(rw, r)
	}))
	defer srv.Close()
	ctx := browsertest.New(t, 2*time.Minute)
	var dialogs atomic.Int32
	chromedp.ListenTarget(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
			go func() { _ = chromedp.Run(ctx, page.HandleJavaScriptDialog(false)) }()
		}
	})
	for _, u := range []string{"/", "/a/", "/tags/", "/long-line/", "/nested/"} {
		var pwned bool
		var title string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+u),
			chromedp.WaitReady("body", chromedp.ByQuery),
			chromedp.Evaluate(`window.__pwned === 1`, &pwned),
			chromedp.Evaluate(`(document.querySelector("h1") || {}).textContent || ""`, &title),
		)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if pwned {
			t.Errorf("%s: a payload ran", u)
		}
		if u == "/a/" && !strings.Contains(title, "<script>"+payload+"</script>") {
			t.Errorf("%s: title not shown as the text written: %q", u, title)
		}
	}
	if n := dialogs.Load(); n > 0 {
		t.Errorf("%d dialogs opened", n)
	}
}

// FuzzBuildPage runs the whole pipeline over one page of arbitrary bytes:
// it must never panic, and a failure must be problems that name files.
func FuzzBuildPage(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2024-01-01\ntags: [a, B]\n---\n# H\n\n[x](other.md#h) ![i](p.png)\n\n- [ ] t\n",
		"---\ntitle: [\n---\n", "", "# only a heading", "---\nslug: other\n---\nx", "---\naliases: [/other/]\ntitle: x\n---\n",
		"[a](#nope) [b](/tags/) [c](../../x.md)", "---\nkind: email\nsubject: s\n---\n```email\n[X]\n```\n",
		"---\nlayout: nope\ntitle: x\n---\n", "---\ntags: \"\"\ntitle: t\ndraft: true\n---\n",
	} {
		f.Add([]byte(s))
	}
	b := New(secondround.Theme())
	f.Fuzz(func(t *testing.T, src []byte) {
		site := fstest.MapFS{
			"content/_index.md": {Data: []byte("---\ntitle: Home\n---\nhi\n")},
			"content/other.md":  {Data: []byte("---\ntitle: Other\n---\n# H\n")},
			"content/f/x.md":    {Data: src},
		}
		_, err := b.Build(site, Options{}, &output.Discard{})
		if err == nil {
			return
		}
		var de *diag.Error
		if !errors.As(err, &de) {
			t.Fatalf("error is not a list of problems: %v", err)
		}
		for _, p := range de.List {
			if p.File == "" || p.Msg == "" {
				t.Fatalf("problem without a file or message: %+v", p)
			}
		}
	})
}

// markupProblems lists the elements and attributes of a page that could run
// script: handlers, script elements other than the site's own files, and
// script or data URLs. Escaped text that merely reads like markup is fine.
func markupProblems(page []byte) []string {
	var bad []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return bad
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		src := ""
		for _, a := range tok.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(a.Key, "on"):
				bad = append(bad, fmt.Sprintf("<%s %s=%q>", tok.Data, a.Key, a.Val))
			case (a.Key == "href" || a.Key == "src" || a.Key == "action") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")):
				bad = append(bad, fmt.Sprintf("<%s %s=%q>", tok.Data, a.Key, a.Val))
			case a.Key == "src":
				src = a.Val
			}
		}
		if tok.Data == "script" && !strings.HasPrefix(src, "/_assets/") {
			bad = append(bad, fmt.Sprintf("<script src=%q>", src))
		}
	}
}
