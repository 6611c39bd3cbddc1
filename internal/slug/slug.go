// Package slug turns author-written names (file names, headings, tags) into
// the lowercase ASCII words used in URLs and element ids. One function serves
// every caller so that a link an author writes by hand to a heading or a tag
// agrees with the id the build gives it.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Make returns s lowercased, with accents folded to ASCII ("é" to "e", "ß" to
// "ss") and every run of other characters replaced by one hyphen, trimmed at
// both ends. It returns "" when nothing of s survives (a title in a script
// with no ASCII transliteration): callers choose their own fallback.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	emit := func(r rune) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteRune(r)
	}
	for _, r := range fold(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			emit(r)
		case r >= 'A' && r <= 'Z':
			emit(r + 'a' - 'A')
		default:
			hyphen = true
		}
	}
	return b.String()
}

// symbols are spelled out in tag slugs so that "C++", "C#" and "C" stay
// three tags, and "Q&A" reads as a word rather than "q-a".
var symbols = strings.NewReplacer("++", " plus plus ", "+", " plus ", "#", " sharp ", "&", " and ", "@", " at ")

// Tag returns the slug of a tag name: like Make, but with +, #, & and @
// spelled out, so that tags which differ only in those symbols stay distinct.
func Tag(name string) string {
	return Make(symbols.Replace(name))
}

// Fold lowercases s and folds accented Latin letters to ASCII, keeping every
// other character as it is. Search uses it so that "négociation" and
// "negociation" are one word.
func Fold(s string) string {
	return strings.ToLower(fold(s))
}

// special holds the letters that Unicode does not decompose into an ASCII
// base letter and a combining mark.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D",
	'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "TH", 'ı': "i", 'ĸ': "k",
	'’': "'", '‘': "'", '“': "\"", '”': "\"", '–': "-", '—': "-",
}

func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	if !utf8.ValidString(s) {
		// Normalisation would swallow the valid letters after a stray byte;
		// give each stray byte a replacement character first, as ranging
		// over the string does, so that callers comparing case-folded keys
		// and callers comparing slugs see the same letters.
		s = strings.Map(func(r rune) rune { return r }, s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
