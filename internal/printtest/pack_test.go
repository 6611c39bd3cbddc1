package printtest

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The two checklists a recruiter chooses in the tests of packs made to
// order, by their ids in the pack, and their titles.
var chosen = []struct{ id, url string }{
	{"checklists-the-day-before", "/checklists/the-day-before/"},
	{"checklists-on-the-day", "/checklists/on-the-day/"},
}

// firstItem is the start of a checklist's first item as a reader sees it
// (its label's text), which no other checklist has: printed, it says the
// checklist is on paper.
func firstItem(t *testing.T, c checklist) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<label class="task-label" for="task-1">(.*?)</label>`).FindStringSubmatch(c.html)
	if m == nil {
		t.Fatalf("%s: no first item", c.url)
	}
	words := strings.Fields(html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], "")))
	return strings.Join(words[:min(4, len(words))], " ")
}

// TestPackToOrder chooses two of the knowledge base's checklists on the
// pack of every checklist, by clicking, and prints: exactly two pages,
// holding those two checklists and no other. Then it fills in the cover
// and prints again: the cover first, then the two. The link, opened in a
// fresh browser, shows the same choice and prints the same pages.
func TestPackToOrder(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	lists := site.checklists(t)
	byURL := map[string]checklist{}
	for _, c := range lists {
		byURL[c.url] = c
	}
	var titles []string
	for _, c := range chosen {
		titles = append(titles, byURL[c.url].title)
	}
	ctx := newBrowser(t, 3*time.Minute)
	run(t, ctx,
		allowClipboard(site.base),
		chromedp.Navigate(site.base+"/checklists/print/"),
		chromedp.WaitVisible("[data-pack-chooser]", chromedp.ByQuery),
	)
	var boxes int
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll('[data-pack-pick]')].filter(b => b.checked).length`, &boxes))
	if boxes != len(lists) {
		t.Fatalf("the pack opens with %d of its %d checklists chosen, want all", boxes, len(lists))
	}
	run(t, ctx, chromedp.Click("[data-pack-none]", chromedp.ByQuery))
	if got := packStatus(t, ctx); got != "Choose at least one checklist to print." || !printDisabled(t, ctx) {
		t.Errorf("with none chosen, the status reads %q and Print is disabled=%v; want a request to choose, and Print disabled", got, printDisabled(t, ctx))
	}
	for _, c := range chosen {
		run(t, ctx, chromedp.Click(`label[for="pick--`+c.id+`"]`, chromedp.ByQuery))
	}
	if got, want := packStatus(t, ctx), "Prints 2 pages: 2 checklists, one to a page."; got != want {
		t.Errorf("with two chosen, the status reads %q, want %q", got, want)
	}
	hash := fragment(t, ctx)
	if got := strings.Split(hash.Get("c"), ","); len(got) != 2 || !hasAll(got, chosen[0].id, chosen[1].id) {
		t.Errorf("the address holds c=%q, want the two chosen ids", hash.Get("c"))
	}
	for _, paper := range Papers() {
		var pdf []byte
		run(t, ctx, PrintAction(paper, &pdf))
		got := save(t, pdf, "two", paper)
		checkPack(t, got, paper, lists, titles, "")
		// Each checklist's page carries the QR code of the checklist's
		// own page, where its boxes can be ticked.
		if Zbar() == nil {
			for i, c := range chosen {
				codes, err := got.QRCodes(i+1, 150)
				if err != nil {
					t.Fatal(err)
				}
				if want := knowledgeBase + c.url; len(codes) != 1 || codes[0] != want {
					t.Errorf("%s: page %d of the pack has QR codes %q, want %q", paper.Name, i+1, codes, want)
				}
			}
		}
	}

	// The cover: typed as a reader types, and a date from the picker.
	run(t, ctx,
		chromedp.SendKeys("#pack-name", "Sam Carter", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const d = document.querySelector('#pack-date'); d.value = '2027-03-04'; d.dispatchEvent(new Event('input', {bubbles: true})); })()`, nil),
		chromedp.SendKeys("#pack-note", "Ask for Priya at reception.\nBring the portfolio.", chromedp.ByQuery),
	)
	if got, want := packStatus(t, ctx), "Prints 3 pages: a cover and 2 checklists, one to a page."; got != want {
		t.Errorf("with a cover, the status reads %q, want %q", got, want)
	}
	var link, clip, copied string
	run(t, ctx,
		chromedp.Evaluate(`navigator.clipboard.writeText('')`, nil, awaitPromise),
		chromedp.Click("[data-pack-copy]", chromedp.ByQuery),
		chromedp.Poll(`(s => s.startsWith('Link copied') && s)(document.querySelector('[data-pack-status]').textContent)`, &copied, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &clip, awaitPromise),
		chromedp.Evaluate(`location.href`, &link),
	)
	if clip != link || !strings.Contains(link, "name=Sam+Carter") || !strings.Contains(link, "date=2027-03-04") {
		t.Errorf("Copy link put %q on the clipboard; the address is %q, and should hold the name and date", clip, link)
	}
	cover := "Checklists for Sam Carter"
	for _, paper := range Papers() {
		var pdf []byte
		run(t, ctx, PrintAction(paper, &pdf))
		checkPack(t, save(t, pdf, "cover", paper), paper, lists, titles, cover)
	}

	// The link in another browser, with nothing of the first one's.
	fresh := newBrowser(t, time.Minute)
	var name, date, note string
	var picked []string
	run(t, fresh,
		chromedp.Navigate(link),
		chromedp.WaitVisible("[data-pack-chooser]", chromedp.ByQuery),
		chromedp.Value("#pack-name", &name, chromedp.ByQuery),
		chromedp.Value("#pack-date", &date, chromedp.ByQuery),
		chromedp.Value("#pack-note", &note, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('[data-pack-pick]')].filter(b => b.checked).map(b => b.value)`, &picked),
	)
	if name != "Sam Carter" || date != "2027-03-04" || note != "Ask for Priya at reception.\nBring the portfolio." || len(picked) != 2 || !hasAll(picked, chosen[0].id, chosen[1].id) {
		t.Errorf("the link opens with name %q, date %q, note %q and %v chosen; want what was filled in and the two", name, date, note, picked)
	}
	var pdf []byte
	run(t, fresh, PrintAction(Papers()[0], &pdf))
	checkPack(t, save(t, pdf, "link", Papers()[0]), Papers()[0], lists, titles, cover)
}

