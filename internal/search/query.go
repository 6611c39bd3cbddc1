package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Ranking constants, the same in static/js/search.js.
const (
	maxExpand   = 6   // prefix completions of the last word, most common first
	maxTypos    = 5   // words one typo away, most common first
	maxForms    = 2   // other endings of a word the site does not have, closest first
	prefixChunk = 2   // lexicon chunks read for one prefix, at most
	typoQ       = 0.6 // a typo match counts this much of an exact one
	formQ       = 0.8 // a word not on the site matched by another ending ("negotiations" → "negotiating")
	proxBonus   = 0.5 // for the query's words together in one stretch of the body or in the title
	titleBonus  = 0.5 // for all of the query's words in the title
	titleWord   = 0.3 // for one word in the title (see fieldBonus)
	tagWord     = 0.1 // for one word in a tag or a heading
)

// A Searcher answers queries from an index's files the way the client
// does, for tests and tools: it reads the manifest, the lexicon chunks of
// the query's words, and the posting lists of their terms.
type Searcher struct {
	get  func(name string) ([]byte, error)
	dir  string
	man  manifest
	stop map[string]bool
	lex  map[int]*lexChunk
	typo map[int][]string
	raw  map[string][]byte // inflated files by name
}

// Open reads an index the way the client does, from its manifest.
func Open(ix *Index) (*Searcher, error) {
	s := &Searcher{
		get: func(name string) ([]byte, error) {
			b, ok := ix.File(name)
			if !ok {
				return nil, fmt.Errorf("%s: no such file", name)
			}
			return b, nil
		},
		dir: ix.dir, stop: map[string]bool{},
		lex: map[int]*lexChunk{}, typo: map[int][]string{}, raw: map[string][]byte{},
	}
	manifestName := ix.Manifest
	b, err := s.get(manifestName)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &s.man); err != nil {
		return nil, fmt.Errorf("%s: %v", manifestName, err)
	}
	for _, w := range strings.Fields(s.man.Stop) {
		s.stop[w] = true
	}
	return s, nil
}

// Results are what a query found.
type Results struct {
	// Hits are the best pages, at most as many as asked for: first those
	// that hold every word of the query (see Hit.Full), then those that
	// hold only some.
	Hits []Hit
	// Full counts the pages that hold every word: the number a reader is
	// told. Total counts the pages that hold any.
	Full, Total int
	// Words are the query's words as the searcher read them.
	Words []Word
}

// A Hit is one result.
type Hit struct {
	Doc   int
	URL   string
	Title string
	Score float64
	// Full is set when the page holds every word of the query.
	Full bool
}

// A Word is one word of a query, as the searcher read it.
type Word struct {
	Text string // folded, as Words makes it
	// Exact is set for a word in quotes, searched as typed: no
	// completion, other ending or typo.
	Exact bool
	// Fix is the word searched for instead, when Text is not on the site
	// but a word one typo away, or with another ending, is.
	Fix string
	// Missing is set when nothing on the site matches the word: no page
	// then holds every word of the query.
	Missing bool
	// Pending is set for the last word while it is typed, until it is
	// long enough to complete (minPrefix) or is a word of the site: it
	// is left out of the query meanwhile.
	Pending bool
}

// Filter narrows results to a kind and a tag slug; empty means any.
type Filter struct{ Kind, Tag string }

// A candidate is one term a query word may stand for.
type candidate struct {
	key   string // identifies the term across chunks
	df    int
	list  []byte // the posting list, when inline
	shard string // else the posting shard that holds it, from off
	off   int
	q     float64 // how well it matches: 1 for the word itself
	word  string  // the word of the site it was found by
}

type lexChunk struct {
	words []string
	terms []int // word → term index
	recs  []candidate
}

