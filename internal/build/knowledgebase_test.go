package build

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
)

// The repository's own knowledge base, as these tests read it.
const (
	repoRoot   = "../.."
	minReaders = 55 // reader pages the second edition promised
	stages     = 5  // invited back, preparing, the day, afterwards, the outcome
)

// buildKnowledgeBase builds the repository's content into memory, failing
// on any problem, warnings included: link checking stays strict.
func buildKnowledgeBase(t *testing.T) (*site.Site, *output.Memory) {
	t.Helper()
	mem := &output.Memory{}
	res, err := New(secondround.Theme()).Build(os.DirFS(repoRoot), Options{}, mem)
	if err != nil {
		t.Fatalf("the repository's content does not build:\n%v", err)
	}
	for _, p := range res.Problems {
		t.Errorf("the build warns: %s", p)
	}
	return res.Site, mem
}

// TestKnowledgeBaseConventions checks the conventions of the repository's
// own content (content/contributing.md documents them for authors): every
// reader page has a title, true dates, a summary, a kind and 2 to 5 tags
// from the vocabulary; every tag is described and none is too broad or
// too thin to browse by; checklists fit a printed page and read well on
// it; emails have a subject and a body.
func TestKnowledgeBaseConventions(t *testing.T) {
	s, _ := buildKnowledgeBase(t)
	vocab := vocabulary(t)
	today := time.Now().UTC().Truncate(24 * time.Hour).Add(24*time.Hour - time.Nanosecond)
	kinds := map[string]int{}
	for _, p := range s.Regular {
		kinds[p.Kind]++
		if !p.TitleSet || p.Summary == "" || !hasKey(p, "kind") || !hasKey(p, "summary") {
			t.Errorf("%s: needs title, summary and kind in its front matter", p.File)
		}
		checkDates(t, p, today)
		if n := len(p.TagList); n < 2 || n > 5 {
			t.Errorf("%s:%d: has %d tags, want 2 to 5", p.File, p.Line("tags"), n)
		}
		for _, tag := range p.Page.Tags {
			if !vocab[tag] {
				t.Errorf("%s:%d: tag %q is not in the vocabulary (content/tags/)", p.File, p.Line("tags"), tag)
			}
		}
		if len(p.Summary) > 200 {
			t.Errorf("%s: summary of %d characters; keep it under 200", p.File, len(p.Summary))
		}
		switch p.Kind {
		case "checklist":
			if p.Doc.Tasks < 1 || p.Doc.Tasks > 25 {
				t.Errorf("%s: %d task items, want 1 to 25 (one printed page)", p.File, p.Doc.Tasks)
			}
		case "email":
			if subj, _ := p.Params["subject"].(string); subj == "" || p.Doc.Email == "" {
				t.Errorf("%s: an email needs subject: in its front matter and one ```email block", p.File)
			}
		case "briefing":
			checkBriefing(t, p)
		}
		if len(p.Doc.Links) < 2 {
			t.Errorf("%s: links to %d other pages; link where a reader would go next", p.File, len(p.Doc.Links))
		}
	}
	checkTags(t, s, vocab)
	if len(s.Regular) < minReaders || kinds["article"] == 0 || kinds["questions"] < 3 || kinds["email"] < 10 || kinds["checklist"] < 10 || kinds["briefing"] < 1 {
		t.Errorf("reader pages by kind: %v (of %d, want at least %d)", kinds, len(s.Regular), minReaders)
	}
	guide := s.PageByFile("content/contributing.md")
	if guide == nil || !guide.Unlisted || len(guide.Page.Tags) > 0 {
		t.Errorf("content/contributing.md: is for authors, so list: false and no tags")
	}
}

// checkBriefing holds a briefing sheet to what fits one printed page and
// reads well on it: 5 to 16 fields, each with a hint of one short line
// that says what to write, and tables of at most four columns and five
// rows. The sheet is for the candidate, so it is tagged for recruiters,
// who fill it in.
func checkBriefing(t *testing.T, p *site.Page) {
	t.Helper()
	if n := len(p.Page.Fields); n < 5 || n > 16 {
		t.Errorf("%s:%d: %d fields, want 5 to 16 (one printed page)", p.File, p.Line("fields"), n)
	}
	for i, f := range p.Page.Fields {
		at := p.Line("fields." + strconv.Itoa(i))
		if f.Hint == "" || len(f.Hint) > 90 {
			t.Errorf("%s:%d: field %s needs a hint of one short line (under 90 characters) saying what to write", p.File, at, f.Name)
		}
		if f.Type == "table" && (len(f.Columns) > 4 || f.Rows > 5) {
			t.Errorf("%s:%d: table %s has %d columns and %d rows; at most 4 and 5 fit the page", p.File, at, f.Name, len(f.Columns), f.Rows)
		}
	}
	if !slices.Contains(p.Page.Tags, "for-recruiters") {
		t.Errorf("%s:%d: a briefing sheet is tagged for-recruiters", p.File, p.Line("tags"))
	}
}

