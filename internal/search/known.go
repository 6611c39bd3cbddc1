package search

import "strings"

// knownItemQueries makes the queries a reader who half remembers a title
// types: its three longest words, then the same with a typo in the longest
// word, then with the longest word's ending changed (another word form).
func knownItemQueries(title string) []string {
	var ws []string
	for _, w := range Tokenize(title) {
		if !Stop(w) {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		return nil
	}
	// The longest words, kept in title order.
	keep := append([]string(nil), ws...)
	for len(keep) > 3 {
		short := 0
		for i, w := range keep {
			if len(w) < len(keep[short]) {
				short = i
			}
		}
		keep = append(keep[:short], keep[short+1:]...)
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