// Search returns the best n hits for q. Each query word that matches
// anything (see candidates) adds its best BM25F weight in a page, raised
// when found in the title, a tag or a heading (fieldBonus). The sum is
// multiplied by the square of the share of words the page holds, by up to
// 1+proxBonus as more of the words share one stretch of the body or the
// title, and by 1+titleBonus when the title holds them all. Pages that hold
// every word come before all others, whatever their scores.
func (s *Searcher) Search(q string, f Filter, n int) (*Results, error) {
	res := &Results{}
	var active [][]candidate
	missing := false
	for _, w := range parseQuery(q, s.stop) {
		cs, fix, err := s.candidates(w)
		if err != nil {
			return nil, err
		}
		word := Word{Text: w.text, Exact: w.exact, Fix: fix}
		switch {
		case len(cs) > 0:
			active = append(active, cs)
		case w.prefix && utf8.RuneCountInString(w.text) < minPrefix:
			word.Pending = true
		default:
			word.Missing = true
			missing = true
		}
		res.Words = append(res.Words, word)
	}
	type acc struct {
		best  []float64
		title []bool
		win   [windows]int
	}
	nq := len(active)
	docs := map[int]*acc{}
	for i, cs := range active {
		// The terms a word stands for count as one term, whose pages are
		// all of theirs: a rare completion or near miss of a word must not
		// outweigh the word itself for being rare.
		df := 0
		for _, c := range cs {
			df += c.df
		}
		df = min(df, s.man.Docs)
		idf := math.Log(1 + (float64(s.man.Docs)-float64(df)+0.5)/(float64(df)+0.5))
		for _, c := range cs {
			list, err := s.list(c)
			if err != nil {
				return nil, err
			}
			postings(list, c.df, s.man.Docs, func(doc int, b, mask byte) {
				a := docs[doc]
				if a == nil {
					a = &acc{best: make([]float64, nq), title: make([]bool, nq)}
					docs[doc] = a
				}
				v := c.q * idf * (k1 + 1) * float64(b>>3) / satLevels * fieldBonus(b)
				a.best[i] = math.Max(a.best[i], v)
				if b&flagTitle != 0 {
					a.title[i] = true
				}
				for w := range windows {
					if mask&(1<<w) != 0 {
						a.win[w] |= 1 << i
					}
				}
			})
		}
	}
	allow, err := s.allowed(f)
	if err != nil {
		return nil, err
	}
	var hits []Hit
	for doc, a := range docs {
		if allow != nil && !allow[doc] {
			continue
		}
		base, matched, inTitle := 0.0, 0, 0
		for i := range nq {
			if a.best[i] > 0 {
				base += a.best[i]
				matched++
			}
			if a.title[i] {
				inTitle++
			}
		}
		prox := 0.0
		if nq > 1 {
			together := inTitle
			for _, m := range a.win {
				together = max(together, popcount(m))
			}
			prox = float64(together-1) / float64(nq-1)
		}
		cov := float64(matched) / float64(nq)
		score := base * cov * cov * (1 + proxBonus*prox)
		if inTitle == nq {
			score *= 1 + titleBonus
		}
		full := matched == nq && !missing
		if full {
			res.Full++
		}
		hits = append(hits, Hit{Doc: doc, Score: score, Full: full})
	}
	res.Total = len(hits)
	sort.Slice(hits, func(i, j int) bool { return before(hits[i], hits[j]) })
	if len(hits) > n {
		hits = hits[:n]
	}
	for i := range hits {
		d, err := s.doc(hits[i].Doc)
		if err != nil {
			return nil, err
		}
		hits[i].URL, hits[i].Title = d.URL, d.Title
	}
	res.Hits = hits
	return res, nil
}

// before orders hits: those with every word first, then by score, then
// by page (newest first), so that equal scores keep one order.
func before(a, b Hit) bool {
	if a.Full != b.Full {
		return a.Full
	}
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Doc < b.Doc
}

// fieldBonus raises a word found in the title, a tag or a heading above
// what its term frequency says: BM25F saturates, so a title match alone
// would weigh little more than a few mentions in the body.
func fieldBonus(b byte) float64 {
	v := 1.0
	if b&flagTitle != 0 {
		v += titleWord
	}
	if b&(flagTag|flagHeading) != 0 {
		v += tagWord
	}
	return v
}

func popcount(m int) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// maxWords bounds the words of a query that count: a pasted paragraph
// searches by its first words.
const maxWords = 10

// minPrefix is the shortest beginning of a word that is completed while
// it is typed: one or two letters begin too many words to say anything,
// and the posting lists of the commonest would be sent for nothing.
const minPrefix = 3

// quotes open and close a quoted stretch of a query, whose words are
// searched as typed.
const quotes = "\"“”„"

// A queryWord is one word of a query.
type queryWord struct {
	text   string
	exact  bool // in quotes
	prefix bool // the query ends in it: it may be the start of a longer word
}

// parseQuery returns the first maxWords distinct words of q that are not
// stop words. The last word is a prefix when the query ends inside it and
// it is neither quoted nor a stop word (a query ending in "you" completes
// nothing, since the words before it are whole).
func parseQuery(q string, stop map[string]bool) []queryWord {
	var out []queryWord
	seen := map[string]bool{}
	last := ""
	for i, seg := range splitQuotes(q) {
		inQuote := i%2 == 1
		for _, w := range Tokenize(seg) {
			last = w
			if stop[w] || seen[w] || len(out) == maxWords {
				continue
			}
			seen[w] = true
			out = append(out, queryWord{text: w, exact: inQuote})
		}
	}
	if n := len(out); n > 0 && prefixMode(q) && out[n-1].text == last && !out[n-1].exact {
		out[n-1].prefix = true
	}
	return out
}