// TestBriefingSheetsAreLinked checks that a recruiter finds each briefing
// sheet from the pages written for them: at least one page tagged
// for-recruiters, besides the sheet itself, links to it.
func TestBriefingSheetsAreLinked(t *testing.T) {
	s, mem := buildKnowledgeBase(t)
	tag := s.Output("/tags/for-recruiters/")
	if tag == nil || tag.Tag == nil {
		t.Fatal("the knowledge base has no for-recruiters tag")
	}
	for _, sheet := range s.OfKind("briefing") {
		found := false
		for _, p := range tag.Tag.Pages {
			found = found || p != sheet && links(t, mem, outFile(p.URL))[sheet.URL]
		}
		if !found {
			t.Errorf("%s: no page tagged for-recruiters links to the sheet", sheet.File)
		}
	}
}

// checkDates holds a page to true dates: written on a real day not yet to
// come, and updated (when it says so) after it was written.
func checkDates(t *testing.T, p *site.Page, today time.Time) {
	t.Helper()
	switch {
	case p.Date.IsZero():
		t.Errorf("%s: needs the date it was written", p.File)
	case p.Date.After(today):
		t.Errorf("%s:%d: date %s is in the future: use the day the page was written", p.File, p.Line("date"), p.Date.Format(time.DateOnly))
	}
	if !hasKey(p, "updated") {
		return
	}
	if !p.Updated.After(p.Date) {
		t.Errorf("%s:%d: updated %s is not after date %s: set updated only when a page changes materially", p.File, p.Line("updated"), p.Updated.Format(time.DateOnly), p.Date.Format(time.DateOnly))
	}
	if p.Updated.After(today) {
		t.Errorf("%s:%d: updated %s is in the future", p.File, p.Line("updated"), p.Updated.Format(time.DateOnly))
	}
}

// vocabulary is the tags content/tags/ describes.
func vocabulary(t *testing.T) map[string]bool {
	t.Helper()
	files, err := os.ReadDir(path.Join(repoRoot, "content", "tags"))
	if err != nil {
		t.Fatal(err)
	}
	vocab := map[string]bool{}
	for _, f := range files {
		if name, ok := strings.CutSuffix(f.Name(), ".md"); ok && name != "_index" {
			vocab[name] = true
		}
	}
	return vocab
}

// checkTags keeps tags browsable: each described, none on more than a
// third of the reader pages (too broad to narrow anything down), and none
// on a single page (a tag page that is one link long).
func checkTags(t *testing.T, s *site.Site, vocab map[string]bool) {
	t.Helper()
	for _, tag := range s.Tags {
		if tag.Summary == "" || tag.Description == "" {
			t.Errorf("tag %s has no description: add content/tags/%s.md", tag.Name, tag.Slug)
		}
		if n := len(tag.Pages); 3*n > len(s.Regular) {
			t.Errorf("tag %s is on %d of %d reader pages, more than a third: too broad to browse by", tag.Slug, n, len(s.Regular))
		} else if n < 2 {
			t.Errorf("tag %s is on one page only: fold it into another tag, or tag more pages with it", tag.Slug)
		}
		delete(vocab, tag.Slug)
	}
	for tag := range vocab {
		t.Errorf("content/tags/%s.md describes a tag no reader page uses", tag)
	}
	if n := len(s.Tags); n < 15 || n > 25 {
		t.Errorf("%d tags; the vocabulary is meant to be 15 to 25", n)
	}
}

var (
	taskItem = regexp.MustCompile(`^\s*[-*+] \[[ xX]\] (.*)$`)
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	// Lines that only make sense on a screen: a printed checklist cannot
	// be clicked, so it names what to read instead.
	screenOnly = regexp.MustCompile(`(?i)^(related|see also|useful reading|links?)\s*:|\b(click|tap) here\b`)
	vagueLink  = map[string]bool{"here": true, "this": true, "link": true, "this page": true, "more": true, "read more": true}
)

