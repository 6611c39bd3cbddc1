package markdown

import (
	"bytes"
	"crypto/sha256"
	"slices"

	"github.com/klauspost/compress/s2"
)

// A build of 100,000 pages holds every page's HTML and plain text from the
// moment the page is converted until the page is rendered and indexed:
// about 17 KB a page, most of the build's memory. The text is mostly the
// HTML's words again, so packed together in one S2 block the two take
// under a third of that (5 KB), and unpacking them costs microseconds, once
// to render the page and once to index it; the collector, which has
// gigabytes less to make room for, more than pays for it. Watch mode does
// not pack: it keeps its pages between saves, and a rebuild should not
// unpack them.

// packed is a Doc's Text and HTML, end to end, compressed.
type packed struct {
	block            []byte
	textLen, htmlLen int
	on               bool
	textSum          [sha256.Size]byte
	// What was let go of: the block goes when both are.
	noHTML, noText bool
}

// Pack compresses the doc's Text and HTML, for a build that holds many
// docs at once; AppendBody and AppendText unpack them. Packing twice is
// harmless. scratch is working space, returned grown for the next call:
// packing a page in fresh buffers made more garbage than the page.
func (d *Doc) Pack(scratch []byte) []byte {
	if d.packed.on {
		return scratch
	}
	n := len(d.Text) + len(d.HTML)
	scratch = slices.Grow(scratch[:0], n+s2.MaxEncodedLen(n))
	both := append(append(scratch[:0], d.Text...), d.HTML...)
	block := s2.Encode(scratch[n:cap(scratch)], both)
	// An exact copy of the block keeps none of the worst case's room.
	d.packed = packed{block: bytes.Clone(block), textLen: len(d.Text), htmlLen: len(d.HTML), on: true,
		textSum: sha256.Sum256(both[:len(d.Text)])}
	d.HTML, d.Text = nil, ""
	return scratch
}

// TextSum is a SHA-256 digest of Text, kept from when the doc was packed
// so that whoever must tell whether the text changed (the search index,
// naming the folder of the texts) need not unpack it.
func (d *Doc) TextSum() [sha256.Size]byte {
	if d.packed.on {
		return d.packed.textSum
	}
	return sha256.Sum256([]byte(d.Text))
}

// Packed reports whether the doc was packed: whether HTML and Text are to
// be read with AppendBody and AppendText.
func (d *Doc) Packed() bool { return d.packed.on }

// unpackTo appends Text and HTML, end to end, to dst.
func (d *Doc) unpackTo(dst []byte) []byte {
	n := d.packed.textLen + d.packed.htmlLen
	dst = slices.Grow(dst, n)
	both, err := s2.Decode(dst[len(dst):len(dst)+n], d.packed.block)
	if err != nil {
		// What Pack encoded decodes: this is a bug, not bad input.
		panic("markdown: a packed page does not unpack: " + err.Error())
	}
	return dst[:len(dst)+len(both)]
}

// AppendBody appends the HTML to dst, unpacking it if it was packed
// (nothing once dropped, see DropHTML). Pages are unpacked to be read and
// are done with at once: reusing dst spares a big site gigabytes of
// garbage.
func (d *Doc) AppendBody(dst []byte) []byte {
	if !d.packed.on || d.packed.noHTML {
		return append(dst, d.HTML...)
	}
	at := len(dst)
	dst = d.unpackTo(dst)
	n := copy(dst[at:], dst[at+d.packed.textLen:])
	return dst[:at+n]
}

// BodyLen is the length of the HTML, without unpacking it.
func (d *Doc) BodyLen() int {
	if d.packed.on {
		return d.packed.htmlLen
	}
	return len(d.HTML)
}

// AppendText appends Text to dst, unpacking it if it was packed (nothing
// once dropped), as AppendBody does the HTML.
func (d *Doc) AppendText(dst []byte) []byte {
	if !d.packed.on || d.packed.noText {
		return append(dst, d.Text...)
	}
	at := len(dst)
	return d.unpackTo(dst)[:at+d.packed.textLen]
}

// DropHTML lets go of the HTML, keeping everything else. A packed doc's
// block goes once its text is dropped too.
func (d *Doc) DropHTML() {
	d.HTML = nil
	d.packed.noHTML = true
	d.packed.free()
}

// DropText lets go of Text, as DropHTML does of HTML.
func (d *Doc) DropText() {
	d.Text = ""
	d.packed.noText = true
	d.packed.free()
}

func (p *packed) free() {
	if p.noHTML && p.noText {
		p.block = nil
	}
}
