package site

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
)

func TestTagFolding(t *testing.T) {
	for _, tc := range []struct{ name, key, slug string }{
		{"Salary Negotiation", "salary-negotiation", "salary-negotiation"},
		{"salary negotiation", "salary-negotiation", "salary-negotiation"},
		{"SALARY-NEGOTIATION", "salary-negotiation", "salary-negotiation"},
		{"salary_negotiation ", "salary-negotiation", "salary-negotiation"},
		{"négociation", "négociation", "negociation"},
		{"negociation", "negociation", "negociation"},
		{"C++", "c++", "c-plus-plus"},
		{"C#", "c#", "c-sharp"},
		{"Q&A", "q&a", "q-and-a"},
		{"面试", "面试", "tag-" + TagSlug("面试")[4:]},
	} {
		if k := TagKey(tc.name); k != tc.key {
			t.Errorf("TagKey(%q) = %q, want %q", tc.name, k, tc.key)
		}
		if s := TagSlug(tc.name); s != tc.slug {
			t.Errorf("TagSlug(%q) = %q, want %q", tc.name, s, tc.slug)
		}
	}
	if a, b := TagSlug("面试"), TagSlug("面接"); a == b || !strings.HasPrefix(a, "tag-") {
		t.Errorf("scripts without ASCII: %q and %q", a, b)
	}
}

// build makes a site from files given as path → source, at
// https://example.org/ unless cfg says otherwise.
func build(t *testing.T, files map[string]string, cfg Config) (*Site, diag.List) {
	t.Helper()
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://example.org/"
	}
	var probs diag.List
	s := New(Input{Content: load(t, files)}, cfg, &probs)
	return s, probs
}