// splitQuotes cuts q at its quote marks: the even stretches are outside
// quotes, the odd ones inside (an unclosed quote runs to the end).
func splitQuotes(q string) []string {
	var out []string
	for {
		i := strings.IndexAny(q, quotes)
		if i < 0 {
			return append(out, q)
		}
		_, size := utf8.DecodeRuneInString(q[i:])
		out = append(out, q[:i])
		q = q[i+size:]
	}
}

// prefixMode reports whether the last word of q is still being typed:
// the query ends inside a word.
func prefixMode(q string) bool {
	r, _ := utf8.DecodeLastRuneInString(q)
	return r != utf8.RuneError && (wordRune(r) || ideograph(r))
}

// candidates finds the terms a query word stands for: itself, and when it
// is the last word being typed and at least minPrefix long, the most
// common words it begins. A word of four characters or more that neither
// is in the index nor begins a word there stands for the words with the
// same beginning and another ending (see forms), and when there are none,
// for the most common words one typo away. A quoted word stands for itself alone. fix is the
// word shown in place of one that is not on the site: the commonest of
// its other endings or typo fixes.
func (s *Searcher) candidates(qw queryWord) (out []candidate, fix string, err error) {
	w := qw.text
	seen := map[string]bool{}
	addTop := func(cs []candidate, limit int) {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].df > cs[j].df })
		for _, c := range cs {
			if len(out) >= limit || seen[c.key] {
				continue
			}
			seen[c.key] = true
			out = append(out, c)
		}
	}
	exact, err := s.lookup(w)
	if err != nil {
		return nil, "", err
	}
	if exact != nil {
		exact.q = 1
		addTop([]candidate{*exact}, 1)
	}
	n := utf8.RuneCountInString(w)
	if qw.exact {
		return out, "", nil
	}
	if qw.prefix && n >= minPrefix {
		var more []candidate
		first := max(0, s.chunkOf(w))
		for c := first; c < len(s.man.Lex) && c < first+prefixChunk; c++ {
			if c > first && !strings.HasPrefix(s.man.Lex[c], w) {
				break
			}
			ch, err := s.chunk(c)
			if err != nil {
				return nil, "", err
			}
			for k, word := range ch.words {
				if word != w && strings.HasPrefix(word, w) {
					r := ch.recs[ch.terms[k]]
					r.q = 0.7 + 0.3*float64(n)/float64(utf8.RuneCountInString(word))
					more = append(more, r)
				}
			}
		}
		addTop(more, len(out)+maxExpand)
	}
	// A word of the site, or the start of some: it stands for those.
	if exact != nil || n < 4 || len(out) > 0 {
		return out, "", nil
	}
	// Not a word of the site: another ending of one ("negotiations"), and,
	// when nothing else matches, a word one typo away.
	forms, err := s.forms(w)
	if err != nil {
		return nil, "", err
	}
	if len(forms) > 0 {
		return forms, forms[0].word, nil
	}
	var fixes []candidate
	typos, err := s.typos(w)
	if err != nil {
		return nil, "", err
	}
	most := 0
	for _, t := range typos {
		c, err := s.lookup(t)
		if err != nil {
			return nil, "", err
		}
		if c != nil {
			c.q = typoQ
			fixes = append(fixes, *c)
			most = max(most, c.df)
		}
	}
	// The likely fixes are the common words: one far rarer than another
	// is more likely a word of its own than the one meant.
	fixes = slices.DeleteFunc(fixes, func(c candidate) bool { return c.df*10 < most })
	addTop(fixes, maxTypos)
	if len(out) > 0 {
		fix = out[0].word
	}
	return out, fix, nil
}

