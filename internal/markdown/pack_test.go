package markdown

import (
	"crypto/sha256"
	"strings"
	"testing"
)

// TestPack packs docs and reads them back, whole and after letting go of
// either part, appending to a buffer that already holds something.
func TestPack(t *testing.T) {
	long := strings.Repeat("Ask who you would work with day to day. ", 500)
	for _, tc := range []struct {
		name, html, text string
	}{
		{"empty", "", ""},
		{"no text", "<hr>\n", ""},
		{"small", "<p>Thank the panel.</p>\n", "Thank the panel."},
		{"long", "<p>" + long + "</p>\n", long},
		{"not UTF-8", "<p>\xff</p>\n", "\xff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Doc{HTML: []byte(tc.html), Text: tc.text}
			d.Pack(make([]byte, 3))
			if !d.Packed() || d.HTML != nil || d.Text != "" {
				t.Fatalf("after Pack: packed %v, HTML %q, Text %q", d.Packed(), d.HTML, d.Text)
			}
			d.Pack(nil) // harmless
			if got := string(d.AppendBody([]byte("x"))); got != "x"+tc.html {
				t.Errorf("AppendBody = %q, want %q", got, "x"+tc.html)
			}
			if got := string(d.AppendText([]byte("y"))); got != "y"+tc.text {
				t.Errorf("AppendText = %q, want %q", got, "y"+tc.text)
			}
			if d.BodyLen() != len(tc.html) {
				t.Errorf("BodyLen = %d, want %d", d.BodyLen(), len(tc.html))
			}
			if d.TextSum() != sha256.Sum256([]byte(tc.text)) {
				t.Error("TextSum is not the text's digest")
			}
			d.DropHTML()
			if got := d.AppendBody(nil); len(got) != 0 {
				t.Errorf("AppendBody after DropHTML = %q", got)
			}
			if got := string(d.AppendText(nil)); got != tc.text {
				t.Errorf("AppendText after DropHTML = %q, want %q", got, tc.text)
			}
			d.DropText()
			if got := d.AppendText(nil); len(got) != 0 || d.packed.block != nil {
				t.Errorf("after both drops: text %q, block of %d bytes kept", got, len(d.packed.block))
			}
		})
	}
}

// TestUnpackedDoc reads a doc that was never packed through the same
// methods, as watch mode's are read.
func TestUnpackedDoc(t *testing.T) {
	d := &Doc{HTML: []byte("<p>Hi</p>"), Text: "Hi"}
	if d.Packed() || string(d.AppendBody(nil)) != "<p>Hi</p>" || string(d.AppendText(nil)) != "Hi" || d.BodyLen() != 9 {
		t.Errorf("unpacked doc reads back wrong")
	}
	if d.TextSum() != sha256.Sum256([]byte("Hi")) {
		t.Error("TextSum is not the text's digest")
	}
}
