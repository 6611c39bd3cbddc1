package site

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"sort"
)

// Structure writes into h everything about s that one page's rendering may
// take from other pages, apart from their bodies: settings, and every
// page's place, title, summary, dates, kind, weight and tags, and every
// tag. Two builds that write the same structure differ only in the bodies
// (and front matter kept as Params) of some pages, so watch mode need
// render again only the pages that show those.
func (s *Site) Structure(h *maphash.Hash) {
	str := func(v string) {
		h.WriteString(v)
		h.WriteByte(0)
	}
	num := func(v int64) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(v))
		h.Write(b[:])
	}
	str(s.Title)
	str(s.Description)
	str(s.Language)
	str(s.BaseURL)
	// fmt prints maps sorted by key.
	str(fmt.Sprint(s.Params))
	str(fmt.Sprint(s.lc.warn))
	gen := make([]string, 0, len(s.lc.generated))
	for k, v := range s.lc.generated {
		gen = append(gen, k+"\x00"+v)
	}
	sort.Strings(gen)
	for _, g := range gen {
		str(g)
	}
	num(int64(len(s.Pages)))
	for _, p := range s.Pages {
		str(p.File)
		str(p.URL)
		str(p.Title)
		str(p.Summary)
		str(p.Kind)
		str(p.Layout)
		num(p.Date.UnixNano())
		num(p.Updated.UnixNano())
		num(int64(p.Weight))
		if p.Section != nil {
			str(p.Section.URL)
		}
		num(int64(len(p.TagList)))
		for _, t := range p.TagList {
			str(t.Slug)
		}
		num(int64(len(p.Aliases)))
		for _, a := range p.Aliases {
			str(a)
		}
	}
	num(int64(len(s.Tags)))
	for _, t := range s.Tags {
		str(t.Name)
		str(t.Slug)
		str(t.Summary)
		str(string(t.Description))
		num(int64(len(t.Pages)))
	}
	if s.TagIndex != nil {
		str(s.TagIndex.Title)
		str(s.TagIndex.Summary)
		str(string(s.TagIndexContent))
	}
}
