// Package layouttest looks at the built site as readers see it: every kind
// of page, at the widths of a small phone, a phone, a tablet, a laptop and a
// wide desktop, in light and dark schemes, in headless Chromium. Its test
// measures what a reader would notice (a page wider than the screen, a tall
// header, an article whose first paragraph is below the first screen, a
// heading anchor on a line of its own), and bench/screens uses it to write a
// screenshot of each page at each width and scheme for a person to look at.
package layouttest

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/disk"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
)

// Build builds the site in the folder src (holding content/, and perhaps
// layouts/ and static/ over the built-in theme) into the folder out, and
// returns its model, from which Targets picks the pages to look at.
func Build(src, out string) (*site.Site, error) {
	w, err := output.NewDir(out)
	if err != nil {
		return nil, err
	}
	res, err := build.New(secondround.Theme()).Build(disk.Open(src), build.Options{}, w)
	if err != nil {
		w.Abort()
		return nil, fmt.Errorf("building %s: %w", src, err)
	}
	return res.Site, w.Commit()
}

// A Viewport is a screen a reader holds: its size in CSS pixels, and
// whether it is a phone (a touch screen without hover).
type Viewport struct {
	Name          string
	Width, Height int
	Phone         bool
}

func (v Viewport) String() string { return fmt.Sprintf("%dx%d", v.Width, v.Height) }

// Viewports returns the screens every page is looked at on, narrowest
// first: a small phone, a common phone, a tablet upright, a laptop and a
// wide desktop.
func Viewports() []Viewport {
	return []Viewport{
		{Name: "small phone", Width: 320, Height: 568, Phone: true},
		{Name: "phone", Width: 375, Height: 667, Phone: true},
		{Name: "tablet", Width: 768, Height: 1024},
		{Name: "laptop", Width: 1280, Height: 800},
		{Name: "desktop", Width: 1920, Height: 1080},
	}
}

// Schemes returns the colour schemes every page is looked at in.
func Schemes() []string { return []string{"light", "dark"} }

// A Target is one page that stands for a kind of page.
type Target struct {
	Name string // "article", "tag index", …
	Path string // the URL path, with a query where the page needs one
}

// SearchQuery is what the search page is opened with: words that match
// pages in the knowledge base and in the golden sites.
const SearchQuery = "thank you"

// Targets picks a page for each kind of page the theme lays out: the home
// page, a section, an article, a checklist, a sample email, a question
// list, a briefing sheet, the tag index, a tag's page, the search page with results, the
// not-found page and a print pack. For each kind it takes the page that
// shows most of the layout (table of contents, tags, related pages), then
// the longest. It names the kinds the site has no page of.
func Targets(s *site.Site) ([]Target, []string) {
	var out []Target
	var missing []string
	out = append(out, Target{"home", "/"})
	if sec := biggestSection(s); sec != nil {
		out = append(out, Target{"section", sec.URL})
	} else {
		missing = append(missing, "section")
	}
	for _, kind := range []string{"article", "checklist", "email", "questions", "briefing"} {
		if p := richest(s.OfKind(kind)); p != nil {
			out = append(out, Target{kind, p.URL})
		} else {
			missing = append(missing, kind)
		}
	}
	out = append(out, Target{"tag index", "/tags/"})
	if tags := s.TagsByCount(); len(tags) > 0 {
		out = append(out, Target{"tag", tags[0].URL})
	} else {
		missing = append(missing, "tag")
	}
	out = append(out,
		Target{"search", "/search/?q=" + url.QueryEscape(SearchQuery)},
		Target{"not found", "/404.html"},
	)
	if len(s.OfKind("checklist")) > 0 {
		out = append(out, Target{"print pack", "/checklists/print/"})
	} else {
		missing = append(missing, "print pack")
	}
	return out, missing
}

func biggestSection(s *site.Site) *site.Page {
	var best *site.Page
	for _, sec := range s.Sections {
		if sec.IsHome {
			continue
		}
		if best == nil || len(sec.Pages) > len(best.Pages) {
			best = sec
		}
	}
	return best
}

func richest(pages []*site.Page) *site.Page {
	var best *site.Page
	for _, p := range pages {
		if best == nil || features(p) > features(best) ||
			(features(p) == features(best) && len(p.Content()) > len(best.Content())) {
			best = p
		}
	}
	return best
}

func features(p *site.Page) int {
	n := 0
	// Previous and next count once: the first and last pages of a
	// section, often the longest, have only one of them.
	for _, has := range []bool{len(p.TOC) > 0, len(p.TagList) > 0, p.Prev != nil || p.Next != nil, len(p.Related) > 0} {
		if has {
			n++
		}
	}
	return n
}

