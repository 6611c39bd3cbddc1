package render

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/site"
)

// Print packs gather checklists into one page to print in one go: a cover
// listing them, then each checklist starting on a new sheet. There is one
// for the whole site, at PrintPackURL, and one per tag that has checklists,
// at the tag's URL plus "print/". Both use the layout checklist/print.html;
// its data's Page.Pages holds the checklists, in reading order, and Tag is
// set on a tag's pack. Each of those pages is a copy whose Slug is an id
// unique in the pack, and whose content's ids all start with it.

// PrintPackURL is the URL of the pack of every checklist.
const PrintPackURL = "/checklists/print/"

// printLayout is the layout of every pack.
const printLayout = "checklist/print.html"

// PrintPackURLs lists the URLs of the packs a site with these pages will
// have, so that links to them resolve before the site model exists. It
// decides as the site model does: drafts count only when drafts are built.
func PrintPackURLs(pages []*content.Page, drafts bool) []string {
	tags := map[string]bool{}
	found := false
	for _, p := range pages {
		if p.Kind != "checklist" || p.IsIndex || p.IsTag || (p.Draft && !drafts) {
			continue
		}
		found = true
		for _, t := range p.Tags {
			tags["/tags/"+site.TagSlug(t)+"/print/"] = true
		}
	}
	if !found {
		return nil
	}
	urls := []string{PrintPackURL}
	for u := range tags {
		urls = append(urls, u)
	}
	sort.Strings(urls[1:])
	return urls
}

// printJobs returns a job for each pack s has. A page whose own URL is a
// pack's is reported rather than overwritten.
func printJobs(s *site.Site, kinds []KindLink, probs *diag.List) []job {
	all := s.OfKind("checklist")
	if len(all) == 0 {
		return nil
	}
	var jobs []job
	// A checklist's pack copy is the same in every pack it is in: the
	// site's pack and one per tag.
	copies := map[*site.Page]*packCopy{}
	add := func(url, title, summary string, section *site.Page, tag *site.Tag, pages []*site.Page) {
		if p := s.PageByURL(url); p != nil {
			probs.Add(p.File, p.Line("slug"), "this page's URL %s is where the print pack of checklists goes: give the page another slug or file name", url)
			return
		}
		pack := virtual(s, title, url, summary, nil)
		pack.Page.Kind = "checklist"
		pack.SetSource(pack.Page)
		pack.Section = section
		var parts []*packCopy
		pack.Pages, parts = packPages(pages, copies)
		jobs = append(jobs, job{
			out:    strings.TrimPrefix(url, "/") + "index.html",
			layout: []string{printLayout},
			data:   &Data{Site: s, Page: pack, Tag: tag, Kinds: kinds},
			file:   "layouts/" + printLayout,
			prepare: func() {
				for _, c := range parts {
					c.fill()
				}
			},
		})
	}
	section := s.PageByURL("/checklists/")
	if section == nil {
		section = s.Home
	}
	add(PrintPackURL, "Checklists to print", packSummary("Every checklist of "+s.Title, len(all)), section, nil, all)

	tagsPage := virtual(s, "Tags", "/tags/", "", nil)
	for _, t := range s.Tags {
		pages := t.Checklists()
		if len(pages) == 0 {
			continue
		}
		tagPage := virtual(s, t.Name, t.URL, t.Summary, nil)
		tagPage.Section = tagsPage
		add(t.URL+"print/", t.Name+": checklists to print", packSummary("The checklists tagged "+t.Name, len(pages)), tagPage, t, pages)
	}
	return jobs
}

// maxPack is the most checklists a print pack holds: more is no longer a
// pack anyone prints, and a site of many thousands of checklists would
// otherwise write each of them again into every tag's pack.
const maxPack = 50

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
func packPages(pages []*site.Page, copies map[*site.Page]*packCopy) ([]*site.Page, []*packCopy) {
	sorted := append([]*site.Page(nil), pages...)
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
	out := make([]*site.Page, len(sorted))
	parts := make([]*packCopy, len(sorted))
	for i, p := range sorted {
		c, ok := copies[p]
		if !ok {
			// The copy's Slug is the id of its part of the pack, which
			// the layout uses as an anchor.
			cc := *p.Page
			cc.Slug = packID(p)
			cp := *p
			cp.SetSource(&cc)
			c = &packCopy{page: &cp, from: p}
			copies[p] = c
		}
		out[i], parts[i] = c.page, c
	}
	return out, parts
}

// A packCopy is a checklist's copy for print packs. Its content, with ids
// of its own, is made by the first pack to render that is not skipped, on
// the core that renders it: making every copy up front took a core for a
// while on a big site, and watch mode seldom needs any.
type packCopy struct {
	once sync.Once
	page *site.Page
	from *site.Page
}

func (c *packCopy) fill() {
	c.once.Do(func() { c.page.Content = prefixIDs(c.from.Content, c.page.Slug) })
}

func sectionURL(p *site.Page) string {
	if p.Section == nil {
		return ""
	}
	return p.Section.URL
}

// packID is the id of a checklist's part of a pack, and the prefix of the
// ids inside it: its URL's path, as one word.
func packID(p *site.Page) string {
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
