package a11y

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
)

// repoRoot is the knowledge base these tests check: the repository itself.
const repoRoot = "../.."

// buildSite builds the repository's real content into a fresh folder and
// returns the folder and the site model.
func buildSite(t *testing.T) (string, *site.Site) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	w, err := output.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.New(secondround.Theme()).Build(os.DirFS(repoRoot), build.Options{}, w)
	if err != nil {
		w.Abort()
		t.Fatalf("building the repository's content: %v", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return dir, res.Site
}

// serve serves a built site the way a static host does.
func serve(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// tool finds a checker: the file named by the environment variable env, else
// the first of the npm-relative paths under the usual install folders. When
// nothing is found it skips the test, or fails it in CI.
func tool(t *testing.T, env, inNodeModules, install string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("$%s: %v", env, err)
		}
		return p
	}
	var prefixes []string
	if d := os.Getenv("VNU_DIR"); d != "" {
		prefixes = append(prefixes, d)
	}
	prefixes = append(prefixes, "/tmp/secondround-tools", "/tmp/vnu", repoRoot)
	for _, pre := range prefixes {
		p := filepath.Join(pre, "node_modules", filepath.FromSlash(inNodeModules))
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	missing(t, inNodeModules+" is not installed ("+install+", or set $"+env+")")
	return ""
}

// java finds the Java runtime vnu.jar needs.
func java(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("java")
	if err != nil {
		missing(t, "java is not installed (apt-get install default-jre-headless)")
	}
	return p
}

func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI must run this test", what)
	}
	t.Skipf("%s; skipping", what)
}

// samples picks the page that stands for each kind of page: the one that
// shows the most of the layout (table of contents, tags, previous and next,
// related pages), then the longest, so that the checks meet the most markup.
func samples(s *site.Site) map[string]*site.Page {
	out := map[string]*site.Page{}
	for _, kind := range []string{"article", "checklist", "questions", "email"} {
		for _, p := range s.OfKind(kind) {
			if q := out[kind]; q == nil || richer(p, q) {
				out[kind] = p
			}
		}
	}
	return out
}

func richer(p, q *site.Page) bool {
	if a, b := features(p), features(q); a != b {
		return a > b
	}
	return len(p.Content()) > len(q.Content())
}

func features(p *site.Page) int {
	n := 0
	for _, has := range []bool{len(p.TOC) > 0, len(p.TagList) > 0, p.Prev != nil, p.Next != nil, len(p.Related) > 0} {
		if has {
			n++
		}
	}
	return n
}
