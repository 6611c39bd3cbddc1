// Command render-checklist prints pages of the site to PDF in headless
// Chromium, on A4 and on US Letter, and turns every PDF page into a PNG, so
// that a person can look at what a reader's printer would give them. It
// prints each page's page count as it goes.
//
//	go run ./bench/print/render-checklist.go                       # one checklist
//	go run ./bench/print/render-checklist.go -out /tmp/print /checklists/on-the-day/ /checklists/print/ /emails/thank-you-general/
//	go run ./bench/print/render-checklist.go '/checklists/print/#c=checklists-on-the-day&name=Sam'   # a pack to order
//
// A page given with a fragment (a pack's choice, a filled briefing sheet)
// is printed as the fragment fills it in; its files are named by the path
// and a short hash of the fragment.
//
// It builds the site in -site (the repository by default) first. It needs
// Chromium and poppler-utils.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/printtest"
)

func main() {
	src := flag.String("site", ".", "site folder to build (holds content/)")
	out := flag.String("out", filepath.Join(os.TempDir(), "secondround-print"), "folder for the PDFs and PNGs")
	dpi := flag.Int("dpi", 60, "resolution of the PNGs")
	tick := flag.Int("tick", 0, "tick this many boxes (every other one) before printing, to see ticked boxes on paper")
	flag.Parse()
	pages := flag.Args()
	if len(pages) == 0 {
		pages = []string{"/checklists/on-the-day/"}
	}
	if err := run(*src, *out, *dpi, *tick, pages); err != nil {
		fmt.Fprintln(os.Stderr, "render-checklist:", err)
		os.Exit(1)
	}
}

// tickJS ticks every other box, up to %d, by clicking its words as a
// reader would, then clears the saved ticks so the next page starts empty.
const tickJS = `(() => {
  const labels = [...document.querySelectorAll("label.task-label")].filter((_, i) => i %% 2 === 0).slice(0, %d);
  for (const l of labels) l.click();
  localStorage.clear();
})()`

func run(src, out string, dpi, tick int, pages []string) error {
	if err := printtest.Tools(); err != nil {
		return err
	}
	chromium := browsertest.Path()
	if chromium == "" {
		return fmt.Errorf("chromium is not installed (apt-get install -y chromium), or set CHROMIUM to its path")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	site := filepath.Join(out, "site")
	if err := printtest.Build(src, site); err != nil {
		return fmt.Errorf("building %s: %w", src, err)
	}
	base, stop := printtest.Serve(site)
	defer stop()

	profile, err := os.MkdirTemp("", "render-checklist-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 5*time.Minute)
	defer cancelTime()

	for _, p := range pages {
		name := fileName(p)
		for _, paper := range printtest.Papers() {
			start := time.Now()
			var b []byte
			err := chromedp.Run(ctx,
				chromedp.Navigate(base+p),
				chromedp.WaitReady("body", chromedp.ByQuery),
				chromedp.Evaluate(fmt.Sprintf(tickJS, tick), nil),
				printtest.PrintAction(paper, &b),
			)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			took := time.Since(start)
			stem := filepath.Join(out, name+"-"+strings.ToLower(paper.Name))
			pdf, err := printtest.Save(b, stem+".pdf")
			if err != nil {
				return err
			}
			n, err := pdf.Pages()
			if err != nil {
				return err
			}
			old, _ := filepath.Glob(stem + "-*.png")
			for _, f := range old {
				os.Remove(f)
			}
			pngs, err := pdf.PNGs(stem, dpi)
			if err != nil {
				return err
			}
			fmt.Printf("%-40s %-6s %d page(s), printed in %v: %s\n", p, paper.Name, n, took.Round(time.Millisecond), strings.Join(pngs, " "))
		}
	}
	return nil
}

// fileName names the files of a page by its path, and by a short hash of
// what follows the path (a pack's choice, a filled briefing sheet), which
// would make a name too long for the file system.
func fileName(page string) string {
	path, rest, _ := strings.Cut(page, "#")
	path, query, _ := strings.Cut(path, "?")
	name := strings.Trim(strings.ReplaceAll(path, "/", "-"), "-")
	if name == "" {
		name = "home"
	}
	if rest != "" || query != "" {
		sum := sha256.Sum256([]byte(query + "#" + rest))
		name += "-" + hex.EncodeToString(sum[:4])
	}
	return name
}
