package site

import (
	"fmt"
	"hash/maphash"

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
	w := hashWriter{&h}
	w.str(cfg.BaseURL, cfg.Name)
	w.flag(cfg.Drafts, cfg.WarnLinks)
	w.sorted(cfg.Generated)
	w.num(len(res.Pages))
	for _, p := range res.Pages {
		w.str(p.File, p.Dir, p.Title, p.Summary, p.Kind, p.Slug, p.Layout)
		w.flag(p.IsIndex, p.IsTag, p.TitleSet, p.Draft, p.Unlisted)
		w.time(p.Date, p.Updated)
		w.num(p.Weight)
		w.list(p.Tags)
		w.list(p.Aliases)
		if p.IsIndex && (p.Dir == "" || p.Dir == content.TagDir) {
			// Home's front matter holds the settings; the tag index's
			// body shows on /tags/. fmt prints maps sorted by key.
			w.str(fmt.Sprint(p.Params), string(p.Doc.HTML))
		}
	}
	w.num(len(res.Tags))
	for _, d := range res.Tags {
		w.str(d.File, d.Title, d.Summary, string(d.Doc.HTML))
		w.flag(d.TitleSet)
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
			np.SetSource(cp)
			np.derive()
		}
		moved[op] = np
	}
	tags := make(map[*Tag]*Tag, len(last.Tags))
	s.Tags = make([]*Tag, len(last.Tags))
	for i, ot := range last.Tags {
		nt := *ot
		nt.Pages = mapPages(ot.Pages, moved)
		nt.checklists = mapPages(ot.checklists, moved)
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
	s.Process = make([]Route, len(last.Process))
	for i, r := range last.Process {
		s.Process[i] = mapRoute(r, moved, tags)
	}
	if last.Tomorrow != nil {
		r := mapRoute(*last.Tomorrow, moved, tags)
		s.Tomorrow = &r
	}
	s.Home = moved[last.Home]
	s.Pages = mapPages(last.Pages, moved)
	s.Regular = mapPages(last.Regular, moved)
	s.Sections = mapPages(last.Sections, moved)
	s.Unlisted = mapPages(last.Unlisted, moved)
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

func mapRoute(r Route, moved map[*Page]*Page, tags map[*Tag]*Tag) Route {
	if r.Tag != nil {
		r.Tag = tags[r.Tag]
	}
	r.Pages = mapPages(r.Pages, moved)
	return r
}