// TestChecklistItemsStartWithVerbs holds every checklist item to the
// contributing guide's rule: a single instruction that starts with a verb
// from testdata/checklist-verbs.txt (add a verb there when a new item
// needs one). It also checks the links that must survive printing.
func TestChecklistItemsStartWithVerbs(t *testing.T) {
	s, _ := buildKnowledgeBase(t)
	verbs := verbList(t)
	for _, p := range s.OfKind("checklist") {
		src, err := os.ReadFile(path.Join(repoRoot, p.File))
		if err != nil {
			t.Fatal(err)
		}
		items, linked := 0, 0
		sc := bufio.NewScanner(bytes.NewReader(src))
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if screenOnly.MatchString(strings.TrimSpace(line)) {
				t.Errorf("%s:%d: %q means nothing on paper: name the page to read in a sentence instead", p.File, n, line)
			}
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				if vagueLink[strings.ToLower(m[1])] {
					t.Errorf("%s:%d: link text %q means nothing on paper: use the words of what it links to", p.File, n, m[1])
				}
			}
			m := taskItem.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			items++
			if strings.Contains(m[1], "](../articles/") || strings.Contains(m[1], "](../questions/") {
				linked++
			}
			if w := firstWord(m[1]); !verbs[w] {
				t.Errorf("%s:%d: item starts with %q, not a verb: start with what to do (or add the verb to testdata/checklist-verbs.txt)", p.File, n, w)
			}
		}
		if p.File == "content/checklists/the-week-before.md" && linked != items {
			t.Errorf("%s: %d of %d items link to the article that explains them; it promises all of them do", p.File, linked, items)
		}
	}
}

func hasKey(p *site.Page, key string) bool {
	_, ok := p.Doc.Pos(key)
	return ok
}

// firstWord is an item's first word as a reader sees it: without link
// brackets, emphasis or punctuation, in lower case.
func firstWord(item string) string {
	item = mdLink.ReplaceAllString(item, "$1")
	item = strings.TrimLeft(item, "*_`\"'(")
	w, _, _ := strings.Cut(item, " ")
	return strings.ToLower(strings.TrimRight(w, ",.:;!?*_`'\")"))
}

func verbList(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("testdata/checklist-verbs.txt")
	if err != nil {
		t.Fatal(err)
	}
	verbs := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			verbs[strings.ToLower(line)] = true
		}
	}
	return verbs
}

var href = regexp.MustCompile(`\shref="([^"]*)"`)

// TestStagesWithinTwoClicks follows the links a reader can click in the
// built home page, and in every page it links to, and checks that each
// stage of the process (its route's pages and the pages of its tag) and
// the tomorrow route are among them: two clicks from home, whatever the
// layout draws.
func TestStagesWithinTwoClicks(t *testing.T) {
	s, mem := buildKnowledgeBase(t)
	if len(s.Process) != stages {
		t.Fatalf("the home page declares %d stages of the process, want %d", len(s.Process), stages)
	}
	if s.Tomorrow == nil || len(s.Tomorrow.Pages) < 2 {
		t.Fatalf("the home page declares no tomorrow route of at least two pages")
	}
	first := links(t, mem, "index.html")
	reach := map[string]bool{}
	for u := range first {
		reach[u] = true
		if !strings.HasSuffix(u, "/") {
			continue // a feed, a stylesheet: no page a reader clicks on from
		}
		for v := range links(t, mem, outFile(u)) {
			reach[v] = true
		}
	}
	routes := append([]site.Route{*s.Tomorrow}, s.Process...)
	for _, r := range routes {
		if len(r.Pages) < 2 || len(r.Pages) > 6 {
			t.Errorf("route %q names %d pages; three to six key pages make a stage", r.Title, len(r.Pages))
		}
		pages := append([]*site.Page(nil), r.Pages...)
		if r.Tag != nil {
			pages = append(pages, r.Tag.Pages...)
		}
		var missing []string
		for _, p := range pages {
			if !reach[p.URL] {
				missing = append(missing, p.URL)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("route %q: %d pages are more than two clicks from home: %v", r.Title, len(missing), missing)
		}
	}
}

// links returns the site paths a built page links to, without fragments.
func links(t *testing.T, mem *output.Memory, file string) map[string]bool {
	t.Helper()
	html, ok := mem.Files[file]
	if !ok {
		return nil
	}
	out := map[string]bool{}
	for _, m := range href.FindAllSubmatch(html, -1) {
		u := string(m[1])
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			continue
		}
		u, _, _ = strings.Cut(u, "#")
		u, _, _ = strings.Cut(u, "?")
		out[u] = true
	}
	return out
}

// outFile is the file the build writes for a page's path.
func outFile(u string) string { return strings.TrimPrefix(u, "/") + "index.html" }
