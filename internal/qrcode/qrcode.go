// Package qrcode draws QR codes as inline SVG, for printed pages that lead
// a reader back to the page on screen. A code is encoded with medium error
// correction and one fixed mask, and drawn as a single path of horizontal
// runs inside the quiet zone the standard asks for.
//
// The fixed mask is the point of the package. Choosing the best of the
// eight masks, as QR libraries do by default, scores each one over the
// whole symbol and costs 20 to 30 times the encoding itself: about 500 µs
// against 19 µs for a page's address, or 50 s against 2 s of CPU for a
// site of 100,000 pages. Every mask gives a valid code that readers
// decode; the choice only evens out the pattern, which a code printed
// crisply at a size meant for a phone does not need.
package qrcode

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	qr "github.com/piglig/go-qr"
)

// Mask is the mask pattern every code uses: x mod 3 == 0, every third
// column. It is the one the full penalty search picks for most addresses
// of this shape (61 of the knowledge base's 88 pages, none of the other
// seven more than 9), so the fixed choice gives the code a search would
// give most pages; the path is as long with any mask (within 3%).
const Mask = 2

// QuietZone is the light margin around the code, in modules: the four the
// standard asks for, so that a reader finds the code's edges on any paper.
const QuietZone = 4

// encode makes text's QR code.
func encode(text string) (*qr.QrCode, error) {
	segs, err := qr.MakeSegments(text)
	if err != nil {
		return nil, err
	}
	code, err := qr.EncodeSegments(segs, qr.Medium, qr.MinVersion, qr.MaxVersion, Mask, false)
	if err != nil {
		return nil, fmt.Errorf("%d bytes do not fit in a QR code (at most 2,331 with medium error correction)", len(text))
	}
	return code, nil
}

// SVG returns an <svg> element that shows text as a QR code, scaled to
// whatever size the stylesheet gives it: a white square, quiet zone
// included, and the dark modules as one path, each row's runs a stroke one
// module thick. It is labelled for assistive technology with the text.
func SVG(text string) (string, error) {
	code, err := encode(text)
	if err != nil {
		return "", err
	}
	side := strconv.Itoa(code.Size() + 2*QuietZone)
	// The path takes about a byte and a half a module (a run of 5 to 7
	// bytes every four modules), at most 1.7 over 20,000 addresses tried:
	// room for two spares growing the slice, which doubled what a code
	// allocated.
	b := make([]byte, 0, 256+len(text)+code.Size()*code.Size()*2)
	b = append(b, `<svg class="qr" viewBox="0 0 `...)
	b = append(b, side+" "+side...)
	b = append(b, `" role="img" aria-label="QR code: `...)
	b = append(b, attrEscape(text)...)
	b = append(b, `"><path fill="#fff" d="M0 0h`...)
	b = append(b, side+"v"+side+"H0z"...)
	b = append(b, `"/><path stroke="#000" d="`...)
	b = appendRuns(b, code)
	b = append(b, `"/></svg>`...)
	// b is never written again: a string of it, as strings.Builder makes,
	// spares copying every page's code once more.
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// appendRuns appends the path of the dark modules: for each run of dark
// modules in a row, a move to its start (relative to where the last run
// ended) and a horizontal line along it. The line runs half a module below
// the row's top, so that a stroke of width 1 covers the row exactly.
func appendRuns(b []byte, code *qr.QrCode) []byte {
	n := code.Size()
	penX, penY := 0, 0
	first := true
	for y := range n {
		for x := 0; x < n; {
			if !code.Module(x, y) {
				x++
				continue
			}
			end := x + 1
			for end < n && code.Module(end, y) {
				end++
			}
			if first {
				b = append(b, 'M')
				b = strconv.AppendInt(b, int64(x+QuietZone), 10)
				b = append(b, ' ')
				b = strconv.AppendInt(b, int64(y+QuietZone), 10)
				b = append(b, ".5"...)
				first = false
			} else {
				b = append(b, 'm')
				b = appendInt(b, x-penX)
				b = append(b, ' ')
				b = appendInt(b, y-penY)
			}
			b = append(b, 'h')
			b = appendInt(b, end-x)
			penX, penY, x = end, y, end
		}
	}
	return b
}

// appendInt appends n in decimal. A code is at most 177 modules wide, and
// strconv's general case took a third of the time spent on the path.
func appendInt(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	if n >= 100 {
		b = append(b, byte('0'+n/100))
		n %= 100
		return append(b, byte('0'+n/10), byte('0'+n%10))
	}
	if n >= 10 {
		b = append(b, byte('0'+n/10))
	}
	return append(b, byte('0'+n%10))
}

// attrEscape escapes text for an attribute in double quotes.
func attrEscape(s string) string {
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
