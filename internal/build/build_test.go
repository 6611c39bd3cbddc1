package build

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/output"
)

var update = flag.Bool("update", false, "rewrite the golden output under testdata/golden/*/want")

// TestGolden builds each site under testdata/golden/NAME/site and compares
// every output file with testdata/golden/NAME/want. Run with -update after
// a deliberate change to the output, and read the diff before committing.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden sites: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			// The build command's Builder packs its pages; the watch
			// server's keeps everything. Both must make the same site.
			var mem, kept output.Memory
			res, err := Once(secondround.Theme()).Build(os.DirFS(filepath.Join(dir, "site")), Options{}, &mem)
			if err != nil {
				t.Fatalf("build failed:\n%v", err)
			}
			// The warnings are golden too: want/../warnings.txt.
			var warnings strings.Builder
			for _, p := range res.Problems {
				warnings.WriteString(p.String() + "\n")
			}
			wantWarnings := filepath.Join(dir, "warnings.txt")
			if *update {
				if err := os.WriteFile(wantWarnings, []byte(warnings.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if b, _ := os.ReadFile(wantWarnings); string(b) != warnings.String() {
				t.Errorf("warnings:\n%s\nwant:\n%s", warnings.String(), b)
			}
			if _, err := New(secondround.Theme()).Build(os.DirFS(filepath.Join(dir, "site")), Options{}, &kept); err != nil {
				t.Fatalf("build with New failed:\n%v", err)
			}
			for _, name := range slices.Sorted(maps.Keys(mem.Files)) {
				if !bytes.Equal(mem.Files[name], kept.Files[name]) {
					t.Errorf("%s: Once and New build it differently", name)
				}
			}
			if len(mem.Files) != len(kept.Files) {
				t.Errorf("Once wrote %d files, New %d", len(mem.Files), len(kept.Files))
			}
			got := withoutThemeCopies(t, mem.Files)
			want := filepath.Join(dir, "want")
			if *update {
				if err := os.RemoveAll(want); err != nil {
					t.Fatal(err)
				}
				for name, data := range got {
					p := filepath.Join(want, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			wantFiles := map[string][]byte{}
			err = filepath.WalkDir(want, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				rel, _ := filepath.Rel(want, p)
				wantFiles[filepath.ToSlash(rel)] = b
				return err
			})
			if err != nil {
				t.Fatalf("reading golden output (run go test ./internal/build -run TestGolden -update): %v", err)
			}
			for _, name := range slices.Sorted(maps.Keys(wantFiles)) {
				data, ok := got[name]
				if !ok {
					t.Errorf("%s: not built any more", name)
					continue
				}
				if !bytes.Equal(data, wantFiles[name]) {
					t.Errorf("%s differs from the golden file:\n%s", name, lineDiff(string(wantFiles[name]), string(data)))
				}
			}
			for _, name := range slices.Sorted(maps.Keys(got)) {
				if _, ok := wantFiles[name]; !ok {
					t.Errorf("%s: built, but not in the golden output", name)
				}
			}
		})
	}
}

// themeCopies is the name of the golden file that lists, instead of holding
// them, the output files that are byte-for-byte copies of the theme's static
// files: their content is the theme's, tested where it is written, and
// keeping copies would change every golden site with every stylesheet edit.
const themeCopies = "theme-copies.txt"

// withoutThemeCopies returns the built files with the theme's static copies
// replaced by a list of their names.
func withoutThemeCopies(t *testing.T, built map[string][]byte) map[string][]byte {
	t.Helper()
	theme := map[string]bool{}
	err := fs.WalkDir(secondround.Theme(), StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(secondround.Theme(), p)
		theme[string(b)] = true
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The theme's scripts that import others have fingerprinted copies
	// whose imports name fingerprinted files: copies of the theme too.
	var probs diag.List
	_, st := collectStatic(secondround.Theme(), nil, &probs)
	for _, b := range st.scripts {
		theme[string(b)] = true
	}
	out := map[string][]byte{}
	var copies []string
	for name, data := range built {
		if theme[string(data)] {
			copies = append(copies, name)
			continue
		}
		out[name] = data
	}
	sort.Strings(copies)
	out[themeCopies] = []byte(strings.Join(copies, "\n") + "\n")
	return out
}

// lineDiff shows the lines that differ, with a little context, which is
// what a reader needs to judge a golden mismatch.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
		if shown++; shown == 10 {
			b.WriteString("…\n")
			break
		}
	}
	return b.String()
}

func TestDraftsOnlyWithFlag(t *testing.T) {
	site := os.DirFS("testdata/golden/basic/site")
	for _, drafts := range []bool{false, true} {
		var mem output.Memory
		if _, err := New(secondround.Theme()).Build(site, Options{Drafts: drafts}, &mem); err != nil {
			t.Fatal(err)
		}
		_, page := mem.Files["articles/draft/index.html"]
		_, tag := mem.Files["tags/secret-draft-tag/index.html"]
		inSitemap := bytes.Contains(mem.Files["sitemap.xml"], []byte("/articles/draft/"))
		inFeed := bytes.Contains(mem.Files["feed.xml"], []byte("Unfinished"))
		if page != drafts || tag != drafts || inSitemap != drafts || inFeed != drafts {
			t.Errorf("drafts=%v: page %v, tag page %v, sitemap %v, feed %v", drafts, page, tag, inSitemap, inFeed)
		}
	}
}

// TestRepositoryContent builds the knowledge base in this repository: it
// must build with no problems at all, warnings included.
func TestRepositoryContent(t *testing.T) {
	res, err := New(secondround.Theme()).Build(os.DirFS("../.."), Options{}, &output.Discard{})
	if err != nil {
		t.Fatalf("the repository's content does not build:\n%v", err)
	}
	for _, p := range res.Problems {
		t.Errorf("warning: %s", p)
	}
	if len(res.Site.Regular) < 30 {
		t.Errorf("only %d pages; the knowledge base has at least 30", len(res.Site.Regular))
	}
}

// corpus generates a site of n pages with the shared benchmark generator,
// or skips when it is not beside the checkout.
func corpus(b *testing.B, n int) string {
	gen := filepath.Join("..", "..", "..", "shared", "bench", "gencorpus.py")
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("corpus generator not found at %s", gen)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("secondround-corpus-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "content", "articles")); err == nil {
		return dir
	}
	out, err := exec.Command("python3", gen, "--pages", fmt.Sprint(n), "--out", filepath.Join(dir, "content")).CombinedOutput()
	if err != nil {
		b.Fatalf("gencorpus: %v\n%s", err, out)
	}
	return dir
}

// BenchmarkBuild builds a generated site of 1,000 pages: to a writer that
// discards (the pipeline alone) and to a real folder (with the writes).
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000} {
		dir := corpus(b, n)
		b.Run(fmt.Sprintf("pages=%d/discard", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				// The build command's Builder: nothing carried between builds.
				if _, err := Once(secondround.Theme()).Build(os.DirFS(dir), Options{}, &output.Discard{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("pages=%d/write", n), func(b *testing.B) {
			b.ReportAllocs()
			out := filepath.Join(b.TempDir(), "public")
			for i := 0; i < b.N; i++ {
				w, err := output.NewDir(out)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Once(secondround.Theme()).Build(os.DirFS(dir), Options{}, w); err != nil {
					b.Fatal(err)
				}
				if err := w.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