// Emulate makes the tab a reader's screen: its size, a phone's touch screen
// (no hover) or a desktop's mouse, and the colour scheme.
func Emulate(vp Viewport, scheme string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := emulation.SetDeviceMetricsOverride(int64(vp.Width), int64(vp.Height), 1, vp.Phone).Do(ctx); err != nil {
			return err
		}
		if err := emulation.SetTouchEmulationEnabled(vp.Phone).Do(ctx); err != nil {
			return err
		}
		hover, pointer := "hover", "fine"
		if vp.Phone {
			hover, pointer = "none", "coarse"
		}
		return emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
			{Name: "prefers-color-scheme", Value: scheme},
			{Name: "hover", Value: hover},
			{Name: "any-hover", Value: hover},
			{Name: "pointer", Value: pointer},
			{Name: "any-pointer", Value: pointer},
		}).Do(ctx)
	})
}

// Load opens u and waits until the page is as a reader would first see it:
// loaded, fonts ready, and on the search page its results rendered.
func Load(u string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Navigate(u),
		chromedp.WaitReady("body", chromedp.ByQuery),
		waitFor(`document.fonts.ready.then(() => true)`, "fonts loaded"),
		waitFor(`(() => {
  if (!location.pathname.startsWith('/search/') || !new URLSearchParams(location.search).get('q')) return true;
  const list = document.querySelector('[data-search-results]');
  return !!(list && list.querySelector('a[href]'));
})()`, "search results rendered"),
	}
}

// waitFor evaluates expr (which may return a promise) until it is true.
func waitFor(expr, what string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		deadline := time.Now().Add(20 * time.Second)
		for {
			var ok bool
			err := chromedp.Evaluate(expr, &ok, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
				return p.WithAwaitPromise(true)
			}).Do(ctx)
			if err == nil && ok {
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("after 20s, still not %s (last error: %v)", what, err)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// FullScreenshot photographs the whole page as a PNG, cut at maxHeight CSS
// pixels, into *res.
func FullScreenshot(maxHeight int, res *[]byte) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var size struct{ W, H float64 }
		if err := chromedp.Evaluate(`({W: document.documentElement.clientWidth, H: document.documentElement.scrollHeight})`, &size).Do(ctx); err != nil {
			return err
		}
		b, err := page.CaptureScreenshot().
			WithFormat(page.CaptureScreenshotFormatPng).
			WithCaptureBeyondViewport(true).
			WithClip(&page.Viewport{Width: size.W, Height: min(size.H, float64(maxHeight)), Scale: 1}).
			Do(ctx)
		if err != nil {
			return err
		}
		*res = b
		return nil
	})
}

// Metrics is what Measure finds on the page in the browser, in CSS pixels.
type Metrics struct {
	ScrollWidth int `json:"scrollWidth"`
	ViewWidth   int `json:"viewWidth"`
	ViewHeight  int `json:"viewHeight"`
	// Wide names the elements that reach past the right edge of the
	// viewport (or start left of it), outermost first.
	Wide []string `json:"wide"`
	// Header is the site header's height, and HeaderRows the number of
	// rows its visible parts (title, navigation or menu, search) make.
	Header     float64 `json:"header"`
	HeaderRows int     `json:"headerRows"`
	// SearchWidth is the width of the header's search field, 0 when it
	// is not visible.
	SearchWidth float64 `json:"searchWidth"`
	// FirstText is the document position of the bottom of the first three
	// lines of the page's first paragraph (or of the whole paragraph when
	// shorter); 0 when the page has no paragraph in its text.
	FirstText float64 `json:"firstText"`
	// Text is the reading column: the page's .prose, or its list.
	Text Box `json:"text"`
	// TOC is the contents box, and TOCBeside says whether its links are
	// visible to the right of the text, beside it.
	TOC       Box  `json:"toc"`
	TOCOpen   bool `json:"tocOpen"`
	TOCBeside bool `json:"tocBeside"`
	// Tomorrow is the document position of the bottom of the home page's
	// "Interview tomorrow?" heading; 0 when the page has none.
	Tomorrow float64 `json:"tomorrow"`
	// FiltersOff names the search page's filter choices whose control is
	// not level with its words (more than 2 px between their middles) or
	// is not shown.
	FiltersOff []string `json:"filtersOff"`
	// Anchors counts heading anchors, and AnchorsOff names those that are
	// not on a line of their heading's text or are hidden from touch.
	Anchors    int      `json:"anchors"`
	AnchorsOff []string `json:"anchorsOff"`
}

// A Box is an element's place in the document; Width is 0 when the page
// has no such element or it is not shown.
type Box struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// Right is the box's right edge.
func (b Box) Right() float64 { return b.Left + b.Width }

