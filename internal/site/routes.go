package site

import (
	"fmt"
	"path"
	"strings"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
)

// A Route is a way through the guide that the home page offers: a stage of
// the process (invited back, preparing, the day, afterwards, the offer), or
// what to read tonight when the interview is tomorrow. The home page's front
// matter declares them; the model checks that every page and tag they name
// exists, so that a renamed page fails the build instead of leaving a dead
// link on the home page.
type Route struct {
	Title   string
	Summary string
	// Tag, when set, is the tag whose page holds everything on the route.
	Tag *Tag
	// Pages are the pages to read first, in the order given.
	Pages []*Page
}

// routes reads the home page's process (a list of routes) and tomorrow (one
// route), each written as
//
//	title: Invited back
//	summary: What the second round is for, and saying yes.
//	tag: invited-back            # optional
//	pages: [articles/x.md, emails/y.md]
//
// Pages are named as links are: a Markdown path below content/, or a URL.
func (s *Site) routes(home *Page, probs *diag.List) {
	if home == nil || home.Made() {
		return
	}
	if v, ok := home.Params["process"]; ok {
		list, isList := v.([]any)
		if !isList || len(list) == 0 {
			at(home, "process", probs, "process: expected a list of stages, each with title, summary and pages")
		}
		for i, item := range list {
			if r, ok := s.route(home, fmt.Sprintf("process.%d", i), item, probs); ok {
				s.Process = append(s.Process, r)
			}
		}
	}
	if v, ok := home.Params["tomorrow"]; ok {
		if r, ok := s.route(home, "tomorrow", v, probs); ok {
			s.Tomorrow = &r
		}
	}
}

// at reports a problem with the front matter value at path (process.0.pages)
// of page p, at that value, or at the nearest key above it that the page
// has.
func at(p *Page, path string, probs *diag.List, format string, args ...any) {
	for {
		if _, ok := p.Doc.Pos(path); ok || !strings.Contains(path, ".") {
			break
		}
		path = path[:strings.LastIndexByte(path, '.')]
	}
	line, col := p.Pos(path)
	probs.AddAt(p.File, line, col, format, args...)
}

func (s *Site) route(home *Page, path string, v any, probs *diag.List) (Route, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		at(home, path, probs, "%s: expected title, summary and pages, such as {title: Invited back, pages: [articles/x.md]}", path)
		return Route{}, false
	}
	var r Route
	good := true
	text := func(field string, required bool) string {
		switch t := m[field].(type) {
		case string:
			if strings.TrimSpace(t) != "" {
				return strings.TrimSpace(t)
			}
		case nil:
		default:
			at(home, path+"."+field, probs, "%s.%s: expected text, got %v", path, field, t)
			good = false
			return ""
		}
		if required {
			at(home, path, probs, "%s: %s is missing: every route needs one", path, field)
			good = false
		}
		return ""
	}
	r.Title, r.Summary = text("title", true), text("summary", false)
	if tag := text("tag", false); tag != "" {
		if r.Tag = s.tagBySlug(TagSlug(tag)); r.Tag == nil {
			at(home, path+".tag", probs, "%s.tag: %q is on no page: name a tag that pages use", path, tag)
			if n := diag.Nearest(TagSlug(tag), s.tagSlugs()); n != "" {
				probs.Hint("did you mean %s?", n)
			}
			good = false
		}
	}
	refs, _ := m["pages"].([]any)
	if len(refs) == 0 {
		at(home, path+".pages", probs, "%s.pages: expected a list of pages to read, such as [articles/x.md]", path)
		return r, false
	}
	for i, ref := range refs {
		str, _ := ref.(string)
		p := s.pageRef(str)
		if p == nil {
			at(home, fmt.Sprintf("%s.pages.%d", path, i), probs, "%s.pages: %q is no page: name a file below content/ (articles/x.md) or a URL (/articles/x/)", path, fmt.Sprint(ref))
			good = false
			continue
		}
		r.Pages = append(r.Pages, p)
	}
	return r, good
}

func (s *Site) tagSlugs() []string {
	out := make([]string, len(s.Tags))
	for i, t := range s.Tags {
		out[i] = t.Slug
	}
	return out
}

// pageRef finds the page a front-matter value names: a Markdown path below
// content/ (articles/x.md, /content/articles/x.md) or a URL (/articles/x/).
func (s *Site) pageRef(ref string) *Page {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil
	}
	if strings.HasSuffix(strings.ToLower(ref), ".md") {
		rel := strings.TrimPrefix(path.Clean("/"+ref), "/")
		rel = strings.TrimPrefix(rel, content.Dir+"/")
		return s.byFile[content.Dir+"/"+rel]
	}
	u := path.Clean("/" + ref)
	if u != "/" {
		u += "/"
	}
	return s.byURL[u]
}

func (s *Site) tagBySlug(slug string) *Tag {
	for _, t := range s.Tags {
		if t.Slug == slug {
			return t
		}
	}
	return nil
}
