package printtest

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
)

// repoRoot holds the knowledge base these tests print: the repository's own
// content/.
const repoRoot = "../.."

// navText is text that only the site's chrome carries: the header, search,
// breadcrumbs, table of contents, tools, previous/next, related pages and
// footer. None of it may reach paper. navLines are the short labels
// (buttons, headings of asides) that content may also use inside a
// sentence, so they count only as whole lines.
var (
	navText  = []string{"Skip to content", "Home › ", "On this page", "min read", "All tags", "Atom feed", "Sitemap", "Choose none", "Copy link", " done\n", "Search…", "Back to top"}
	navLines = []string{"Search", "Menu", "Copy", "Print", "Print blank", "Reset", "Undo", "Open in mail app", "Previous", "Next", "Related", "Home", "Tags"}
)

// built is a site built and served for one test.
type built struct {
	dir, base string
}

func buildAndServe(t *testing.T, src string) built {
	t.Helper()
	if err := Tools(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := Build(src, dir); err != nil {
		t.Fatalf("building %s: %v", src, err)
	}
	base, stop := Serve(dir)
	t.Cleanup(stop)
	return built{dir: dir, base: base}
}

// newBrowser starts Chromium for one test and closes it gracefully when
// the test ends, before its profile folder is removed: a browser killed
// mid-write leaves files behind and fails the folder's cleanup.
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	ctx := browsertest.New(t, timeout)
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })
	return ctx
}

// A checklist is one checklist page of a built site.
type checklist struct {
	url, title string
	html       string
}

var h1 = regexp.MustCompile(`<h1>([^<]*)</h1>`)

// checklists lists the checklist pages of a built site, found the way a
// reader's browser would tell: by their body class.
func (b built) checklists(t *testing.T) []checklist {
	t.Helper()
	var out []checklist
	err := filepath.WalkDir(b.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		page, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !strings.Contains(string(page), `<body class="kind-checklist">`) {
			return nil
		}
		rel, _ := filepath.Rel(b.dir, filepath.Dir(p))
		m := h1.FindSubmatch(page)
		if m == nil {
			return fmt.Errorf("%s: no <h1>", p)
		}
		out = append(out, checklist{url: "/" + filepath.ToSlash(rel) + "/", title: html.UnescapeString(string(m[1])), html: string(page)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].url < out[j].url })
	return out
}

// printed prints url on paper and returns the PDF, saved in the test's
// temporary folder.
func printed(t *testing.T, ctx context.Context, url string, paper Paper) PDF {
	t.Helper()
	b, err := PrintPDF(ctx, url, paper)
	if err != nil {
		t.Fatal(err)
	}
	return save(t, b, url, paper)
}

