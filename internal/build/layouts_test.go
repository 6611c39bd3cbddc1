package build

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/output"
)

// TestLayoutChoicesNeverBreak gives every kind of page (home, a section, a
// page of each kind, a folder's index.md) each layout name the built-in
// theme answers to, through `layout:` in its front matter. Every choice
// either renders, or fails the build with one problem at the page's
// `layout:` line that names the layout and says why; none may panic or
// blame a file the author did not write.
func TestLayoutChoicesNeverBreak(t *testing.T) {
	names := map[string]bool{}
	err := fs.WalkDir(secondround.Theme(), "layouts", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(p, "layouts/partials/") {
			names[strings.TrimSuffix(p[strings.LastIndexByte(p, '/')+1:], ".html")] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"home":          "content/_index.md",
		"section":       "content/checklists/_index.md",
		"article":       "content/notes/article.md",
		"checklist":     "content/checklists/list.md",
		"email":         "content/emails/thanks.md",
		"questions":     "content/notes/questions.md",
		"folder's page": "content/guides/setup/index.md",
	}
	for what, file := range pages {
		for name := range names {
			t.Run(what+"/"+name, func(t *testing.T) {
				site := fstest.MapFS{
					"content/_index.md":             {Data: []byte("---\ntitle: Home\nbase_url: https://example.org/\n---\nHome.\n")},
					"content/checklists/_index.md":  {Data: []byte("---\ntitle: Lists\n---\nAll lists.\n")},
					"content/checklists/list.md":    {Data: []byte("---\ntitle: List\ndate: 2026-01-01\nkind: checklist\ntags: [t]\n---\n- [ ] one\n")},
					"content/notes/article.md":      {Data: []byte("---\ntitle: Article\ndate: 2026-01-02\ntags: [t]\n---\n## Part\n\nText.\n")},
					"content/notes/questions.md":    {Data: []byte("---\ntitle: Qs\ndate: 2026-01-03\nkind: questions\n---\n## Q\n\nA.\n")},
					"content/emails/thanks.md":      {Data: []byte("---\ntitle: Thanks\ndate: 2026-01-04\nkind: email\nsubject: Thanks\n---\n```email\nDear [Name],\n```\n")},
					"content/guides/setup/index.md": {Data: []byte("---\ntitle: Setup\ndate: 2026-01-05\n---\nSee ![fig](fig.svg).\n")},
					"content/guides/setup/fig.svg":  {Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")},
				}
				src := string(site[file].Data)
				line := 1 + strings.Count(src[:strings.Index(src, "\n---")], "\n")
				site[file] = &fstest.MapFile{Data: []byte(strings.Replace(src, "\n---", "\nlayout: "+name+"\n---", 1))}
				_, err := New(secondround.Theme()).Build(site, Options{}, &output.Memory{})
				if err == nil {
					return // it renders
				}
				var de *diag.Error
				if !errors.As(err, &de) {
					t.Fatalf("not a list of problems: %v", err)
				}
				if len(de.List) != 1 {
					t.Fatalf("want one problem, got:\n%v", err)
				}
				p := de.List[0]
				if p.File != file || p.Line != line+1 || !strings.Contains(p.Msg, "layout") || !strings.Contains(p.Msg+p.Hint, name) {
					t.Errorf("want a problem at %s:%d naming the layout %s, got %s", file, line+1, name, p.Detail())
				}
				if p.Hint == "" {
					t.Errorf("no suggestion: %s", p.Detail())
				}
			})
		}
	}
}
