// Command render-checklist prints pages of the site to PDF in headless
// Chromium, on A4 and on US Letter, and turns every PDF page into a PNG, so
// that a person can look at what a reader's printer would give them. It
// prints each page's page count as it goes.
//
//	go run ./bench/print/render-checklist.go                       # one checklist
//	go run ./bench/print/render-checklist.go -out /tmp/print /checklists/on-the-day/ /checklists/print/ /emails/thank-you-general/
//
// It builds the site in -site (the repository by default) first. It needs
// Chromium and poppler-utils.
package main

import (
	"context"
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
		name := strings.Trim(strings.ReplaceAll(p, "/", "-"), "-")
		if name == "" {
			name = "home"
		}
		for _, paper := range printtest.Papers() {
			start := time.Now()
			var b []byte
			err := chromedp.Run(ctx,
				chromedp.Navigate(base+p),
				chromedp.WaitReady("body"),
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
