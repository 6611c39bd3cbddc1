package content

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/secondround/secondround/internal/markdown"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFrontMatter(t *testing.T) {
	conv := markdown.New()
	for _, tc := range []struct {
		name  string
		src   string
		check func(t *testing.T, p *Page)
		probs []string // exact problem lines, in order
	}{
		{
			name: "all keys",
			src: "---\ntitle: \"Thank-you notes\"\ndate: 2026-05-14\nupdated: 2026-06-01\nsummary: Short.\nkind: email\n" +
				"tags: [Thank-you notes, follow-up]\nslug: thanks\ndraft: true\nweight: 3\naliases: [/old/]\nsubject: Hi [Name]\n---\nBody.\n",
			check: func(t *testing.T, p *Page) {
				want := Meta{Title: "Thank-you notes", Summary: "Short.", Kind: "email", Slug: "thanks", Draft: true, Weight: 3,
					Date: date("2026-05-14"), Updated: date("2026-06-01"), Tags: []string{"Thank-you notes", "follow-up"},
					Aliases: []string{"/old/"}, TitleSet: true}
				if got := p.Meta; !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v\nwant %+v", got, want)
				}
				if p.Params["subject"] != "Hi [Name]" {
					t.Errorf("Params[subject] = %v", p.Params["subject"])
				}
			},
		},
		{
			name: "tags as one string, updated defaults to date",
			src:  "---\ntitle: T\ndate: 2026-01-02\ntags: salary\n---\nx\n",
			check: func(t *testing.T, p *Page) {
				if !reflect.DeepEqual(p.Tags, []string{"salary"}) || !p.Updated.Equal(date("2026-01-02")) || p.Kind != "article" {
					t.Errorf("tags %v updated %v kind %q", p.Tags, p.Updated, p.Kind)
				}
			},
		},
		{
			name: "no front matter: title from first heading, which is dropped from the body",
			src:  "# Questions to ask\n\nSome text.\n",
			check: func(t *testing.T, p *Page) {
				if p.Title != "Questions to ask" || strings.Contains(string(p.Doc.HTML), "<h1") || p.Summary != "Some text." {
					t.Errorf("title %q summary %q html %s", p.Title, p.Summary, p.Doc.HTML)
				}
			},
		},
		{
			name: "BOM and CRLF",
			src:  "\xef\xbb\xbf---\r\ntitle: Windows\r\ndate: 2026-02-03\r\n---\r\nLine one\r\n",
			check: func(t *testing.T, p *Page) {
				if p.Title != "Windows" || !p.Date.Equal(date("2026-02-03")) || strings.Contains(string(p.Doc.HTML), "\r") {
					t.Errorf("title %q date %v html %q", p.Title, p.Date, p.Doc.HTML)
				}
			},
		},
		{name: "bad date", src: "---\ntitle: T\ndate: 31/02/2024\n---\nx\n",
			probs: []string{`content/x.md:3:7: date: "31/02/2024" is not a date (use YYYY-MM-DD)`}},
		{name: "impossible date", src: "---\ntitle: T\ndate: 2024-02-31\n---\nx\n",
			probs: []string{`content/x.md:3:7: date: "2024-02-31" is not a date (use YYYY-MM-DD)`}},
		{name: "unknown kind", src: "---\ntitle: T\nkind: essay\n---\nx\n",
			probs: []string{`content/x.md:3:7: kind: unknown kind "essay": use one of article, questions, email, checklist, briefing`}},
		{name: "tags not a list of strings", src: "---\ntitle: T\ntags:\n  a: b\n---\nx\n",
			probs: []string{`content/x.md:3:1: tags: expected a list of strings, such as [salary, follow-up]`}},
		{name: "title is a list", src: "---\ntitle: [a, b]\n---\nx\n",
			probs: []string{`content/x.md:2:8: title: expected text, got a list`}},
		{name: "draft not a bool", src: "---\ntitle: T\ndraft: maybe\n---\nx\n",
			probs: []string{`content/x.md:3:8: draft: expected true or false, got "maybe"`}},
		{name: "list: false", src: "---\ntitle: T\nlist: false\n---\nx\n",
			check: func(t *testing.T, p *Page) {
				if !p.Unlisted || p.Params["list"] != nil {
					t.Errorf("Unlisted %v, Params %v", p.Unlisted, p.Params)
				}
			}},
		{name: "list not a bool", src: "---\ntitle: T\nlist: never\n---\nx\n",
			probs: []string{`content/x.md:3:7: list: expected true or false, got "never" (list: false keeps the page out of lists)`}},
		{name: "search false", src: "---\ntitle: T\nsearch: false\n---\nx\n",
			check: func(t *testing.T, p *Page) {
				if !p.NoSearch {
					t.Error("search: false did not set NoSearch")
				}
				if _, ok := p.Params["search"]; ok {
					t.Error("search is a known key, yet kept in Params")
				}
			}},
		{name: "search true is the default", src: "---\ntitle: T\nsearch: true\n---\nx\n",
			check: func(t *testing.T, p *Page) {
				if p.NoSearch {
					t.Error("search: true set NoSearch")
				}
			}},
		{name: "search not a bool", src: "---\ntitle: T\nsearch: no thanks\n---\nx\n",
			probs: []string{`content/x.md:3:9: search: expected true or false, got "no thanks" (search: false keeps the page out of search)`}},
		{name: "weight not a number", src: "---\ntitle: T\nweight: heavy\n---\nx\n",
			probs: []string{`content/x.md:3:9: weight: expected a whole number, got "heavy"`}},
		{name: "slug with a slash", src: "---\ntitle: T\nslug: a/b\n---\nx\n",
			probs: []string{`content/x.md:3:7: slug: expected one URL word such as thank-you-notes, got "a/b"`}},
		{name: "YAML syntax error", src: "---\ntitle: T\ntags: [a, b\ndate: 2024-01-01\n---\nx\n",
			probs: []string{`content/x.md:3: front matter is not valid YAML: did not find expected ',' or ']'`}},
		{name: "YAML indentation error", src: "---\ntitle: T\n  summary: x\n---\nx\n",
			probs: []string{`content/x.md:3: front matter is not valid YAML: mapping values are not allowed in this context`}},
		{name: "empty file", src: " \n\n",
			probs: []string{`content/x.md: file is empty: give it front matter with a title, and some content, or delete it`}},
		{name: "no title anywhere", src: "---\ndate: 2024-01-01\n---\nJust text.\n",
			probs: []string{"content/x.md:1: page has no title: add `title:` to the front matter, or start the body with a # heading"}},
		{name: "not UTF-8", src: "---\ntitle: T\n---\ncaf\xe9\n",
			probs: []string{`content/x.md:4: file is not UTF-8 text: save it with UTF-8 encoding`}},
		{name: "several problems at once", src: "---\ntitle: T\ndate: soon\nkind: essay\n---\nx\n",
			probs: []string{
				`content/x.md:3:7: date: "soon" is not a date (use YYYY-MM-DD)`,
				`content/x.md:4:7: kind: unknown kind "essay": use one of article, questions, email, checklist, briefing`,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, probs := Parse("content/x.md", []byte(tc.src), conv)
			var got []string
			for _, pr := range probs {
				got = append(got, pr.String())
			}
			if !reflect.DeepEqual(got, tc.probs) {
				t.Fatalf("problems:\n got %q\nwant %q", got, tc.probs)
			}
			if tc.check != nil {
				if p == nil {
					t.Fatal("no page")
				}
				tc.check(t, p)
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"x.md": false, "notes.md": false, ".x.md.swp": true, "x.md~": true, ".#x.md": true, "#x.md#": true,
		"4913": true, "x.bck": true, "jb_old___": true, "jb_tmp___x.md": true, ".DS_Store": true, "x.md.tmp": true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzParse feeds arbitrary bytes through front matter and Markdown: no
// input may panic, and a nil page always comes with a problem.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2024-01-01\ntags: [a]\n---\n# H\n\n- [ ] x\n",
		"---\ntitle: [\n---\n", "---\n---\n", "\xef\xbb\xbf# x\r\n", "---\nkind: 1\nweight: 1.5\ndraft: 2\n---\nx",
		"---\n: :\n---\n", "[a](b.md#c) ![i](x.png)", "```email\nDear [X]\n```\n", "---\ntags: [[a]]\n---\n",
	} {
		f.Add([]byte(s))
	}
	conv := markdown.New()
	f.Fuzz(func(t *testing.T, src []byte) {
		p, probs := Parse("content/f.md", src, conv)
		if p == nil && len(probs) == 0 {
			t.Fatal("no page and no problem")
		}
		for _, pr := range probs {
			if pr.File != "content/f.md" || pr.Msg == "" {
				t.Fatalf("problem without file or message: %+v", pr)
			}
		}
	})
}