// measure is the probe Measure runs.
const measure = `(() => {
  const de = document.documentElement;
  const vw = de.clientWidth, vh = innerHeight;
  const shown = (e) => e && e.checkVisibility({visibilityProperty: true}) && e.getClientRects().length > 0;
  const box = (e) => {
    if (!shown(e)) return {left: 0, top: 0, width: 0, height: 0};
    const r = e.getBoundingClientRect();
    return {left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height};
  };
  const desc = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  const m = {scrollWidth: de.scrollWidth, viewWidth: vw, viewHeight: vh, wide: [], anchorsOff: []};

  // What sticks out: an element whose box crosses an edge of the viewport
  // and is not clipped by an ancestor. Outermost offenders only.
  const clipped = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' || cs.clipPath !== 'none') return true;
    }
    return false;
  };
  const seen = new Set();
  for (const e of document.body.querySelectorAll('*')) {
    if (!shown(e) || e.closest('.visually-hidden, .skip-link')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= vw + 0.5 && r.left >= -0.5)) continue;
    if ([...seen].some((s) => s.contains(e)) || clipped(e)) continue;
    seen.add(e);
    m.wide.push(desc(e) + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
  }

  const header = document.querySelector('.site-header');
  m.header = header ? header.getBoundingClientRect().height : 0;
  const row = header ? [...header.querySelectorAll('.header-row > *')].filter(shown).map((e) => e.getBoundingClientRect()) : [];
  const rows = [];
  for (const r of row) {
    if (!rows.some((o) => r.top < o.bottom - 2 && r.bottom > o.top + 2)) rows.push(r);
  }
  m.headerRows = rows.length;
  const search = document.querySelector('.site-header input[type=search]');
  m.searchWidth = shown(search) ? search.getBoundingClientRect().width : 0;

  const text = document.querySelector('main .prose') || document.querySelector('main .page-list, main .home');
  m.text = box(text);
  const para = document.querySelector('main .prose > p');
  if (shown(para)) {
    const lines = para.getClientRects();
    const range = document.createRange();
    range.selectNodeContents(para);
    const rects = [...range.getClientRects()].filter((r) => r.height > 0);
    const tops = [...new Set(rects.map((r) => Math.round(r.bottom)))].sort((a, b) => a - b);
    const third = tops.length ? tops[Math.min(2, tops.length - 1)] : para.getBoundingClientRect().bottom;
    m.firstText = third + scrollY;
  } else {
    m.firstText = 0;
  }

  const tomorrow = document.querySelector('main .tomorrow h2');
  m.tomorrow = shown(tomorrow) ? tomorrow.getBoundingClientRect().bottom + scrollY : 0;

  const toc = document.querySelector('main .toc');
  m.toc = box(toc);
  const tocLink = toc && toc.querySelector('a');
  m.tocOpen = shown(tocLink);
  if (m.tocOpen && text) {
    const t = tocLink.getBoundingClientRect(), p = text.getBoundingClientRect();
    m.tocBeside = t.left >= p.right - 1 && t.top < p.bottom;
  }

  m.filtersOff = [];
  for (const label of document.querySelectorAll('.search-filters label:has(> input)')) {
    const input = label.querySelector('input');
    const range = document.createRange();
    range.selectNodeContents(label);
    range.setStartAfter(input);
    const words = [...range.getClientRects()].filter((r) => r.width > 0);
    const name = '"' + label.textContent.trim() + '"';
    if (!shown(input) || !words.length) { m.filtersOff.push(name + ': not shown'); continue; }
    const ir = input.getBoundingClientRect(), wr = words[0];
    const off = Math.abs((ir.top + ir.bottom) / 2 - (wr.top + wr.bottom) / 2);
    if (off > 2) m.filtersOff.push(name + ': ' + off.toFixed(1) + ' px out of line');
  }

  const phone = matchMedia('(hover: none)').matches;
  const anchors = document.querySelectorAll('main .heading > .anchor');
  m.anchors = anchors.length;
  for (const a of anchors) {
    const h = a.parentElement.querySelector('h2, h3, h4, h5, h6');
    const name = '"' + (h ? h.textContent.trim().slice(0, 50) : '?') + '"';
    if (!h || !shown(a)) { m.anchorsOff.push(name + ': not shown'); continue; }
    const range = document.createRange();
    range.selectNodeContents(h);
    const lines = [...range.getClientRects()].filter((r) => r.height > 0);
    const ar = a.getBoundingClientRect();
    const mid = (ar.top + ar.bottom) / 2;
    if (!lines.some((l) => mid >= l.top - 1 && mid <= l.bottom + 1)) {
      m.anchorsOff.push(name + ': the anchor is not on a line of the heading');
    }
    if (phone && parseFloat(getComputedStyle(a).opacity) < 0.99) {
      m.anchorsOff.push(name + ': the anchor is faded on a touch screen');
    }
  }
  return m;
})()`

// Measure measures the page loaded in the tab.
func Measure(m *Metrics) chromedp.Action {
	return chromedp.Evaluate(measure, m)
}