// load loads files given as path → source; those not ending in .md are
// files beside the pages. Given a cache, a file loaded before with the same
// bytes is the same *content.Page, as in watch mode.
func load(t *testing.T, files map[string]string, cache ...*content.Cache) *content.Result {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	var c *content.Cache
	if len(cache) > 0 {
		c = cache[0]
	}
	res := content.Load(fsys, markdown.New(), c)
	if len(res.Problems) > 0 {
		t.Fatalf("content problems: %v", res.Problems)
	}
	return res
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

func page(date string, tags ...string) string {
	return fmt.Sprintf("---\ntitle: P %s\ndate: %s\ntags: [%s]\n---\nx\n", date, date, strings.Join(tags, ", "))
}

func TestTagsAndRelated(t *testing.T) {
	s, probs := build(t, map[string]string{
		"content/a.md":     page("2026-01-01", "Salary Negotiation", "follow-up", "panel"),
		"content/b.md":     page("2026-01-02", "salary negotiation", "follow-up"),
		"content/c.md":     page("2026-01-03", "SALARY-NEGOTIATION"),
		"content/d.md":     page("2026-01-04", "follow-up", "panel"),
		"content/e.md":     page("2026-01-05", "unrelated"),
		"content/f.md":     page("2026-01-06", "salary negotiation", "follow-up", "panel"),
		"content/draft.md": "---\ntitle: D\ndate: 2026-02-01\ndraft: true\ntags: [panel, follow-up, salary negotiation]\n---\nx\n",
	}, Config{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var names []string
	for _, tag := range s.Tags {
		names = append(names, fmt.Sprintf("%s=%s(%d)", tag.Slug, tag.Name, len(tag.Pages)))
	}
	want := []string{"follow-up=follow-up(4)", "panel=panel(3)", "salary-negotiation=salary negotiation(4)", "unrelated=unrelated(1)"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("tags %v, want %v", names, want)
	}
	a := s.PageByURL("/a/")
	var related []string
	for _, r := range a.Related {
		related = append(related, r.URL)
	}
	// f shares all three tags; b and d share two (d is newer); c one.
	if want := []string{"/f/", "/d/", "/b/", "/c/"}; !reflect.DeepEqual(related, want) {
		t.Errorf("related to /a/: %v, want %v", related, want)
	}
	if len(s.PageByURL("/e/").Related) != 0 {
		t.Errorf("a page with a unique tag has related pages")
	}
	if tag := s.Tags[2]; tag.Pages[0].URL != "/f/" || tag.Pages[3].URL != "/a/" {
		t.Errorf("tag pages not newest first: %v", tag.Pages)
	}
}

func TestRelatedAtMostFive(t *testing.T) {
	files := map[string]string{}
	for i := 1; i <= 9; i++ {
		files[fmt.Sprintf("content/p%d.md", i)] = page(fmt.Sprintf("2026-01-%02d", i), "same")
	}
	s, _ := build(t, files, Config{})
	for _, p := range s.Regular {
		if len(p.Related) != 5 {
			t.Fatalf("%s has %d related pages", p.URL, len(p.Related))
		}
		for _, r := range p.Related {
			if r == p {
				t.Fatalf("%s is related to itself", p.URL)
			}
		}
	}
}

func TestLinks(t *testing.T) {
	files := map[string]string{
		"content/_index.md":           "---\ntitle: Home\n---\n[a](articles/a.md)\n",
		"content/articles/_index.md":  "---\ntitle: Articles\n---\nx\n",
		"content/articles/a.md":       "---\ntitle: A\nslug: renamed\n---\n## Top part\n\nx\n",
		"content/emails/thank-you.md": "---\ntitle: T\n---\n## The email\n\nx\n",
	}
	for _, tc := range []struct {
		link, want, problem string
	}{
		{"a.md", "/articles/renamed/", ""},
		{"./a.md#top-part", "/articles/renamed/#top-part", ""},
		{"../emails/thank-you.md", "/emails/thank-you/", ""},
		{"/content/emails/thank-you.md#the-email", "/emails/thank-you/#the-email", ""},
		{"/emails/thank-you.md", "/emails/thank-you/", ""},
		{"/emails/thank-you/", "/emails/thank-you/", ""},
		{"/emails/thank-you", "/emails/thank-you/", ""},
		{"../renamed/", "/articles/renamed/", ""},
		{"_index.md", "/articles/", ""},
		{"../_index.md", "/", ""},
		{"/tags/", "/tags/", ""},
		{"img.png", "/articles/img.png", ""},
		{"a.md?x=1#top-part", "/articles/renamed/?x=1#top-part", ""},
		{"#here", "#here", ""},
		{"b.md", "", `link "b.md" points to no page: no file content/articles/b.md`},
		{"../nowhere/", "", `link "../nowhere/" points to no page`},
		{"a.md#nope", "", `link "a.md#nope": content/articles/a.md has no heading with id "nope" (its headings: #top-part)`},
		{"#nope", "", `link "#nope" points to no heading of this page (its headings: #here)`},
	} {
		t.Run(tc.link, func(t *testing.T) {
			f := map[string]string{"content/articles/x.md": "---\ntitle: X\n---\n## Here\n\n[l](" + tc.link + ")\n"}
			for k, v := range files {
				f[k] = v
			}
			f["content/articles/img.png"] = "PNG"
			s, probs := build(t, f, Config{})
			var got []string
			for _, p := range probs {
				got = append(got, p.Msg)
			}
			if tc.problem != "" {
				if len(got) != 1 || got[0] != tc.problem || probs[0].Line != 6 || probs[0].File != "content/articles/x.md" {
					t.Fatalf("problems %v (line %d), want %q at line 6", got, probs[0].Line, tc.problem)
				}
				return
			}
			if len(got) > 0 {
				t.Fatalf("problems: %v", got)
			}
			html := string(s.PageByURL("/articles/x/").Content())
			if !strings.Contains(html, `href="`+tc.want+`"`) {
				t.Fatalf("link not rewritten to %s: %s", tc.want, html)
			}
		})
	}
}

func TestWarnLinks(t *testing.T) {
	_, probs := build(t, map[string]string{"content/x.md": "---\ntitle: X\n---\n[l](nope.md)\n"}, Config{WarnLinks: true})
	if len(probs) != 1 || !probs[0].Warning || probs.Errors() != 0 {
		t.Fatalf("want one warning, got %v", probs)
	}
}

func TestSectionsAndNavigation(t *testing.T) {
	s, probs := build(t, map[string]string{
		"content/guides/_index.md":     "---\ntitle: Guides\n---\nx\n",
		"content/guides/b.md":          "---\ntitle: B\ndate: 2026-01-02\n---\nx\n",
		"content/guides/a.md":          "---\ntitle: A\ndate: 2026-01-01\nweight: 1\n---\nx\n",
		"content/guides/c.md":          "---\ntitle: C\ndate: 2026-01-02\n---\nx\n",
		"content/guides/deep/inner.md": "---\ntitle: Inner\n---\nx\n",
	}, Config{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	g := s.PageByURL("/guides/")
	var order []string
	for _, p := range g.Pages {
		order = append(order, p.Title)
	}
	if want := []string{"A", "B", "C", "Deep"}; !reflect.DeepEqual(order, want) {
		t.Errorf("section order %v, want %v", order, want)
	}
	b := s.PageByURL("/guides/b/")
	if b.Prev == nil || b.Next == nil || b.Prev.Title != "A" || b.Next.Title != "C" {
		t.Errorf("prev/next of B: %v %v", b.Prev, b.Next)
	}
	inner := s.PageByURL("/guides/deep/inner/")
	var crumbs []string
	for _, c := range inner.Breadcrumbs() {
		crumbs = append(crumbs, c.URL)
	}
	if want := []string{"/", "/guides/", "/guides/deep/"}; !reflect.DeepEqual(crumbs, want) {
		t.Errorf("breadcrumbs %v, want %v", crumbs, want)
	}
}

func TestAliasClash(t *testing.T) {
	_, probs := build(t, map[string]string{
		"content/a.md": "---\ntitle: A\naliases: [/b/]\n---\nx\n",
		"content/b.md": "---\ntitle: B\n---\nx\n",
	}, Config{})
	if len(probs) != 1 || !strings.Contains(probs[0].String(), "content/a.md:3:11: aliases: /b/ is the URL of content/b.md") {
		t.Fatalf("got %v", probs)
	}
}

// TestRelatedMatchesBruteForce checks the bitset scan against the plain
// definition (most shared tags, then newest) on random sites big enough to
// span many words of the bitsets, with few and many tags per page.
func TestRelatedMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ pages, tags, perPage int }{{300, 4, 3}, {500, 12, 4}, {700, 40, 2}, {200, 3, 1}} {
		files := map[string]string{}
		for i := range tc.pages {
			var tags []string
			for range 1 + rng.IntN(tc.perPage) {
				tags = append(tags, fmt.Sprintf("t%d", rng.IntN(tc.tags)))
			}
			day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
			files[fmt.Sprintf("content/p%04d.md", i)] = page(day.Format("2006-01-02"), tags...)
		}
		s, probs := build(t, files, Config{})
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		for _, p := range s.Regular {
			shared := func(q *Page) int {
				n := 0
				for _, a := range p.TagList {
					if slices.Contains(q.TagList, a) {
						n++
					}
				}
				return n
			}
			var want []*Page
			for _, q := range s.Regular { // newest first
				if q != p && shared(q) > 0 {
					want = append(want, q)
				}
			}
			sort.SliceStable(want, func(i, j int) bool { return shared(want[i]) > shared(want[j]) })
			want = want[:min(len(want), maxRelated)]
			if !slices.Equal(p.Related, want) {
				t.Fatalf("%d pages, %d tags: related to %s = %v, want %v", tc.pages, tc.tags, p.URL, urls(p.Related), urls(want))
			}
		}
	}
}

func urls(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.URL)
	}
	return out
}

// TestPageCopiesMatchSource checks that every page's copies of its source's
// fields (see SetSource) equal the source's, on a fresh site, on one that
// Update gave a page's new body, and for the pages the build makes up.
func TestPageCopiesMatchSource(t *testing.T) {
	files := map[string]string{
		"content/_index.md":           "---\ntitle: Home\n---\nx\n",
		"content/guides/_index.md":    "---\ntitle: Guides\nsummary: All of them.\n---\nx\n",
		"content/guides/a.md":         "---\ntitle: A\nsummary: S.\ndate: 2026-01-01\nupdated: 2026-02-01\nslug: aa\ntags: [x]\nnote: n\n---\nx\n",
		"content/other/deep/inner.md": "---\ntitle: Inner\nkind: checklist\n---\n- [ ] x\n",
	}
	check := func(s *Site) {
		t.Helper()
		for _, p := range s.Pages {
			cp := p.Page
			if p.Title != cp.Title || p.Summary != cp.Summary || p.Kind != cp.Kind || p.Slug != cp.Slug ||
				p.File != cp.File || !p.Date.Equal(cp.Date) || !p.Updated.Equal(cp.Updated) ||
				!reflect.DeepEqual(p.Params, cp.Params) {
				t.Errorf("%s: copies %q %q %q %q %q %v %v %v differ from the source's", p.URL,
					p.Title, p.Summary, p.Kind, p.Slug, p.File, p.Date, p.Updated, p.Params)
			}
		}
	}
	cache := content.NewCache()
	var probs diag.List
	cfg := Config{BaseURL: "https://example.org/"}
	s := New(Input{Content: load(t, files, cache)}, cfg, &probs)
	check(s)
	before := s.PageByURL("/guides/aa/").Page
	files["content/guides/a.md"] = strings.Replace(files["content/guides/a.md"], "note: n", "note: m", 1) + "more\n"
	changed, ok := s.Update(Input{Content: load(t, files, cache)}, cfg, &probs)
	if !ok || len(changed) != 1 || changed[0] != s.PageByURL("/guides/aa/") || changed[0].Page == before {
		t.Fatalf("Update: %v %v", changed, ok)
	}
	check(s)
}

// TestUpdate checks which edits Update takes in place (bodies of regular
// pages, their print pack copies included) and which need a new site.
func TestUpdate(t *testing.T) {
	base := map[string]string{
		"content/_index.md":            "---\ntitle: Home\nbase_url: https://example.org/\n---\nx\n",
		"content/checklists/_index.md": "---\ntitle: Lists\n---\nx\n",
		"content/checklists/a.md":      "---\ntitle: A\nsummary: S.\nkind: checklist\ntags: [t]\n---\n- [ ] one\n",
		"content/notes/b.md":           "---\ntitle: B\ntags: [t]\n---\n## Part\n\ntext\n",
		"content/notes/c.md":           "---\ntitle: C\n---\n[to b](b.md#part)\n",
		"content/notes/img.png":        "PNG",
	}
	edit := func(file, from, to string) map[string]string {
		f := maps.Clone(base)
		if file != "" {
			if !strings.Contains(f[file], from) {
				t.Fatalf("%s has no %q", file, from)
			}
			f[file] = strings.Replace(f[file], from, to, 1)
		}
		return f
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		cfg   Config
		ok    bool
		probs int
	}{
		{"nothing", edit("", "", ""), Config{}, true, 0},
		{"a body", edit("content/checklists/a.md", "one", "two"), Config{}, true, 0},
		{"a heading others link to", edit("content/notes/b.md", "## Part", "## Other"), Config{}, true, 1},
		{"a param", edit("content/notes/b.md", "title: B", "title: B\nnote: x"), Config{}, true, 0},
		{"a title", edit("content/notes/b.md", "title: B", "title: Bee"), Config{}, false, 0},
		{"tags", edit("content/notes/b.md", "tags: [t]", "tags: [u]"), Config{}, false, 0},
		{"a section's body", edit("content/checklists/_index.md", "x", "y"), Config{}, false, 0},
		{"the home page", edit("content/_index.md", "x", "y"), Config{}, false, 0},
		{"settings", edit("", "", ""), Config{Drafts: true}, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := content.NewCache()
			var probs diag.List
			s := New(Input{Content: load(t, base, cache)}, Config{}, &probs)
			packs := 0
			for _, o := range s.Outputs() {
				if o.Kind == PrintPackOutput {
					packs++
				}
			}
			if packs != 2 {
				t.Fatalf("%d print packs, want 2", packs)
			}
			probs = nil
			changed, ok := s.Update(Input{Content: load(t, tc.files, cache)}, tc.cfg, &probs)
			if ok != tc.ok || len(probs) != tc.probs {
				t.Fatalf("Update = %v with problems %v, want %v with %d", ok, probs, tc.ok, tc.probs)
			}
			if !ok {
				return
			}
			fresh, _ := build(t, tc.files, Config{})
			for i, o := range s.Outputs() {
				f := fresh.Outputs()[i]
				if o.Path != f.Path || (o.Page != nil) != (f.Page != nil) {
					t.Fatalf("outputs differ: %s, %s", o.Path, f.Path)
				}
				if o.Page != nil && (o.Page.Content() != f.Page.Content() || !reflect.DeepEqual(o.Page.Params, f.Page.Params)) {
					t.Errorf("%s: the updated site shows %q, a fresh one %q", o.Path, o.Page.Content(), f.Page.Content())
				}
				if o.Kind != PrintPackOutput {
					continue
				}
				for j, c := range o.Page.Pages {
					if c.Content() != f.Page.Pages[j].Content() {
						t.Errorf("%s: pack copy %s shows %q, a fresh one %q", o.Path, c.URL, c.Content(), f.Page.Pages[j].Content())
					}
				}
			}
			for _, p := range changed {
				if p.Content() != fresh.PageByURL(p.URL).Content() {
					t.Errorf("%s was not given its new body", p.URL)
				}
			}
		})
	}
}