// forms finds the indexed words that differ from w, which is not indexed,
// only in an ending of up to three characters, the closest first: the
// longest shared beginning, then the shortest endings, then the commonest.
// It stands in for stemming words no page has ("negotiations" →
// "negotiating"), since the client has the stems of indexed words only.
// Such words begin with all but the last three characters of w (and at
// least four), so they are one stretch of the lexicon: in w's chunk, or
// begun in the one before.
func (s *Searcher) forms(w string) ([]candidate, error) {
	a := []rune(w)
	p := string(a[:max(4, len(a)-3)])
	last := s.chunkOf(w)
	type form struct {
		c            candidate
		common, rest int
	}
	var found []form
	for c := max(0, s.chunkOf(p), last-1); c <= last; c++ {
		ch, err := s.chunk(c)
		if err != nil {
			return nil, err
		}
		for k := sort.Search(len(ch.words), func(i int) bool { return compare(ch.words[i], p) >= 0 }); k < len(ch.words) && strings.HasPrefix(ch.words[k], p); k++ {
			b := []rune(ch.words[k])
			common := 0
			for common < len(a) && common < len(b) && a[common] == b[common] {
				common++
			}
			if len(a)-common <= 3 && len(b)-common <= 3 {
				r := ch.recs[ch.terms[k]]
				r.q, r.word = formQ, ch.words[k]
				found = append(found, form{r, common, len(a) + len(b) - 2*common})
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		x, y := found[i], found[j]
		if x.common != y.common {
			return x.common > y.common
		}
		if x.rest != y.rest {
			return x.rest < y.rest
		}
		return x.c.df > y.c.df
	})
	var out []candidate
	seen := map[string]bool{}
	for _, f := range found {
		if len(out) < maxForms && !seen[f.c.key] {
			seen[f.c.key] = true
			out = append(out, f.c)
		}
	}
	return out, nil
}

// lookup finds a word's term in its lexicon chunk.
func (s *Searcher) lookup(w string) (*candidate, error) {
	c := s.chunkOf(w)
	if c < 0 {
		return nil, nil
	}
	ch, err := s.chunk(c)
	if err != nil {
		return nil, err
	}
	i := sort.Search(len(ch.words), func(i int) bool { return compare(ch.words[i], w) >= 0 })
	if i < len(ch.words) && ch.words[i] == w {
		r := ch.recs[ch.terms[i]]
		r.word = w
		return &r, nil
	}
	return nil, nil
}

// chunkOf is the lexicon chunk that holds w if any does: the last whose
// first word is not after w.
func (s *Searcher) chunkOf(w string) int {
	return sort.Search(len(s.man.Lex), func(i int) bool { return compare(s.man.Lex[i], w) > 0 }) - 1
}

// typos lists the indexed words one typo from w (Damerau-Levenshtein
// distance 1) that share its first letter.
func (s *Searcher) typos(w string) ([]string, error) {
	r, size := utf8.DecodeRuneInString(w)
	n := utf8.RuneCountInString(w)
	lo := w[:size] + string(rune('0'+n-1))
	hi := w[:size] + string(rune('0'+n+1)) + "\uffff"
	first := max(0, sort.Search(len(s.man.Typo), func(i int) bool { return compare(s.man.Typo[i], lo) > 0 })-1)
	var out []string
	for c := first; c < len(s.man.Typo) && compare(s.man.Typo[c], hi) < 0; c++ {
		keys, err := s.typoChunk(c)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if compare(k, lo) < 0 || compare(k, hi) > 0 {
				continue
			}
			kr, ks := utf8.DecodeRuneInString(k)
			if kr != r {
				continue
			}
			word := k[:ks] + k[ks+1:]
			if oneEdit([]rune(w), []rune(word)) {
				out = append(out, word)
			}
		}
	}
	return out, nil
}

// oneEdit reports whether a and b differ by exactly one insertion,
// deletion, substitution or swap of neighbours.
func oneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch len(b) - len(a) {
	case 0:
		if i == len(a) {
			return false
		}
		if string(a[i+1:]) == string(b[i+1:]) {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
	case 1:
		return string(a[i:]) == string(b[i+1:])
	}
	return false
}

func (s *Searcher) file(name string) ([]byte, error) {
	if b, ok := s.raw[name]; ok {
		return b, nil
	}
	b, err := s.get(s.dir + "/" + name)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(name, ".bin") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
	}
	s.raw[name] = b
	return b, nil
}

