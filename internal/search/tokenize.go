package search

import (
	"math/bits"
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
	var sc scanner
	sc.scan(s, func(w []byte, _ uint32, at int) { fn(string(w), at) })
}

// A scanner is Words without allocating: the word passed to fn lives in
// its buffer and is overwritten by the next one, and h is its hash, which
// the indexer uses to find it among the words it has seen. Folding word
// by word rather than the whole text keeps the common case (ASCII words in
// a text with a few accents) to a lower-casing copy; the word boundaries
// are the same, since folding turns letters into letters and marks into
// nothing. The words that do need folding are folded once each.
type scanner struct {
	buf   []byte
	folds map[string]string
}

func (sc *scanner) scan(s string, fn func(w []byte, h uint32, at int)) {
	if cap(sc.buf) < asciiMax {
		sc.buf = make([]byte, 0, 2*asciiMax)
	}
	b := sc.buf[:0]
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf && asciiWord[c] == 0 {
			i++
			continue
		}
		// A word starts here. Most are ASCII, copied and hashed in one go
		// into a fixed array (a longer ASCII word is too long to index).
		start := i
		arr := (*[asciiMax]byte)(b[:asciiMax])
		n := 0
		h := uint32(0)
		for i < len(s) {
			l := asciiWord[s[i]]
			if l == 0 {
				break
			}
			arr[n&(asciiMax-1)] = l
			n++
			h = bits.RotateLeft32(h, 5) ^ uint32(l)
			i++
		}
		b = arr[:min(n, asciiMax)]
		if n > asciiMax {
			b = b[:0]
		}
		if i < len(s) && s[i] >= utf8.RuneSelf {
			if r, size := utf8.DecodeRuneInString(s[i:]); ideograph(r) || !wordRune(r) {
				if i == start { // a lone ideograph, or a character that is not a word's
					if ideograph(r) {
						b = append(b[:0], slug.Fold(s[i:i+size])...)
						fn(b, hash(b), i)
					}
					i += size
					continue
				}
			} else {
				// Not ASCII after all: find the word's end, then fold it.
				for i < len(s) {
					if s[i] < utf8.RuneSelf {
						if asciiWord[s[i]] == 0 {
							break
						}
						i++
						continue
					}
					r, size := utf8.DecodeRuneInString(s[i:])
					if ideograph(r) || !wordRune(r) {
						break
					}
					i += size
				}
				b = append(b[:0], sc.fold(s[start:i])...)
				h = hash(b)
			}
		}
		if len(b) > 0 && (len(b) <= MaxWord || utf8.RuneCount(b) <= MaxWord) {
			fn(b, h, start)
		}
	}
	sc.buf = b
}

func (sc *scanner) fold(w string) string {
	if f, ok := sc.folds[w]; ok {
		return f
	}
	f := slug.Fold(w)
	if sc.folds == nil {
		sc.folds = map[string]string{}
	}
	if len(sc.folds) < 1<<14 {
		// Copies: Fold may return w itself, and a part of a page's text
		// would keep all of it for as long as the map is kept.
		f = strings.Clone(f)
		sc.folds[strings.Clone(w)] = f
	}
	return f
}

// asciiMax bounds the ASCII words scan copies whole: longer than MaxWord,
// and a power of two.
const asciiMax = 64

// hash is the hash scan gives a word: cheap, since it only spreads words
// over a small table; the table's owner mixes it further.
func hash(b []byte) uint32 {
	h := uint32(0)
	for _, c := range b {
		h = bits.RotateLeft32(h, 5) ^ uint32(c)
	}
	return h
}

// asciiWord maps the ASCII letters and digits to themselves in lower case,
// and every other byte to 0.
var asciiWord = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	return t
}()

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

// Stem returns the Snowball English stem of a folded word. Words with
// anything but the letters a to z (numbers, other scripts) are their own
// stem: the English rules would only damage them.
func Stem(w string) string {
	if !asciiLetters(w) {
		return w
	}
	return english.Stem(w, true)
}

func asciiLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
