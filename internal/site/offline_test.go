package site

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestOffline checks what the service worker keeps on a first visit: home,
// then checklists, question lists and emails with their sections, in the
// sections' order; no article, no unlisted page; the images those pages
// show; and at most maxOffline pages.
func TestOffline(t *testing.T) {
	files := map[string]string{
		"content/_index.md":                 "---\ntitle: Guide\n---\n",
		"content/checklists/_index.md":      "---\ntitle: Checklists\n---\n",
		"content/checklists/b.md":           "---\ntitle: B\nkind: checklist\nweight: 2\n---\n- [ ] x\n\n![map](map.png)\n",
		"content/checklists/a.md":           "---\ntitle: A\nkind: checklist\nweight: 1\n---\n- [ ] x\n",
		"content/checklists/map.png":        "png",
		"content/checklists/hidden.md":      "---\ntitle: Hidden\nkind: checklist\nlist: false\n---\n- [ ] x\n",
		"content/emails/_index.md":          "---\ntitle: Emails\n---\n",
		"content/emails/thanks.md":          "---\ntitle: Thanks\nkind: email\n---\n```email\nHi [Name]\n```\n",
		"content/questions/ask.md":          "---\ntitle: Ask\nkind: questions\n---\n- **Why?** Because.\n",
		"content/articles/essay.md":         "---\ntitle: Essay\n---\n![diagram](d.png)\n",
		"content/articles/d.png":            "png",
		"content/articles/checklist-too.md": "---\ntitle: Elsewhere\nkind: checklist\ndate: 2026-01-01\n---\n- [ ] y\n",
	}
	s, probs := build(t, files, Config{})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	o := s.Offline()
	var pages []string
	for _, p := range o.Pages {
		pages = append(pages, p.URL)
	}
	want := []string{"/", "/checklists/", "/checklists/a/", "/checklists/b/", "/articles/checklist-too/", "/questions/", "/questions/ask/", "/emails/", "/emails/thanks/"}
	if !slices.Equal(pages, want) {
		t.Errorf("pages kept:\n%v\nwant\n%v", pages, want)
	}
	var groups []string
	for _, g := range o.Groups {
		groups = append(groups, fmt.Sprintf("%s %s %d", g.Kind, g.URL, len(g.Pages)))
	}
	if w := []string{"checklist /checklists/ 3", "questions /questions/ 1", "email /emails/ 1"}; !slices.Equal(groups, w) {
		t.Errorf("groups %v, want %v", groups, w)
	}
	if !slices.Contains(o.Files, "/checklists/map.png") || slices.Contains(o.Files, "/articles/d.png") {
		t.Errorf("files %v: want a kept page's image, and no article's", o.Files)
	}
	for _, u := range []string{OfflineURL, ManifestURL, WorkerURL} {
		if s.Output(u) == nil {
			t.Errorf("no output at %s", u)
		}
	}
	if urls := o.URLs(); urls[0] != "/" || !slices.Contains(urls, OfflineURL) || slices.Contains(urls, WorkerURL) {
		t.Errorf("URLs %v: want home first, the offline page, never the worker itself", urls)
	}
}

func TestOfflineKeepsAtMostMaxOffline(t *testing.T) {
	files := map[string]string{"content/_index.md": "---\ntitle: Guide\n---\n"}
	for i := range maxOffline + 20 {
		files[fmt.Sprintf("content/checklists/c%03d.md", i)] = fmt.Sprintf("---\ntitle: C%d\nkind: checklist\n---\n- [ ] x\n", i)
	}
	s, _ := build(t, files, Config{})
	o := s.Offline()
	if len(o.Pages) != maxOffline || o.Left != 22 {
		t.Errorf("kept %d pages and left %d, want %d and 22 (home and the section are kept too)", len(o.Pages), o.Left, maxOffline)
	}
}

// TestOfflineOutputsClash checks that an author's page or file where the
// web app's files go is a clash, named as such.
func TestOfflineOutputsClash(t *testing.T) {
	_, probs := build(t, map[string]string{
		"content/_index.md":  "---\ntitle: Guide\n---\n",
		"content/offline.md": "---\ntitle: My offline notes\n---\nText.\n",
	}, Config{})
	if !strings.Contains(fmt.Sprint(probs), "/offline/ is where the offline page goes too") {
		t.Errorf("problems: %v", probs)
	}
}
