package printtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// sheetURL is the knowledge base's briefing sheet.
const sheetURL = "/briefings/second-interview-briefing/"

// typed is what a recruiter types into the sheet in these tests: a line,
// a table's cells and a long field of two lines, by field id.
var typed = []struct{ id, value string }{
	{"f-company", "Harbour Logistics"},
	{"f-when", "Tuesday 9 March, 10:00 to 12:30"},
	{"f-interviewers-1-1", "Dan Okafor"},
	{"f-interviewers-1-3", "The depot restructure, in numbers"},
	{"f-phone", "07700 900123"},
	{"f-note", "Lead with the supplier example.\nI will call you at 14:00."},
}

// TestBriefingSheet fills in the knowledge base's briefing sheet as a
// recruiter would, prints it on one A4 and one Letter page with the
// values on paper and the hints of the filled fields gone, copies its
// link, and opens the link in a fresh browser: the values are there
// again, and print again. Clear empties the sheet and its link; Undo
// brings both back.
func TestBriefingSheet(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 3*time.Minute)
	run(t, ctx,
		allowClipboard(site.base),
		chromedp.Navigate(site.base+sheetURL),
		chromedp.WaitVisible("[data-briefing-tools]", chromedp.ByQuery),
	)
	for _, f := range typed {
		run(t, ctx, chromedp.SendKeys("#"+f.id, f.value, chromedp.ByID))
	}
	hash := fragment(t, ctx)
	for _, key := range []string{"company", "when", "interviewers.1.1", "interviewers.1.3", "phone", "note"} {
		if hash.Get(key) == "" {
			t.Errorf("the address does not hold %s: %v", key, hash)
		}
	}
	if got := hash.Get("note"); got != "Lead with the supplier example.\nI will call you at 14:00." {
		t.Errorf("the address holds the note as %q", got)
	}
	for _, paper := range Papers() {
		var pdf []byte
		run(t, ctx, PrintAction(paper, &pdf))
		checkSheet(t, save(t, pdf, "filled", paper), paper)
	}

	var link, clip, status string
	run(t, ctx,
		chromedp.Evaluate(`navigator.clipboard.writeText('')`, nil, awaitPromise),
		chromedp.Click("[data-briefing-copy]", chromedp.ByQuery),
		chromedp.Poll(`(s => s.startsWith('Link copied') && s)(document.querySelector('[data-briefing-status]').textContent)`, &status, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &clip, awaitPromise),
		chromedp.Evaluate(`location.href`, &link),
	)
	if clip != link || !strings.Contains(link, "#") {
		t.Errorf("Copy link put %q on the clipboard; the address is %q", clip, link)
	}

	// The link in a browser that has seen nothing of the first.
	fresh := newBrowser(t, time.Minute)
	run(t, fresh,
		chromedp.Navigate(link),
		chromedp.WaitVisible("[data-briefing-tools]", chromedp.ByQuery),
	)
	for _, f := range typed {
		if got := fieldValue(t, fresh, f.id); got != f.value {
			t.Errorf("opened from the link, #%s holds %q, want %q", f.id, got, f.value)
		}
	}
	var said string
	run(t, fresh, chromedp.Text("[data-briefing-status]", &said, chromedp.ByQuery))
	if !strings.HasPrefix(said, "Filled in from the link") {
		t.Errorf("opened from the link, the sheet says %q", said)
	}
	var pdf []byte
	run(t, fresh, PrintAction(Papers()[0], &pdf))
	checkSheet(t, save(t, pdf, "from-link", Papers()[0]), Papers()[0])

	// Clear, then Undo.
	run(t, ctx, chromedp.Click("[data-briefing-clear]", chromedp.ByQuery))
	if got := fieldValue(t, ctx, "f-company"); got != "" || len(fragment(t, ctx)) != 0 {
		t.Errorf("after Clear, the company reads %q and the address holds %v; want both empty", got, fragment(t, ctx))
	}
	run(t, ctx, chromedp.Click("[data-briefing-undo]", chromedp.ByQuery))
	if got := fieldValue(t, ctx, "f-note"); got != typed[len(typed)-1].value || fragment(t, ctx).Get("company") != "Harbour Logistics" {
		t.Errorf("after Undo, the note reads %q and the address holds %v; want what was typed", got, fragment(t, ctx))
	}
}

