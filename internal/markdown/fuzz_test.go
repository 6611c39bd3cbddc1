package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark/util"
)

// FuzzConvert feeds the converter arbitrary author input: whatever a file
// holds, converting it must return (a Doc or an error) and never panic,
// since one bad file must not take down a build or the preview server.
// Seeds are testdata/fuzz/FuzzConvert plus every golden input.
func FuzzConvert(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*.md"))
	for _, name := range seeds {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	conv := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := conv.Convert(src)
		if err != nil {
			return
		}
		if doc == nil {
			t.Fatal("Convert returned neither a Doc nor an error")
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, l := range doc.Links {
			if l.Line < 0 || l.Line > lines || l.Col < 0 {
				t.Fatalf("link %q at %d:%d, in a file of %d lines", l.Dest, l.Line, l.Col, lines)
			}
		}
		for _, p := range doc.MetaPos {
			if p.Line < 2 || p.Line > lines || p.Col < 1 || p.Value < 0 {
				t.Fatalf("front matter %q at %d:%d (value at %d), in a file of %d lines", p.Path, p.Line, p.Col, p.Value, lines)
			}
		}
		// Every counted task is a checkbox a reader can tick, and the
		// other way round: the progress count on the page depends on it.
		if n := bytes.Count(doc.HTML, []byte(`<input type="checkbox" class="task-check"`)); n != doc.Tasks {
			t.Fatalf("HTML has %d checkboxes, Doc.Tasks = %d", n, doc.Tasks)
		}
		// Every heading comes wrapped with its anchor, which content's
		// dropHeading relies on to remove a title's # heading whole.
		if n := bytes.Count(doc.HTML, []byte(`<div class="heading"><h`)); n != len(doc.Headings) {
			t.Fatalf("HTML has %d wrapped headings, Doc.Headings %d:\n%s", n, len(doc.Headings), doc.HTML)
		}
		// Each blank of an email is one field, named for the reader:
		// keys and labels are there and distinct, and each key marks a
		// placeholder of the HTML.
		keys, labels := map[string]bool{}, map[string]bool{}
		for _, b := range doc.Blanks {
			if b.Key == "" || strings.TrimSpace(b.Label) == "" || keys[b.Key] || labels[b.Label] {
				t.Fatalf("blank %+v is empty or repeated, of %+v", b, doc.Blanks)
			}
			keys[b.Key], labels[b.Label] = true, true
			if !bytes.Contains(doc.HTML, []byte(`data-blank="`+string(util.EscapeHTML([]byte(b.Key)))+`"`)) {
				t.Fatalf("blank %q marks no placeholder of the HTML:\n%s", b.Key, doc.HTML)
			}
		}
		// A packed doc gives back the very HTML and text it was made of.
		packed := *doc
		packed.Pack(nil)
		if got := packed.AppendBody(nil); !bytes.Equal(got, doc.HTML) {
			t.Fatalf("packed HTML comes back as\n%q\nwant\n%q", got, doc.HTML)
		}
		if got := packed.AppendText(nil); string(got) != doc.Text {
			t.Fatalf("packed text comes back as\n%q\nwant\n%q", got, doc.Text)
		}
		// Render is what bench/floor times as the least a build can do:
		// it must make the very HTML a build uses.
		var buf bytes.Buffer
		if err := conv.Render(&buf, src); err != nil {
			t.Fatalf("Render failed where Convert did not: %v", err)
		}
		if !bytes.Equal(buf.Bytes(), doc.HTML) {
			t.Fatalf("Render made other HTML than Convert:\n%s\nwant\n%s", buf.Bytes(), doc.HTML)
		}
	})
}

// FuzzCountWords holds the word count behind reading times to its
// definition, runs of Unicode letters and digits, on any text.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"", "two words", "it's 3 o'clock", "café au lait", "面试 准备", "\xff\xfe a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if got := countWords(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	})
}
