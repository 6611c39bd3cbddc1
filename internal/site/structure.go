package site

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"sort"
	"time"
)

// Structure writes into h everything about s that one page's rendering may
// take from other pages, apart from their bodies: settings, and every
// page's place, title, summary, dates, kind, weight and tags, and every
// tag. Two builds that write the same structure differ only in the bodies
// (and front matter kept as Params) of some pages, so watch mode need
// render again only the pages that show those.
func (s *Site) Structure(h *maphash.Hash) {
	w := hashWriter{h}
	w.str(s.Title, s.Description, s.Language, s.BaseURL, fmt.Sprint(s.Params))
	w.flag(s.lc.warn)
	w.sorted(s.lc.generated)
	w.num(len(s.Pages))
	for _, p := range s.Pages {
		w.str(p.File, p.URL, p.Title, p.Summary, p.Kind, p.Layout)
		w.time(p.Date, p.Updated)
		w.num(p.Weight)
		if p.Section != nil {
			w.str(p.Section.URL)
		}
		w.num(len(p.TagList))
		for _, t := range p.TagList {
			w.str(t.Slug)
		}
		w.list(p.Aliases)
	}
	w.num(len(s.Tags))
	for _, t := range s.Tags {
		w.str(t.Name, t.Slug, t.Summary, string(t.Description))
		w.num(len(t.Pages))
	}
	if s.TagIndex != nil {
		w.str(s.TagIndex.Title, s.TagIndex.Summary, string(s.TagIndexContent))
	}
}

// hashWriter writes values into a hash so that no two sequences of
// values write the same bytes: strings end in a zero byte, lists start
// with their length.
type hashWriter struct{ h *maphash.Hash }

func (w hashWriter) str(vs ...string) {
	for _, v := range vs {
		w.h.WriteString(v)
		w.h.WriteByte(0)
	}
}

func (w hashWriter) num(v int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	w.h.Write(b[:])
}

func (w hashWriter) time(ts ...time.Time) {
	for _, t := range ts {
		w.num(int(t.UnixNano()))
	}
}

func (w hashWriter) flag(vs ...bool) {
	for _, v := range vs {
		if v {
			w.h.WriteByte(1)
		} else {
			w.h.WriteByte(0)
		}
	}
}

func (w hashWriter) list(vs []string) {
	w.num(len(vs))
	w.str(vs...)
}

// sorted writes a map in key order.
func (w hashWriter) sorted(m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.num(len(keys))
	for _, k := range keys {
		w.str(k, m[k])
	}
}
