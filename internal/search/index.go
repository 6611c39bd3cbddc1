package search

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/secondround/secondround/internal/parallel"
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
	// Prose is Body without its code blocks, which snippets never show;
	// empty when Body has none.
	Prose string
	// Text, when set, appends Body to dst, on demand, instead, and Code
	// says which byte ranges of it are code, which Prose leaves out: a
	// big site keeps its pages' text packed (see markdown.Doc.Pack), and
	// the index unpacks one page's at a time, to read it.
	Text func(dst []byte) []byte
	Code [][2]int
	// TextSum, when not zero, is a digest of Body and Prose, which the
	// index hashes in place of the text itself: a packed page's text is
	// then unpacked once, to be read, rather than once more to be hashed.
	// A site's pages have one whether packed or not, so that the index's
	// files have the same names however the site was built.
	TextSum [sha256.Size]byte
	// Done, when set, is called once a streaming index (Options.Stream)
	// no longer needs the page's text, which its owner may then let go
	// of.
	Done func()
}

// withText calls fn with the doc's Body and Prose, which fn must not keep.
// A text had on demand (see Text) is put in scratch, which is returned,
// grown, for the next page.
func (d *Doc) withText(scratch []byte, fn func(body, prose string)) []byte {
	if d.Text == nil {
		fn(d.Body, d.Prose)
		return scratch
	}
	scratch = d.Text(scratch[:0])
	// The bytes do not change until fn returns: the string can be them.
	body := unsafe.String(unsafe.SliceData(scratch), len(scratch))
	fn(body, prose(body, d.Code))
	return scratch
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

// raw is one page's words before stemming and weighting.
type raw struct {
	words []rawWord
	lens  [nFields]int
	owner int // the worker whose word numbers these are
}

// A rawWord is one word of a page, with how often it occurs in each field.
// A big site's pages hold tens of millions of them at once: 12 bytes, where
// a uint16 count for every field made 16. Counts of the short fields stop
// at 255, where BM25F's saturation reached its top long before.
type rawWord struct {
	local uint32 // the worker's number for the word
	body  uint16
	mask  uint8
	short [fBody]uint8 // title, tags, headings, summary
}

// add counts one more occurrence in field f.
func (rw *rawWord) add(f int) {
	if f == fBody {
		if rw.body < math.MaxUint16 {
			rw.body++
		}
		return
	}
	if rw.short[f] < math.MaxUint8 {
		rw.short[f]++
	}
}

// count is how often the word occurs in field f.
func (rw *rawWord) count(f int) int {
	if f == fBody {
		return int(rw.body)
	}
	return int(rw.short[f])
}

// stopWord marks stop words among a worker's words, so that one lookup
// per word tells both.
const stopWord = ^uint32(0)

// A worker reads pages on one goroutine, numbering the words it meets.
// Stemming waits until all pages are read, so that each distinct word is
// stemmed once rather than once per worker.
type worker struct {
	byWord map[string]uint32 // word → its number
	word   []string          // word number → word
	slot   []slot            // word number → its place in the current page's raw
	recent [1 << 15]recent
	sc     scanner
	arena  []rawWord
	text   []byte // the current page's text, when it is had on demand
}

// recent is a word seen lately, kept whole so that finding it again needs
// no pointer to follow, and with its slot while it is here (w.slot keeps
// the slot of a word not here).
type recent struct {
	key [24]byte
	n   uint8
	num uint32
	sl  slot
}

// same reports whether key starts with b, b no longer than key, comparing
// eight bytes at a time: most words are shorter than a call to compare
// memory costs. It reads b's array past its length, up to 24 bytes, where
// the scanner's buffer always has room.
func same(key *[24]byte, b []byte) bool {
	if cap(b) < len(key) {
		return string(key[:len(b)]) == string(b)
	}
	n := len(b)
	full := b[:len(key)]
	diff := uint64(0)
	for i := 0; i < len(key); i += 8 {
		valid := min(max(n-i, 0), 8)
		mask := uint64(1)<<(8*valid) - 1
		if valid == 8 {
			mask = ^uint64(0)
		}
		diff |= (binary.LittleEndian.Uint64(key[i:]) ^ binary.LittleEndian.Uint64(full[i:])) & mask
	}
	return diff == 0
}

type slot struct {
	page int32 // the page at is for
	at   int32
}

func newWorker() *worker {
	return &worker{byWord: make(map[string]uint32, 1<<14)}
}

// number returns the worker's number for a word whose hash is h, or
// stopWord, and the word's slot. Word frequencies follow Zipf's law, so a
// small table of recent words, checked before the map, answers most
// lookups from the processor's cache.
func (w *worker) number(b []byte, h uint32) (uint32, *slot) {
	e := &w.recent[(h*2654435761)>>17] // Fibonacci hashing: the top 15 bits
	if int(e.n) == len(b) && same(&e.key, b) {
		return e.num, &e.sl
	}
	n, ok := w.byWord[string(b)]
	if !ok {
		n = stopWord
		if _, stop := stopWords[string(b)]; !stop {
			n = uint32(len(w.word))
			w.word = append(w.word, string(b))
			w.slot = append(w.slot, slot{page: -1})
		}
		w.byWord[string(b)] = n
	}
	if len(b) > len(e.key) {
		if n == stopWord {
			return n, nil
		}
		return n, &w.slot[n]
	}
	if e.n > 0 && e.num != stopWord {
		w.slot[e.num] = e.sl
	}
	e.n = uint8(copy(e.key[:], b))
	e.num = n
	if n != stopWord {
		e.sl = w.slot[n]
	}
	return n, &e.sl
}

func (w *worker) page(n int, d *Doc, body string) raw {
	// Pages take their words from one growing slice per worker rather
	// than a slice each: fewer, larger allocations, which the collector
	// need not scan.
	var r raw
	if cap(w.arena)-len(w.arena) < 1<<12 {
		w.arena = make([]rawWord, 0, 1<<16)
	}
	start := len(w.arena)
	f, scale := 0, uint64(0)
	// scale turns a byte offset into a window with a multiplication: a
	// division per word costs more than the rest of the word's work.
	add := func(word []byte, h uint32, at int) {
		r.lens[f]++
		t, sl := w.number(word, h)
		if t == stopWord {
			return
		}
		if sl.page != int32(n) {
			sl.page, sl.at = int32(n), int32(len(w.arena))
			w.arena = append(w.arena, rawWord{local: t})
		}
		rw := &w.arena[sl.at]
		rw.add(f)
		if scale > 0 {
			rw.mask |= 1 << min(uint64(at)*scale>>32, windows-1)
		}
	}
	f = fTitle
	w.sc.scan(d.Title, add)
	f = fTags
	for _, t := range d.Tags {
		w.sc.scan(t, add)
	}
	f = fHeadings
	for _, h := range d.Headings {
		w.sc.scan(h, add)
	}
	f = fSummary
	w.sc.scan(d.Summary, add)
	f, scale = fBody, (windows<<32)/uint64(len(body)+1)
	w.sc.scan(body, add)
	r.words = w.arena[start:len(w.arena):len(w.arena)]
	return r
}

// read reads the pages todo of docs (all of them when todo is nil) on all
// cores, into raws, calling visit, when not nil, with each page's text
// once it is read. It returns each worker's words by number: a raw's
// words are numbered by its owner's list.
func read(docs []Doc, todo []int, raws []raw, visit func(n int, body, prose string)) [][]string {
	n := len(docs)
	if todo != nil {
		n = len(todo)
	}
	nw := max(1, min(runtime.GOMAXPROCS(0), n))
	workers := make([]*worker, nw)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range workers {
		workers[k] = newWorker()
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			w := workers[k]
			for {
				start := int(next.Add(64)) - 64
				if start >= n {
					return
				}
				for i := start; i < min(start+64, n); i++ {
					d := i
					if todo != nil {
						d = todo[i]
					}
					w.text = docs[d].withText(w.text, func(body, prose string) {
						raws[d] = w.page(d, &docs[d], body)
						raws[d].owner = k
						if visit != nil {
							visit(d, body, prose)
						}
					})
				}
			}
		}(k)
	}
	wg.Wait()
	vocab := make([][]string, nw)
	for k, w := range workers {
		vocab[k] = w.word
	}
	return vocab
}

