package a11y

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/layouttest"
)

// openDetails opens every disclosure (the header's menu, the contents), so
// that axe checks what they hold as well.
const openDetails = `document.querySelectorAll('details').forEach((d) => { d.open = true; })`

// TestAxeAtEveryWidth runs axe on every kind of page of the layout test's
// awkward site (long names, every home-page route) on a phone and on a
// laptop, in light and dark, with the menu and the contents open: the
// phone's header, the home page's routes and the wide contents column
// are not all on the knowledge base's pages at TestAxe's one width.
func TestAxeAtEveryWidth(t *testing.T) {
	axePath := tool(t, "AXE_JS", "axe-core/axe.min.js", "npm install axe-core")
	axeSrc, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	s, err := layouttest.Build("../layouttest/testdata/awkward", dir)
	if err != nil {
		t.Fatal(err)
	}
	base := serve(t, dir)
	targets, missing := layouttest.Targets(s)
	if len(missing) > 0 {
		t.Errorf("the awkward site has no page of these kinds: %v", missing)
	}
	ctx := browsertest.New(t, 4*time.Minute)
	for _, vp := range layouttest.Viewports() {
		if vp.Width != 375 && vp.Width != 1280 {
			continue
		}
		for _, scheme := range layouttest.Schemes() {
			for _, tg := range targets {
				var vs []violation
				err := chromedp.Run(ctx,
					layouttest.Emulate(vp, scheme),
					layouttest.Load(base+tg.Path),
					chromedp.Evaluate(openDetails, nil),
					chromedp.Evaluate(string(axeSrc)+"\n;0", nil),
					chromedp.Evaluate(runAxe, &vs, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
						return p.WithAwaitPromise(true)
					}),
				)
				if err != nil {
					t.Errorf("%s %s at %s, %s: %v", tg.Name, tg.Path, vp, scheme, err)
					continue
				}
				for _, v := range vs {
					t.Errorf("%s %s at %s, %s: %s [%s]: %s%s", tg.Name, tg.Path, vp, scheme, v.ID, v.Impact, v.Help, nodeList(v))
				}
			}
		}
	}
}
