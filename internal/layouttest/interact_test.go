package layouttest

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/secondround/secondround/internal/browsertest"
)

// longArticle is the awkward site's article with the most headings.
const longArticle = "/articles/a-very-long-article/"

// TestContentsFollowReading scrolls a long article on a laptop and checks
// that the contents, beside the text, stay in view and mark the section
// being read; and that on a phone they start closed and open on a tap.
func TestContentsFollowReading(t *testing.T) {
	ctx := browsertest.New(t, 2*time.Minute)
	dir, _ := buildSite(t, "testdata/awkward")
	base := serve(t, dir)
	run := func(actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	laptop, phone := Viewports()[3], Viewports()[1]

	// Bring each section's heading to the top in turn: its link, and only
	// its link, is marked, and the contents are still on the screen.
	var ids []string
	run(Emulate(laptop, "light"), Load(base+longArticle),
		chromedp.Evaluate(`[...document.querySelectorAll('.toc a')].map((a) => a.hash.slice(1))`, &ids))
	if len(ids) < 5 {
		t.Fatalf("the article's contents list %d sections, want at least 5", len(ids))
	}
	for _, id := range []string{ids[1], ids[len(ids)/2], ids[len(ids)-2]} {
		var got struct {
			Current []string `json:"current"`
			TOCTop  float64  `json:"tocTop"`
			Open    bool     `json:"open"`
		}
		run(chromedp.Evaluate(fmt.Sprintf(`document.getElementById(%q).scrollIntoView()`, id), nil),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.Evaluate(`({
  current: [...document.querySelectorAll('.toc a[aria-current]')].map((a) => a.hash.slice(1)),
  tocTop: document.querySelector('.toc').getBoundingClientRect().top,
  open: document.querySelector('.toc').open,
})`, &got))
		if len(got.Current) != 1 || got.Current[0] != id {
			t.Errorf("with %q at the top of the window, the contents mark %v", id, got.Current)
		}
		if got.TOCTop < 0 || got.TOCTop > 100 {
			t.Errorf("with %q at the top of the window, the contents start at y = %.0f, want them held near the top", id, got.TOCTop)
		}
		if !got.Open {
			t.Error("on a wide screen the contents' <details> is not open: assistive technology hears it as collapsed")
		}
	}

	// In a short window the list scrolls inside the contents: the marked
	// link is kept in its view.
	short := laptop
	short.Height = 420
	var seen bool
	run(Emulate(short, "light"), Load(base+longArticle),
		chromedp.Evaluate(fmt.Sprintf(`document.getElementById(%q).scrollIntoView()`, ids[len(ids)-2]), nil),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Evaluate(`(() => {
  const toc = document.querySelector('.toc'), a = toc.querySelector('a[aria-current]');
  if (!a || toc.scrollHeight <= toc.clientHeight) return false;
  const box = toc.getBoundingClientRect(), r = a.getBoundingClientRect();
  return r.top >= box.top && r.bottom <= box.bottom;
})()`, &seen))
	if !seen {
		t.Error("in a 420 px high window, the contents do not scroll to show the marked section (or do not scroll at all)")
	}

	var open, linkShown bool
	run(Emulate(phone, "light"), Load(base+longArticle),
		chromedp.Evaluate(`document.querySelector('.toc').open`, &open))
	if open {
		t.Error("on a phone the contents start open")
	}
	run(chromedp.Click(".toc > summary", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('.toc a').checkVisibility()`, &linkShown))
	if !linkShown {
		t.Error("tapping the contents' summary on a phone does not show the list")
	}
}

// TestMenu opens the phone's menu, checks that its links are on screen
// and within the window, and closes it with Escape and with a tap outside.
func TestMenu(t *testing.T) {
	ctx := browsertest.New(t, time.Minute)
	dir, _ := buildSite(t, "testdata/awkward")
	base := serve(t, dir)
	type menuState struct {
		Open    bool    `json:"open"`
		Links   int     `json:"links"`
		Right   float64 `json:"right"`
		Width   float64 `json:"width"`
		Focused bool    `json:"focused"` // focus is on the menu's button
	}
	const read = `(() => {
  const m = document.querySelector('.site-menu');
  const links = [...m.querySelectorAll('nav a')].filter((a) => a.checkVisibility());
  return {
    open: m.open, links: links.length,
    right: Math.max(0, ...links.map((a) => a.getBoundingClientRect().right)),
    width: document.documentElement.clientWidth,
    focused: document.activeElement === m.querySelector('summary'),
  };
})()`
	state := func() menuState {
		t.Helper()
		var s menuState
		if err := chromedp.Run(ctx, chromedp.Evaluate(read, &s)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, vp := range []Viewport{Viewports()[0], Viewports()[2]} {
		if err := chromedp.Run(ctx, Emulate(vp, "dark"), Load(base+"/"), chromedp.Click(".site-menu > summary", chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		s := state()
		if !s.Open || s.Links < 5 || s.Right > s.Width {
			t.Errorf("at %s the open menu shows %d links reaching x = %.0f (window %.0f), want every section and Tags within the window", vp, s.Links, s.Right, s.Width)
		}
		if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		if s := state(); s.Open || !s.Focused {
			t.Errorf("at %s, Escape leaves the menu open %v, focus on its button %v; want it closed, focus back on the button", vp, s.Open, s.Focused)
		}
		// A tap on the page's heading, which is not a link (the open
		// menu may cover it on a phone, so the click is the script's).
		if err := chromedp.Run(ctx, chromedp.Click(".site-menu > summary", chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector('main h1').click()`, nil)); err != nil {
			t.Fatal(err)
		}
		if s := state(); s.Open {
			t.Errorf("at %s a tap outside the menu leaves it open", vp)
		}
	}
}

// TestBackToTop scrolls a long article on a phone: the way back to the top
// is on screen once the reader is a few screens down, and takes them there.
func TestBackToTop(t *testing.T) {
	ctx := browsertest.New(t, time.Minute)
	dir, _ := buildSite(t, "testdata/awkward")
	base := serve(t, dir)
	var inView bool
	var y float64
	const visible = `(() => {
  const a = document.querySelector('.to-top a');
  const r = a.getBoundingClientRect();
  return a.checkVisibility() && r.top >= 0 && r.bottom <= innerHeight;
})()`
	err := chromedp.Run(ctx, Emulate(Viewports()[1], "light"), Load(base+longArticle),
		chromedp.Evaluate(`window.scrollTo(0, 3 * innerHeight)`, nil), chromedp.Sleep(200*time.Millisecond),
		chromedp.Evaluate(visible, &inView))
	if err != nil {
		t.Fatal(err)
	}
	if !inView {
		t.Fatal("three screens down a long article on a phone, Back to top is not on the screen")
	}
	err = chromedp.Run(ctx, chromedp.Click(".to-top a", chromedp.ByQuery), chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`window.scrollY`, &y))
	if err != nil {
		t.Fatal(err)
	}
	if y != 0 {
		t.Errorf("after Back to top, the page is scrolled to y = %.0f, want 0", y)
	}
}
