package site

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
)

// Print packs gather checklists into one page to print in one go: a cover
// listing them, then each checklist starting on a new sheet. There is one
// for the whole site, at PrintPackURL, and one per tag that has checklists,
// at the tag's URL plus "print/". Both use the layout checklist/print.html;
// the output's Page.Pages holds the checklists, in reading order, and Tag
// is set on a tag's pack. Each of those pages is a copy whose Slug is an id
// unique in the pack, and whose content's ids all start with it.

// printLayout is the layout of every pack.
const printLayout = "checklist/print.html"

// printPacks returns an output for each pack the site has.
func (s *Site) printPacks(tagIndex *Page) []*Output {
	all := s.OfKind("checklist")
	if len(all) == 0 {
		return nil
	}
	var outs []*Output
	// A checklist's copy is the same in every pack it is in.
	copies := map[*Page]*Page{}
	add := func(url, title, summary string, section *Page, tag *Tag, pages []*Page) {
		pack := s.made(title, url, summary, nil)
		pack.Page.Kind = "checklist"
		pack.SetSource(pack.Page)
		pack.Section = section
		pack.Pages = packPages(pages, copies)
		outs = append(outs, &Output{Kind: PrintPackOutput, URL: url, Path: pack.OutFile, Layouts: []string{printLayout},
			Page: pack, Tag: tag, Source: layoutFile(printLayout)})
	}
	section := s.PageByURL("/checklists/")
	if section == nil {
		section = s.Home
	}
	add(PrintPackURL, "Checklists to print", packSummary("Every checklist of "+s.Title, len(all)), section, nil, all)
	for _, t := range s.Tags {
		pages := t.Checklists()
		if len(pages) == 0 {
			continue
		}
		tagPage := s.made(t.Name, t.URL, t.Summary, nil)
		tagPage.Section = tagIndex
		add(t.URL+"print/", t.Name+": checklists to print", packSummary("The checklists tagged "+t.Name, len(pages)), tagPage, t, pages)
	}
	return outs
}

// packSummary says what a pack holds, and that it stops at maxPack.
func packSummary(what string, n int) string {
	if n > maxPack {
		return fmt.Sprintf("%s: the first %d of %d, one to a page. Print the others from their own pages.", what, maxPack, n)
	}
	return what + ", one to a page."
}

// packPages puts checklists in reading order (as their sections list them:
// by weight, then newest first) and gives each a copy whose content has ids
// of its own. Every checklist numbers its boxes task-1, task-2, ..., and
// many share heading ids ("arrival"): on one page those would clash, and a
// label would tick a box in another checklist.
func packPages(pages []*Page, copies map[*Page]*Page) []*Page {
	sorted := append([]*Page(nil), pages...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if as, bs := sectionURL(a), sectionURL(b); as != bs {
			return as < bs
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.URL < b.URL
	})
	if len(sorted) > maxPack {
		sorted = sorted[:maxPack]
	}
	out := make([]*Page, len(sorted))
	for i, p := range sorted {
		c, ok := copies[p]
		if !ok {
			c = p.packCopy()
			copies[p] = c
		}
		out[i] = c
	}
	return out
}

// packCopy is p's copy for print packs. The copy's Slug is the id of its
// part of the pack, which the layout uses as an anchor; its content is p's,
// with every id prefixed by it, made when a pack is rendered.
func (p *Page) packCopy() *Page {
	c := *p
	c.Slug = packID(p)
	c.copyOf = p
	p.copies = append(p.copies, &c)
	return &c
}

func sectionURL(p *Page) string {
	if p.Section == nil {
		return ""
	}
	return p.Section.URL
}

// packID is the id of a checklist's part of a pack, and the prefix of the
// ids inside it: its URL's path, as one word.
func packID(p *Page) string {
	return strings.ReplaceAll(strings.Trim(p.URL, "/"), "/", "-")
}

// prefixIDs rewrites the ids of rendered content, and the for= and #links
// that point at them, to start with prefix. The content comes from the
// Markdown renderer, which escapes every quote in text, so an attribute
// opening (id=") appears only where it is markup.
//
// It looks for =" and checks the name before it, in one pass: a
// strings.Replacer with these three patterns walked a trie at every byte,
// and cost 3% of a whole build's CPU for the print packs alone.
func prefixIDs(html template.HTML, prefix string) template.HTML {
	s := string(html)
	var b strings.Builder
	last := 0
	for i := 0; ; {
		j := strings.Index(s[i:], `="`)
		if j < 0 {
			break
		}
		i += j + 2 // just past the quote
		name := s[:i-2]
		switch {
		case strings.HasSuffix(name, " id"), strings.HasSuffix(name, " for"):
		case strings.HasSuffix(name, " href") && i < len(s) && s[i] == '#':
			i++
		default:
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + len(s)/8)
		}
		b.WriteString(s[last:i])
		b.WriteString(prefix)
		b.WriteString("--")
		last = i
	}
	if last == 0 {
		return html
	}
	b.WriteString(s[last:])
	return template.HTML(b.String())
}
