package disk

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestFolderIsAFileSystem(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"content/a.md":          "---\ntitle: A\n---\nHello.\n",
		"content/deep/b/c.md":   "C",
		"content/empty.md":      "",
		"static/css/site.css":   "body{}",
		"layouts/_default.html": "{{.Title}}",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for name := range files {
		want = append(want, name)
	}
	if err := fstest.TestFS(Open(root), want...); err != nil {
		t.Error(err)
	}
}

func TestAppendFile(t *testing.T) {
	root := t.TempDir()
	big := bytes.Repeat([]byte("a line of Markdown\n"), 10000)
	for name, data := range map[string][]byte{"empty": nil, "small": []byte("hello"), "big": big} {
		if err := WriteFile(filepath.Join(root, name), data); err != nil {
			t.Fatal(err)
		}
	}
	f := Open(root)
	tests := []struct {
		name   string
		prefix []byte
		want   []byte
		err    error
	}{
		{"empty", nil, nil, nil},
		{"small", nil, []byte("hello"), nil},
		{"small", []byte("kept "), []byte("kept hello"), nil},
		{"big", make([]byte, 0, 16), big, nil},
		{"missing", nil, nil, fs.ErrNotExist},
		{"../small", nil, nil, fs.ErrInvalid},
	}
	for _, tt := range tests {
		got, err := f.AppendFile(tt.prefix, tt.name)
		if !errors.Is(err, tt.err) {
			t.Errorf("AppendFile(%q) error = %v, want %v", tt.name, err, tt.err)
		}
		if tt.err == nil && !bytes.Equal(got, tt.want) {
			t.Errorf("AppendFile(%q) = %d bytes, want %d", tt.name, len(got), len(tt.want))
		}
	}
	if _, err := f.ReadFile("."); err == nil {
		t.Error("reading a folder as a file: no error")
	}
	if _, err := Open("").ReadFile("small"); err == nil {
		t.Error("a folder with an empty root read a file: want an error, as os.DirFS gives")
	}
	// Errors name the file as os.DirFS's do, by the name asked for.
	_, err := f.ReadFile("missing")
	_, want := os.DirFS(root).(fs.ReadFileFS).ReadFile("missing")
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("error %q, want %q as os.DirFS gives", err, want)
	}
}

func TestWriteFileReplaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "index.html")
	if err := WriteFile(p, []byte("a much longer first version")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("short")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil || string(got) != "short" {
		t.Errorf("after two writes the file holds %q (%v), want %q", got, err, "short")
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm()&0o644 != 0o644 {
		t.Errorf("mode %v (%v): want readable by all, writable by its owner", fi.Mode(), err)
	}
	if err := WriteFile(filepath.Join(t.TempDir(), "no", "such", "folder"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing into a missing folder: %v, want fs.ErrNotExist", err)
	}
}

// The benchmarks put this package and package os side by side, on the
// sizes of a site's pages. TMPDIR=/dev/shm measures the system calls
// rather than the disk.

func BenchmarkWriteFile(b *testing.B) {
	data := bytes.Repeat([]byte("x"), 20<<10)
	for _, w := range []struct {
		name  string
		write func(string, []byte) error
	}{
		{"disk", WriteFile},
		{"os", func(p string, d []byte) error { return os.WriteFile(p, d, 0o644) }},
	} {
		b.Run(w.name, func(b *testing.B) {
			p := filepath.Join(b.TempDir(), "index.html")
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := w.write(p, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAppendFile(b *testing.B) {
	dir := b.TempDir()
	if err := WriteFile(filepath.Join(dir, "page.md"), bytes.Repeat([]byte("x"), 8<<10)); err != nil {
		b.Fatal(err)
	}
	f := Open(dir)
	b.Run("disk", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = f.AppendFile(buf[:0], "page.md"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("os", func(b *testing.B) {
		for b.Loop() {
			if _, err := os.ReadFile(filepath.Join(dir, "page.md")); err != nil {
				b.Fatal(err)
			}
		}
	})
}
