package site

import (
	"math/bits"
	"runtime"
	"sync"
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
	var wg sync.WaitGroup
	next := make(chan *Page, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				p.Related = s.relatedTo(p, sets, words)
			}
		}()
	}
	for _, p := range s.Regular {
		if len(p.TagList) > 0 {
			next <- p
		}
	}
	close(next)
	wg.Wait()
}

func (s *Site) relatedTo(p *Page, sets map[*Tag][]uint64, words int) []*Page {
	k := len(p.TagList)
	lists := make([][]uint64, k)
	for i, t := range p.TagList {
		lists[i] = sets[t]
	}
	// byScore[c] collects, in newest-first order, up to maxRelated pages
	// sharing exactly c tags.
	byScore := make([][]int, k+1)
	ge := make([]uint64, k+2)
	for w := 0; w < words; w++ {
		for i := range ge {
			ge[i] = 0
		}
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
		if p.rank/64 == w {
			self := ^(uint64(1) << (p.rank % 64))
			for c := 1; c <= k; c++ {
				ge[c] &= self
			}
		}
		for c := k; c >= 1; c-- {
			exact := ge[c] &^ ge[c+1]
			for exact != 0 && len(byScore[c]) < maxRelated {
				b := bits.TrailingZeros64(exact)
				byScore[c] = append(byScore[c], w*64+b)
				exact &= exact - 1
			}
		}
	}
	out := make([]*Page, 0, maxRelated)
	for c := k; c >= 1 && len(out) < maxRelated; c-- {
		for _, r := range byScore[c] {
			if len(out) == maxRelated {
				break
			}
			out = append(out, s.Regular[r])
		}
	}
	return out
}