// checkPack checks a printed pack: the cover first when cover (its title)
// is set, under the site's name, with the interview's date and the note, listing the checklists;
// then one page for each of titles, in order; and no other checklist's
// first item anywhere.
func checkPack(t *testing.T, pdf PDF, paper Paper, lists []checklist, titles []string, cover string) {
	t.Helper()
	tops := packPages(t, pdf, "the pack", paper)
	want := append([]string(nil), titles...)
	if cover != "" {
		// The cover starts with the site's name, above its title.
		want = append([]string{"Second Round"}, want...)
	}
	if len(tops) != len(want) {
		t.Fatalf("%s: the pack prints %d pages starting %q, want %d starting %q (see %s)", paper.Name, len(tops), tops, len(want), want, pdf.Path)
	}
	for i, w := range want {
		if !startsWithTitle(tops[i], w) {
			t.Errorf("%s: page %d starts with %q, want %q (see %s)", paper.Name, i+1, tops[i], w, pdf.Path)
		}
	}
	if cover != "" {
		page := strings.Join(strings.Fields(text(t, pdf, 1)), " ")
		for _, s := range append([]string{cover, "Interview: Thursday 4 March 2027", "Ask for Priya at reception. Bring the portfolio.", "In this pack"}, titles...) {
			if !strings.Contains(page, s) {
				t.Errorf("%s: the cover does not say %q:\n%s", paper.Name, s, page)
			}
		}
	}
	all := strings.Join(strings.Fields(text(t, pdf, 0)), " ")
	for _, c := range lists {
		in := false
		for _, title := range titles {
			in = in || c.title == title
		}
		item := firstItem(t, c)
		if found := strings.Contains(all, item); found != in {
			t.Errorf("%s: the first item of %s (%q) is on paper: %v, want %v (see %s)", paper.Name, c.url, item, found, in, pdf.Path)
		}
	}
}

