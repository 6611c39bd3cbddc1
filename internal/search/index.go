package search

import (
	"math"
	"runtime"
	"sort"
	"sync"
	"unicode/utf8"
)

// A Doc is one page as the index sees it.
type Doc struct {
	URL      string
	Title    string
	Kind     string
	Tags     []string // names, as readers see them
	TagSlugs []string // for the tag filter, in the order of Tags
	Headings []string
	Summary  string
	Body     string // plain text, one block a line
}

// The fields of a page, each weighted and length-normalised on its own
// (BM25F): a word in a short title says more than the same word deep in a
// long body.
const (
	fTitle = iota
	fTags
	fHeadings
	fSummary
	fBody
	nFields
)

var (
	fieldWeight = [nFields]float64{fTitle: 6, fTags: 3, fHeadings: 2.5, fSummary: 1.5, fBody: 1}
	fieldB      = [nFields]float64{fTitle: 0.5, fTags: 0.3, fHeadings: 0.5, fSummary: 0.5, fBody: 0.75}
)

// k1 saturates term frequency; the client multiplies by k1+1 (see idf in
// search.js) so that the stored value needs only the saturation, in
// satLevels steps: finer steps cost bytes and change no ranking a reader
// would notice.
const (
	k1        = 1.2
	satLevels = 31
)

// Flags of a posting, for the client's bonuses.
const (
	flagTitle   = 1 << iota // the word is in the title
	flagTag                 // in a tag's name
	flagHeading             // in a heading
)

// windows is the number of equal stretches a body is cut into for
// proximity: two words in the same stretch are close. Eight keep the mask
// to a byte per posting, which for common words is most of their cost.
const windows = 8

// A posting is one term in one page.
type posting struct {
	doc  uint32
	sat  uint8 // saturated BM25F term frequency, 1-31
	flag uint8 // flagTitle | ...
	mask uint8 // windows of the body that hold the term
}

// A term is one stem, with every word that stems to it.
type term struct {
	stem     string
	words    []string // sorted
	postings []posting
	id       int
}

// index is the whole inverted index in memory.
type index struct {
	docs  []Doc
	terms []*term          // by id: in the order of their first word
	words map[string]*term // every indexed word
}

// raw is one page's terms before weighting.
type raw struct {
	terms []rawTerm
	lens  [nFields]int
}

type rawTerm struct {
	local uint32 // worker-local term number
	mask  uint8
	tf    [nFields]uint16
}

// stopTerm marks stop words in a worker's byWord, so that one map lookup
// per word tells both.
const stopTerm = ^uint32(0)

// worker holds what one indexing goroutine has seen.
type worker struct {
	st     *stemmer
	byWord map[string]uint32 // word → its number
	word   []string          // word number → word
	termOf []uint32          // word number → local term, or stopTerm
	byStem map[string]uint32
	stems  []string
	words  [][]string // local term → its words
	slot   []slot     // local term → its place in the current page's raw
	recent [1 << 12]uint32
	buf    []byte
}

type slot struct {
	page int32 // the page at is for
	at   int32
}

func newWorker() *worker {
	w := &worker{st: newStemmer(), byWord: make(map[string]uint32, 1<<14), byStem: map[string]uint32{}}
	for s := range stopWords {
		w.byWord[s] = uint32(len(w.word))
		w.word = append(w.word, s)
		w.termOf = append(w.termOf, stopTerm)
	}
	return w
}

// term returns the local term of a word. Word frequencies follow Zipf's
// law, so a small table of recent words, checked before the map, answers
// most lookups from the processor's cache.
func (w *worker) term(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	h &= uint32(len(w.recent) - 1)
	if n := w.recent[h]; int(n) < len(w.word) && w.word[n] == string(b) {
		return w.termOf[n]
	}
	n, ok := w.byWord[string(b)]
	if !ok {
		n = w.add(string(b))
	}
	w.recent[h] = n
	return w.termOf[n]
}

func (w *worker) add(word string) uint32 {
	stem := w.st.stem(word)
	t, ok := w.byStem[stem]
	if !ok {
		t = uint32(len(w.stems))
		w.byStem[stem] = t
		w.stems = append(w.stems, stem)
		w.words = append(w.words, nil)
		w.slot = append(w.slot, slot{page: -1})
	}
	w.words[t] = append(w.words[t], word)
	n := uint32(len(w.word))
	w.byWord[word] = n
	w.word = append(w.word, word)
	w.termOf = append(w.termOf, t)
	return n
}

