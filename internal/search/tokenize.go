package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/secondround/secondround/internal/slug"
)

// MaxWord is the longest word indexed, in characters: anything longer is
// a URL, a hash or a run of symbols nobody types into a search box.
const MaxWord = 40

// Words calls fn with each word of s in order: s folded to lower case
// without accents (slug.Fold), split at every character that is not a
// letter, a digit or a combining mark. Apostrophes and hyphens split too,
// so "interviewer's" gives "interviewer" and "s", and "thank-you" gives
// "thank" and "you", as the Snowball stop word list expects. Chinese and
// Japanese characters, written without spaces, are one word each. at is the
// byte offset of the word in s, which proximity uses as a measure of
// distance. The client (static/js/search.js) splits queries the same way; a
// change here must be made there too.
func Words(s string, fn func(word string, at int)) {
	var buf []byte
	scan(s, &buf, func(w []byte, at int) { fn(string(w), at) })
}

// scan is Words without allocating: the word passed to fn lives in *buf and
// is overwritten by the next one. Folding word by word rather than the
// whole text keeps the common case (ASCII words in a text with a few
// accents) to a lower-casing copy; the word boundaries are the same,
// since folding turns letters into letters and marks into nothing.
func scan(s string, buf *[]byte, fn func(w []byte, at int)) {
	start, ascii := -1, true
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		b := (*buf)[:0]
		if ascii {
			for i := 0; i < len(w); i++ {
				c := w[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b = append(b, c)
			}
		} else {
			b = append(b, slug.Fold(w)...)
		}
		*buf = b
		if len(b) > 0 && (len(b) <= MaxWord || utf8.RuneCount(b) <= MaxWord) {
			fn(b, start)
		}
		start, ascii = -1, true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' {
				if start < 0 {
					start = i
				}
			} else {
				flush(i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case ideograph(r):
			flush(i)
			start, ascii = i, false
			flush(i + size)
		case wordRune(r):
			if start < 0 {
				start = i
			}
			ascii = false
		default:
			flush(i)
		}
		i += size
	}
	flush(len(s))
}

// Tokenize returns the words of s (see Words), stop words included.
func Tokenize(s string) []string {
	var out []string
	Words(s, func(w string, _ int) { out = append(out, w) })
	return out
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// ideograph reports the scripts written without spaces between words,
// where each character is indexed as a word of its own.
func ideograph(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// Stop reports whether w is an English stop word: too common to tell pages
// apart, so it is left out of the index (but kept in excerpts, and
// highlighted there when the query has it beside a matched word).
func Stop(w string) bool {
	_, ok := stopWords[w]
	return ok
}

// StopWords lists the stop words in order, for the client.
func StopWords() []string {
	out := make([]string, 0, len(stopWords))
	for w := range stopWords {
		out = append(out, w)
	}
	sortStrings(out)
	return out
}

// stopWords is the Snowball English stop list, as
// github.com/kljensen/snowball/english.IsStopWord has it; a test checks the
// two agree. It is spelled out because the client needs the list itself.
var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because
		been before being below between both but by can did do does doing don down during each few for from
		further had has have having he her here hers herself him himself his how i if in into is it its itself
		just me more most my myself no nor not now of off on once only or other our ours ourselves out over own
		s same she should so some such t than that the their theirs them themselves then there these they this
		those through to too under until up very was we were what when where which while who whom why will with
		you your yours yourself yourselves`) {
		m[w] = struct{}{}
	}
	return m
}()

// A stemmer reduces words to their Snowball English stems, remembering
// each word it has seen: a site has tens of thousands of distinct words
// and millions of occurrences.
type stemmer struct {
	seen map[string]string
}

func newStemmer() *stemmer { return &stemmer{seen: map[string]string{}} }

// Stem returns the Snowball English stem of a folded word. Words with
// anything but the letters a to z (numbers, other scripts) are their own
// stem: the English rules would only damage them.
func Stem(w string) string {
	if !asciiLetters(w) {
		return w
	}
	return english.Stem(w, true)
}

func (st *stemmer) stem(w string) string {
	if s, ok := st.seen[w]; ok {
		return s
	}
	w = strings.Clone(w) // w points into a whole page's text
	s := Stem(w)
	st.seen[w] = s
	return s
}

func asciiLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