func save(t *testing.T, b []byte, url string, paper Paper) PDF {
	t.Helper()
	name := strings.Trim(strings.NewReplacer("/", "-", ":", "-").Replace(url), "-") + "-" + paper.Name + ".pdf"
	pdf, err := Save(b, filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

func pages(t *testing.T, pdf PDF) int {
	t.Helper()
	n, err := pdf.Pages()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func text(t *testing.T, pdf PDF, page int) string {
	t.Helper()
	s, err := pdf.Text(page)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// firstLine is the first line of text on a printed page.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// noNav fails the test for chrome text found on paper.
func noNav(t *testing.T, what, got string) {
	t.Helper()
	for _, f := range navFound(got) {
		t.Errorf("%s: the printout shows %s, which belongs to the site's navigation or tools:\n%s", what, f, got)
	}
}

// navFound lists the chrome text in got.
func navFound(got string) []string {
	var found []string
	for _, s := range navText {
		if strings.Contains(got, s) {
			found = append(found, strconv.Quote(s))
		}
	}
	for _, line := range strings.Split(got, "\n") {
		line = strings.TrimSpace(line)
		for _, s := range navLines {
			if line == s {
				found = append(found, "a line "+strconv.Quote(s))
			}
		}
		// The header's section links print as one line.
		if strings.Contains(line, "Articles") && strings.Contains(line, "Checklists") && strings.Contains(line, "Emails") {
			found = append(found, "the section navigation "+strconv.Quote(line))
		}
	}
	return found
}

// TestNavCheckSeesChrome prints a checklist with the screen's styles, as a
// site without a print stylesheet would print: the navigation check must
// find the header, the tools and the footer there, or it proves nothing.
func TestNavCheckSeesChrome(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, time.Minute)
	var pdf []byte
	err := chromedp.Run(ctx,
		emulation.SetEmulatedMedia().WithMedia("screen"),
		chromedp.Navigate(site.base+"/checklists/on-the-day/"),
		chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery),
		PrintAction(Papers()[0], &pdf),
	)
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, save(t, pdf, "screen", Papers()[0]), 0)
	found := strings.Join(navFound(got), " ")
	// At a sheet's width the header holds the search field and the
	// sections' Menu; wider, it shows the sections themselves, which the
	// check finds as one line.
	for _, want := range []string{"Home ›", "Search…", "Menu", "Print blank", "All tags", "min read"} {
		if !strings.Contains(found, want) {
			t.Errorf("printed with screen styles, the check misses %q; it found %s in:\n%s", want, found, got)
		}
	}
}

// TestChecklistsPrintOnOnePage prints every checklist of the knowledge base
// on A4 and on Letter: one sheet each, its title first, its address and
// date last, and nothing of the site around it.
func TestChecklistsPrintOnOnePage(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	lists := site.checklists(t)
	if len(lists) < 5 {
		t.Fatalf("found %d checklist pages, want the knowledge base's (at least 5)", len(lists))
	}
	ctx := newBrowser(t, 3*time.Minute)
	for _, c := range lists {
		for _, paper := range Papers() {
			t.Run(strings.Trim(c.url, "/")+"/"+paper.Name, func(t *testing.T) {
				pdf := printed(t, ctx, site.base+c.url, paper)
				if n := pages(t, pdf); n != 1 {
					t.Errorf("%s on %s prints on %d pages, want 1 (see %s)", c.url, paper.Name, n, pdf.Path)
				}
				got := text(t, pdf, 0)
				if first := firstLine(got); !startsWithTitle(first, c.title) {
					t.Errorf("%s on %s: the printout starts with %q, want the title %q", c.url, paper.Name, first, c.title)
				}
				if !strings.Contains(got, c.url) {
					t.Errorf("%s on %s: the printout does not carry the page's address:\n%s", c.url, paper.Name, got)
				}
				noNav(t, c.url+" on "+paper.Name, got)
			})
		}
	}
}

// startsWithTitle reports whether a page's first printed line is title, or
// its first line when a long title wraps.
func startsWithTitle(first, title string) bool {
	return first != "" && len(first) >= min(len(title), 12) && strings.HasPrefix(title, first)
}

// TestLongChecklistFitsOnePage prints a checklist of 25 items with five
// headings, an introduction, items that run close to a line and a closing
// paragraph of links: the most the issue promises on one sheet.
func TestLongChecklistFitsOnePage(t *testing.T) {
	src := t.TempDir()
	var md strings.Builder
	md.WriteString("---\ntitle: \"Checklist: twenty-five items on one sheet of paper\"\nkind: checklist\ndate: 2026-01-01\n---\n\n")
	md.WriteString("Work through this list in order. Each item links back to the article that explains it, so that you can read the reasoning when you need it, not before.\n")
	for h := 1; h <= 5; h++ {
		fmt.Fprintf(&md, "\n## Section %d of the checklist\n\n", h)
		for i := 1; i <= 5; i++ {
			fmt.Fprintf(&md, "- [ ] Item %d.%d: confirm the date, the time, the place and the names of everyone you meet\n", h, i)
		}
	}
	md.WriteString("\nRelated: [the week before](https://example.com/the-week-before), [the day before](https://example.com/the-day-before) and [after the interview](https://example.com/after).\n")
	if err := os.MkdirAll(filepath.Join(src, "content", "checklists"), 0o755); err != nil {
		t.Fatal(err)
	}
	// With a base URL, so that the sheet carries its QR code too.
	if err := os.WriteFile(filepath.Join(src, "content", "_index.md"), []byte("---\ntitle: Test\nbase_url: https://example.org/\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "content", "checklists", "long.md"), []byte(md.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	site := buildAndServe(t, src)
	ctx := newBrowser(t, time.Minute)
	for _, paper := range Papers() {
		pdf := printed(t, ctx, site.base+"/checklists/long/", paper)
		if n := pages(t, pdf); n != 1 {
			t.Errorf("a 25-item checklist prints on %d pages of %s, want 1 (see %s)", n, paper.Name, pdf.Path)
		}
		got := text(t, pdf, 0)
		if !strings.Contains(got, "Item 5.5") {
			t.Errorf("%s: the last item is missing from the printout:\n%s", paper.Name, got)
		}
		// External links carry their address on paper.
		if !strings.Contains(got, "(https://example.com/after)") {
			t.Errorf("%s: an external link is printed without its address:\n%s", paper.Name, got)
		}
		rowsApart(t, pdf, paper)
	}
}

// minRow is the least distance between two rows of a printed checklist:
// room to tick a box with a pen and write a word beside it.
const minRow = 7.0 / 25.4 * 72 // 7 mm, in points

// rowsApart checks that the items of the 25-item checklist ("Item 1.1:",
// "Item 1.2:", ...) are at least minRow apart on paper, measured from the
// top of one item's words to the top of the next's.
func rowsApart(t *testing.T, pdf PDF, paper Paper) {
	t.Helper()
	words, err := pdf.Words(1)
	if err != nil {
		t.Fatal(err)
	}
	var tops []float64
	for i, w := range words {
		if w.Text == "Item" && i+1 < len(words) && strings.HasSuffix(words[i+1].Text, ":") {
			tops = append(tops, w.YMin)
		}
	}
	if len(tops) != 25 {
		t.Fatalf("%s: found %d items on the page, want 25 (see %s)", paper.Name, len(tops), pdf.Path)
	}
	for i := 1; i < len(tops); i++ {
		if gap := tops[i] - tops[i-1]; gap < minRow-0.05 {
			t.Errorf("%s: items %d and %d are %.1f mm apart, want at least 7 mm (see %s)", paper.Name, i, i+1, gap*25.4/72, pdf.Path)
		}
	}
}

// TestLongChecklistBreaksCleanly prints a checklist too long for one sheet:
// no page may end with a heading whose items went to the next page, and no
// item may start on one page and end on the next.
func TestLongChecklistBreaksCleanly(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "content", "checklists"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Three lists whose items wrap onto one to six lines, in different
	// orders, so that page ends fall on headings and inside items.
	const variants = 3
	for k := 1; k <= variants; k++ {
		var md strings.Builder
		md.WriteString("---\ntitle: \"Checklist: longer than a page\"\nkind: checklist\n---\n")
		for h := 1; h <= 12; h++ {
			fmt.Fprintf(&md, "\n## Heading %d\n\n", h)
			for i := 1; i <= 5; i++ {
				fmt.Fprintf(&md, "- [ ] Start %d.%d: %s end %d.%d\n", h, i, strings.Repeat("check this and that, then write it down; ", k+(i*h)%4), h, i)
			}
		}
		name := filepath.Join(src, "content", "checklists", "long"+strconv.Itoa(k)+".md")
		if err := os.WriteFile(name, []byte(md.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site := buildAndServe(t, src)
	ctx := newBrowser(t, 2*time.Minute)
	// An item's words may wrap anywhere, even between "end" and its
	// number, so they are matched across any whitespace.
	item := regexp.MustCompile(`(Start|end)\s+(\d+\.\d+)`)
	pageNumber := regexp.MustCompile(`^\d+\s*/\s*\d+$`)
	for k := 1; k <= variants; k++ {
		for _, paper := range Papers() {
			u := "/checklists/long" + strconv.Itoa(k) + "/"
			pdf := printed(t, ctx, site.base+u, paper)
			n := pages(t, pdf)
			if n < 2 {
				t.Fatalf("%s on %s fits on %d page; make it longer so that it tests page breaks", u, paper.Name, n)
			}
			where := map[string]int{}
			for page := 1; page <= n; page++ {
				var last string
				pageText := text(t, pdf, page)
				for _, m := range item.FindAllStringSubmatch(pageText, -1) {
					where[m[1]+" "+m[2]] = page
				}
				for _, line := range strings.Split(pageText, "\n") {
					line = strings.TrimSpace(line)
					if line != "" && !pageNumber.MatchString(line) {
						last = line
					}
				}
				if page < n && strings.HasPrefix(last, "Heading ") {
					t.Errorf("%s on %s: page %d ends with %q, apart from its first item (see %s)", u, paper.Name, page, last, pdf.Path)
				}
			}
			for h := 1; h <= 12; h++ {
				for i := 1; i <= 5; i++ {
					id := fmt.Sprintf("%d.%d", h, i)
					if where["Start "+id] == 0 || where["Start "+id] != where["end "+id] {
						t.Errorf("%s on %s: item %s starts on page %d and ends on page %d (see %s)", u, paper.Name, id, where["Start "+id], where["end "+id], pdf.Path)
					}
				}
			}
		}
	}
}

// TestPrintPacks prints the pack of every checklist and two tags' packs
// as they open, every checklist chosen and no cover: one page for each
// checklist, its title at the top, and nothing else.
func TestPrintPacks(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	lists := site.checklists(t)
	ctx := newBrowser(t, 3*time.Minute)
	for _, pack := range []struct {
		url string
		tag string // only checklists with this tag; "" for all
	}{
		{"/checklists/print/", ""},
		{"/tags/checklists/print/", "checklists"},
		{"/tags/presentations/print/", "presentations"},
	} {
		var want []checklist
		for _, c := range lists {
			if pack.tag == "" || strings.Contains(c.html, `class="tag" href="/tags/`+pack.tag+`/"`) {
				want = append(want, c)
			}
		}
		if len(want) == 0 {
			t.Fatalf("no checklist has tag %q: pick another tag for this test", pack.tag)
		}
		for _, paper := range Papers() {
			t.Run(strings.Trim(pack.url, "/")+"/"+paper.Name, func(t *testing.T) {
				pdf := printed(t, ctx, site.base+pack.url, paper)
				tops := packPages(t, pdf, pack.url, paper)
				if len(tops) != len(want) {
					t.Errorf("%s on %s: %d pages for %d checklists and no cover, want %d (see %s)", pack.url, paper.Name, len(tops), len(want), len(want), pdf.Path)
				}
				for _, c := range want {
					if !startsAPage(tops, c.title) {
						t.Errorf("%s on %s: %q does not start a page of its own; pages start with %q (see %s)", pack.url, paper.Name, c.title, tops, pdf.Path)
					}
				}
			})
		}
	}
}

// packPages returns the first line of each page of a printed pack, and
// fails the test for anything of the site's chrome on any page.
func packPages(t *testing.T, pdf PDF, what string, paper Paper) []string {
	t.Helper()
	n := pages(t, pdf)
	tops := make([]string, n)
	for page := 1; page <= n; page++ {
		got := text(t, pdf, page)
		noNav(t, fmt.Sprintf("%s on %s, page %d", what, paper.Name, page), got)
		tops[page-1] = firstLine(got)
	}
	return tops
}

// startsAPage reports whether one of the pages starts with title.
func startsAPage(tops []string, title string) bool {
	for _, first := range tops {
		if startsWithTitle(first, title) {
			return true
		}
	}
	return false
}

// TestEmailsAndQuestionsPrintCleanly prints the sample emails and question
// lists: nothing of the site's chrome, an email's subject above its body.
func TestEmailsAndQuestionsPrintCleanly(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 2*time.Minute)
	for _, u := range []string{"/emails/thank-you-general/", "/emails/withdrawing-from-the-process/", "/questions/questions-to-ask-the-employer/", "/articles/thank-you-notes/"} {
		for _, paper := range Papers() {
			pdf := printed(t, ctx, site.base+u, paper)
			got := text(t, pdf, 0)
			noNav(t, u+" on "+paper.Name, got)
			if strings.HasPrefix(u, "/emails/") {
				subject := strings.Index(got, "Subject:")
				body := strings.Index(got, "Dear ")
				if subject < 0 || body < subject {
					t.Errorf("%s on %s: want the subject line above the body:\n%s", u, paper.Name, got)
				}
			}
		}
	}
}