// reader decodes the varints and bytes of an index file.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("truncated file")
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if n > len(r.b) {
		r.err = errors.New("truncated file")
		n = len(r.b)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (s *Searcher) chunk(c int) (*lexChunk, error) {
	if ch, ok := s.lex[c]; ok {
		return ch, nil
	}
	name := "l." + s.man.LexHash[c*hashLen:(c+1)*hashLen] + ".bin"
	b, err := s.file(name)
	if err != nil {
		return nil, err
	}
	r := &reader{b: b}
	shards := make([]string, r.uvarint())
	for i := range shards {
		shards[i] = "p." + hex.EncodeToString(r.bytes(hashLen/2)) + ".bin"
	}
	ch := &lexChunk{recs: make([]candidate, r.uvarint())}
	for i := range ch.recs {
		c := &ch.recs[i]
		c.df = r.uvarint()
		loc := r.uvarint()
		if loc == 0 {
			c.list = r.bytes(r.uvarint())
			c.key = name + "#" + strconv.Itoa(i)
			continue
		}
		off := r.uvarint()
		if loc > len(shards) {
			return nil, fmt.Errorf("%s: bad shard number", name)
		}
		c.key = shards[loc-1] + "#" + strconv.Itoa(off)
		c.shard, c.off = shards[loc-1], off
	}
	last := ""
	for range r.uvarint() {
		shared := r.uvarint()
		suffix := r.bytes(r.uvarint())
		if shared > len(last) {
			return nil, fmt.Errorf("%s: bad word", name)
		}
		w := last[:shared] + string(suffix)
		ch.words = append(ch.words, w)
		ch.terms = append(ch.terms, min(r.uvarint(), len(ch.recs)-1))
		last = w
	}
	if r.err != nil {
		return nil, fmt.Errorf("%s: %v", name, r.err)
	}
	s.lex[c] = ch
	return ch, nil
}

// list returns a candidate's posting list, reading its shard when the
// list is not inline: only the terms a query uses are read, as the client
// does.
func (s *Searcher) list(c candidate) ([]byte, error) {
	if c.shard == "" {
		return c.list, nil
	}
	b, err := s.file(c.shard)
	if err != nil {
		return nil, err
	}
	if c.off > len(b) {
		return nil, fmt.Errorf("%s: bad offset", c.shard)
	}
	return b[c.off:], nil
}

func (s *Searcher) typoChunk(c int) ([]string, error) {
	if keys, ok := s.typo[c]; ok {
		return keys, nil
	}
	name := "y." + s.man.TypoHash[c*hashLen:(c+1)*hashLen] + ".bin"
	b, err := s.file(name)
	if err != nil {
		return nil, err
	}
	r := &reader{b: b}
	var keys []string
	last := ""
	for range r.uvarint() {
		shared := min(r.uvarint(), len(last))
		k := last[:shared] + string(r.bytes(r.uvarint()))
		keys = append(keys, k)
		last = k
	}
	if r.err != nil {
		return nil, fmt.Errorf("%s: %v", name, r.err)
	}
	s.typo[c] = keys
	return keys, nil
}

// postings calls fn for each posting of a list of df postings.
func postings(list []byte, df, n int, fn func(doc int, b, mask byte)) {
	r := &reader{b: list}
	docs := make([]int, 0, df)
	if dense(df, n) {
		bm := r.bytes((n + 7) / 8)
		for d := 0; d < n && len(docs) < df; d++ {
			if d/8 < len(bm) && bm[d/8]&(1<<(d%8)) != 0 {
				docs = append(docs, d)
			}
		}
	} else {
		doc := 0
		for range df {
			doc += r.uvarint()
			docs = append(docs, doc)
		}
	}
	if len(docs) != df {
		return
	}
	meta := r.bytes(df)
	var masks []byte
	if !common(df, n) {
		masks = r.bytes(df)
	}
	if r.err != nil {
		return
	}
	for i, d := range docs {
		mask := byte(0xFF)
		if masks != nil {
			mask = masks[i]
		}
		fn(d, meta[i], mask)
	}
}

func (s *Searcher) allowed(f Filter) (map[int]bool, error) {
	if f.Kind == "" && f.Tag == "" {
		return nil, nil
	}
	b, err := s.file("f." + s.man.FilterHash + ".bin")
	if err != nil {
		return nil, err
	}
	r := &reader{b: b}
	count := map[int]int{}
	want := 0
	for range r.uvarint() {
		key := string(r.bytes(r.uvarint()))
		use := key == "k:"+f.Kind || key == "t:"+f.Tag
		if use {
			want++
		}
		doc := 0
		for range r.uvarint() {
			doc += r.uvarint()
			if use {
				count[doc]++
			}
		}
	}
	if f.Kind != "" && f.Tag != "" {
		want = 2
	} else {
		want = 1
	}
	out := map[int]bool{}
	for d, c := range count {
		if c >= want {
			out[d] = true
		}
	}
	return out, r.err
}

func (s *Searcher) doc(n int) (*docJSON, error) {
	b, err := s.file("m." + s.man.MetaHash + "/" + strconv.Itoa(n) + ".json")
	if err != nil {
		return nil, err
	}
	var d docJSON
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	return &d, nil
}
