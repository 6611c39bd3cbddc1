package content

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/secondround/secondround/internal/markdown"
)

// TestCacheMatchesFreshLoad edits a folder the ways an author does, telling
// the cache what changed as watch mode does, and checks after each edit that
// a Load through the cache gives what a fresh Load gives, and that an edit
// to one file reads only that file.
func TestCacheMatchesFreshLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":    {Data: []byte("---\ntitle: Home\n---\nx\n")},
		"content/a.md":         {Data: []byte("---\ntitle: A\n---\nx\n")},
		"content/b.md":         {Data: []byte("---\ntitle: B\n---\nx\n")},
		"content/tags/t.md":    {Data: []byte("---\ntitle: T\n---\nx\n")},
		"content/img.png":      {Data: []byte("PNG")},
		"layouts/x/single.md":  {Data: []byte("not content")},
		"content/notes/c.md":   {Data: []byte("---\ntitle: C\n---\nx\n")},
		"content/notes/d.html": {Data: []byte("<p>a file</p>")},
	}
	conv := markdown.New()
	cache := NewCache()
	Load(fsys, conv, cache)
	put := func(name, data string) { fsys[name] = &fstest.MapFile{Data: []byte(data)} }
	for _, step := range []struct {
		name    string
		do      func()
		changed []string
	}{
		{"a body", func() { put("content/a.md", "---\ntitle: A\n---\ny\n") }, []string{"content/a.md"}},
		{"a file saved unchanged", func() {}, []string{"content/b.md"}},
		{"a page broken", func() { put("content/b.md", "---\ntitle: [B\n---\nx\n") }, []string{"content/b.md"}},
		{"and mended", func() { put("content/b.md", "---\ntitle: B2\n---\nx\n") }, []string{"content/b.md"}},
		{"a tag description", func() { put("content/tags/t.md", "---\ntitle: T2\n---\nx\n") }, []string{"content/tags/t.md"}},
		{"an image", func() { put("content/img.png", "PNG2") }, []string{"content/img.png"}},
		{"a layout", func() { put("layouts/x/single.md", "changed") }, []string{"layouts/x/single.md"}},
		{"a new page", func() { put("content/e.md", "---\ntitle: E\n---\nx\n") }, []string{"content/e.md"}},
		{"a page removed", func() { delete(fsys, "content/e.md") }, []string{"content/e.md"}},
		{"a folder renamed", func() {
			fsys["content/notes2/c.md"], fsys["content/notes2/d.html"] = fsys["content/notes/c.md"], fsys["content/notes/d.html"]
			delete(fsys, "content/notes/c.md")
			delete(fsys, "content/notes/d.html")
		}, []string{"content/notes", "content/notes2"}},
		{"anything", func() { put("content/a.md", "---\ntitle: A3\n---\nz\n") }, nil},
	} {
		step.do()
		cache.Trust(step.changed)
		got := Load(fsys, conv, cache)
		want := Load(fsys, conv, nil)
		files := func(ps []*Page) []string {
			var out []string
			for _, p := range ps {
				out = append(out, p.File+"="+p.Title+"|"+string(p.Doc.HTML))
			}
			return out
		}
		if !slices.Equal(files(got.Pages), files(want.Pages)) || !slices.Equal(files(got.Tags), files(want.Tags)) ||
			!slices.Equal(got.Files, want.Files) || len(got.Problems) != len(want.Problems) {
			t.Errorf("%s: the cache loads\n%v %v %v %v\na fresh load\n%v %v %v %v", step.name,
				files(got.Pages), files(got.Tags), got.Files, got.Problems, files(want.Pages), files(want.Tags), want.Files, want.Problems)
		}
	}
}
