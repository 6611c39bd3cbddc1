package build

import (
	"os"
	"testing"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
)

// TestKnowledgeBaseConventions checks the conventions of the repository's
// own content (content/contributing.md documents them for authors): every
// page has a title, date, summary, kind and 2 to 5 tags; every tag has a
// description; every checklist has task items and fits on a printed page;
// every email has a subject and a body.
func TestKnowledgeBaseConventions(t *testing.T) {
	res, err := New(secondround.Theme()).Build(os.DirFS("../.."), Options{}, &output.Discard{})
	if err != nil {
		t.Fatalf("the repository's content does not build:\n%v", err)
	}
	s := res.Site
	kinds := map[string]int{}
	for _, p := range s.Regular {
		kinds[p.Kind]++
		if !p.TitleSet || p.Date.IsZero() || p.Summary == "" || !hasKey(p, "kind") || !hasKey(p, "summary") {
			t.Errorf("%s: needs title, date, summary and kind in its front matter", p.File)
		}
		if n := len(p.TagList); n < 2 || n > 5 {
			t.Errorf("%s: has %d tags, want 2 to 5", p.File, n)
		}
		if len(p.Summary) > 200 {
			t.Errorf("%s: summary of %d characters; keep it under 200", p.File, len(p.Summary))
		}
		switch p.Kind {
		case "checklist":
			if p.Doc.Tasks < 1 || p.Doc.Tasks > 25 {
				t.Errorf("%s: %d task items, want 1 to 25 (one printed page)", p.File, p.Doc.Tasks)
			}
		case "email":
			if subj, _ := p.Params["subject"].(string); subj == "" || p.Doc.Email == "" {
				t.Errorf("%s: an email needs subject: in its front matter and one ```email block", p.File)
			}
		}
		if len(p.Doc.Links) < 2 {
			t.Errorf("%s: links to %d other pages; link where a reader would go next", p.File, len(p.Doc.Links))
		}
	}
	for _, tag := range s.Tags {
		if tag.Summary == "" || tag.Description == "" {
			t.Errorf("tag %s has no description: add content/tags/%s.md", tag.Name, tag.Slug)
		}
	}
	if n := len(s.Tags); n < 15 || n > 25 {
		t.Errorf("%d tags; the vocabulary is meant to be 15 to 25", n)
	}
	if len(s.Regular) < 30 || kinds["article"] == 0 || kinds["questions"] == 0 || kinds["email"] < 6 || kinds["checklist"] < 7 {
		t.Errorf("pages by kind: %v (of %d)", kinds, len(s.Regular))
	}
}

func hasKey(p *site.Page, key string) bool {
	_, ok := p.Doc.Pos(key)
	return ok
}
