package render_test

import (
	"regexp"
	"slices"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
)

// The header is rendered once for each link it marks as the current page
// and shared by every page that marks the same one, so each kind of page
// must still get its own marking.
func TestHeaderMarksTheCurrentPage(t *testing.T) {
	site := fstest.MapFS{
		"content/_index.md":            file("---\ntitle: Home\n---\n"),
		"content/notes/_index.md":      file("---\ntitle: Notes\n---\n"),
		"content/notes/a.md":           file("---\ntitle: A\ntags: [t]\n---\nx\n"),
		"content/notes/deep/_index.md": file("---\ntitle: Deep\n---\n"),
		"content/notes/deep/b.md":      file("---\ntitle: B\n---\nx\n"),
		"content/emails/_index.md":     file("---\ntitle: Emails\n---\n"),
		"content/emails/thank-you.md":  file("---\ntitle: Thanks\n---\nx\n"),
		"content/about.md":             file("---\ntitle: About\n---\nx\n"),
	}
	out := &output.Memory{}
	if _, err := build.New(secondround.Theme()).Build(site, build.Options{}, out); err != nil {
		t.Fatal(err)
	}
	header := regexp.MustCompile(`(?s)<header class="site-header">.*?</header>`)
	current := regexp.MustCompile(`href="([^"]*)"[^>]*aria-current="page"`)
	for _, tc := range []struct {
		file, want string // want: the header link marked current, or ""
	}{
		{"index.html", "/"},
		{"notes/index.html", "/notes/"},
		{"emails/index.html", "/emails/"},
		{"tags/index.html", "/tags/"},
		{"notes/a/index.html", ""},
		{"notes/deep/index.html", ""},
		{"notes/deep/b/index.html", ""},
		{"emails/thank-you/index.html", ""},
		{"about/index.html", ""},
		{"tags/t/index.html", ""},
		{"search/index.html", ""},
		{"404.html", ""},
	} {
		h := header.FindString(string(out.Files[tc.file]))
		if h == "" {
			t.Errorf("%s: no site header", tc.file)
			continue
		}
		// The header lists the sections twice, in the header and in its
		// Menu for narrow screens (one is hidden at any width): count each
		// marked link once.
		var got []string
		for _, m := range current.FindAllStringSubmatch(h, -1) {
			if !slices.Contains(got, m[1]) {
				got = append(got, m[1])
			}
		}
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("%s: header marks %v as the current page, want none", tc.file, got)
		case tc.want != "" && (len(got) != 1 || got[0] != tc.want):
			t.Errorf("%s: header marks %v as the current page, want [%s]", tc.file, got, tc.want)
		}
	}
}
