// Command screens builds a site and photographs every kind of page at every
// width and colour scheme the layout test checks, in headless Chromium, so
// that a person can look at the whole theme in a minute:
//
//	go run ./bench/screens                            # the knowledge base, into /tmp/secondround-screens
//	go run ./bench/screens -site /tmp/kb -out /tmp/shots -full=false
//	go run ./bench/screens -only home,article -width 375 -open   # menus and contents open
//
// For each page it writes NAME/WIDTH-SCHEME.png (the first screen, as the
// reader first sees it), NAME/WIDTH-SCHEME-full.png (the whole page, cut at
// -max-height), and NAME.png, a contact sheet of the first screens: light
// above, dark below, narrowest on the left. index.html shows them all.
// It needs Chromium.
package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/layouttest"
	"github.com/secondround/secondround/internal/printtest"
)

type options struct {
	src, out  string
	only      map[string]bool
	width     int
	full      bool
	open      bool
	maxHeight int
}

func main() {
	var o options
	flag.StringVar(&o.src, "site", ".", "site folder to build (holds content/)")
	flag.StringVar(&o.out, "out", filepath.Join(os.TempDir(), "secondround-screens"), "folder for the PNGs")
	only := flag.String("only", "", "comma-separated page names to photograph (home, section, article, checklist, email, questions, briefing, tag index, tag, search, not found, print pack); all when empty")
	flag.IntVar(&o.width, "width", 0, "photograph at this width only (320, 375, 768, 1280 or 1920)")
	flag.BoolVar(&o.full, "full", true, "also photograph each whole page")
	flag.IntVar(&o.maxHeight, "max-height", 6000, "cut whole-page photographs at this many CSS pixels")
	flag.BoolVar(&o.open, "open", false, "open every <details> (the header's menu, the contents) before photographing")
	flag.Parse()
	if *only != "" {
		o.only = map[string]bool{}
		for _, n := range strings.Split(*only, ",") {
			o.only[strings.TrimSpace(n)] = true
		}
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "screens:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if browsertest.Path() == "" {
		return fmt.Errorf("chromium is not installed (apt-get install -y chromium), or set CHROMIUM to its path")
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	dir := filepath.Join(o.out, "site")
	s, err := layouttest.Build(o.src, dir)
	if err != nil {
		return err
	}
	base, stop := printtest.Serve(dir)
	defer stop()
	targets, missing := layouttest.Targets(s)
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "screens: the site has no page of these kinds: %s\n", strings.Join(missing, ", "))
	}
	var vps []layouttest.Viewport
	for _, vp := range layouttest.Viewports() {
		if o.width == 0 || vp.Width == o.width {
			vps = append(vps, vp)
		}
	}
	if len(vps) == 0 {
		return fmt.Errorf("-width %d: no such viewport (320, 375, 768, 1280, 1920)", o.width)
	}

	ctx, cancel, err := browser()
	if err != nil {
		return err
	}
	defer cancel()
	var shot []string
	for _, tg := range targets {
		if o.only != nil && !o.only[tg.Name] {
			continue
		}
		name := strings.ReplaceAll(tg.Name, " ", "-")
		if err := os.MkdirAll(filepath.Join(o.out, name), 0o755); err != nil {
			return err
		}
		var firsts [][]image.Image // [scheme][viewport]
		for _, scheme := range layouttest.Schemes() {
			var row []image.Image
			for _, vp := range vps {
				first, err := photograph(ctx, o, base+tg.Path, vp, scheme, filepath.Join(o.out, name, fmt.Sprintf("%d-%s", vp.Width, scheme)))
				if err != nil {
					return fmt.Errorf("%s %s at %s, %s: %w", tg.Name, tg.Path, vp, scheme, err)
				}
				row = append(row, first)
			}
			firsts = append(firsts, row)
		}
		if err := writePNG(filepath.Join(o.out, name+".png"), contactSheet(firsts, 420)); err != nil {
			return err
		}
		shot = append(shot, name)
		fmt.Printf("%-10s %s\n", tg.Name, tg.Path)
	}
	if err := writeIndex(o, shot, vps); err != nil {
		return err
	}
	fmt.Printf("wrote %s/index.html\n", o.out)
	return nil
}

