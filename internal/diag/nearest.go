package diag

import "sort"

// Nearest returns the option closest to s in edit distance, for a "did you
// mean" hint, or "" when none is close enough to be a likely slip: at most
// one edit in four characters, and never the whole word. Letter case does
// not count as an edit. Among equally close options, the first in sorted
// order wins, so that hints are the same from run to run.
func Nearest(s string, options []string) string {
	limit := max(1, len([]rune(s))/4)
	sorted := append([]string(nil), options...)
	sort.Strings(sorted)
	best, bestD := "", limit+1
	for _, o := range sorted {
		if o == s {
			continue
		}
		if d := distance(s, o, bestD); d < bestD && d < len([]rune(o)) {
			best, bestD = o, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b (the
// Levenshtein distance, with swapping two neighbouring letters one edit),
// ignoring case; it stops early, returning limit, once the distance cannot
// be below limit.
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	fold := func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if fold(ra[i-1]) == fold(rb[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && fold(ra[i-1]) == fold(rb[j-2]) && fold(ra[i-2]) == fold(rb[j-1]) {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}
