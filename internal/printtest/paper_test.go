package printtest

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// knowledgeBase is the address the repository's content/_index.md gives
// the site, which every printed QR code and footer must carry.
const knowledgeBase = "https://secondround.netlify.app"

// needZbar skips a test without zbarimg, and fails it in CI.
func needZbar(t *testing.T) {
	t.Helper()
	if err := Zbar(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// TestQRCodesOnPaper prints a page of each kind on A4 and Letter, turns the
// first sheet into an image as a scanner would (pdftoppm at 150 dpi, less
// than a phone's camera sees), and reads it with zbarimg: the sheet holds
// one QR code, and it is the page's own absolute address.
func TestQRCodesOnPaper(t *testing.T) {
	needZbar(t)
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 3*time.Minute)
	for _, u := range []string{
		"/checklists/on-the-day/",
		"/checklists/recruiter-preparing-a-candidate/", // the longest address of a checklist
		"/articles/thank-you-notes/",
		"/emails/thank-you-general/",
		"/questions/questions-to-ask-the-employer/",
		"/briefings/second-interview-briefing/",
		"/tags/for-recruiters/",
	} {
		for _, paper := range Papers() {
			pdf := printed(t, ctx, site.base+u, paper)
			codes, err := pdf.QRCodes(1, 150)
			if err != nil {
				t.Fatal(err)
			}
			if want := knowledgeBase + u; len(codes) != 1 || codes[0] != want {
				t.Errorf("%s on %s: the QR codes on the first sheet read %q, want one, %q (see %s)", u, paper.Name, codes, want, pdf.Path)
			}
		}
	}
}

// TestPaperFooterAndLinks prints an article and a checklist: the last line
// of the paper names the site, the page's address and its date, and links
// carry their address, a page of the site as its path.
func TestPaperFooterAndLinks(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 2*time.Minute)
	path := regexp.MustCompile(`\(/(articles|questions|emails|checklists)/[a-z0-9-]+/(#[a-z0-9-]+)?\)`)
	for _, u := range []string{"/articles/thank-you-notes/", "/checklists/what-to-bring/"} {
		for _, paper := range Papers() {
			pdf := printed(t, ctx, site.base+u, paper)
			n := pages(t, pdf)
			last := lastLine(text(t, pdf, n))
			want := regexp.MustCompile(`^Second Round · ` + regexp.QuoteMeta(knowledgeBase+u) + ` · \d{1,2} [A-Z][a-z]+ \d{4}$`)
			if !want.MatchString(last) {
				t.Errorf("%s on %s: the paper ends with %q, want the site, the address and the date (see %s)", u, paper.Name, last, pdf.Path)
			}
			if got := text(t, pdf, 0); !path.MatchString(got) {
				t.Errorf("%s on %s: no link printed with its path, such as (/articles/x/):\n%s", u, paper.Name, got)
			}
		}
	}
}

// lastLine is the last line of text on a printed page above its number
// ("1 / 2").
func lastLine(s string) string {
	pageNumber := regexp.MustCompile(`^\d+\s*/\s*\d+$`)
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.Join(strings.Fields(lines[i]), " ")
		if l != "" && !pageNumber.MatchString(l) {
			return l
		}
	}
	return ""
}

// TestNotesFillTheSheet prints a short checklist and a full one: the short
// one's sheet ends in ruled lines for notes, as many as the room allows,
// and both stay on one page with the footer last.
func TestNotesFillTheSheet(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 2*time.Minute)
	for _, u := range []string{"/checklists/after-a-rejection/", "/checklists/recruiter-preparing-a-candidate/"} {
		for _, paper := range Papers() {
			pdf := printed(t, ctx, site.base+u, paper)
			if n := pages(t, pdf); n != 1 {
				t.Errorf("%s on %s: %d pages, want 1 (see %s)", u, paper.Name, n, pdf.Path)
				continue
			}
			words, err := pdf.Words(1)
			if err != nil {
				t.Fatal(err)
			}
			var notes, footer float64
			for _, w := range words {
				switch w.Text {
				case "Notes":
					notes = w.YMin
				case knowledgeBase + u:
					footer = w.YMin
				}
			}
			if u == "/checklists/after-a-rejection/" && (notes == 0 || footer-notes < 60) {
				t.Errorf("%s on %s: the notes start at %.0fpt and the footer at %.0fpt: want ruled lines in the room between (see %s)", u, paper.Name, notes, footer, pdf.Path)
			}
			if notes > footer {
				t.Errorf("%s on %s: the notes come after the footer (see %s)", u, paper.Name, pdf.Path)
			}
		}
	}
}
