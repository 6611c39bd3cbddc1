package deploy

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
	"golang.org/x/net/html"
)

func load(t *testing.T) *Config {
	t.Helper()
	c, err := Load("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNetlifyConfig(t *testing.T) {
	c := load(t)
	if !strings.Contains(c.Build.Command, "./cmd/secondround build") || !strings.Contains(c.Build.Command, "-out "+c.Build.Publish) {
		t.Errorf("build command %q does not build this repository's binary into the published folder", c.Build.Command)
	}
	if c.Build.Publish != "public" {
		t.Errorf("publish = %q", c.Build.Publish)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	if m == nil || c.Build.Environment["GO_VERSION"] != string(m[1]) {
		t.Errorf("GO_VERSION %q does not match go.mod's go %s", c.Build.Environment["GO_VERSION"], m[1])
	}
	for _, ctx := range []string{"deploy-preview", "branch-deploy"} {
		if cmd := c.Context[ctx].Command; !strings.Contains(cmd, "-base-url $DEPLOY_PRIME_URL") || !strings.Contains(cmd, "./cmd/secondround build") {
			t.Errorf("context %s: command %q does not pass -base-url $DEPLOY_PRIME_URL", ctx, cmd)
		}
	}
	found404 := false
	for _, r := range c.Redirects {
		found404 = found404 || (r.From == "/*" && r.To == "/404.html" && r.Status == 404)
	}
	if !found404 {
		t.Error("no 404 rule to /404.html")
	}

	for _, p := range []string{"/", "/articles/thank-you-notes/", "/404.html", "/feed.xml", site.WorkerURL, site.ManifestURL, site.OfflineURL} {
		h := c.HeadersFor(p)
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
			"worker-src 'self'", "manifest-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP lacks %s: %q", p, want, csp)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %q", p, csp)
		}
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin-when-cross-origin",
		} {
			if h.Get(k) != want {
				t.Errorf("%s: %s = %q, want %q", p, k, h.Get(k), want)
			}
		}
		if !strings.Contains(h.Get("Permissions-Policy"), "camera=()") {
			t.Errorf("%s: Permissions-Policy %q", p, h.Get("Permissions-Policy"))
		}
		if cc := h.Get("Cache-Control"); cc != "" {
			t.Errorf("%s: HTML and feeds must be revalidated (Netlify's default), but Cache-Control = %q", p, cc)
		}
	}
}

func buildRepo(t *testing.T) map[string][]byte {
	t.Helper()
	out := &output.Memory{}
	if _, err := build.New(secondround.Theme()).Build(os.DirFS("../.."), build.Options{}, out); err != nil {
		t.Fatalf("the repository does not build:\n%v", err)
	}
	return out.Files
}

// refs lists every URL an HTML page loads or links to, with its attribute.
type ref struct{ tag, attr, val string }

func refs(page []byte) ([]ref, []string) {
	var out []ref
	var inline []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out, inline
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		hasSrc := false
		for _, a := range tok.Attr {
			switch {
			case a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "content" && strings.HasPrefix(a.Val, "/"):
				out = append(out, ref{tok.Data, a.Key, a.Val})
				hasSrc = hasSrc || a.Key == "src"
			case a.Key == "style":
				inline = append(inline, "style attribute on <"+tok.Data+">")
			case strings.HasPrefix(a.Key, "on"):
				inline = append(inline, a.Key+" handler on <"+tok.Data+">")
			case strings.HasPrefix(a.Key, "data-") && strings.HasPrefix(a.Val, "/") && strings.Contains(a.Val, "."):
				out = append(out, ref{tok.Data, a.Key, a.Val})
			}
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				inline = append(inline, "javascript: URL in "+a.Key+" of <"+tok.Data+">")
			}
		}
		switch tok.Data {
		case "style":
			inline = append(inline, "<style> element")
		case "script":
			if !hasSrc {
				inline = append(inline, "inline <script>")
			}
		}
	}
}

// TestOutputFitsTheCSP checks every built page for what the policy in
// netlify.toml would block: inline scripts, styles and handlers.
func TestOutputFitsTheCSP(t *testing.T) {
	for name, data := range buildRepo(t) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if _, inline := refs(data); len(inline) > 0 {
			t.Errorf("%s: %v", name, inline)
		}
	}
}

var hashed = regexp.MustCompile(`\.[0-9a-f]{10}\.[a-z0-9]+$`)