func TestSectionOrder(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	page := func(url string, section bool, weight int, date time.Time, title string) *Page {
		p := &Page{URL: url, IsSection: section}
		p.SetSource(&content.Page{Meta: content.Meta{Weight: weight, Date: date, Title: title}})
		return p
	}
	// want is the order sectionOrder must give; the test sorts every
	// rotation of it, so the input order cannot decide ties.
	want := []*Page{
		page("/s/neg/", false, -3, time.Time{}, ""),
		page("/s/w1/", false, 1, day(1), ""),
		page("/s/w2-new/", false, 2, day(9), ""),
		page("/s/w2-old/", false, 2, day(2), ""),
		page("/s/newest/", false, 0, day(20), ""),
		page("/s/b/", false, 0, day(10), "Alpha"),
		page("/s/a2/", false, 0, day(10), "Beta"),
		page("/s/a3/", false, 0, day(10), "Beta"),
		page("/s/undated/", false, 0, time.Time{}, ""),
		page("/s/sub/", true, 1, time.Time{}, ""),
		page("/s/sub2/", true, 0, day(3), ""),
	}
	for r := range want {
		got := append(slices.Clone(want[r:]), want[:r]...)
		slices.SortFunc(got, sectionOrder)
		if !slices.Equal(got, want) {
			var urls []string
			for _, p := range got {
				urls = append(urls, p.URL)
			}
			t.Fatalf("rotation %d sorts to %v", r, urls)
		}
	}
}