// allowClipboard lets the pages of origin read and write the clipboard,
// in a headless tab that never has the focus the Clipboard API asks for
// otherwise.
func allowClipboard(origin string) chromedp.Action {
	return chromedp.Tasks{
		emulation.SetFocusEmulationEnabled(true),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-read"}, browser.PermissionSettingGranted).WithOrigin(origin),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-write", AllowWithoutSanitization: true}, browser.PermissionSettingGranted).WithOrigin(origin),
	}
}

func packStatus(t *testing.T, ctx context.Context) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Text("[data-pack-status]", &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}

func printDisabled(t *testing.T, ctx context.Context) bool {
	t.Helper()
	var off bool
	run(t, ctx, chromedp.Evaluate(`document.querySelector('[data-pack-print]').disabled`, &off))
	return off
}

// fragment reads the page's address fragment as form values.
func fragment(t *testing.T, ctx context.Context) url.Values {
	t.Helper()
	var hash string
	run(t, ctx, chromedp.Evaluate(`location.hash`, &hash))
	v, err := url.ParseQuery(strings.TrimPrefix(hash, "#"))
	if err != nil {
		t.Fatalf("the fragment %q does not parse: %v", hash, err)
	}
	return v
}

func hasAll(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, s := range list {
			found = found || s == w
		}
		if !found {
			return false
		}
	}
	return true
}

// TestPackLinkForATag opens a tag's pack by a link that chooses one of its
// checklists, and an old link that names a checklist the site no longer
// has: the one prints alone, and the page says what it left out.
func TestPackLinkForATag(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, time.Minute)
	run(t, ctx,
		chromedp.Navigate(site.base+"/tags/for-recruiters/print/#c=checklists-recruiter-offer-to-start,checklists-gone"),
		chromedp.WaitVisible("[data-pack-chooser]", chromedp.ByQuery),
	)
	if got := packStatus(t, ctx); got != "One checklist in the link is no longer on this site. Prints 1 page: 1 checklist, one to a page." {
		t.Errorf("the status reads %q", got)
	}
	var pdf []byte
	run(t, ctx, PrintAction(Papers()[1], &pdf))
	got := save(t, pdf, "tag", Papers()[1])
	if n := pages(t, got); n != 1 || !strings.HasPrefix(firstLine(text(t, got, 1)), "Checklist for recruiters: from offer to first day") {
		t.Errorf("the tag's pack with one chosen prints %d pages starting %q (see %s)", n, firstLine(text(t, got, 1)), got.Path)
	}
}

// TestPackWithoutJavaScript opens a pack with scripts off: the list of
// its checklists, no chooser (which needs the script), and every
// checklist on the page.
func TestPackWithoutJavaScript(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, time.Minute)
	var contents, chooser bool
	var items int
	run(t, ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.base+"/checklists/print/"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector('[data-pack-contents]').offsetParent`, &contents),
		chromedp.Evaluate(`!!document.querySelector('[data-pack-chooser]').offsetParent`, &chooser),
		chromedp.Evaluate(`[...document.querySelectorAll('.print-pack-item')].filter(e => e.offsetParent).length`, &items),
	)
	if !contents || chooser || items != len(site.checklists(t)) {
		t.Errorf("with JavaScript off: contents shown %v, chooser shown %v, %d checklists shown; want the contents, no chooser, and all", contents, chooser, items)
	}
}