func (w *worker) page(n int, d *Doc) *raw {
	r := &raw{terms: make([]rawTerm, 0, 64+len(d.Body)/24)}
	add := func(f int, word []byte, at, size int) {
		r.lens[f]++
		t := w.term(word)
		if t == stopTerm {
			return
		}
		sl := &w.slot[t]
		if sl.page != int32(n) {
			sl.page, sl.at = int32(n), int32(len(r.terms))
			r.terms = append(r.terms, rawTerm{local: t})
		}
		rt := &r.terms[sl.at]
		if rt.tf[f] < math.MaxUint16 {
			rt.tf[f]++
		}
		if size > 0 {
			rt.mask |= 1 << min(at*windows/size, windows-1)
		}
	}
	field := func(f int, s string) {
		scan(s, &w.buf, func(word []byte, at int) { add(f, word, at, 0) })
	}
	field(fTitle, d.Title)
	for _, t := range d.Tags {
		field(fTags, t)
	}
	for _, h := range d.Headings {
		field(fHeadings, h)
	}
	field(fSummary, d.Summary)
	body := d.Body
	scan(body, &w.buf, func(word []byte, at int) { add(fBody, word, at, len(body)+1) })
	return r
}

// build indexes docs on all cores.
func build(docs []Doc) *index {
	nw := runtime.GOMAXPROCS(0)
	if nw > len(docs) {
		nw = max(1, len(docs))
	}
	raws := make([]*raw, len(docs))
	workers := make([]*worker, nw)
	owner := make([]uint8, len(docs))
	var wg sync.WaitGroup
	var next int64
	var mu sync.Mutex
	for k := range workers {
		workers[k] = newWorker()
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			w := workers[k]
			for {
				mu.Lock()
				start := int(next)
				next += 64
				mu.Unlock()
				if start >= len(docs) {
					return
				}
				for n := start; n < min(start+64, len(docs)); n++ {
					raws[n] = w.page(n, &docs[n])
					owner[n] = uint8(k)
				}
			}
		}(k)
	}
	wg.Wait()

	// One numbering of stems across workers, in the order of each stem's
	// first word, so that a term's id is near the ids of words sorting
	// beside it and the client's chunks hold related terms together.
	ix := &index{docs: docs, words: map[string]*term{}}
	byStem := map[string]*term{}
	globals := make([][]*term, nw)
	for k, w := range workers {
		globals[k] = make([]*term, len(w.stems))
		for lt, stem := range w.stems {
			t := byStem[stem]
			if t == nil {
				t = &term{stem: stem}
				byStem[stem] = t
				ix.terms = append(ix.terms, t)
			}
			globals[k][lt] = t
			for _, word := range w.words[lt] {
				if ix.words[word] == nil {
					ix.words[word] = t
					t.words = append(t.words, word)
				}
			}
		}
	}
	for _, t := range ix.terms {
		sortStrings(t.words)
	}
	sort.Slice(ix.terms, func(i, j int) bool { return compare(ix.terms[i].words[0], ix.terms[j].words[0]) < 0 })
	for i, t := range ix.terms {
		t.id = i
	}

	var avg [nFields]float64
	for _, r := range raws {
		for f, n := range r.lens {
			avg[f] += float64(n)
		}
	}
	for f := range avg {
		avg[f] = math.Max(avg[f]/float64(max(1, len(docs))), 1)
	}
	df := make([]int, len(ix.terms))
	for n, r := range raws {
		g := globals[owner[n]]
		for _, rt := range r.terms {
			df[g[rt.local].id]++
		}
	}
	for i, t := range ix.terms {
		t.postings = make([]posting, 0, df[i])
	}
	for n, r := range raws {
		g := globals[owner[n]]
		var norm [nFields]float64
		for f := range norm {
			norm[f] = fieldWeight[f] / (1 - fieldB[f] + fieldB[f]*float64(r.lens[f])/avg[f])
		}
		for i := range r.terms {
			rt := &r.terms[i]
			tf := &rt.tf
			x := 0.0
			for f, c := range tf {
				x += float64(c) * norm[f]
			}
			var flag uint8
			if tf[fTitle] > 0 {
				flag |= flagTitle
			}
			if tf[fTags] > 0 {
				flag |= flagTag
			}
			if tf[fHeadings] > 0 {
				flag |= flagHeading
			}
			sat := math.Round(satLevels * x / (k1 + x))
			t := g[rt.local]
			t.postings = append(t.postings, posting{doc: uint32(n), sat: uint8(max(1, sat)), flag: flag, mask: rt.mask})
		}
	}
	return ix
}

// runeLen counts the characters of a word, as the typo index measures it.
func runeLen(w string) int { return utf8.RuneCountInString(w) }
