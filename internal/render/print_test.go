package render_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// packSite has checklists in two tags, a draft checklist, and a tag with
// no checklist, and links to the packs from an article.
func packSite() fstest.MapFS {
	return fstest.MapFS{
		"content/_index.md":            file("---\ntitle: Packs\nbase_url: https://packs.example/\n---\n"),
		"content/checklists/_index.md": file("---\ntitle: Checklists\n---\n"),
		"content/checklists/b.md": file("---\ntitle: B list\nkind: checklist\nweight: 2\ntags: [travel]\n---\n" +
			"## Arrival\n\n- [ ] one\n- [x] two\n"),
		"content/checklists/a.md": file("---\ntitle: A list\nkind: checklist\nweight: 1\ntags: [travel, Day Of]\n---\n" +
			"## Arrival\n\n- [ ] one[^1]\n  - [ ] nested\n\n[^1]: A note.\n"),
		"content/checklists/draft.md": file("---\ntitle: Draft list\nkind: checklist\ndraft: true\ntags: [secret]\n---\n- [ ] x\n"),
		"content/articles/read.md": file("---\ntitle: Read\ntags: [reading]\n---\n" +
			"Print [all](/checklists/print/) or [travel](/tags/travel/print/).\n"),
	}
}

func TestPrintPacks(t *testing.T) {
	out := &output.Memory{}
	res, err := build.New(secondround.Theme()).Build(packSite(), build.Options{}, out)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, p := range res.Problems {
		t.Errorf("problem: %s", p)
	}
	var packs []string
	for name := range out.Files {
		if strings.HasSuffix(name, "/print/index.html") {
			packs = append(packs, name)
		}
	}
	sort.Strings(packs)
	want := []string{"checklists/print/index.html", "tags/day-of/print/index.html", "tags/travel/print/index.html"}
	if strings.Join(packs, " ") != strings.Join(want, " ") {
		t.Errorf("packs = %v, want %v (none for a tag without checklists or for drafts)", packs, want)
	}

	all := string(out.Files["checklists/print/index.html"])
	a, b := strings.Index(all, "<h1 id=\"checklists-a--title\">A list</h1>"), strings.Index(all, "<h1 id=\"checklists-b--title\">B list</h1>")
	if a < 0 || b < 0 || a > b {
		t.Errorf("the pack lists A list then B list (by weight); got positions %d, %d in\n%s", a, b, all)
	}
	if strings.Contains(all, "Draft list") {
		t.Error("the pack holds a draft")
	}
	if got := strings.Count(all, `class="print-pack-item"`); got != 2 {
		t.Errorf("the pack has %d checklists, want 2", got)
	}
	// Two checklists on one page: every id once, every label and #link
	// pointing at an id of the page.
	ids := map[string]int{}
	for _, m := range regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(all, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q appears %d times in the pack", id, n)
		}
	}
	for _, m := range regexp.MustCompile(` (?:for="|href="#)([^"]*)"`).FindAllStringSubmatch(all, -1) {
		if ids[m[1]] == 0 {
			t.Errorf("%s points at no id of the pack", m[0])
		}
	}
	if !strings.Contains(all, ` id="checklists-b--task-2" checked=""`) {
		t.Error("a box ticked in the source (- [x]) is not ticked in the pack")
	}

	travel := string(out.Files["tags/travel/print/index.html"])
	if strings.Count(travel, `class="print-pack-item"`) != 2 {
		t.Errorf("the travel pack does not hold both checklists")
	}
	dayOf := string(out.Files["tags/day-of/print/index.html"])
	if strings.Count(dayOf, `class="print-pack-item"`) != 1 || !strings.Contains(dayOf, "A list") {
		t.Errorf("the Day Of pack should hold A list alone")
	}
	if tag := string(out.Files["tags/travel/index.html"]); !strings.Contains(tag, `href="/tags/travel/print/"`) {
		t.Error("the tag page does not link to its pack")
	}
	if list := string(out.Files["checklists/index.html"]); !strings.Contains(list, `href="/checklists/print/"`) {
		t.Error("the checklists section does not link to the pack")
	}
	read := string(out.Files["articles/read/index.html"])
	if !strings.Contains(read, `href="/checklists/print/"`) || !strings.Contains(read, `href="/tags/travel/print/"`) {
		t.Errorf("links to the packs did not resolve:\n%s", read)
	}
}

// TestPrintPackClash reports a page that sits where a pack goes.
func TestPrintPackClash(t *testing.T) {
	fsys := packSite()
	fsys["content/checklists/print.md"] = file("---\ntitle: Print\n---\nA page in the way.\n")
	_, err := build.New(secondround.Theme()).Build(fsys, build.Options{}, &output.Memory{})
	if err == nil || !strings.Contains(err.Error(), "content/checklists/print.md") || !strings.Contains(err.Error(), "print pack") {
		t.Errorf("want an error naming content/checklists/print.md and the print pack, got %v", err)
	}
}
