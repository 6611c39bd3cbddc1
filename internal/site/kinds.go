package site

import "github.com/secondround/secondround/internal/content"

// KindLink points at the section of one kind of page.
type KindLink struct {
	Kind, Title, URL string
	// Summary is the section's: what the reader finds there.
	Summary string
	Count   int
}

// kindLinks points at the section that holds most pages of each kind, for
// the home page's entry points and the search page's filters.
func kindLinks(s *Site) []KindLink {
	var out []KindLink
	for _, kind := range content.Kinds() {
		pages := s.OfKind(kind)
		if len(pages) == 0 {
			continue
		}
		count := map[*Page]int{}
		var best *Page
		for _, p := range pages {
			if p.Section == nil {
				continue
			}
			count[p.Section]++
			if best == nil || count[p.Section] > count[best] || (count[p.Section] == count[best] && p.Section.URL < best.URL) {
				best = p.Section
			}
		}
		if best == nil {
			continue
		}
		out = append(out, KindLink{Kind: kind, Title: best.Title, Summary: best.Summary, URL: best.URL, Count: len(pages)})
	}
	return out
}
