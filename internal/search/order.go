package search

import (
	"sort"
	"unicode/utf8"
)

// compare orders strings as JavaScript's < does, by UTF-16 code units,
// so that the client's binary searches over chunk boundaries agree with
// the order the index was written in. It differs from Go's byte order only
// for characters above U+FFFF against those from U+E000 to U+FFFF.
func compare(a, b string) int {
	for len(a) > 0 && len(b) > 0 {
		if a[0] < utf8.RuneSelf && b[0] < utf8.RuneSelf {
			if a[0] != b[0] {
				return int(a[0]) - int(b[0])
			}
			a, b = a[1:], b[1:]
			continue
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return unit(ra) - unit(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

// unit is the first UTF-16 code unit of r, scaled so that two runes with
// the same first unit still differ by their second.
func unit(r rune) int {
	if r < 0x10000 {
		return int(r) << 10
	}
	r -= 0x10000
	return (0xD800+int(r>>10))<<10 | int(r&0x3FF)
}

// sortStrings sorts as compare orders, with the quicker byte order when
// no string holds a character from U+E000 up, where the two differ.
func sortStrings(s []string) {
	for _, w := range s {
		for i := 0; i < len(w); i++ {
			if w[i] >= 0xEE {
				sort.Slice(s, func(i, j int) bool { return compare(s[i], s[j]) < 0 })
				return
			}
		}
	}
	sort.Strings(s)
}
