package site

import (
	"maps"
	"reflect"
	"slices"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
)

// Update makes s the site of in, when in differs from what s was made of
// only in the bodies (and Params) of regular pages: the usual save in watch
// mode, which then costs a check of every link rather than a whole new
// model. It gives those pages their new sources, checks every link again
// (an edited heading can break a link on any page), adds the problems of
// the site's structure and of its links to probs, and returns the pages
// that changed. When anything else differs (a page's Meta, a page added or
// removed, a section's or the home page's file, a tag's description, a
// static file, the settings) it changes nothing and returns false: the site
// must be made anew with New.
//
// Update changes s in place. A watch session keeps one model, and nothing
// else may use it while a build runs.
func (s *Site) Update(in Input, cfg Config, probs *diag.List) ([]*Page, bool) {
	old := s.in.Content
	if cfg != s.cfg || !slices.Equal(in.Static, s.in.Static) || !slices.Equal(in.Content.Files, old.Files) ||
		!slices.Equal(in.Content.Tags, old.Tags) || len(in.Content.Pages) != len(old.Pages) {
		return nil, false
	}
	var changed []*Page
	var sources []*content.Page
	for i, b := range in.Content.Pages {
		a := old.Pages[i]
		if a == b {
			continue
		}
		if a.File != b.File || !reflect.DeepEqual(a.Meta, b.Meta) || a == s.TagIndex {
			return nil, false
		}
		p := s.byFile[a.File]
		if p == nil {
			continue // a draft, left out of the site
		}
		if p.IsSection || p.Page != a {
			return nil, false
		}
		changed, sources = append(changed, p), append(sources, b)
	}
	// The links to check again: the changed pages', and those that point
	// into a changed page with a #fragment. The structure is the same, so
	// no other link can resolve differently.
	again := map[*Page]bool{}
	for i, p := range changed {
		p.setBody(sources[i])
		again[p] = true
		for _, from := range s.fragFrom[p] {
			again[from] = true
		}
	}
	s.in = in
	*probs = append(*probs, s.shape...)
	s.linksOf(slices.Collect(maps.Keys(again)), probs)
	s.offline = s.offlineFiles(s.offline) // a kept page's images may have changed
	return changed, true
}

// setBody gives p a new source with the same Meta, and its copies with it.
func (p *Page) setBody(cp *content.Page) {
	p.SetSource(cp)
	p.derive()
	for _, c := range p.copies {
		slug := c.Slug
		c.SetSource(cp)
		c.derive()
		c.Slug = slug
	}
}
