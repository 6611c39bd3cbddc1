package search

import (
	"os"
	"testing"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/site"
)

func loadSite(t testing.TB, dir string) *site.Site {
	t.Helper()
	res := content.Load(os.DirFS(dir), markdown.New(), nil)
	var probs diag.List
	return site.New(site.Input{Content: res}, site.Config{WarnLinks: true}, &probs)
}

// realSearcher indexes the repository's own content.
func realSearcher(t *testing.T) (*Searcher, []Doc) {
	t.Helper()
	docs := FromSite(loadSite(t, repoRoot(t)))
	if len(docs) < 30 {
		t.Fatalf("only %d pages in the real content", len(docs))
	}
	ix := Build(docs, Options{Dir: "_assets/search"})
	s, err := Open(ix)
	if err != nil {
		t.Fatal(err)
	}
	return s, docs
}

// rankingTable is what readers ask and the page that answers it best. The
// browser test runs the same table through the client.
var rankingTable = []struct{ q, want string }{
	{"what do I write after a panel interview", "/emails/thank-you-panel-member/"},
	{"salary second interview", "/articles/salary-notice-and-availability/"},
	{"thnk you note", "/articles/thank-you-notes/"},
	{"how to write a thank you note", "/articles/thank-you-notes/"},
	{"panle interviews", "/articles/panel-interviews-and-long-days/"},
	{"briefng a candidate", "/articles/briefing-a-candidate/"},
	{"folow up after silence", "/emails/follow-up-after-silence/"},
	{"withdrawing gracefully", "/articles/withdrawing-gracefully/"},
	{"acepting invitation", "/emails/accepting-the-invitation/"},
	{"confirm presentation format email", "/emails/confirming-presentation-format/"},
	{"what to bring", "/checklists/what-to-bring/"},
	{"referees", "/articles/references/"},
	{"researching interviewers company news", "/articles/researching-interviewers-and-company/"},
	{"mapping examples job description", "/articles/mapping-examples-to-the-job-description/"},
	{"what to wear", "/articles/what-to-wear-tours-and-site-visits/"},
	{"dress code", "/articles/what-to-wear-tours-and-site-visits/"},
	{"notice period", "/articles/salary-notice-and-availability/"},
	{"first impressions", "/articles/the-day-opening-and-first-impressions/"},
	{"closing questions", "/articles/asking-questions-and-closing-strong/"},
	{"questions to ask the employer", "/questions/questions-to-ask-the-employer/"},
	{"debrief recruiter honestly", "/articles/debriefing-the-recruiter/"},
	{"third round", "/articles/third-round-interviews/"},
	{"salry notice", "/articles/salary-notice-and-availability/"},
	{"salary expectatons", "/articles/salary-notice-and-availability/"},
	{"thank you emails panel members", "/emails/thank-you-panel-member/"},
}

func TestRanking(t *testing.T) {
	s, _ := realSearcher(t)
	for _, tc := range rankingTable {
		res, err := s.Search(tc.q, Filter{}, 5)
		if err != nil {
			t.Fatal(err)
		}
		hits := res.Hits
		if len(hits) == 0 || hits[0].URL != tc.want {
			var got []string
			for _, h := range hits {
				got = append(got, h.URL)
			}
			t.Errorf("%q: got %q, want %s first", tc.q, got, tc.want)
		}
	}
}

// TestKnownItem searches for every page by a few words of its title, as
// typed, with a typo, and in another form, and wants it in the top three.
func TestKnownItem(t *testing.T) {
	s, docs := realSearcher(t)
	titles := TitleWords(docs)
	n := 0
	for _, d := range docs {
		for _, q := range KnownItemQueries(d.Title, titles) {
			n++
			res, err := s.Search(q, Filter{}, 3)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, h := range res.Hits {
				found = found || h.URL == d.URL
			}
			if !found {
				t.Errorf("%q: %s is not in the top three", q, d.URL)
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d known-item queries", n)
	}
}

// TestNoSearch checks that a page whose front matter says search: false,
// the authors' guide, is not indexed.
func TestNoSearch(t *testing.T) {
	_, docs := realSearcher(t)
	for _, d := range docs {
		if d.URL == "/contributing/" {
			t.Errorf("%s has search: false, yet is indexed", d.URL)
		}
	}
}
