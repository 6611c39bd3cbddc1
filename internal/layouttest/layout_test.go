package layouttest

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/site"
)

// maxHeader is the tallest the site header may be at any width: one row
// of controls, compact enough to leave a phone's screen to the text.
const maxHeader = 64

// readingKind says whether a page's first paragraph must be on the first
// screen of a phone and of a laptop.
func readingKind(name string) bool {
	return name == "article" || name == "questions" || name == "email" || name == "checklist" || name == "briefing"
}

// firstScreen says whether the first screen is checked at this width: a
// phone's (375×667) and a laptop's (1280×800).
func firstScreen(width int) bool { return width == 375 || width == 1280 }

// TestLayout opens every kind of page at every width, in light and dark,
// and checks what a reader would notice first.
func TestLayout(t *testing.T) {
	// The knowledge base, and a site of awkward content (long words and
	// titles, many headings, long tag names, every home-page route).
	sites := []struct{ name, dir string }{
		{"knowledge base", "../.."},
		{"awkward", "testdata/awkward"},
	}
	ctx := browsertest.New(t, 10*time.Minute)
	for _, st := range sites {
		t.Run(st.name, func(t *testing.T) {
			dir, s := buildSite(t, st.dir)
			base := serve(t, dir)
			targets, missing := Targets(s)
			if len(missing) > 0 {
				t.Errorf("the site has no page of these kinds to check: %s", strings.Join(missing, ", "))
			}
			for _, scheme := range Schemes() {
				for _, vp := range Viewports() {
					for _, tg := range targets {
						var m Metrics
						if err := chromedp.Run(ctx, Emulate(vp, scheme), Load(base+tg.Path), Measure(&m)); err != nil {
							t.Fatalf("%s %s at %s, %s: %v", tg.Name, tg.Path, vp, scheme, err)
						}
						for _, p := range check(tg, vp, m) {
							t.Errorf("%s %s at %s, %s: %s", tg.Name, tg.Path, vp, scheme, p)
						}
					}
				}
			}
		})
	}
}

// check returns what is wrong with a page's metrics on a viewport.
func check(tg Target, vp Viewport, m Metrics) []string {
	var probs []string
	if m.ScrollWidth > m.ViewWidth {
		probs = append(probs, fmt.Sprintf("the page is %d px wide, wider than the %d px window: %s",
			m.ScrollWidth, m.ViewWidth, strings.Join(m.Wide, ", ")))
	} else if len(m.Wide) > 0 {
		probs = append(probs, "these stick out of the window: "+strings.Join(m.Wide, ", "))
	}
	if m.Header > maxHeader {
		probs = append(probs, fmt.Sprintf("the header is %.0f px tall, more than %d", m.Header, maxHeader))
	}
	if m.HeaderRows != 1 {
		probs = append(probs, fmt.Sprintf("the header's parts make %d rows, want 1", m.HeaderRows))
	}
	if m.SearchWidth < 96 {
		probs = append(probs, fmt.Sprintf("the header's search field is %.0f px wide, too narrow to type in (or hidden)", m.SearchWidth))
	}
	if readingKind(tg.Name) && firstScreen(vp.Width) {
		switch {
		case m.FirstText == 0:
			probs = append(probs, "found no first paragraph (main .prose > p)")
		case m.FirstText > float64(m.ViewHeight):
			probs = append(probs, fmt.Sprintf("the first paragraph's first lines end at y = %.0f, below the first screen (%d px)", m.FirstText, m.ViewHeight))
		}
	}
	if tg.Name == "home" && firstScreen(vp.Width) && m.Tomorrow > float64(m.ViewHeight) {
		probs = append(probs, fmt.Sprintf("the tomorrow route's heading ends at y = %.0f, below the first screen (%d px)", m.Tomorrow, m.ViewHeight))
	}
	if m.TOC.Width > 0 {
		wide := vp.Width >= 1280
		switch {
		case wide && !m.TOCBeside:
			probs = append(probs, "the contents are not beside the text, on its right")
		case !wide && m.TOCBeside:
			probs = append(probs, "the contents are beside the text on a narrow screen")
		case vp.Phone && m.TOCOpen:
			probs = append(probs, "the contents are open on a phone: they should start closed")
		}
	}
	if vp.Width >= 1280 && m.Text.Width > 0 && tg.Name != "home" {
		// The text column is centred in the window: its margins differ by
		// less than a tenth of the window.
		left, right := m.Text.Left, float64(m.ViewWidth)-m.Text.Right()
		if math.Abs(left-right) > float64(m.ViewWidth)/10 {
			probs = append(probs, fmt.Sprintf("the text is not centred: %.0f px on its left, %.0f px on its right", left, right))
		}
	}
	for _, f := range m.FiltersOff {
		probs = append(probs, "search filter "+f)
	}
	for _, a := range m.AnchorsOff {
		probs = append(probs, "heading anchor "+a)
	}
	return probs
}

// TestWithoutJavaScript checks the same on a phone and a laptop with
// scripts turned off: the layout may not lean on them.
func TestWithoutJavaScript(t *testing.T) {
	ctx := browsertest.New(t, 5*time.Minute)
	dir, s := buildSite(t, "testdata/awkward")
	base := serve(t, dir)
	targets, _ := Targets(s)
	if err := chromedp.Run(ctx, emulation.SetScriptExecutionDisabled(true)); err != nil {
		t.Fatal(err)
	}
	for _, vp := range Viewports() {
		if vp.Width != 320 && vp.Width != 1280 {
			continue
		}
		for _, tg := range targets {
			if tg.Name == "search" {
				continue // it says that search needs JavaScript
			}
			var m Metrics
			if err := chromedp.Run(ctx, Emulate(vp, "light"), chromedp.Navigate(base+tg.Path), chromedp.WaitReady("body", chromedp.ByQuery), Measure(&m)); err != nil {
				t.Fatalf("%s at %s: %v", tg.Name, vp, err)
			}
			for _, p := range check(tg, vp, m) {
				t.Errorf("%s %s at %s, without JavaScript: %s", tg.Name, tg.Path, vp, p)
			}
		}
	}
}

func buildSite(t *testing.T, src string) (string, *site.Site) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	s, err := Build(src, dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, s
}

func serve(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}
