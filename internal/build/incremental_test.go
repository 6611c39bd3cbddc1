package build

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/output"
)

// keeper is a writer like watch mode's: it holds the last good build's
// files and can carry one over, and it counts what was written anew.
type keeper struct {
	mu          sync.Mutex
	prev, files map[string][]byte
	written     []string
}

func (k *keeper) WriteFile(name string, data []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.files[name] = bytes.Clone(data)
	k.written = append(k.written, name)
	return nil
}

func (k *keeper) Keep(name string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	b, ok := k.prev[name]
	if ok {
		k.files[name] = b
	}
	return ok
}

func (k *keeper) start() {
	k.files, k.written = map[string][]byte{}, nil
}

// TestIncrementalMatchesFullBuild edits the knowledge base the ways an
// author does and checks, after each edit, that a Builder which kept the
// pages it found unchanged made exactly what a fresh build makes, and that
// a body edit rendered only the pages that show the edited one.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	site := fstest.MapFS{}
	root := os.DirFS("../..")
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		site[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A folder without an _index.md gets a section page the build makes.
	site["content/notes/loose.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Loose\ndate: 2026-02-01\ntags: [references]\n---\nA page in a folder of its own.\n")}
	// Lists show a front matter key, as a site's own layouts may: pages
	// listing a page must follow an edit of it.
	card, err := fs.ReadFile(secondround.Theme(), "layouts/partials/card.html")
	if err != nil {
		t.Fatal(err)
	}
	site["layouts/partials/card.html"] = &fstest.MapFile{Data: append(card, "{{with .Params.note}}<p>{{.}}</p>{{end}}\n"...)}
	// changed collects the files a step touches, as the watcher reports
	// them.
	var changed []string
	put := func(file, data string) {
		site[file] = &fstest.MapFile{Data: []byte(data)}
		changed = append(changed, file)
	}
	edit := func(file, old, new string) {
		t.Helper()
		f := site[file]
		if f == nil || !strings.Contains(string(f.Data), old) {
			t.Fatalf("%s has no %q", file, old)
		}
		put(file, strings.Replace(string(f.Data), old, new, 1))
	}
	site["static/notes.txt"] = &fstest.MapFile{Data: []byte("version 1\n")}
	site["content/notes/figure.svg"] = &fstest.MapFile{Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")}
	// related is a page listed among another's related pages, and not
	// next to it in its section.
	var related string
	first, err := New(secondround.Theme()).Build(site, Options{}, &output.Discard{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range first.Site.Regular {
		for _, r := range p.Related {
			if r != p.Prev && r != p.Next && r.Section != p.Section && related == "" {
				related = r.File
			}
		}
	}
	if related == "" {
		t.Fatal("no page is only in another's related pages")
	}
	const article, checklist = "content/articles/references.md", "content/checklists/what-to-bring.md"
	steps := []struct {
		name string
		do   func()
		// most is how many HTML files the step may render again; 0 for
		// any number (a change to the site's structure renders all).
		most int
		// first are files that a change to the structure must make
		// before Hooks.First: the pages that show the change, or showed
		// it.
		first []string
	}{
		{"first build", func() {}, 0, nil},
		{"nothing changed", func() {}, 4, nil},
		{"body of an article", func() { edit(article, "## When references come up", "A new paragraph.\n\n## When references come up") }, 30, nil},
		{"body of a checklist in print packs", func() { edit(checklist, "## Papers", "- [ ] A new box\n\n## Papers") }, 30, nil},
		{"a front matter key that lists show", func() { edit(article, "weight: 9", "weight: 9\nnote: reviewed") }, 30, nil},
		{"that key again", func() { edit(article, "note: reviewed", "note: checked") }, 30, nil},
		{"that key on a page only another's related pages show", func() { edit(related, "\n---\n", "\nnote: related\n---\n") }, 30, nil},
		{"title", func() {
			edit(article, `title: "References at the second-interview stage"`, `title: "References, second round"`)
		}, 0, []string{"articles/references/index.html", "tags/references/index.html"}},
		{"summary", func() { edit(article, "summary: \"Choosing", "summary: \"Picking") }, 0, nil},
		{"tags", func() {
			edit(article, "tags: [references, preparation, after-the-interview]", "tags: [references, preparation]")
		}, 0, []string{"articles/references/index.html", "tags/after-the-interview/index.html", "tags/preparation/index.html"}},
		{"a new page", func() {
			put("content/articles/new-page.md", "---\ntitle: New\ndate: 2026-04-01\ntags: [references]\n---\nText.\n")
		}, 0, []string{"articles/new-page/index.html", "tags/references/index.html", "articles/index.html"}},
		{"a page removed", func() {
			delete(site, "content/articles/new-page.md")
			changed = append(changed, "content/articles/new-page.md")
		}, 0, []string{"tags/references/index.html", "articles/index.html"}},
		{"a static file", func() { put("static/notes.txt", "version 2\n") }, 4, nil},
		// The theme's email.js and paper.js import clipboard.js: their
		// fingerprinted copies, and the pages that load them, follow.
		{"a script other scripts import", func() {
			put("static/js/clipboard.js", "export async function copyText(text) { return false; }\n")
		}, 0, nil},
		{"a file beside a page", func() { put("content/notes/figure.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>\n") }, 4, nil},
		{"an alias", func() { edit(article, "weight: 9", "weight: 9\naliases: [/old-references/]") }, 0, nil},
		{"a page's folder of its own (index.md)", func() {
			put("content/guides/setup/index.md", "---\ntitle: Setup\ndate: 2026-03-01\ntags: [references]\n---\n## Configure\n\nSee ![figure](figure.svg).\n")
			put("content/guides/setup/figure.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
		}, 0, nil},
		{"its body", func() { edit("content/guides/setup/index.md", "## Configure", "## Configuring") }, 30, nil},
		{"a layout", func() {
			put("layouts/partials/card.html", string(site["layouts/partials/card.html"].Data)+"<!-- edited -->\n")
		}, 0, nil},
		{"a folder renamed", func() {
			for _, f := range []string{"content/guides/setup/index.md", "content/guides/setup/figure.svg"} {
				site[strings.Replace(f, "setup", "set-up", 1)] = site[f]
				delete(site, f)
			}
			changed = append(changed, "content/guides/setup", "content/guides/set-up")
		}, 0, nil},
	}
	b := New(secondround.Theme())
	k := &keeper{}
	for _, st := range steps {
		changed = []string{}
		st.do()
		k.start()
		var atFirst []string
		hooks := Hooks{Changed: changed, Keep: k.Keep, First: func() {
			k.mu.Lock()
			defer k.mu.Unlock()
			atFirst = slices.Clone(k.written)
		}}
		if st.name == "first build" {
			hooks.Changed = nil
		}
		if _, err := b.Rebuild(site, Options{}, k, hooks); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var fresh output.Memory
		if _, err := New(secondround.Theme()).Build(site, Options{}, &fresh); err != nil {
			t.Fatalf("%s: fresh build: %v", st.name, err)
		}
		if !slices.Equal(slices.Sorted(maps.Keys(k.files)), slices.Sorted(maps.Keys(fresh.Files))) {
			t.Fatalf("%s: the files differ from a fresh build's", st.name)
		}
		for name, want := range fresh.Files {
			if !bytes.Equal(k.files[name], want) {
				t.Errorf("%s: %s differs from a fresh build's", st.name, name)
			}
		}
		html := 0
		for _, name := range k.written {
			if strings.HasSuffix(name, ".html") {
				html++
			}
		}
		if st.most > 0 && html > st.most {
			t.Errorf("%s: rendered %d HTML files, want at most %d", st.name, html, st.most)
		}
		t.Logf("%s: rendered %d HTML files, %d files before the first pages were served", st.name, html, len(atFirst))
		for _, name := range st.first {
			if !slices.Contains(atFirst, name) {
				t.Errorf("%s: %s was not made before the first pages were served (%d were)", st.name, name, len(atFirst))
			}
		}
		// The search index is written alongside when no one serves the
		// pages early (Hooks.Rendered is nil): count pages only.
		htmlFirst := 0
		for _, name := range atFirst {
			if strings.HasSuffix(name, ".html") {
				htmlFirst++
			}
		}
		if st.first != nil && htmlFirst*4 > html {
			t.Errorf("%s: %d of %d pages were made before the first pages were served, want a few", st.name, htmlFirst, html)
		}
		k.prev = k.files
	}
}

// TestStoppedRebuildIsMadeByTheNext stops a rebuild that changed a page's
// tags once the pages showing the change are made, as watch mode does when
// another save comes (watch mode's hooks, so the search index waits for
// the pages), and checks that the next rebuild, with nothing new
// changed, makes what a fresh build makes.
func TestStoppedRebuildIsMadeByTheNext(t *testing.T) {
	site := fstest.MapFS{}
	root := os.DirFS("../..")
	if err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		site[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	b := New(secondround.Theme())
	k := &keeper{}
	k.start()
	if _, err := b.Rebuild(site, Options{}, k, Hooks{Keep: k.Keep}); err != nil {
		t.Fatal(err)
	}
	const article = "content/articles/references.md"
	src := string(site[article].Data)
	site[article] = &fstest.MapFile{Data: []byte(strings.Replace(src, "tags: [references, preparation, after-the-interview]", "tags: [references, preparation]", 1))}
	k.prev = k.files
	k.start()
	firsts := 0
	_, err := b.Rebuild(site, Options{}, k, Hooks{Changed: []string{article}, Keep: k.Keep, First: func() { firsts++ }, Rendered: func() {}, Stop: func() bool { return true }})
	if !errors.Is(err, ErrSuperseded) || firsts != 1 {
		t.Fatalf("stopped rebuild: error %v after %d calls of First, want ErrSuperseded after 1", err, firsts)
	}
	if len(k.written)*2 > len(k.prev) {
		t.Fatalf("stopped rebuild wrote %d of %d files, want those showing the change only", len(k.written), len(k.prev))
	}
	// What watch mode serves then: the new pages over the old site.
	for name, data := range k.prev {
		if _, ok := k.files[name]; !ok {
			k.files[name] = data
		}
	}
	k.prev = k.files
	k.start()
	if _, err := b.Rebuild(site, Options{}, k, Hooks{Changed: []string{}, Keep: k.Keep, First: func() {}, Rendered: func() {}, Stop: func() bool { return false }}); err != nil {
		t.Fatal(err)
	}
	var fresh output.Memory
	if _, err := New(secondround.Theme()).Build(site, Options{}, &fresh); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(k.files)), slices.Sorted(maps.Keys(fresh.Files))) {
		t.Fatal("the files differ from a fresh build's")
	}
	for name, want := range fresh.Files {
		if !bytes.Equal(k.files[name], want) {
			t.Errorf("%s differs from a fresh build's", name)
		}
	}
}