func fieldValue(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	var v string
	run(t, ctx, chromedp.Value("#"+id, &v, chromedp.ByID))
	return v
}

// checkSheet checks a printed sheet filled in with typed: one page, every
// value on it, the hint of a filled field gone and an empty field's kept,
// and nothing of the screen's tools or introduction.
func checkSheet(t *testing.T, pdf PDF, paper Paper) {
	t.Helper()
	if n := pages(t, pdf); n != 1 {
		t.Errorf("%s: the filled sheet prints on %d pages, want 1 (see %s)", paper.Name, n, pdf.Path)
	}
	got := text(t, pdf, 0)
	flat := strings.Join(strings.Fields(got), " ")
	for _, f := range typed {
		for _, line := range strings.Split(f.value, "\n") {
			if !strings.Contains(flat, line) {
				t.Errorf("%s: %q is not on paper (see %s):\n%s", paper.Name, line, pdf.Path, got)
			}
		}
	}
	if strings.Contains(flat, "As the candidate will hear it at reception") {
		t.Errorf("%s: the hint of the filled Company field is on paper", paper.Name)
	}
	if !strings.Contains(flat, "The candidate's name") {
		t.Errorf("%s: the hint of the empty Prepared for field is not on paper", paper.Name)
	}
	for _, screen := range []string{"Copy link", "briefing call", "Fill this in"} {
		if strings.Contains(flat, screen) {
			t.Errorf("%s: %q, which is for the screen, is on paper", paper.Name, screen)
		}
	}
	noNav(t, "the briefing sheet on "+paper.Name, got)
}

// TestBlankBriefingSheet prints the sheet as it opens: one A4 and one
// Letter page, with every label on it.
func TestBlankBriefingSheet(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, time.Minute)
	for _, paper := range Papers() {
		pdf := printed(t, ctx, site.base+sheetURL, paper)
		if n := pages(t, pdf); n != 1 {
			t.Errorf("%s: the blank sheet prints on %d pages, want 1 (see %s)", paper.Name, n, pdf.Path)
		}
		flat := strings.Join(strings.Fields(text(t, pdf, 0)), " ")
		for _, label := range []string{"Prepared for", "Company", "Date and time", "Address and how to get there", "Who you will meet", "What they care about", "Your recruiter's phone", "Note"} {
			if !strings.Contains(flat, label) {
				t.Errorf("%s: the blank sheet has no %q (see %s)", paper.Name, label, pdf.Path)
			}
		}
	}
}

// TestBriefingWithoutJavaScript types into the sheet with scripts off:
// no tools, which need the script, and what was typed, in a line and in a
// long field, still prints.
func TestBriefingWithoutJavaScript(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, time.Minute)
	var tools bool
	var pdf []byte
	run(t, ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.base+sheetURL),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector('[data-briefing-tools]').offsetParent`, &tools),
		chromedp.SendKeys("#f-company", "Harbour Logistics", chromedp.ByID),
		chromedp.SendKeys("#f-note", "Call me after.", chromedp.ByID),
		PrintAction(Papers()[1], &pdf),
	)
	if tools {
		t.Error("with JavaScript off, the sheet shows its tools, which need the script")
	}
	got := save(t, pdf, "no-js", Papers()[1])
	flat := strings.Join(strings.Fields(text(t, got, 0)), " ")
	if !strings.Contains(flat, "Harbour Logistics") || !strings.Contains(flat, "Call me after.") {
		t.Errorf("with JavaScript off, what was typed is not on paper:\n%s", flat)
	}
}
