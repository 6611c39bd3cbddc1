package qrcode

import (
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qr "github.com/piglig/go-qr"
)

// TestSVGDrawsTheCode reads the path of each SVG back into modules and
// checks them against the code, then decodes a picture of them: the path
// must draw every dark module once and nothing else, inside the quiet
// zone, and the code must say the text. (internal/printtest decodes a
// printed code with zbarimg, a reader independent of the encoder.)
func TestSVGDrawsTheCode(t *testing.T) {
	for _, text := range []string{
		"https://secondround.netlify.app/checklists/on-the-day/",
		"https://secondround.netlify.app/checklists/recruiter-preparing-a-candidate/",
		"http://127.0.0.1:1313/articles/caf%C3%A9-notes/",
		"https://example.org/tags/négociation/?q=a&b=\"c\"",
		"12345",
		"HELLO WORLD",
		"https://example.org/" + strings.Repeat("long-address/", 40),
	} {
		t.Run(text[:min(len(text), 40)], func(t *testing.T) {
			svg, err := SVG(text)
			if err != nil {
				t.Fatal(err)
			}
			code, err := encode(text)
			if err != nil {
				t.Fatal(err)
			}
			n := code.Size() + 2*QuietZone
			if !strings.HasPrefix(svg, `<svg class="qr" viewBox="0 0 `+strconv.Itoa(n)+" "+strconv.Itoa(n)+`"`) {
				t.Errorf("the viewBox is not the code's %d modules and the quiet zone: %.80s", code.Size(), svg)
			}
			if !strings.Contains(svg, `aria-label="QR code: `+attrEscape(text)+`"`) {
				t.Errorf("the SVG is not labelled with its text: %.200s", svg)
			}
			got := drawn(t, svg, n)
			for y := range n {
				for x := range n {
					in := x >= QuietZone && y >= QuietZone && x < n-QuietZone && y < n-QuietZone
					dark := in && code.Module(x-QuietZone, y-QuietZone)
					if got[y][x] != dark {
						t.Fatalf("module (%d, %d) of the drawing is dark=%v, want %v", x, y, got[y][x], dark)
					}
				}
			}
			res, err := qr.DecodeDetailed(picture(got, 4))
			if err != nil {
				t.Fatalf("the drawn code does not decode: %v", err)
			}
			if res.Text != text {
				t.Errorf("the code decodes to %q, want %q", res.Text, text)
			}
			if res.Mask != Mask || res.Ecc != qr.Medium {
				t.Errorf("mask %d, correction %v; want mask %d and medium correction", res.Mask, res.Ecc, Mask)
			}
		})
	}
}

var pathData = regexp.MustCompile(`<path stroke="#000" d="([^"]*)"/>`)

// drawn paints the runs of the SVG's path on an n by n grid of modules,
// failing on a run drawn twice, off the grid, or anywhere but a row's
// middle.
func drawn(t *testing.T, svg string, n int) [][]bool {
	t.Helper()
	m := pathData.FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no path of dark modules in %.200s", svg)
	}
	grid := make([][]bool, n)
	for i := range grid {
		grid[i] = make([]bool, n)
	}
	tokens := regexp.MustCompile(`[Mmh]|-?\d+(\.5)?`).FindAllString(m[1], -1)
	num := func(i int) float64 {
		if i >= len(tokens) {
			t.Fatalf("the path ends in the middle of a command: %s", m[1])
		}
		f, err := strconv.ParseFloat(tokens[i], 64)
		if err != nil {
			t.Fatalf("%q in the path is not a number", tokens[i])
		}
		return f
	}
	var x, y float64
	for i := 0; i < len(tokens); {
		switch tokens[i] {
		case "M":
			x, y = num(i+1), num(i+2)
			i += 3
		case "m":
			x, y = x+num(i+1), y+num(i+2)
			i += 3
		case "h":
			w := int(num(i + 1))
			row := y - 0.5
			if row != float64(int(row)) || int(row) < 0 || int(row) >= n || x < 0 || int(x)+w > n || w <= 0 {
				t.Fatalf("a run of %d from (%v, %v) is off the grid of %d modules", w, x, y, n)
			}
			for c := int(x); c < int(x)+w; c++ {
				if grid[int(row)][c] {
					t.Fatalf("module (%d, %d) is drawn twice", c, int(row))
				}
				grid[int(row)][c] = true
			}
			x += float64(w)
			i += 2
		default:
			t.Fatalf("unexpected %q in the path", tokens[i])
		}
	}
	return grid
}

// picture is a grey image of the modules, scale pixels to a module.
func picture(grid [][]bool, scale int) image.Image {
	n := len(grid)
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for y := range n * scale {
		for x := range n * scale {
			c := color.Gray{Y: 255}
			if grid[y/scale][x/scale] {
				c.Y = 0
			}
			img.SetGray(x, y, c)
		}
	}
	return img
}

// TestTooLong says how long a text may be, rather than failing somewhere
// in the encoder.
func TestTooLong(t *testing.T) {
	_, err := SVG(strings.Repeat("x", 2332))
	if err == nil || !strings.Contains(err.Error(), "2332 bytes do not fit in a QR code") {
		t.Errorf("SVG of 2,332 bytes: err = %v, want one that says they do not fit", err)
	}
	if _, err := SVG(strings.Repeat("x", 2331)); err != nil {
		t.Errorf("SVG of 2,331 bytes, the most medium correction holds: %v", err)
	}
}

// BenchmarkSVG makes the code of a page's address, as a build does for
// every page.
func BenchmarkSVG(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := SVG("https://secondround.netlify.app/articles/page-" + strconv.Itoa(i%100000) + "/"); err != nil {
			b.Fatal(err)
		}
	}
}
