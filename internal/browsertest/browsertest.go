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

	"github.com/chromedp/cdproto/runtime"
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
	// The profile folder is removed here rather than by t.TempDir, whose
	// cleanup fails the test when one of Chromium's helper processes is
	// still writing into it for a moment after the browser has gone.
	profile, err := os.MkdirTemp("", "secondround-chromium-")
	if err != nil {
		t.Fatal(err)
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
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		// Close the browser properly (it waits for the process to exit),
		// then let go of the contexts, then remove the profile. A test
		// may have closed it already, and chromedp.Cancel must run once.
		if ctx.Err() == nil {
			_ = chromedp.Cancel(ctx)
		}
		cancelTime()
		cancelTab()
		cancelAlloc()
		for i := 0; i < 40; i++ {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("could not remove Chromium's profile %s", profile)
	})
	if err := chromedp.Run(ctx); err != nil { // starts the browser
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	return ctx
}

// WaitJS evaluates expr in the page of ctx, awaiting it when it is a
// promise, until it is true, and fails the test after timeout, saying what
// it waited for.
func WaitJS(t testing.TB, ctx context.Context, timeout time.Duration, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ok, AwaitPromise))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still not %s (%s; last error %v)", timeout, what, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// AwaitPromise makes chromedp.Evaluate wait for the promise an expression
// returns, and give its value.
func AwaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
