package site

import (
	"html/template"
	"strings"
	"testing"
)

// replaced is what prefixIDs must do, written the slow, obvious way.
func replaced(s, prefix string) string {
	return strings.NewReplacer(
		` id="`, ` id="`+prefix+`--`,
		` for="`, ` for="`+prefix+`--`,
		` href="#`, ` href="#`+prefix+`--`,
	).Replace(s)
}

func TestPrefixIDs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"<p>no markup here</p>", "<p>no markup here</p>"},
		{`<h2 id="arrival">Arrival</h2>`, `<h2 id="p--arrival">Arrival</h2>`},
		{`<input id="a" type="checkbox"><label for="a">x</label>`, `<input id="p--a" type="checkbox"><label for="p--a">x</label>`},
		{`<a href="#fn:1">1</a> <a href="/x/">x</a>`, `<a href="#p--fn:1">1</a> <a href="/x/">x</a>`},
		{`<a href="#">top</a>`, `<a href="#p--">top</a>`},
		{`<div data-id="x" grid="y" forid="z" xhref="#w">`, `<div data-id="x" grid="y" forid="z" xhref="#w">`},
		{`<a href="`, `<a href="`},
		{`="" id=""`, `="" id="p--"`},
		{` id=" id="`, ` id="p-- id="p--`},
	} {
		if got := string(prefixIDs(template.HTML(tc.in), "p")); got != tc.want {
			t.Errorf("prefixIDs(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := replaced(tc.in, "p"); got != tc.want {
			t.Errorf("the reference gives %q for %q, the table %q", got, tc.in, tc.want)
		}
	}
}

// FuzzPrefixIDs holds prefixIDs to the replacer it stands in for, on any
// content: content is author input, though rendered first.
func FuzzPrefixIDs(f *testing.F) {
	for _, s := range []string{`<h2 id="a">A</h2>`, `<a href="#x">`, `<label for="b">`, ` href="`, `="#`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(prefixIDs(template.HTML(s), "pre")), replaced(s, "pre"); got != want {
			t.Errorf("prefixIDs(%q) = %q, want %q", s, got, want)
		}
	})
}
