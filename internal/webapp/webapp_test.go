package webapp_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/webapp"
)

func TestShortName(t *testing.T) {
	for name, want := range map[string]string{
		"Second Round":                   "Second Round",
		"Second Round interview guide":   "Second Round",
		"Supercalifragilistic":           "Supercalifra",
		"Café":                           "Café",
		"Über die zweite Runde im Leben": "Über die",
	} {
		var m struct {
			ShortName string `json:"short_name"`
		}
		if err := json.Unmarshal(webapp.Manifest(webapp.App{Name: name}), &m); err != nil {
			t.Fatal(err)
		}
		if m.ShortName != want {
			t.Errorf("short name of %q = %q, want %q", name, m.ShortName, want)
		}
	}
}

func TestManifest(t *testing.T) {
	icons := webapp.Icons(func(name string) (string, bool) {
		if name == "icons/maskable-512.png" {
			return "", false
		}
		return "/_assets/" + name, true
	})
	var m map[string]any
	if err := json.Unmarshal(webapp.Manifest(webapp.App{Name: "Guide", Description: "A guide", Language: "en-GB", Icons: icons}), &m); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"name": "Guide", "short_name": "Guide", "lang": "en-GB", "start_url": "/", "scope": "/", "id": "/", "display": "standalone"} {
		if m[k] != want {
			t.Errorf("%s = %v, want %v", k, m[k], want)
		}
	}
	got, _ := json.Marshal(m["icons"])
	want := `[{"purpose":"any","sizes":"any","src":"/_assets/favicon.svg","type":"image/svg+xml"},` +
		`{"purpose":"any","sizes":"192x192","src":"/_assets/icons/icon-192.png","type":"image/png"},` +
		`{"purpose":"any","sizes":"512x512","src":"/_assets/icons/icon-512.png","type":"image/png"}]`
	if string(got) != want {
		t.Errorf("icons %s\nwant %s", got, want)
	}
}

var keepList = regexp.MustCompile(`(?s)const KEEP = (\[.*?\]);`)

// kept reads the list of files a built worker keeps.
func kept(t *testing.T, worker []byte) []string {
	t.Helper()
	m := keepList.FindSubmatch(worker)
	if m == nil {
		t.Fatalf("the worker has no KEEP list:\n%.400s", worker)
	}
	var urls []string
	if err := json.Unmarshal(m[1], &urls); err != nil {
		t.Fatal(err)
	}
	return urls
}

// fileOf is the output file of a URL.
func fileOf(u string) string {
	p := strings.TrimPrefix(u, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

var assetRef = regexp.MustCompile(`="(/_assets/[^"?#]+)`)

// TestWorkerKeepsTheDay builds the knowledge base and reads its worker: it
// keeps the home page, every checklist, email and question list, and the
// offline page; every file a kept page links by content hash; and all of
// it in under 1 MB.
func TestWorkerKeepsTheDay(t *testing.T) {
	out := &output.Memory{}
	res, err := build.Once(secondround.Theme()).Build(os.DirFS(repoRoot), build.Options{}, out)
	if err != nil {
		t.Fatal(err)
	}
	urls := kept(t, out.Files["sw.js"])
	keep := map[string]bool{}
	total := 0
	for _, u := range urls {
		data, ok := out.Files[fileOf(u)]
		if !ok {
			t.Errorf("the worker keeps %s, which the build did not write", u)
		}
		keep[u] = true
		total += len(data)
	}
	want := []string{"/", site.OfflineURL, site.ManifestURL}
	for _, kind := range []string{"checklist", "email", "questions"} {
		pages := res.Site.OfKind(kind)
		if len(pages) == 0 {
			t.Errorf("the knowledge base has no %s", kind)
		}
		for _, p := range pages {
			want = append(want, p.URL)
		}
	}
	for _, u := range want {
		if !keep[u] {
			t.Errorf("the worker does not keep %s", u)
		}
	}
	for _, p := range res.Site.OfKind("article") {
		if keep[p.URL] {
			t.Errorf("the worker keeps the article %s on a first visit: articles are kept as they are read", p.URL)
		}
	}
	for _, u := range urls {
		for _, m := range assetRef.FindAllSubmatch(out.Files[fileOf(u)], -1) {
			if ref := string(m[1]); !strings.HasPrefix(ref, "/_assets/search/") && !keep[ref] {
				t.Errorf("%s links %s, which the worker does not keep: the worker would refuse to install", u, ref)
			}
		}
	}
	t.Logf("the worker keeps %d files, %d bytes, on a first visit", len(urls), total)
	if total >= 1<<20 {
		t.Errorf("the worker keeps %d bytes on a first visit, want under 1 MB", total)
	}
}

// TestWorkerVersion builds a small site again and again: the worker is the
// same when nothing it keeps changed, even when an article did, and names
// a new version when a kept page changes.
func TestWorkerVersion(t *testing.T) {
	src := fstest.MapFS{
		"content/_index.md":            {Data: []byte("---\ntitle: Guide\n---\nHello.\n")},
		"content/checklists/_index.md": {Data: []byte("---\ntitle: Checklists\n---\n")},
		"content/checklists/day.md":    {Data: []byte("---\ntitle: The day\nkind: checklist\ndate: 2026-01-02\ntags: [day]\n---\n- [ ] Pack a pen\n")},
		"content/articles/essay.md":    {Data: []byte("---\ntitle: An essay\ndate: 2026-01-01\ntags: [essays]\n---\nThe first version.\n")},
	}
	worker := func() string {
		out := &output.Memory{}
		if _, err := build.Once(secondround.Theme()).Build(src, build.Options{}, out); err != nil {
			t.Fatal(err)
		}
		return string(out.Files["sw.js"])
	}
	first := worker()
	if again := worker(); again != first {
		t.Fatal("two builds of one site make two workers")
	}
	src["content/articles/essay.md"] = &fstest.MapFile{Data: []byte("---\ntitle: An essay\ndate: 2026-01-01\ntags: [essays]\n---\nThe second version.\n")}
	if w := worker(); w != first {
		t.Error("an edit to an article no kept page shows made a new worker")
	}
	src["content/checklists/day.md"] = &fstest.MapFile{Data: []byte("---\ntitle: The day\nkind: checklist\ndate: 2026-01-02\ntags: [day]\n---\n- [ ] Pack two pens\n")}
	w := worker()
	if w == first {
		t.Error("an edit to a kept checklist made the same worker")
	}
	if strings.Join(kept(t, []byte(w)), " ") != strings.Join(kept(t, []byte(first)), " ") {
		t.Error("an edit to a page's text changed what the worker keeps")
	}
}
