package site

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"sort"

	"github.com/secondround/secondround/internal/content"
)

// contentSum hashes everything New reads besides page bodies: the
// configuration, and every page's front matter as content made it (titles
// and summaries taken from the body included). Tag descriptions are hashed
// whole. Two loads with one sum make sites that differ only in the bodies
// of some pages.
func contentSum(seed maphash.Seed, res *content.Result, cfg Config) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(v string) {
		h.WriteString(v)
		h.WriteByte(0)
	}
	num := func(v int64) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(v))
		h.Write(b[:])
	}
	flag := func(v bool) {
		if v {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
	}
	str(cfg.BaseURL)
	flag(cfg.Drafts)
	flag(cfg.WarnLinks)
	str(cfg.Name)
	gen := make([]string, 0, len(cfg.Generated))
	for k, v := range cfg.Generated {
		gen = append(gen, k+"\x00"+v)
	}
	sort.Strings(gen)
	for _, g := range gen {
		str(g)
	}
	num(int64(len(res.Pages)))
	for _, p := range res.Pages {
		str(p.File)
		str(p.Dir)
		flag(p.IsIndex)
		flag(p.IsTag)
		flag(p.TitleSet)
		flag(p.Draft)
		str(p.Title)
		str(p.Summary)
		str(p.Kind)
		str(p.Slug)
		str(p.Layout)
		num(p.Date.UnixNano())
		num(p.Updated.UnixNano())
		num(int64(p.Weight))
		num(int64(len(p.Tags)))
		for _, t := range p.Tags {
			str(t)
		}
		num(int64(len(p.Aliases)))
		for _, a := range p.Aliases {
			str(a)
		}
		if p.IsIndex && (p.Dir == "" || p.Dir == content.TagDir) {
			// Home's front matter holds the settings; the tag index's
			// body shows on /tags/. fmt prints maps sorted by key.
			str(fmt.Sprint(p.Params))
			h.Write(p.Doc.HTML)
		}
	}
	num(int64(len(res.Tags)))
	for _, d := range res.Tags {
		str(d.File)
		str(d.Title)
		flag(d.TitleSet)
		str(d.Summary)
		h.Write(d.Doc.HTML)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// reuse makes the site of res from last, a site of the same structure
// (equal contentSum): new pages take their loaded content and everything
// else from last's; links are left for the caller to resolve. It does not
// change last.
func reuse(last *Site, res *content.Result) *Site {
	loaded := make(map[string]*content.Page, len(res.Pages))
	for _, p := range res.Pages {
		loaded[p.File] = p
	}
	for _, p := range res.Tags {
		loaded[p.File] = p
	}
	s := &Site{}
	*s = *last
	s.byURL = make(map[string]*Page, len(last.byURL))
	s.byFile = make(map[string]*Page, len(last.byFile))
	if last.TagIndex != nil {
		s.TagIndex = loaded[last.TagIndex.File]
	}
	// One allocation for every page, then the links between them.
	pages := make([]Page, len(last.Pages))
	moved := make(map[*Page]*Page, len(last.Pages))
	for i, op := range last.Pages {
		np := &pages[i]
		*np = *op
		if cp := loaded[op.File]; cp != nil && cp != op.Page && !op.made {
			np.Page = cp
			np.derive()
		}
		moved[op] = np
	}
	tags := make(map[*Tag]*Tag, len(last.Tags))
	s.Tags = make([]*Tag, len(last.Tags))
	for i, ot := range last.Tags {
		nt := *ot
		nt.Pages = mapPages(ot.Pages, moved)
		if ot.desc != nil {
			nt.desc = loaded[ot.desc.File]
		}
		tags[ot] = &nt
		s.Tags[i] = &nt
	}
	for i := range pages {
		np := &pages[i]
		np.Section = moved[np.Section]
		np.Prev, np.Next = moved[np.Prev], moved[np.Next]
		np.Pages = mapPages(np.Pages, moved)
		np.Related = mapPages(np.Related, moved)
		if len(np.TagList) > 0 {
			tl := make([]*Tag, len(np.TagList))
			for j, t := range np.TagList {
				tl[j] = tags[t]
			}
			np.TagList = tl
		}
		s.byURL[np.URL] = np
		s.byFile[np.File] = np
	}
	s.Home = moved[last.Home]
	s.Pages = mapPages(last.Pages, moved)
	s.Regular = mapPages(last.Regular, moved)
	s.Sections = mapPages(last.Sections, moved)
	return s
}

func mapPages(ps []*Page, moved map[*Page]*Page) []*Page {
	if ps == nil {
		return nil
	}
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = moved[p]
	}
	return out
}
