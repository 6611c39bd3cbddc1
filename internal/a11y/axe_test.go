package a11y

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
	"github.com/secondround/secondround/internal/site"
)

// searchQuery is what the search page is opened with: a phrase that matches
// pages in the knowledge base, so that results are on the page when axe runs.
const searchQuery = "thank you"

// A violation is one axe rule broken on a page, as axe.run reports it.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// runAxe runs every axe rule on the document and keeps what an offending
// node needs to be found: its selector and why it fails.
const runAxe = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || '', help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ''})),
})))`

// TestAxe runs axe-core on each kind of page, in light and dark schemes.
func TestAxe(t *testing.T) {
	axePath := tool(t, "AXE_JS", "axe-core/axe.min.js", "npm install axe-core")
	axeSrc, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	dir, s := buildSite(t)
	base := serve(t, dir)

	type target struct{ name, path string }
	var pages []target
	pages = append(pages, target{"home", "/"})
	kinds := samples(s)
	for _, kind := range []string{"article", "checklist", "questions", "email"} {
		if p := kinds[kind]; p != nil {
			pages = append(pages, target{kind, p.URL})
		} else {
			t.Errorf("the knowledge base has no page of kind %s to check", kind)
		}
	}
	pages = append(pages, target{"tag index", "/tags/"})
	if tags := s.TagsByCount(); len(tags) > 0 {
		pages = append(pages, target{"tag", tags[0].URL})
	}
	pages = append(pages,
		target{"search results", "/search/?q=" + strings.ReplaceAll(searchQuery, " ", "+")},
		// a typo notice, and pages with only some of the words after a divider
		target{"search results, fixed", "/search/?q=panle+interview"},
		target{"not found", "/404.html"},
		target{"offline", site.OfflineURL},
	)
	if _, err := os.Stat(filepath.Join(dir, "search", "index.html")); err != nil {
		t.Errorf("the build has no search page (search/index.html), which must pass axe too: %v", err)
	}

	ctx := browsertest.New(t, 3*time.Minute)
	for _, scheme := range []string{"light", "dark"} {
		if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
			{Name: "prefers-color-scheme", Value: scheme},
		})); err != nil {
			t.Fatal(err)
		}
		for _, pg := range pages {
			vs, err := axeOn(ctx, base+pg.path, string(axeSrc))
			if err != nil {
				t.Errorf("%s %s (%s): %v", pg.name, pg.path, scheme, err)
				continue
			}
			for _, v := range vs {
				t.Errorf("%s %s (%s): %s [%s]: %s%s", pg.name, pg.path, scheme, v.ID, v.Impact, v.Help, nodeList(v))
			}
		}
	}
}

// axeOn opens u, waits for what scripts render, and runs axe on it.
func axeOn(ctx context.Context, u, axeSrc string) ([]violation, error) {
	var vs []violation
	err := chromedp.Run(ctx,
		chromedp.Navigate(u),
		waitSearchResults(),
		chromedp.Evaluate(axeSrc+"\n;0", nil),
		chromedp.Evaluate(runAxe, &vs, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	)
	return vs, err
}

// waitSearchResults waits, on the search page opened with a query, until the
// results are on the page; elsewhere it does nothing. Search renders with a
// script after load, and axe must see the results, not an empty list.
func waitSearchResults() chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		const probe = `(() => {
  if (!location.pathname.startsWith('/search/') || !new URLSearchParams(location.search).get('q')) return 'none';
  const list = document.querySelector('[data-search-results], #search-results, .search-results');
  if (!list) return 'no results list';
  return list.querySelector('a[href]') ? 'ready' : 'waiting';
})()`
		deadline := time.Now().Add(15 * time.Second)
		for {
			var state string
			if err := chromedp.Evaluate(probe, &state).Do(ctx); err != nil {
				return err
			}
			if state == "none" || state == "ready" {
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("search results for %q never rendered (%s)", searchQuery, state)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

func nodeList(v violation) string {
	var b strings.Builder
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n\t%s: %s", strings.Join(n.Target, " "), strings.Join(strings.Fields(n.Summary), " "))
	}
	return b.String()
}