// browser starts Chromium with the flags that keep it off the network.
func browser() (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "secondround-screens-")
	if err != nil {
		return nil, nil, err
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(browsertest.Path()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profile),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	ctx, cancelTab := chromedp.NewContext(actx)
	cancel := func() {
		_ = chromedp.Cancel(ctx)
		cancelTab()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Run(ctx); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return ctx, cancel, nil
}

// photograph loads u on vp in scheme and writes prefix.png (the first
// screen) and, with o.full, prefix-full.png. It returns the first screen.
func photograph(ctx context.Context, o options, u string, vp layouttest.Viewport, scheme, prefix string) (image.Image, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var first []byte
	var open chromedp.Action = chromedp.ActionFunc(func(context.Context) error { return nil })
	if o.open {
		open = chromedp.Tasks{
			chromedp.Evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`, nil),
			chromedp.Sleep(300 * time.Millisecond), // the icons' transitions
		}
	}
	err := chromedp.Run(ctx,
		layouttest.Emulate(vp, scheme),
		layouttest.Load(u),
		open,
		chromedp.CaptureScreenshot(&first),
	)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(prefix+".png", first, 0o644); err != nil {
		return nil, err
	}
	if o.full {
		var full []byte
		if err := chromedp.Run(ctx, layouttest.FullScreenshot(o.maxHeight, &full)); err != nil {
			return nil, err
		}
		if err := os.WriteFile(prefix+"-full.png", full, 0o644); err != nil {
			return nil, err
		}
	}
	img, err := png.Decode(strings.NewReader(string(first)))
	if err != nil {
		return nil, fmt.Errorf("reading Chromium's screenshot: %w", err)
	}
	return img, nil
}

// contactSheet lays rows of images side by side, each scaled to height h,
// with a gap between them.
func contactSheet(rows [][]image.Image, h int) image.Image {
	const gap = 16
	width := 0
	for _, row := range rows {
		w := gap
		for _, img := range row {
			w += scaledWidth(img, h) + gap
		}
		width = max(width, w)
	}
	sheet := image.NewRGBA(image.Rect(0, 0, width, len(rows)*(h+gap)+gap))
	draw.Draw(sheet, sheet.Bounds(), image.NewUniform(color.RGBA{0x80, 0x80, 0x80, 0xff}), image.Point{}, draw.Src)
	y := gap
	for _, row := range rows {
		x := gap
		for _, img := range row {
			w := scaledWidth(img, h)
			scale(sheet, image.Rect(x, y, x+w, y+h), img)
			x += w + gap
		}
		y += h + gap
	}
	return sheet
}

func scaledWidth(img image.Image, h int) int {
	b := img.Bounds()
	return b.Dx() * h / b.Dy()
}

// scale draws src into r of dst, averaging the source pixels that fall in
// each destination pixel: sharp enough to read headings at a glance.
func scale(dst *image.RGBA, r image.Rectangle, src image.Image) {
	sb := src.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		sy0 := sb.Min.Y + (y-r.Min.Y)*sb.Dy()/r.Dy()
		sy1 := max(sy0+1, sb.Min.Y+(y+1-r.Min.Y)*sb.Dy()/r.Dy())
		for x := r.Min.X; x < r.Max.X; x++ {
			sx0 := sb.Min.X + (x-r.Min.X)*sb.Dx()/r.Dx()
			sx1 := max(sx0+1, sb.Min.X+(x+1-r.Min.X)*sb.Dx()/r.Dx())
			var rr, gg, bb, n uint32
			for sy := sy0; sy < sy1; sy++ {
				for sx := sx0; sx < sx1; sx++ {
					cr, cg, cb, _ := src.At(sx, sy).RGBA()
					rr, gg, bb, n = rr+cr, gg+cg, bb+cb, n+1
				}
			}
			dst.Set(x, y, color.RGBA64{uint16(rr / n), uint16(gg / n), uint16(bb / n), 0xffff})
		}
	}
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeIndex writes a page that shows every contact sheet and links each
// photograph, for a person with a browser.
func writeIndex(o options, names []string, vps []layouttest.Viewport) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>Second Round screens</title>\n<body>\n")
	for _, n := range names {
		fmt.Fprintf(&b, "<h2>%s</h2>\n<p><img src=\"%s.png\" alt=\"\" width=\"100%%\"></p>\n<p>", html.EscapeString(n), n)
		for _, scheme := range layouttest.Schemes() {
			for _, vp := range vps {
				p := n + "/" + strconv.Itoa(vp.Width) + "-" + scheme
				fmt.Fprintf(&b, "<a href=\"%s.png\">%d %s</a> ", p, vp.Width, scheme)
				if o.full {
					fmt.Fprintf(&b, "(<a href=\"%s-full.png\">whole</a>) ", p)
				}
			}
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return os.WriteFile(filepath.Join(o.out, "index.html"), []byte(b.String()), 0o644)
}
