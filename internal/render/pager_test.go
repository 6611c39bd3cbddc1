package render_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
	sitemodel "github.com/secondround/secondround/internal/site"
)

func TestLongListsArePaginated(t *testing.T) {
	site := fstest.MapFS{"content/_index.md": {Data: []byte("---\ntitle: T\n---\n")}}
	n := 2*sitemodel.PageSize + 20
	for i := 0; i < n; i++ {
		site[fmt.Sprintf("content/notes/n%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Note %03d\ndate: 2026-01-01\ntags: [all]\n---\nx\n", i))}
	}
	out := &output.Memory{}
	if _, err := build.New(secondround.Theme()).Build(site, build.Options{}, out); err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"notes/", "tags/all/"} {
		first, second, last := string(out.Files[base+"index.html"]), string(out.Files[base+"page/2/index.html"]), string(out.Files[base+"page/3/index.html"])
		if first == "" || second == "" || last == "" || out.Files[base+"page/4/index.html"] != nil {
			t.Fatalf("%s: want exactly 3 parts", base)
		}
		if c := strings.Count(last, `class="page-card"`); c != 20 {
			t.Errorf("%s page 3 lists %d pages, want 20", base, c)
		}
		if c := strings.Count(first, `class="page-card"`); c != sitemodel.PageSize {
			t.Errorf("%s page 1 lists %d pages, want %d", base, c, sitemodel.PageSize)
		}
		for _, want := range []string{`href="/` + base + `" rel="prev"`, `href="/` + base + `page/3/" rel="next"`, "Page 2 of 3", `<link rel="canonical" href="/` + base + `page/2/">`} {
			if !strings.Contains(second, want) {
				t.Errorf("%s page 2 lacks %s", base, want)
			}
		}
		if strings.Contains(first, `rel="prev"`) || strings.Contains(last, `rel="next"`) {
			t.Errorf("%s: the ends link past themselves", base)
		}
	}
}
