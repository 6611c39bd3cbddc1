package site

import (
	"math/bits"

	"github.com/secondround/secondround/internal/parallel"
)

// maxRelated is how many related pages a page lists.
const maxRelated = 5

// related fills every page's Related list: the pages sharing most tags with
// it, newer first among equals. Each tag is a bitset over pages in
// newest-first order, so counting shared tags for one page costs a pass over
// a few words per 64 pages rather than a walk of every tag's page list: the
// difference between milliseconds and minutes at 100,000 pages.
func (s *Site) related() {
	n := len(s.Regular)
	if n < 2 || len(s.Tags) == 0 {
		return
	}
	words := (n + 63) / 64
	sets := make(map[*Tag][]uint64, len(s.Tags))
	for _, t := range s.Tags {
		set := make([]uint64, words)
		for _, p := range t.Pages {
			set[p.rank/64] |= 1 << (p.rank % 64)
		}
		sets[t] = set
	}
	parallel.For(len(s.Regular), func(i int) {
		if p := s.Regular[i]; len(p.TagList) > 0 {
			p.Related = s.relatedTo(p, sets, words)
		}
	})
}

func (s *Site) relatedTo(p *Page, sets map[*Tag][]uint64, words int) []*Page {
	k := len(p.TagList)
	lists := make([][]uint64, k)
	for i, t := range p.TagList {
		lists[i] = sets[t]
	}
	selfWord, selfMask := p.rank/64, ^(uint64(1) << (p.rank % 64))
	out := make([]*Page, 0, maxRelated)
	// First the pages that share every tag: one AND per tag and word, and
	// at 100,000 pages most pages share all their tags with few others.
	for w := 0; w < words && len(out) < maxRelated; w++ {
		x := ^uint64(0)
		for _, l := range lists {
			if x &= l[w]; x == 0 {
				break
			}
		}
		if w == selfWord {
			x &= selfMask
		}
		for x != 0 && len(out) < maxRelated {
			out = append(out, s.Regular[w*64+bits.TrailingZeros64(x)])
			x &= x - 1
		}
	}
	if len(out) == maxRelated || k == 1 {
		return out
	}
	// Then the rest, by how many tags they share. ge[c] marks the pages of
	// a word that share at least c tags; byScore[c] collects, newest
	// first, up to what is still needed of those sharing exactly c. Pages
	// sharing all but one tag are common, so the scan usually stops long
	// before the end: once those fill what is left, no later page can
	// rank above them.
	need := maxRelated - len(out)
	byScore := make([][]int, k)
	ge := make([]uint64, k+2)
	for w := 0; w < words && len(byScore[k-1]) < need; w++ {
		clear(ge)
		ge[0] = ^uint64(0)
		any := false
		for _, l := range lists {
			x := l[w]
			if x == 0 {
				continue
			}
			any = true
			for c := k; c >= 1; c-- {
				ge[c] |= ge[c-1] & x
			}
		}
		if !any {
			continue
		}
		if w == selfWord {
			for c := 1; c <= k; c++ {
				ge[c] &= selfMask
			}
		}
		for c := k - 1; c >= 1; c-- {
			exact := ge[c] &^ ge[c+1]
			for exact != 0 && len(byScore[c]) < need {
				byScore[c] = append(byScore[c], w*64+bits.TrailingZeros64(exact))
				exact &= exact - 1
			}
		}
	}
	for c := k - 1; c >= 1 && len(out) < maxRelated; c-- {
		for _, r := range byScore[c] {
			if len(out) == maxRelated {
				break
			}
			out = append(out, s.Regular[r])
		}
	}
	return out
}
