// Package browsertest starts a real headless Chromium for tests of what only
// a browser can show: search as a reader types, printing, live reload. A
// test skips when Chromium is absent, except in CI (CI=true), where a missing
// browser is a failure: CI must install it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path finds the Chromium binary: $CHROMIUM, then the usual names.
func Path() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts Chromium and returns a context for chromedp actions in one
// fresh tab. The browser stops when the test ends. timeout bounds the whole
// test so that a hung page fails it rather than the CI run.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is not installed, and CI must run browser tests: install it (apt-get install -y chromium)")
		}
		t.Skip("Chromium is not installed; skipping the browser test (set CHROMIUM to its path)")
	}
	// These flags keep Chromium from reaching for the network at start,
	// which on a closed network makes it hang.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Run(ctx); err != nil { // starts the browser
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	return ctx
}
