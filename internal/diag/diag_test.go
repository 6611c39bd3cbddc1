package diag

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestNearest(t *testing.T) {
	for _, tc := range []struct {
		s    string
		opts []string
		want string
	}{
		{"checklsit", []string{"article", "checklist", "email"}, "checklist"},
		{"emial", []string{"article", "checklist", "email"}, "email"},
		{"Email", []string{"email"}, "email"}, // case alone: still the likely meaning
		{"essay", []string{"article", "checklist", "email", "questions"}, ""},
		{"thank-you-note.md", []string{"thank-you-notes.md", "references.md"}, "thank-you-notes.md"},
		{"a", []string{"b"}, ""},
		{"panel-etiquete", []string{"panel-etiquette", "panel-format"}, "panel-etiquette"},
		{"x", nil, ""},
	} {
		if got := Nearest(tc.s, tc.opts); got != tc.want {
			t.Errorf("Nearest(%q, %q) = %q, want %q", tc.s, tc.opts, got, tc.want)
		}
	}
}

func TestDetail(t *testing.T) {
	l := List{}
	l.AddAt("content/x.md", 3, 7, "date: %q is not a date (use YYYY-MM-DD)", "31/02/2024")
	l.Add("content/y.md", 2, "link %q points to no page", "../foo/")
	l.Hint("did you mean ../food/?")
	l.Add("content/z.md", 0, "file is empty")
	files := fstest.MapFS{
		"content/x.md": {Data: []byte("---\ntitle: X\ndate: 31/02/2024\n---\n")},
		"content/y.md": {Data: []byte("Hello\r\n\tSee [it](../foo/).\n")},
	}
	l.Locate(func(name string) fs.File {
		f, err := files.Open(name)
		if err != nil {
			return nil
		}
		return f
	})
	var got []string
	for _, p := range l {
		got = append(got, p.Detail())
	}
	want := `content/x.md:3:7: date: "31/02/2024" is not a date (use YYYY-MM-DD)
    3 | date: 31/02/2024
      |       ^
content/y.md:2: link "../foo/" points to no page
    2 | 	See [it](../foo/).
      = did you mean ../food/?
content/z.md: file is empty`
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("got\n%s\nwant\n%s", g, want)
	}
}
