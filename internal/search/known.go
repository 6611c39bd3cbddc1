package search

import (
	"sort"
	"strings"
)

// KnownItemQueries makes the queries of a reader who half remembers a
// page's title: its three most telling words (those in the fewest titles,
// as titles counts them; see TitleWords), then the same with a typo in
// the longest of them, then with that word's ending changed (another word
// form). The tests and bench/search check that such searches find the
// page.
func KnownItemQueries(title string, titles map[string]int) []string {
	var ws []string
	seen := map[string]bool{}
	for _, w := range Tokenize(title) {
		if !Stop(w) && !seen[w] {
			seen[w] = true
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		return nil
	}
	pick := append([]string(nil), ws...)
	sort.SliceStable(pick, func(i, j int) bool {
		if titles[pick[i]] != titles[pick[j]] {
			return titles[pick[i]] < titles[pick[j]]
		}
		return len(pick[i]) > len(pick[j])
	})
	chosen := map[string]bool{}
	for _, w := range pick[:min(3, len(pick))] {
		chosen[w] = true
	}
	var keep []string
	for _, w := range ws { // in title order
		if chosen[w] {
			keep = append(keep, w)
		}
	}
	long := 0
	for i, w := range keep {
		if len(w) > len(keep[long]) {
			long = i
		}
	}
	with := func(w string) string {
		c := append([]string(nil), keep...)
		c[long] = w
		return strings.Join(c, " ")
	}
	out := []string{strings.Join(keep, " ")}
	if w := keep[long]; len(w) >= 5 {
		// Swap two letters in the middle: the commonest slip.
		r := []rune(w)
		i := len(r) / 2
		r[i-1], r[i] = r[i], r[i-1]
		if string(r) != w {
			out = append(out, with(string(r)))
		}
		out = append(out, with(otherForm(w)))
	}
	return out
}

// TitleWords counts, for each word, the titles of docs that hold it.
func TitleWords(docs []Doc) map[string]int {
	n := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, w := range Tokenize(d.Title) {
			if !seen[w] {
				seen[w] = true
				n[w]++
			}
		}
	}
	return n
}

// otherForm changes a word's ending the way readers do: plural to singular
// and back, -ing to -s.
func otherForm(w string) string {
	switch {
	case strings.HasSuffix(w, "ing"):
		return strings.TrimSuffix(w, "ing") + "s"
	case strings.HasSuffix(w, "s"):
		return strings.TrimSuffix(w, "s")
	}
	return w + "s"
}
