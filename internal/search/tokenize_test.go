package search

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Négociation SALARIALE", []string{"negociation", "salariale"}},
		{"the interviewer's notes", []string{"the", "interviewer", "s", "notes"}},
		{"interviewer’s thank-you note", []string{"interviewer", "s", "thank", "you", "note"}},
		{"Straße, Æon, Łódź, Øresund", []string{"strasse", "aeon", "lodz", "oresund"}},
		{"e\u0301cole", []string{"ecole"}}, // an accent typed as a combining mark
		{"2nd round: 3 rounds", []string{"2nd", "round", "3", "rounds"}},
		{"C++ & C# — Q&A", []string{"c", "c", "q", "a"}},
		{"面试后写感谢信", []string{"面", "试", "后", "写", "感", "谢", "信"}}, // one word per character
		{"thank面试you", []string{"thank", "面", "试", "you"}},
		{"हिन्दी", []string{"हिनदी"}}, // the virama is a mark: folded away, the word stays whole
		{"Σίσυφος", []string{"σισυφος"}},
		{"x" + strings.Repeat("y", MaxWord) + " ok", []string{"ok"}}, // too long to be a word anyone types
		{"bad \xff byte", []string{"bad", "byte"}},
		{"", nil},
	} {
		if got := Tokenize(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWordOffsets(t *testing.T) {
	var at []int
	Words("Ab, cd—éf", func(_ string, i int) { at = append(at, i) })
	if want := []int{0, 4, 9}; !reflect.DeepEqual(at, want) {
		t.Errorf("offsets %v, want %v", at, want)
	}
}

func TestStem(t *testing.T) {
	for _, tc := range []struct{ word, stem string }{
		{"interviewing", "interview"},
		{"interviews", "interview"},
		{"interviewer", "interview"},
		{"negotiating", "negoti"},
		{"negotiation", "negoti"},
		{"salaries", "salari"},
		{"salary", "salari"},
		{"thanking", "thank"},
		{"withdrawal", "withdraw"},
		{"presentations", "present"},
		{"2nd", "2nd"},         // not letters: left alone
		{"σισυφος", "σισυφος"}, // not English
	} {
		if got := Stem(tc.word); got != tc.stem {
			t.Errorf("Stem(%q) = %q, want %q", tc.word, got, tc.stem)
		}
	}
}

// TestStopWords checks the stop list against the Snowball library's, on
// the list itself and on every word of the real content.
func TestStopWords(t *testing.T) {
	for _, w := range StopWords() {
		if !english.IsStopWord(w) {
			t.Errorf("%q is on our stop list but not Snowball's", w)
		}
	}
	seen := 0
	_ = filepath.WalkDir(filepath.Join(repoRoot(t), "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		Words(string(b), func(w string, _ int) {
			seen++
			if Stop(w) != english.IsStopWord(w) {
				t.Errorf("%s: Stop(%q) = %v, Snowball says %v", p, w, Stop(w), english.IsStopWord(w))
			}
		})
		return nil
	})
	if seen < 10000 {
		t.Errorf("checked only %d words of content", seen)
	}
}

// FuzzWords checks, on any text an author may write, that words are
// non-empty, made of word characters, not too long, found again when the
// words themselves are split, and at increasing offsets inside the text.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"Thank-you notes after a second interview", "Négociation: l'été", "面试 interview", "a\u0301\u0301b", "ǅ İ ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := -1
		var got []string
		Words(s, func(w string, at int) {
			if w == "" || utf8.RuneCountInString(w) > MaxWord {
				t.Fatalf("bad word %q in %q", w, s)
			}
			for _, r := range w {
				if !wordRune(r) && !ideograph(r) {
					t.Fatalf("word %q of %q holds %q", w, s, r)
				}
			}
			if at <= last || at >= len(s) {
				t.Fatalf("word %q at %d after %d in %q", w, at, last, s)
			}
			last = at
			got = append(got, w)
		})
		again := Tokenize(strings.Join(got, " "))
		if !reflect.DeepEqual(again, got) && len(got) > 0 {
			t.Fatalf("words of %q are %q, but splitting those gives %q", s, got, again)
		}
	})
}

// repoRoot is the repository's root, two folders up.
func repoRoot(t testing.TB) string {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}
