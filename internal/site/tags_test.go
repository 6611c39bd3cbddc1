package site

import (
	"reflect"
	"testing"
)

// TestTagsByName sorts tags by what readers see, not by slug: a tag file
// can give "site" the title "About this site", and accents and case do not
// count.
func TestTagsByName(t *testing.T) {
	s, probs := build(t, map[string]string{
		"content/a.md":         page("2026-01-01", "site", "second interviews", "thank-you notes"),
		"content/b.md":         page("2026-01-02", "Écrire", "zebra", "apple"),
		"content/c.md":         page("2026-01-03", "Banana", "echo"),
		"content/tags/site.md": "---\ntitle: About this site\n---\n",
	}, Config{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var got []string
	for _, tag := range s.TagsByName() {
		got = append(got, tag.Name)
	}
	want := []string{"About this site", "apple", "Banana", "echo", "Écrire", "second interviews", "thank-you notes", "zebra"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TagsByName:\n got %q\nwant %q", got, want)
	}
	if len(s.Tags) != len(want) || s.Tags[0].Slug != "apple" {
		t.Errorf("TagsByName changed s.Tags, or s.Tags is not by slug: %v", s.Tags)
	}
}
