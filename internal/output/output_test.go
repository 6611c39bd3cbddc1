package output

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCommitReplacesOldOutput commits over an output folder holding files,
// nested folders and a link to a folder elsewhere: the old files all go,
// and what the link pointed at is left alone.
func TestCommitReplacesOldOutput(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	elsewhere := filepath.Join(tmp, "elsewhere")
	for _, p := range []string{
		filepath.Join(out, "index.html"),
		filepath.Join(out, "articles", "a", "index.html"),
		filepath.Join(out, "articles", "b", "deep", "x.txt"),
		filepath.Join(out, "empty", "f"),
		filepath.Join(elsewhere, "keep.txt"),
	} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(elsewhere, filepath.Join(out, "articles", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(out, "toplink")); err != nil {
		t.Fatal(err)
	}

	d, err := NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("articles/a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("index.html/x.html", []byte("new")); err == nil {
		t.Error("wrote a file below a file")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}

	var got []string
	err = filepath.WalkDir(tmp, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(tmp, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"elsewhere/keep.txt", "public/articles/a/index.html", "public/index.html"}
	if !slices.Equal(got, want) {
		t.Errorf("files after commit: %q, want %q", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "articles", "a", "index.html")); string(b) != "new" {
		t.Errorf("committed file holds %q", b)
	}
}
