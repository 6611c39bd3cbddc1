package slug

import (
	"testing"
	"unicode/utf8"
)

func TestMake(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Thank-you notes", "thank-you-notes"},
		{"  Panel etiquette: who to look at  ", "panel-etiquette-who-to-look-at"},
		{"Négociation salariale", "negociation-salariale"},
		{"Straße & Ærø", "strasse-aero"},
		{"Interview Tips 2024", "interview-tips-2024"},
		{"what's next?", "what-s-next"},
		{"---", ""},
		{"面试", ""},
		{"CV_final (v2).md", "cv-final-v2-md"},
		{"Łódź", "lodz"},
		{"\xf3Â", "a"},
		{"", ""},
	} {
		if got := Make(tc.in); got != tc.want {
			t.Errorf("Make(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTag(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Salary Negotiation", "salary-negotiation"},
		{"SALARY-NEGOTIATION", "salary-negotiation"},
		{"négociation", "negociation"},
		{"C++", "c-plus-plus"},
		{"C#", "c-sharp"},
		{"C", "c"},
		{"Q&A", "q-and-a"},
		{"@home", "at-home"},
	} {
		if got := Tag(tc.in); got != tc.want {
			t.Errorf("Tag(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Négociation", "negociation"},
		{"INTERVIEW", "interview"},
		{"Œuvre", "oeuvre"},
		{"面试", "面试"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzSlug checks that any input gives a slug of lowercase ASCII words
// joined by single hyphens, and that slugging a slug changes nothing.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Thank-you notes", "Négociation", "C++", "Q&A", "面试", "a--b", "\xff\xfe", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{Make, Tag} {
			got := fn(s)
			if got != Make(got) {
				t.Fatalf("slug %q of %q is not stable: %q", got, s, Make(got))
			}
			if got == "" {
				continue
			}
			if got[0] == '-' || got[len(got)-1] == '-' {
				t.Fatalf("slug %q of %q has an edge hyphen", got, s)
			}
			for i := 0; i < len(got); i++ {
				c := got[i]
				if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') || (c == '-' && got[i-1] == '-') {
					t.Fatalf("slug %q of %q has %q", got, s, c)
				}
			}
		}
		if !utf8.ValidString(Fold(s)) && utf8.ValidString(s) {
			t.Fatalf("Fold(%q) is not valid UTF-8", s)
		}
	})
}