// build indexes docs on all cores: workers read pages (with a Memo, only
// those that changed since its last build; without, visit sees each page
// read); then the words they met are stemmed and grouped into terms; then
// each term's postings are weighted and written, pages split between
// goroutines. m and visit may be nil.
func build(docs []Doc, m *Memo, visit func(n int, body, prose string)) *index {
	raws := make([]raw, len(docs))
	var vocab [][]string
	if m == nil {
		vocab = read(docs, nil, raws, visit)
	} else {
		vocab = m.read(docs, raws)
	}
	nw := len(vocab)

	// Every distinct word, stemmed once, on all cores. An empty word is
	// a number no page uses (see Memo).
	globalOf := make([][]int32, nw) // owner's word number → word
	var words []string
	seen := map[string]int32{}
	for k, vw := range vocab {
		globalOf[k] = make([]int32, len(vw))
		for i, word := range vw {
			if word == "" {
				globalOf[k][i] = -1
				continue
			}
			g, ok := seen[word]
			if !ok {
				g = int32(len(words))
				seen[word] = g
				words = append(words, word)
			}
			globalOf[k][i] = g
		}
	}
	stems := make([]string, len(words))
	if m != nil {
		// One owner: the Memo, whose numbers keep their stems.
		for i, g := range globalOf[0] {
			if g >= 0 {
				stems[g] = m.stems[i]
			}
		}
	}
	parallel.For(len(words), func(i int) {
		if stems[i] == "" {
			stems[i] = Stem(words[i])
		}
	})
	if m != nil {
		for i, g := range globalOf[0] {
			if g >= 0 {
				m.stems[i] = stems[g]
			}
		}
	}

	// Terms are numbered in the order of their first word, so that a
	// term's number is near those of words sorting beside it and the
	// client's chunks hold related terms together.
	ix := &index{docs: docs, words: make(map[string]*term, len(words))}
	byStem := map[string]*term{}
	for i, word := range words {
		t := byStem[stems[i]]
		if t == nil {
			t = &term{stem: stems[i]}
			byStem[stems[i]] = t
			ix.terms = append(ix.terms, t)
		}
		t.words = append(t.words, word)
		ix.words[word] = t
	}
	for _, t := range ix.terms {
		sortStrings(t.words)
	}
	firsts := make([]string, len(ix.terms))
	for i, t := range ix.terms {
		firsts[i] = t.words[0]
	}
	sortStrings(firsts)
	order := make(map[string]int, len(firsts))
	for i, w := range firsts {
		order[w] = i
	}
	sorted := make([]*term, len(ix.terms))
	for _, t := range ix.terms {
		sorted[order[t.words[0]]] = t
	}
	ix.terms = sorted
	for i, t := range ix.terms {
		t.id = i
	}
	termOf := make([][]int32, nw) // owner's word number → term
	for k := range vocab {
		termOf[k] = make([]int32, len(globalOf[k]))
		for i, g := range globalOf[k] {
			if g >= 0 {
				termOf[k][i] = int32(ix.words[words[g]].id)
			}
		}
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
	// Postings go in page order. Each goroutine takes a stretch of pages;
	// counting first tells it where in each term's list its postings go.
	parts := nw
	per := (len(docs) + parts - 1) / max(1, parts)
	counts := make([][]int32, parts)
	parallel.For(parts, func(p int) {
		c := make([]int32, len(ix.terms))
		stamp := make([]int32, len(ix.terms))
		for n := p * per; n < min((p+1)*per, len(docs)); n++ {
			tm := termOf[raws[n].owner]
			for _, rw := range raws[n].words {
				t := tm[rw.local]
				if stamp[t] != int32(n)+1 {
					stamp[t] = int32(n) + 1
					c[t]++
				}
			}
		}
		counts[p] = c
	})
	// All postings live in one array, each term's a stretch of it: one
	// allocation, and one memory access per posting written.
	total := int32(0)
	starts := make([]int32, len(ix.terms)+1)
	for i := range ix.terms {
		starts[i] = total
		for p := range counts {
			total, counts[p][i] = total+counts[p][i], total // counts become offsets
		}
	}
	starts[len(ix.terms)] = total
	all := make([]posting, total)
	for i, t := range ix.terms {
		t.postings = all[starts[i]:starts[i+1]:starts[i+1]]
	}
	parallel.For(parts, func(p int) {
		off := counts[p]
		type merged struct {
			term int32
			mask uint8
			tf   [nFields]uint16
		}
		var page []merged
		at := make([]int32, len(ix.terms))
		stamp := make([]int32, len(ix.terms))
		for n := p * per; n < min((p+1)*per, len(docs)); n++ {
			r := &raws[n]
			tm := termOf[r.owner]
			page = page[:0]
			// Words of one stem in one page make one posting.
			for _, rw := range r.words {
				t := tm[rw.local]
				if stamp[t] != int32(n)+1 {
					stamp[t], at[t] = int32(n)+1, int32(len(page))
					page = append(page, merged{term: t})
				}
				m := &page[at[t]]
				m.mask |= rw.mask
				for f := range nFields {
					m.tf[f] = uint16(min(int(m.tf[f])+rw.count(f), math.MaxUint16))
				}
			}
			var norm [nFields]float64
			for f := range norm {
				norm[f] = fieldWeight[f] / (1 - fieldB[f] + fieldB[f]*float64(r.lens[f])/avg[f])
			}
			for i := range page {
				m := &page[i]
				x := float64(m.tf[fTitle])*norm[fTitle] + float64(m.tf[fTags])*norm[fTags] +
					float64(m.tf[fHeadings])*norm[fHeadings] + float64(m.tf[fSummary])*norm[fSummary] +
					float64(m.tf[fBody])*norm[fBody]
				var flag uint8
				if m.tf[fTitle] > 0 {
					flag |= flagTitle
				}
				if m.tf[fTags] > 0 {
					flag |= flagTag
				}
				if m.tf[fHeadings] > 0 {
					flag |= flagHeading
				}
				sat := math.Round(satLevels * x / (k1 + x))
				all[off[m.term]] = posting{doc: uint32(n), sat: uint8(max(1, sat)), flag: flag, mask: m.mask}
				off[m.term]++
			}
		}
	})
	return ix
}

// runeLen counts the characters of a word, as the typo index measures it.
func runeLen(w string) int { return utf8.RuneCountInString(w) }
