// Package printtest shows what the site gives a reader on paper: it builds a
// site into a folder, serves it, prints pages to PDF in headless Chromium on
// A4 and US Letter, and reads the PDFs back with poppler's tools (pdfinfo,
// pdftotext, pdftoppm), and the QR codes on them with zbarimg. Its tests
// check the checklists, emails, briefing sheets and print packs of the real
// content; bench/print/render-checklist.go uses it to make
// PNGs that a person can look at.
package printtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/disk"
	"github.com/secondround/secondround/internal/output"
)

// A Paper is a sheet size, in inches as Chromium's printing takes it.
type Paper struct {
	Name          string
	Width, Height float64
}

// Papers returns the two sizes every printable page must suit: A4 and US
// Letter.
func Papers() []Paper {
	return []Paper{
		{Name: "A4", Width: 8.27, Height: 11.69},
		{Name: "Letter", Width: 8.5, Height: 11},
	}
}

// Build builds the site whose folder is src (holding content/, and
// perhaps layouts/ and static/ over the built-in theme) into out.
func Build(src, out string) error {
	w, err := output.NewDir(out)
	if err != nil {
		return err
	}
	if _, err := build.Once(secondround.Theme()).Build(disk.Open(src), build.Options{}, w); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// Serve serves the folder dir on a loopback address and returns its base
// URL (no trailing slash) and a function that stops the server.
func Serve(dir string) (string, func()) {
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	return srv.URL, srv.Close
}

// PrintPDF loads url in the browser of ctx and prints it as Chromium's print
// dialog would, with the site's print stylesheet, on paper, without the
// browser's own header and footer.
func PrintPDF(ctx context.Context, url string, paper Paper) ([]byte, error) {
	var pdf []byte
	err := chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.WaitReady("body", chromedp.ByQuery),
		PrintAction(paper, &pdf),
	)
	return pdf, err
}

// PrintAction prints the page already loaded in the browser, in its current
// state (ticked boxes stay ticked), into *pdf.
func PrintAction(paper Paper, pdf *[]byte) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		// Web fonts and images finish loading before the page is laid out
		// for paper.
		var ready bool
		if err := chromedp.Evaluate(`document.fonts.ready.then(() => true)`, &ready, awaitPromise).Do(ctx); err != nil {
			return err
		}
		b, _, err := page.PrintToPDF().
			WithPaperWidth(paper.Width).
			WithPaperHeight(paper.Height).
			WithPreferCSSPageSize(true).
			WithDisplayHeaderFooter(false).
			Do(ctx)
		if err != nil {
			return fmt.Errorf("printing to PDF on %s: %w", paper.Name, err)
		}
		*pdf = b
		return nil
	})
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// Tools reports the poppler tool that is missing, if any: every function
// below needs pdfinfo, pdftotext and pdftoppm.
func Tools() error {
	for _, name := range []string{"pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(name); err != nil {
			return fmt.Errorf("%s is not installed: install poppler-utils (apt-get install -y poppler-utils)", name)
		}
	}
	return nil
}

// Zbar reports a missing zbarimg (Debian's zbar-tools), which QRCodes
// needs.
func Zbar() error {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		return fmt.Errorf("zbarimg is not installed: install zbar-tools (apt-get install -y zbar-tools)")
	}
	return nil
}

// A PDF is a printed page saved to a file, so that poppler's tools can read
// it.
type PDF struct{ Path string }

// Save writes pdf to path.
func Save(pdf []byte, path string) (PDF, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return PDF{}, fmt.Errorf("%s: not a PDF (%d bytes)", path, len(pdf))
	}
	return PDF{Path: path}, os.WriteFile(path, pdf, 0o644)
}

// Pages returns the number of pages, from pdfinfo.
func (p PDF) Pages() (int, error) {
	out, err := exec.Command("pdfinfo", p.Path).Output()
	if err != nil {
		return 0, fmt.Errorf("pdfinfo %s: %w", p.Path, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return 0, fmt.Errorf("pdfinfo %s: no page count in %q", p.Path, out)
}

// Text returns the text of page n (1-based), or of every page when n is 0,
// in reading order.
func (p PDF) Text(n int) (string, error) {
	args := []string{}
	if n > 0 {
		args = append(args, "-f", strconv.Itoa(n), "-l", strconv.Itoa(n))
	}
	args = append(args, p.Path, "-")
	out, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		return "", fmt.Errorf("pdftotext %s: %w", p.Path, err)
	}
	return string(out), nil
}

// PNGs renders every page at dpi dots per inch as prefix-1.png,
// prefix-2.png, ... and returns their paths.
func (p PDF) PNGs(prefix string, dpi int) ([]string, error) {
	if out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-png", p.Path, prefix).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm %s: %v: %s", p.Path, err, out)
	}
	return filepath.Glob(prefix + "-*.png")
}

// QRCodes renders page n (1-based) at dpi dots per inch, as a scanner or
// a phone's camera would see the paper, and returns the text of every QR
// code zbarimg finds on it, in the order it reports them.
func (p PDF) QRCodes(n, dpi int) ([]string, error) {
	prefix := strings.TrimSuffix(p.Path, ".pdf") + "-qr"
	page := strconv.Itoa(n)
	if out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-f", page, "-l", page, "-singlefile", p.Path, prefix).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm %s: %v: %s", p.Path, err, out)
	}
	// zbarimg exits 4 when it finds no code: not an error here.
	out, err := exec.Command("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", prefix+".png").Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 4) {
		return nil, fmt.Errorf("zbarimg %s.png: %w", prefix, err)
	}
	var codes []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" {
			codes = append(codes, line)
		}
	}
	return codes, nil
}

// A Word is one word of a printed page and its box, in points from the
// page's top left corner.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

var wordBox = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// Words returns the words of page n (1-based) with their places, from
// pdftotext's bounding boxes, in reading order.
func (p PDF) Words(n int) ([]Word, error) {
	page := strconv.Itoa(n)
	out, err := exec.Command("pdftotext", "-bbox", "-f", page, "-l", page, p.Path, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext -bbox %s: %w", p.Path, err)
	}
	var words []Word
	for _, m := range wordBox.FindAllStringSubmatch(string(out), -1) {
		w := Word{Text: html.UnescapeString(m[5])}
		for i, f := range []*float64{&w.XMin, &w.YMin, &w.XMax, &w.YMax} {
			*f, _ = strconv.ParseFloat(m[i+1], 64)
		}
		words = append(words, w)
	}
	return words, nil
}
