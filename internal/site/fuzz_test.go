package site

import (
	"strings"
	"testing"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
)

// FuzzTagFolding checks that every tag gets a URL-safe slug, and that two
// spellings with one key always share a slug.
func FuzzTagFolding(f *testing.F) {
	for _, s := range []string{"Salary Negotiation", "C++", "Q&A", "négociation", "面试", "--", " a_b ", "\xff", "\xf3Â"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		sl := TagSlug(name)
		if sl == "" || strings.Trim(sl, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Fatalf("TagSlug(%q) = %q", name, sl)
		}
		if variant := strings.ToUpper(name); TagKey(variant) == TagKey(name) && TagSlug(variant) != sl {
			t.Fatalf("%q and %q have one key but slugs %q and %q", name, variant, sl, TagSlug(variant))
		}
	})
}

// FuzzLinks resolves an arbitrary link destination: it must never panic,
// and what it writes is either a problem or an href without a marker.
func FuzzLinks(f *testing.F) {
	for _, s := range []string{"a.md", "../b.md#x", "/content/a.md", "/tags/", "#h", "a.md?x#y", "%zz", "../../../../etc/passwd", "a.md#", "?", "/", ""} {
		f.Add(s)
	}
	conv := markdown.New()
	target, _ := content.Parse("content/d/a.md", []byte("---\ntitle: A\n---\n## H\n"), conv)
	f.Fuzz(func(t *testing.T, dest string) {
		if strings.ContainsAny(dest, "()<> \n\r\t\\[]") {
			return // not a single Markdown link destination
		}
		p, probs := content.Parse("content/d/x.md", []byte("---\ntitle: X\n---\n## H\n\n[l]("+dest+")\n"), conv)
		if p == nil {
			return
		}
		var list diag.List
		s := New(Input{Content: &content.Result{Pages: []*content.Page{p, target}, Problems: probs}}, Config{}, &list)
		html := string(s.PageByFile("content/d/x.md").Content())
		if strings.Contains(html, markdown.MarkerPrefix) {
			t.Fatalf("marker left in %q for %q (problems %v)", html, dest, list)
		}
	})
}
