package a11y

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
)

// focusState is what the test knows of the focused element.
type focusState struct {
	Index   int    `json:"index"` // its number among the marked controls, or -1
	Tag     string `json:"tag"`
	ID      string `json:"id"`
	Desc    string `json:"desc"`
	Skip    bool   `json:"skip"`    // it is the skip link
	Visible bool   `json:"visible"` // rendered, not transparent, inside the viewport
	Ring    bool   `json:"ring"`    // an outline or a box-shadow marks it
}

// markControls numbers every control a keyboard user must be able to reach:
// the interactive elements that are rendered and not disabled. An element
// with tabindex="-1" was taken out of the Tab order on purpose: the
// contents' summary is, on a wide screen, where its list is always shown.
const markControls = `(() => {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
  let n = 0;
  for (const e of document.querySelectorAll(sel)) {
    if (e.getAttribute('tabindex') === '-1' || e.disabled || e.closest('[inert]')) continue;
    if (!e.checkVisibility({visibilityProperty: true})) continue;
    e.dataset.a11yControl = n++;
  }
  return n;
})()`

// describeFocus reports on document.activeElement.
const describeFocus = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return {index: -1, tag: 'BODY', desc: 'the page itself'};
  const cs = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow !== '' && cs.boxShadow !== 'none');
  let desc = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  if (e.getAttribute('href')) desc += '[href="' + e.getAttribute('href') + '"]';
  const text = (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  if (text) desc += ' "' + text + '"';
  return {
    index: e.dataset.a11yControl === undefined ? -1 : Number(e.dataset.a11yControl),
    tag: e.tagName, id: e.id, desc,
    skip: e.classList.contains('skip-link'),
    visible: inView && e.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    ring,
  };
})()`

// listControls names the marked controls, for failure messages.
const listControls = `[...document.querySelectorAll('[data-a11y-control]')].map(e =>
  e.tagName.toLowerCase() + (e.getAttribute('href') ? '[href="' + e.getAttribute('href') + '"]' : '') +
  ' "' + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '"')`

// TestKeyboard uses an article and a checklist with the keyboard alone: the
// skip link comes first and works, Tab reaches every control, and each shows
// where the focus is.
func TestKeyboard(t *testing.T) {
	dir, s := buildSite(t)
	base := serve(t, dir)
	kinds := samples(s)
	ctx := browsertest.New(t, 2*time.Minute)
	for _, kind := range []string{"article", "checklist"} {
		p := kinds[kind]
		if p == nil {
			t.Errorf("the knowledge base has no page of kind %s to check", kind)
			continue
		}
		t.Run(kind, func(t *testing.T) {
			skipLink(t, ctx, base+p.URL)
			tabWalk(t, ctx, base+p.URL)
		})
	}
}

// skipLink checks that the first Tab lands on a visible skip link and that
// following it puts the focus on <main>.
func skipLink(t *testing.T, ctx context.Context, u string) {
	var first focusState
	if err := chromedp.Run(ctx,
		chromedp.Navigate(u),
		chromedp.KeyEvent("\t"),
		chromedp.Evaluate(describeFocus, &first),
	); err != nil {
		t.Fatal(err)
	}
	if !first.Skip {
		t.Fatalf("the first Tab focuses %s, want the skip link", first.Desc)
	}
	if !first.Visible {
		t.Errorf("the skip link is not visible when focused: %s", first.Desc)
	}
	if !first.Ring {
		t.Errorf("the skip link has no focus indicator (outline or box-shadow) when focused")
	}
	var after focusState
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent("\r"),
		chromedp.Evaluate(describeFocus, &after),
	); err != nil {
		t.Fatal(err)
	}
	if after.Tag != "MAIN" {
		t.Errorf("following the skip link focuses %s, want <main>", after.Desc)
	}
}

// tabWalk presses Tab from the top of a fresh page until the focus leaves
// the page, and checks that every control was reached and marked.
func tabWalk(t *testing.T, ctx context.Context, u string) {
	var n int
	if err := chromedp.Run(ctx, chromedp.Navigate(u), chromedp.Evaluate(markControls, &n)); err != nil {
		t.Fatal(err)
	}
	reached := make([]bool, n)
	var order []string
	for range n + 10 {
		var f focusState
		if err := chromedp.Run(ctx, chromedp.KeyEvent("\t"), chromedp.Evaluate(describeFocus, &f)); err != nil {
			t.Fatal(err)
		}
		if f.Tag == "BODY" || (f.Index >= 0 && reached[f.Index]) {
			break // past the last control, or around again
		}
		order = append(order, f.Desc)
		if f.Index >= 0 {
			reached[f.Index] = true
		}
		if !f.Visible {
			t.Errorf("Tab %d focuses %s, which is not visible", len(order), f.Desc)
		}
		if !f.Ring {
			t.Errorf("Tab %d focuses %s, which shows no focus indicator (outline or box-shadow)", len(order), f.Desc)
		}
	}
	var names []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(listControls, &names)); err != nil {
		t.Fatal(err)
	}
	var missed []string
	for i, ok := range reached {
		if !ok && i < len(names) {
			missed = append(missed, fmt.Sprintf("#%d %s", i, names[i]))
		}
	}
	if len(missed) > 0 {
		t.Errorf("Tab never reaches %d of %d controls:\n\t%s\nTab order was:\n\t%s",
			len(missed), n, strings.Join(missed, "\n\t"), strings.Join(order, "\n\t"))
	}
	if n == 0 {
		t.Errorf("found no controls on %s", u)
	}
}
