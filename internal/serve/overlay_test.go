package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
)

// overlayState is what the test reads of the problems panel.
type overlayState struct {
	Shown    bool   `json:"shown"`    // the panel's list is on screen
	Reopen   bool   `json:"reopen"`   // the small button that opens it again is
	Bg       string `json:"bg"`       // the panel's background colour
	Header   bool   `json:"header"`   // the page's header is not under the panel
	Problems string `json:"problems"` // the panel's text
}

const readOverlay = `(() => {
  const o = document.getElementById('secondround-problems');
  if (!o) return {shown: false, reopen: false, bg: '', header: true, problems: ''};
  const box = o.querySelector('.sr-problems-box'), re = o.querySelector('.sr-problems-reopen');
  const shown = !!box && box.checkVisibility();
  const input = document.querySelector('.site-header input[type=search]');
  const r = input ? input.getBoundingClientRect() : null;
  const hit = r ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
  return {
    shown, reopen: !!re && re.checkVisibility(),
    bg: shown ? getComputedStyle(box).backgroundColor : '',
    header: !input || hit === input,
    problems: o.innerText,
  };
})()`

// TestOverlayCloses breaks a page in a phone-sized window and checks that
// the problems panel follows the dark scheme, leaves the page's header
// usable, can be closed, stays closed when the connection comes back with
// the same problems, and comes back with the next failing build.
func TestOverlayCloses(t *testing.T) {
	ctx := browsertest.New(t, 90*time.Second)
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })
	l := start(t, siteFiles)
	state := func() overlayState {
		t.Helper()
		var s overlayState
		if err := chromedp.Run(ctx, chromedp.Evaluate(readOverlay, &s)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	scheme := func(name string) {
		t.Helper()
		if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
			{Name: "prefers-color-scheme", Value: name},
		})); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(375, 667, 1, true),
		chromedp.Navigate(l.url+"/articles/alpha/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "connected to the event stream", `window.__secondround && window.__secondround.events.readyState === 1`)

	broken := strings.Replace(siteFiles["content/articles/alpha.md"], "title: Alpha", "title: [Alpha", 1)
	l.write("content/articles/alpha.md", broken)
	waitJS(t, ctx, "showing the problems", `!!document.querySelector('#secondround-problems .sr-problems-box')`)
	scheme("light")
	light := state()
	scheme("dark")
	dark := state()
	if !dark.Shown || !strings.Contains(dark.Problems, "content/articles/alpha.md:2") {
		t.Fatalf("the panel does not show the problem: %+v", dark)
	}
	if light.Bg == dark.Bg {
		t.Errorf("the panel's background is %s in both schemes, want it to follow the dark scheme", dark.Bg)
	}
	if !dark.Header {
		t.Error("the problems panel covers the header's search field on a phone")
	}

	if err := chromedp.Run(ctx, chromedp.Click(".sr-problems-close", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if s := state(); s.Shown || !s.Reopen {
		t.Fatalf("after Close: %+v, want the list hidden and the button to open it again shown", s)
	}
	// The connection drops and comes back: the server replays the same
	// problems, which the reader has closed.
	var replayed bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`fetch('/_secondround/problems').then((r) => r.text()).then((data) => {
  const es = window.__secondround.events;
  es.dispatchEvent(new Event('open'));
  es.dispatchEvent(new MessageEvent('problems', {data}));
  return true;
})`, &replayed, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })); err != nil {
		t.Fatal(err)
	}
	if s := state(); s.Shown || !s.Reopen {
		t.Errorf("the same problems, replayed on reconnecting, opened the closed panel again: %+v", s)
	}
	// The next failing build brings it back.
	l.write("content/articles/alpha.md", strings.Replace(siteFiles["content/articles/alpha.md"], "date: 2024-01-02", "date: 2024-02-31", 1))
	waitJS(t, ctx, "showing the problems of the next failing build",
		`!!document.querySelector('#secondround-problems .sr-problems-box') && document.querySelector('#secondround-problems .sr-problems-box').checkVisibility()`)
	if s := state(); !strings.Contains(s.Problems, "2024-02-31") {
		t.Errorf("the panel shows %q, want the new build's problems", s.Problems)
	}
}
