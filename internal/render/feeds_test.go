package render_test

import (
	"encoding/xml"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/output"
)

func buildGolden(t *testing.T) map[string][]byte {
	t.Helper()
	out := &output.Memory{}
	if _, err := build.New(secondround.Theme()).Build(os.DirFS("../build/testdata/golden/basic/site"), build.Options{}, out); err != nil {
		t.Fatal(err)
	}
	return out.Files
}

func absolute(t *testing.T, what, u string) {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil || !p.IsAbs() || p.Host == "" {
		t.Errorf("%s: %q is not an absolute URL", what, u)
	}
}

func rfc3339(t *testing.T, what, s string) {
	t.Helper()
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		t.Errorf("%s: %q is not an RFC 3339 date", what, s)
	}
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     *atomText  `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Content   *atomText  `xml:"content"`
	Summary   string     `xml:"summary"`
	Authors   []struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   *atomText   `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
	Authors []struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

// TestFeedsAreValidAtom checks every feed against the rules of RFC 4287 that
// readers depend on: a feed and each entry have an id, a title and an
// updated date in RFC 3339; the feed has a self link; there is an author;
// every link is absolute, in the content too.
func TestFeedsAreValidAtom(t *testing.T) {
	out := buildGolden(t)
	n := 0
	for name, data := range out {
		if !strings.HasSuffix(name, "feed.xml") {
			continue
		}
		n++
		var f atomFeed
		if err := xml.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: not XML: %v", name, err)
		}
		if f.Title == nil || f.Title.Body == "" || f.ID == "" {
			t.Errorf("%s: feed lacks title or id", name)
		}
		absolute(t, name+" id", f.ID)
		rfc3339(t, name+" updated", f.Updated)
		self := false
		for _, l := range f.Links {
			absolute(t, name+" link", l.Href)
			self = self || (l.Rel == "self" && strings.HasSuffix(l.Href, "/"+name))
		}
		if !self {
			t.Errorf("%s: no rel=self link to itself", name)
		}
		if len(f.Authors) == 0 || f.Authors[0].Name == "" {
			t.Errorf("%s: no feed author (then every entry would need one)", name)
		}
		if len(f.Entries) == 0 || len(f.Entries) > 20 {
			t.Errorf("%s: %d entries", name, len(f.Entries))
		}
		ids := map[string]bool{}
		for _, e := range f.Entries {
			if e.Title == nil || e.Title.Body == "" || e.ID == "" || ids[e.ID] {
				t.Errorf("%s: entry without title or with a missing or repeated id: %+v", name, e)
			}
			ids[e.ID] = true
			absolute(t, name+" entry id", e.ID)
			rfc3339(t, name+" entry updated", e.Updated)
			if e.Published != "" {
				rfc3339(t, name+" entry published", e.Published)
			}
			if len(e.Links) == 0 {
				t.Errorf("%s: entry %s has no link", name, e.ID)
			}
			for _, l := range e.Links {
				absolute(t, name+" entry link", l.Href)
			}
			if name == "feed.xml" && (e.Content == nil || e.Content.Type != "html") {
				t.Errorf("%s: entry %s has no html content", name, e.ID)
			} else if e.Content == nil && e.Summary == "" {
				t.Errorf("%s: entry %s has neither content nor summary (RFC 4287 4.1.1.2 wants one)", name, e.ID)
			} else if e.Content != nil && (strings.Contains(e.Content.Body, `href="/`) || strings.Contains(e.Content.Body, `src="/`)) {
				t.Errorf("%s: entry %s has root-relative links in its content", name, e.ID)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d feeds, want the site's and one per tag (4)", n)
	}
}

func TestSitemap(t *testing.T) {
	out := buildGolden(t)
	var set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(out["sitemap.xml"], &set); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	seen := map[string]bool{}
	for _, u := range set.URLs {
		absolute(t, "sitemap loc", u.Loc)
		if _, err := time.Parse("2006-01-02", u.LastMod); u.LastMod != "" && err != nil {
			t.Errorf("lastmod %q", u.LastMod)
		}
		seen[strings.TrimPrefix(u.Loc, "https://golden.example")] = true
	}
	for _, want := range []string{"/", "/articles/first-article/", "/tags/", "/tags/preparation/", "/guides/deep/inner/"} {
		if !seen[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	for _, not := range []string{"/404.html", "/articles/draft/"} {
		if seen[not] {
			t.Errorf("sitemap has %s", not)
		}
	}
	if !strings.Contains(string(out["robots.txt"]), "Sitemap: https://golden.example/sitemap.xml") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", out["robots.txt"])
	}
}

func TestPageMeta(t *testing.T) {
	out := buildGolden(t)
	page := string(out["articles/first-article/index.html"])
	for _, want := range []string{
		`<html lang="en-GB">`,
		`<link rel="canonical" href="https://golden.example/articles/first-article/">`,
		`<meta name="description" content="What the basics are, with every kind of link.">`,
		`<meta property="og:title" content="First article: the basics">`,
		`<meta property="og:url" content="https://golden.example/articles/first-article/">`,
		`<meta name="twitter:card" content="summary">`,
		`<a class="tag" href="/tags/preparation/">Preparation</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	nf := string(out["404.html"])
	for _, want := range []string{`action="/search/"`, `href="/"`, `href="/tags/"`} {
		if !strings.Contains(nf, want) {
			t.Errorf("404 page lacks %s", want)
		}
	}
}