func TestUnlistedPage(t *testing.T) {
	s, probs := build(t, map[string]string{
		"content/contributing.md": "---\ntitle: For authors\nlist: false\ntags: [site]\n---\nHow to write.\n",
		"content/articles/a.md":   "---\ntitle: A\ndate: 2026-01-01\ntags: [site]\n---\nText.\n",
		"content/articles/b.md":   "---\ntitle: B\ndate: 2026-01-02\ntags: [site]\n---\nText.\n",
	}, Config{})
	guide := s.PageByURL("/contributing/")
	if guide == nil {
		t.Fatal("the unlisted page is not built")
	}
	if slices.Contains(s.Regular, guide) || slices.Contains(s.Home.Pages, guide) {
		t.Error("the unlisted page is listed")
	}
	if !slices.Equal(s.Unlisted, []*Page{guide}) {
		t.Errorf("Unlisted = %v", s.Unlisted)
	}
	if len(guide.TagList) != 0 || len(s.Tags) != 1 || len(s.Tags[0].Pages) != 2 {
		t.Errorf("tags: the guide has %v; the site has %d tags", guide.TagList, len(s.Tags))
	}
	for _, p := range s.Regular {
		if slices.Contains(p.Related, guide) {
			t.Errorf("%s lists the unlisted page as related", p.URL)
		}
	}
	want := []string{"content/contributing.md:4: warning: tags: a page with list: false is on no tag's page: remove its tags"}
	if got := problemStrings(probs); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRoutes(t *testing.T) {
	pages := map[string]string{
		"content/articles/a.md":   "---\ntitle: A\ndate: 2026-01-01\ntags: [invited-back]\n---\nText.\n",
		"content/emails/b.md":     "---\ntitle: B\ndate: 2026-01-02\ntags: [invited-back]\n---\nText.\n",
		"content/articles/now.md": "---\ntitle: Tonight\ndate: 2026-01-02\n---\nText.\n",
	}
	with := func(home string) map[string]string {
		files := map[string]string{"content/_index.md": home}
		for k, v := range pages {
			files[k] = v
		}
		return files
	}
	s, probs := build(t, with("---\ntitle: Home\nprocess:\n  - title: Invited back\n    summary: Saying yes.\n    tag: Invited back\n    pages: [articles/a.md, /emails/b/]\ntomorrow:\n  title: Interview tomorrow?\n  pages: [/content/articles/now.md]\n---\nHi.\n"), Config{})
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if len(s.Process) != 1 {
		t.Fatalf("process: %+v", s.Process)
	}
	r := s.Process[0]
	if r.Title != "Invited back" || r.Summary != "Saying yes." || r.Tag == nil || r.Tag.Slug != "invited-back" ||
		len(r.Pages) != 2 || r.Pages[0].URL != "/articles/a/" || r.Pages[1].URL != "/emails/b/" {
		t.Errorf("stage: %+v", r)
	}
	if s.Tomorrow == nil || len(s.Tomorrow.Pages) != 1 || s.Tomorrow.Pages[0].URL != "/articles/now/" {
		t.Errorf("tomorrow: %+v", s.Tomorrow)
	}

	for _, tc := range []struct{ home, want string }{
		{"process: yes", `content/_index.md:3:10: process: expected a list of stages, each with title, summary and pages`},
		{"process:\n  - title: X\n    pages: [articles/a.md, articles/gone.md]", `content/_index.md:5:28: process.0.pages: "articles/gone.md" is no page: name a file below content/ (articles/x.md) or a URL (/articles/x/)`},
		{"process:\n  - pages: [articles/a.md]", `content/_index.md:4:3: process.0: title is missing: every route needs one`},
		{"process:\n  - title: X\n    tag: invited-bak\n    pages: [articles/a.md]", `content/_index.md:5:10: process.0.tag: "invited-bak" is on no page: name a tag that pages use`},
		{"tomorrow: articles/now.md", `content/_index.md:3:11: tomorrow: expected title, summary and pages, such as {title: Invited back, pages: [articles/x.md]}`},
		{"tomorrow:\n  title: T", `content/_index.md:3:1: tomorrow.pages: expected a list of pages to read, such as [articles/x.md]`},
	} {
		_, probs := build(t, with("---\ntitle: Home\n"+tc.home+"\n---\nHi.\n"), Config{})
		if got := problemStrings(probs); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.home, got, tc.want)
		}
	}
}

func problemStrings(probs diag.List) []string {
	probs.Sort()
	out := make([]string, len(probs))
	for i, p := range probs {
		out[i] = p.String()
	}
	return out
}

func TestTagAliases(t *testing.T) {
	s, probs := build(t, map[string]string{
		"content/a.md":           page("2026-01-01", "panels"),
		"content/b.md":           page("2026-01-02", "other"),
		"content/tags/panels.md": "---\ntitle: Panels\naliases: [/tags/panel-interviews/, /tags/other/]\n---\nx\n",
	}, Config{})
	if got := s.Redirects(); !reflect.DeepEqual(got, []Redirect{{From: "/tags/panel-interviews/", To: "/tags/panels/"}}) {
		t.Errorf("redirects %v", got)
	}
	want := "content/tags/panels.md:3:36: aliases: /tags/other/ is the address of a page or tag that exists: remove the alias"
	if got := problemStrings(probs); !slices.Contains(got, want) {
		t.Errorf("problems %q lack %q", got, want)
	}
}
