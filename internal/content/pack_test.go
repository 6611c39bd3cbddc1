package content

import (
	"bytes"
	"io/fs"
	"os"
	"reflect"
	"testing"

	"github.com/secondround/secondround/internal/disk"
	"github.com/secondround/secondround/internal/markdown"
)

// TestPackedLoadMatches loads the knowledge base twice, packing its pages
// as the build command does and not, as watch mode does. A packing load
// reuses each worker's file, HTML and packing space from page to page, so
// anything a page kept of that space would show here as a page that
// differs. The packing load runs on the disk.Folder the build command
// reads, whose files are read straight into that space, and on a plain
// fs.FS.
func TestPackedLoadMatches(t *testing.T) {
	conv := markdown.New()
	plain := LoadWith(os.DirFS("../.."), conv, LoadOptions{})
	for name, fsys := range map[string]fs.FS{"disk.Folder": disk.Open("../.."), "os.DirFS": os.DirFS("../..")} {
		t.Run(name, func(t *testing.T) { checkPacked(t, LoadWith(fsys, conv, LoadOptions{Pack: true}), plain) })
	}
}

func checkPacked(t *testing.T, packed, plain *Result) {
	if len(plain.Pages) < 50 {
		t.Fatalf("the knowledge base loads %d pages: too few to reuse the space", len(plain.Pages))
	}
	if len(packed.Pages) != len(plain.Pages) || len(packed.Tags) != len(plain.Tags) || len(packed.Problems) != len(plain.Problems) {
		t.Fatalf("packed: %d pages, %d tags, %d problems; plain: %d, %d, %d",
			len(packed.Pages), len(packed.Tags), len(packed.Problems), len(plain.Pages), len(plain.Tags), len(plain.Problems))
	}
	both := append(append([]*Page(nil), packed.Pages...), packed.Tags...)
	want := append(append([]*Page(nil), plain.Pages...), plain.Tags...)
	for i, p := range both {
		q := want[i]
		if !p.Doc.Packed() {
			t.Fatalf("%s: not packed", p.File)
		}
		if body := p.Doc.AppendBody(nil); !bytes.Equal(body, q.Doc.HTML) {
			t.Errorf("%s: the packed HTML differs:\n%s\nwant\n%s", p.File, body, q.Doc.HTML)
		}
		if text := string(p.Doc.AppendText(nil)); text != q.Doc.Text {
			t.Errorf("%s: the packed text differs:\n%s\nwant\n%s", p.File, text, q.Doc.Text)
		}
		// Everything else the page holds, with the two bodies set aside.
		pd, qd := *p.Doc, *q.Doc
		pd.HTML, pd.Text, qd.HTML, qd.Text = nil, "", nil, ""
		pp, qp := *p, *q
		pp.Doc, qp.Doc = nil, nil
		if !reflect.DeepEqual(pp, qp) || !reflect.DeepEqual(exported(pd), exported(qd)) {
			t.Errorf("%s: the packed page differs:\n%+v\n%+v\nwant\n%+v\n%+v", p.File, pp, pd, qp, qd)
		}
	}
}

// exported lists the values of a struct's exported fields.
func exported(v any) []any {
	rv := reflect.ValueOf(v)
	var out []any
	for i := range rv.NumField() {
		if rv.Type().Field(i).IsExported() {
			out = append(out, rv.Field(i).Interface())
		}
	}
	return out
}