// TestAssetsAreFingerprintedAndCached checks that every script, stylesheet,
// icon and index file that a page loads has a content-hashed name that the
// year-long cache rule covers, and exists in the output.
func TestAssetsAreFingerprintedAndCached(t *testing.T) {
	c := load(t)
	out := buildRepo(t)
	seen := map[string]bool{}
	for name, data := range out {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		rs, _ := refs(data)
		for _, r := range rs {
			asset := false
			switch {
			case r.tag == "script" && r.attr == "src", r.tag == "link" && r.attr == "href" && !strings.HasSuffix(r.val, ".xml") && !strings.HasSuffix(r.val, "/"),
				r.tag == "img" && r.attr == "src" && strings.HasPrefix(r.val, "/_assets/"), strings.HasPrefix(r.attr, "data-"):
				asset = strings.HasPrefix(r.val, "/")
			}
			if !asset || seen[r.val] {
				continue
			}
			seen[r.val] = true
			p := strings.SplitN(r.val, "?", 2)[0]
			if p == "/"+site.SearchManifest || p == site.ManifestURL || p == site.WorkerURL {
				// The files with a lasting name, so that pages need not
				// change when they do (the search index's manifest), or
				// since browsers know them by it (the web app manifest,
				// the service worker): they must be revalidated, never
				// cached as immutable.
				if cc := c.HeadersFor(p).Get("Cache-Control"); cc != "" {
					t.Errorf("%s must be revalidated, but Cache-Control = %q", p, cc)
				}
				if _, ok := out[strings.TrimPrefix(p, "/")]; !ok {
					t.Errorf("%s is linked but not built", p)
				}
				continue
			}
			if !strings.HasPrefix(p, "/_assets/") || !hashed.MatchString(path.Base(p)) {
				t.Errorf("%s: <%s %s=%q> is not a fingerprinted asset under /_assets/", name, r.tag, r.attr, r.val)
				continue
			}
			if _, ok := out[strings.TrimPrefix(p, "/")]; !ok {
				t.Errorf("%s: <%s %s=%q> is not in the output", name, r.tag, r.attr, r.val)
			}
			cc := c.HeadersFor(p).Get("Cache-Control")
			if !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
				t.Errorf("%s is not cached for a year as immutable: Cache-Control %q", p, cc)
			}
		}
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) < 3 {
		t.Errorf("found only these assets: %v", names)
	}
	t.Logf("assets: %v", names)
}

func TestMatches(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/a/b.css", true},
		{"/_assets/*", "/_assets/css/site.0123456789.css", true},
		{"/_assets/*", "/css/site.css", false},
		{"/feed.xml", "/feed.xml", true},
		{"/feed.xml", "/feed.xmlx", false},
		{"/a.b/*", "/aXb/c", false},
	} {
		if got := Matches(tc.pattern, tc.path); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
}

// TestHandler serves a small built site as Netlify would: its headers, the
// 404 page for a missing file, and no redirect to https.
func TestHandler(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"index.html": "home", "404.html": "missing", "a/index.html": "page a", "sw.js": "// worker",
		"manifest.webmanifest": "{}", "_assets/css/site.0123456789.css": "body{}", "empty/.keep": "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(load(t).Handler(dir))
	defer srv.Close()
	for _, tc := range []struct {
		path, body, ctype, cache string
		status                   int
	}{
		{"/", "home", "text/html", "", 200},
		{"/a/", "page a", "text/html", "", 200},
		{"/nope/", "missing", "text/html", "", 404},
		{"/empty/", "missing", "text/html", "", 404},
		{"/sw.js", "// worker", "javascript", "", 200},
		{"/manifest.webmanifest", "{}", "application/manifest+json", "", 200},
		{"/_assets/css/site.0123456789.css", "body{}", "text/css", "immutable", 200},
	} {
		res, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		switch {
		case res.StatusCode != tc.status || string(body) != tc.body:
			t.Errorf("%s: %d %q, want %d %q", tc.path, res.StatusCode, body, tc.status, tc.body)
		case !strings.Contains(res.Header.Get("Content-Type"), tc.ctype):
			t.Errorf("%s: Content-Type %q, want %s", tc.path, res.Header.Get("Content-Type"), tc.ctype)
		case !strings.Contains(csp, "worker-src 'self'") || strings.Contains(csp, "upgrade-insecure-requests"):
			t.Errorf("%s: CSP %q", tc.path, csp)
		case res.Header.Get("Strict-Transport-Security") != "":
			t.Errorf("%s: sends Strict-Transport-Security on a loopback address", tc.path)
		case !strings.Contains(res.Header.Get("Cache-Control"), tc.cache) || tc.cache == "" && res.Header.Get("Cache-Control") != "":
			t.Errorf("%s: Cache-Control %q", tc.path, res.Header.Get("Cache-Control"))
		}
	}
}
