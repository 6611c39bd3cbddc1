package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestHeadingIDs(t *testing.T) {
	doc, err := New().Convert([]byte("# Panel etiquette: who to look at\n\n## Panel etiquette: who to look at\n\n## Négociation\n\n## {#}\n\n## Custom {#mine}\n\n## Empty id {#}\n\n## 面试\n"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range doc.Headings {
		ids = append(ids, h.ID)
	}
	want := []string{"panel-etiquette-who-to-look-at", "panel-etiquette-who-to-look-at-1", "negociation", "section-1", "mine", "empty-id", "section"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
	if strings.Contains(string(doc.HTML), `id=""`) {
		t.Errorf("an empty id reached the HTML:\n%s", doc.HTML)
	}
}

func TestLinksAreRecordedWithLines(t *testing.T) {
	doc, err := New().Convert([]byte("---\ntitle: x\n---\n\n[a](a.md)\n\ntext ![i](i.png)\n[ext](https://x.org) [mail](mailto:a@b) [js](javascript:x)\n[ent](&#106;avascript:x)\n" +
		"Café [**bold** link](b.md) and [](empty.md)\n- item [x](../y/#z)\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Link{{Dest: "a.md", Line: 5, Col: 1}, {Dest: "i.png", Line: 7, Col: 6, Image: true},
		{Dest: "b.md", Line: 10, Col: 6}, {Dest: "empty.md", Line: 10, Col: 32}, {Dest: "../y/#z", Line: 11, Col: 8}}
	if !reflect.DeepEqual(doc.Links, want) {
		t.Errorf("links %+v, want %+v", doc.Links, want)
	}
	for _, bad := range []string{"javascript:"} {
		if strings.Contains(string(doc.HTML), bad) {
			t.Errorf("HTML holds %s:\n%s", bad, doc.HTML)
		}
	}
}

func TestCountWords(t *testing.T) {
	for s, want := range map[string]int{
		"": 0, "one": 1, "two words": 2, "it's 3 o'clock": 5, "café au lait": 3, "面试 准备": 2, "  -- ": 0, "a1b2 c": 2,
	} {
		if got := countWords(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

func BenchmarkCountWords(b *testing.B) {
	for _, tc := range []struct{ name, text string }{
		{"ascii", "Ask what the first ninety days look like, and who you would work with. "},
		{"mixed", "Ask what the first ninety days look like, and who you would work with — café, 面试. "},
	} {
		s := strings.Repeat(tc.text, 100)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				countWords(s)
			}
		})
	}
}

// TestCodeRanges checks that Code marks the code blocks of Text, and not
// the sample emails, which are prose.
func TestCodeRanges(t *testing.T) {
	doc, err := New().Convert([]byte("Before.\n\n```yaml\ntitle: x\n```\n\n```email\nDear [Name],\n```\n\n    indented code\n\nAfter.\n"))
	if err != nil {
		t.Fatal(err)
	}
	var code []string
	for _, r := range doc.Code {
		code = append(code, doc.Text[r[0]:r[1]])
	}
	if want := []string{"title: x\n", "indented code\n"}; !reflect.DeepEqual(code, want) {
		t.Errorf("code %q, want %q (text %q)", code, want, doc.Text)
	}
}

func TestHeadingTexts(t *testing.T) {
	for _, tc := range []struct{ src, text string }{
		{"# Plain words\n", "Plain words"},
		{"## *Ask* about `the team` **first**\n", "Ask about the team first"},
		{"## Salary &amp; benefits\n", "Salary & benefits"},
		{"## Q&A, \\*starred\\* and &#x263A;\n", "Q&A, *starred* and \u263a"},
		{"## Code `&amp; \\*` stays\n", "Code &amp; \\* stays"},
		{"## Custom id {#mine}\n", "Custom id"},
		{"## [Linked](x.md) heading\n", "Linked heading"},
		{"##    Spaces around   \n", "Spaces around"},
		{"## See https://example.com/pay first\n", "See https://example.com/pay first"},
		{"## <https://example.com>\n", "https://example.com"},
		{"Line one\\\nline two\n===\n", "Line one line two"},
		{"## AT&T and Q&A; &copy\n", "AT&T and Q&A; &copy"},
	} {
		doc, err := New().Convert([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Headings) != 1 || doc.Headings[0].Text != tc.text {
			t.Errorf("%q: headings %+v, want the text %q", tc.src, doc.Headings, tc.text)
		}
	}
}

// A loading worker converts page after page into the same Scratch: what a
// doc keeps must not be the scratch's, or the next page would overwrite it.
func TestConvertIntoKeepsNothingOfScratch(t *testing.T) {
	c, sc := New(), &Scratch{}
	first, err := c.ConvertInto([]byte("# First page\n\n## Its part\n\n[a](one.md) [b](two&amp;three.md)\n"), sc)
	if err != nil {
		t.Fatal(err)
	}
	first.Pack(nil)
	if _, err := c.ConvertInto([]byte("# Other words here\n\n## Overwritten\n\n[c](xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.md)\n"), sc); err != nil {
		t.Fatal(err)
	}
	heads := []Heading{{Level: 1, ID: "first-page", Text: "First page", Line: 1}, {Level: 2, ID: "its-part", Text: "Its part", Line: 3}}
	if !reflect.DeepEqual(first.Headings, heads) {
		t.Errorf("headings %+v, want %+v", first.Headings, heads)
	}
	links := []Link{{Dest: "one.md", Line: 5, Col: 1}, {Dest: "two&three.md", Line: 5, Col: 13}}
	if !reflect.DeepEqual(first.Links, links) {
		t.Errorf("links %+v, want %+v", first.Links, links)
	}
}

// Search and summaries read Text: it is what the reader sees, not the
// Markdown's escapes.
func TestTextResolvesEscapes(t *testing.T) {
	doc, err := New().Convert([]byte("Pay &amp; perks, \\*not\\* a &quot;quote&quot; but `&amp;` in code.\n\nSee https://example.com/pay today.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Pay & perks, *not* a \"quote\" but &amp; in code.\nSee https://example.com/pay today.\n"; doc.Text != want {
		t.Errorf("text %q, want %q", doc.Text, want)
	}
}

// An id is the slug of the heading's text as the reader sees it, so that
// an author can write the fragment of a link from what the page shows.
func TestHeadingIDsFromText(t *testing.T) {
	for _, tc := range []struct {
		src string
		ids []string
	}{
		{"## [Pay](pay.md) and perks\n", []string{"pay-and-perks"}},
		{"## Salary &amp; benefits\n", []string{"salary-benefits"}},
		{"## Ask about `the team`\n", []string{"ask-about-the-team"}},
		{"Two lines\nof a heading\n===\n", []string{"two-lines-of-a-heading"}},
		{"Hard\\\nbreak\n===\n", []string{"hard-break"}},
		{"## <https://example.com/pay>\n", []string{"https-example-com-pay"}},
		{"## What's next?\n", []string{"what-s-next"}},
		// An author's id is theirs even when an earlier heading's text
		// would have made it: that heading gets the next one.
		{"## Intro\n\n## Welcome {#intro}\n", []string{"intro-1", "intro"}},
		{"> ## Quoted\n\n- ## Listed\n", []string{"quoted", "listed"}},
	} {
		doc, err := New().Convert([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range doc.Headings {
			ids = append(ids, h.ID)
		}
		if !reflect.DeepEqual(ids, tc.ids) {
			t.Errorf("%q: ids %q, want %q", tc.src, ids, tc.ids)
		}
		for _, id := range tc.ids {
			if !strings.Contains(string(doc.HTML), `id="`+id+`"`) {
				t.Errorf("%q: the HTML has no element with id %q:\n%s", tc.src, id, doc.HTML)
			}
		}
	}
}
