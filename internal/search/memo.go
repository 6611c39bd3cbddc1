package search

import "slices"

// A Memo keeps, between builds of one site, what reading each page gave
// (its words, with their fields and windows) and the stem of every word
// met, so that a build after an edit reads only the pages that changed.
// Its words are numbered once for all builds. A Memo serves one build at a
// time.
type Memo struct {
	pages map[string]memoPage // by URL
	num   map[string]uint32   // word → its number in words
	words []string
	stems []string // by number; "" until the word has been stemmed
	// afresh is set when the words no page uses outnumber the rest.
	afresh bool
}

type memoPage struct {
	doc Doc
	raw raw
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{} }

// read is read for a site built before: pages whose fields are all as the
// last build saw them take their raw from then, and only the others are
// read. Every raw comes back numbered by the Memo's words, with the
// numbers no page uses any more given as empty words.
func (m *Memo) read(docs []Doc, raws []raw) [][]string {
	if m.num == nil || m.afresh {
		*m = Memo{num: map[string]uint32{}}
	}
	var todo []int
	for n := range docs {
		if e, ok := m.pages[docs[n].URL]; ok && e.doc.same(&docs[n]) {
			raws[n] = e.raw
		} else {
			todo = append(todo, n)
		}
	}
	if len(todo) > 0 {
		vocab := read(docs, todo, raws, nil)
		own := make([][]uint32, len(vocab))
		for k, vw := range vocab {
			own[k] = make([]uint32, len(vw))
			for i, w := range vw {
				n, ok := m.num[w]
				if !ok {
					n = uint32(len(m.words))
					m.num[w] = n
					m.words = append(m.words, w)
					m.stems = append(m.stems, "")
				}
				own[k][i] = n
			}
		}
		first := len(todo) == len(docs)
		for _, n := range todo {
			r := &raws[n]
			if !first {
				// Its own copy: a worker's arena holds many pages'
				// words, and would be kept whole, build after build,
				// by the one page still using it.
				r.words = slices.Clone(r.words)
			}
			for j := range r.words {
				r.words[j].local = own[r.owner][r.words[j].local]
			}
			r.owner = 0
		}
	}
	pages := make(map[string]memoPage, len(docs))
	used := make([]bool, len(m.words))
	nUsed := 0
	for n := range docs {
		pages[docs[n].URL] = memoPage{doc: docs[n], raw: raws[n]}
		for _, rw := range raws[n].words {
			if !used[rw.local] {
				used[rw.local] = true
				nUsed++
			}
		}
	}
	m.pages = pages
	vocab := make([]string, len(m.words))
	for i, w := range m.words {
		if used[i] {
			vocab[i] = w
		}
	}
	// Words of pages since edited away pile up in a long session: once
	// they outnumber the words in use, the next build starts afresh.
	m.afresh = len(m.words) > 2*nUsed+1<<12
	return [][]string{vocab}
}

// same reports whether d holds what e held in every field that reading
// the page takes words from.
func (d *Doc) same(e *Doc) bool {
	return d.URL == e.URL && d.Title == e.Title && d.Summary == e.Summary && d.Body == e.Body &&
		slices.Equal(d.Tags, e.Tags) && slices.Equal(d.Headings, e.Headings)
}
