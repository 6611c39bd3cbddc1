package render

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"sort"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/site"
)

// A Memo lets watch mode skip the pages an edit cannot have changed. It
// remembers the last good build's structure (site.Structure), layouts,
// assets and loaded pages; when the next build has the same structure,
// layouts and assets, a file is rendered again only if the page it shows,
// or one it shows something of (neighbours, related pages, its section,
// the pages of a list or a print pack), was loaded anew. Every other file
// is kept as the writer holds it. Home, the tag index, search and 404
// show the whole site and are always rendered. A Memo serves one build
// at a time.
type Memo struct {
	seed maphash.Seed
	last *memoState // of the last good build
	next *memoState // of the build under way
}

type memoState struct {
	sum     uint64
	layouts *Layouts
	pages   map[string]*content.Page
}

// NewMemo returns an empty memo: the first build renders everything.
func NewMemo() *Memo { return &Memo{seed: maphash.MakeSeed()} }

// Commit records the build under way as the last good one. Call it when
// the build succeeded and the writer now holds its files.
func (m *Memo) Commit() {
	if m.next != nil {
		m.last, m.next = m.next, nil
	}
}

// begin notes the build of s and returns the files of pages loaded anew
// since the last good build, or nil when every file must be rendered.
func (m *Memo) begin(s *site.Site, l *Layouts, assets Assets) map[string]bool {
	structure, ok := s.Structure()
	var h maphash.Hash
	h.SetSeed(m.seed)
	binary.Write(&h, binary.LittleEndian, structure)
	names := make([]string, 0, len(assets))
	for k := range assets {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		h.WriteString(k)
		h.WriteByte(0)
		h.WriteString(assets[k])
		h.WriteByte(0)
	}
	st := &memoState{sum: h.Sum64(), layouts: l, pages: make(map[string]*content.Page, len(s.Pages))}
	for _, p := range s.Pages {
		if !p.Made() {
			st.pages[p.File] = p.Page
		}
	}
	m.next = st
	last := m.last
	if !ok {
		m.next = nil // nothing to compare the next build with
		return nil
	}
	if last == nil || last.sum != st.sum || last.layouts != l || len(last.pages) != len(st.pages) {
		return nil
	}
	changed := map[string]bool{}
	for f, p := range st.pages {
		if last.pages[f] != p {
			changed[f] = true
		}
	}
	return changed
}

// staleness tells the jobs that show a page in changed. Long lists are
// checked once each, however many jobs show them.
type staleness struct {
	changed map[string]bool
	lists   map[listKey]bool
}

// A listKey names a list by where it is stored: each list of the site
// model is made once, and those of one length sharing a first element are
// one list.
type listKey struct {
	first **site.Page
	n     int
}

func (st *staleness) page(p *site.Page) bool {
	return p != nil && p.Page != nil && !p.Made() && st.changed[p.File]
}

func (st *staleness) list(ps []*site.Page) bool {
	if len(ps) <= PageSize {
		return slices.ContainsFunc(ps, st.page)
	}
	// Long lists are a section's or a tag's, shared by all its parts.
	key := listKey{&ps[0], len(ps)}
	v, ok := st.lists[key]
	if !ok {
		v = slices.ContainsFunc(ps, st.page)
		st.lists[key] = v
	}
	return v
}

func (st *staleness) job(j job) bool {
	if j.always || j.data == nil || j.data.Page == nil {
		return true
	}
	p := j.data.Page
	if st.page(p) || st.page(p.Prev) || st.page(p.Next) || st.list(p.Related) || st.list(p.Pages) {
		return true
	}
	for s := p.Section; s != nil; s = s.Section {
		if st.page(s) {
			return true
		}
	}
	if pg := j.data.Pager; pg != nil && st.list(pg.Pages) {
		return true
	}
	if t := j.data.Tag; t != nil && st.list(t.Pages) {
		return true
	}
	return false
}
