package site

import (
	"bytes"
	"html"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/parallel"
)

// links checks every page's internal links and images against the site's
// outputs, and keeps what each resolves to for the page's Content. Authors
// may link by Markdown path, as on GitHub (../emails/thank-you.md,
// /content/x.md) or by URL (/tags/, ../x/); both become the target's URL,
// with #fragment and ?query kept, and a fragment must name a heading of
// its target.
func (s *Site) links(probs *diag.List) {
	s.linksOf(s.Pages, probs)
}

// linksOf checks the links of pages (all of the site's, or those an edit
// can have changed: see Update), then adds the problems of every page's
// links to probs. Each page keeps its own problems and the pages its
// fragments point into, so that an edit checks again only the links it
// can have broken.
func (s *Site) linksOf(pages []*Page, probs *diag.List) {
	if s.TagIndex != nil {
		hrefs := s.checkLinks(s.TagIndex, "/tags/", probs, nil)
		s.TagIndexContent = spliceLinks(s.TagIndex.Doc, hrefs, s.unpacked)
		if o := s.byOutURL["/tags/"]; o != nil {
			o.Page.hrefs = hrefs
		}
	}
	for _, t := range s.Tags {
		if t.desc != nil {
			t.Description = spliceLinks(t.desc.Doc, s.checkLinks(t.desc, t.URL, probs, nil), s.unpacked)
		}
	}
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		p.linkProbs, p.fragTo = nil, nil
		p.hrefs = s.checkLinks(p.Page, p.URL, &p.linkProbs, &p.fragTo)
	})
	s.fragFrom = map[*Page][]*Page{}
	for _, p := range s.Pages {
		*probs = append(*probs, p.linkProbs...)
		for _, t := range p.fragTo {
			s.fragFrom[t] = append(s.fragFrom[t], p)
		}
	}
}

// checkLinks resolves the links of cp, shown at pageURL, adding a problem
// for each that resolves to nothing; such a link keeps what the author
// wrote. fragTo, when not nil, gets every other page a link points into
// with a #fragment, which must stay one of its headings.
func (s *Site) checkLinks(cp *content.Page, pageURL string, probs *diag.List, fragTo *[]*Page) []string {
	links := cp.Doc.Links
	if len(links) == 0 {
		return nil
	}
	hrefs := make([]string, len(links))
	for i, l := range links {
		href, target, problem, hint := s.resolve(cp, pageURL, l)
		if problem != "" {
			*probs = append(*probs, diag.Problem{File: cp.File, Line: l.Line, Col: l.Col, Msg: problem, Hint: hint, Warning: s.warnLinks})
			href = l.Dest
		}
		if fragTo != nil && target != nil && target.Page != cp && strings.Contains(l.Dest, "#") {
			*fragTo = append(*fragTo, target)
		}
		hrefs[i] = href
	}
	return hrefs
}

// spliceLinks returns doc's HTML with each link marker replaced by its
// href. A marker is an attribute value ="\x00link:N" that the converter
// wrote for doc.Links[N]. A packed doc is unpacked into a buffer of
// scratch, when there is one: every page's HTML in a fresh buffer was a
// tenth of all a build allocated.
func spliceLinks(doc *markdown.Doc, hrefs []string, scratch *sync.Pool) template.HTML {
	h := doc.HTML
	if doc.Packed() {
		buf := new([]byte)
		if scratch != nil {
			buf = scratch.Get().(*[]byte)
			defer scratch.Put(buf)
		}
		*buf = doc.AppendBody((*buf)[:0])
		h = *buf
	}
	if len(hrefs) == 0 {
		return template.HTML(h)
	}
	return splice(h, hrefs)
}

// splice is spliceLinks on the HTML h, into a new string.
func splice(h []byte, hrefs []string) template.HTML {
	var b strings.Builder
	b.Grow(len(h) + len(hrefs)*16)
	at := 0
	for {
		i := bytes.Index(h[at:], []byte(`="`+markdown.MarkerPrefix))
		if i < 0 {
			break
		}
		start := at + i + 2
		end := start + len(markdown.MarkerPrefix)
		for end < len(h) && h[end] >= '0' && h[end] <= '9' {
			end++
		}
		n, err := strconv.Atoi(string(h[start+len(markdown.MarkerPrefix) : end]))
		if err != nil || n >= len(hrefs) || end >= len(h) || h[end] != '"' {
			b.Write(h[at:end])
			at = end
			continue
		}
		b.Write(h[at:start])
		b.WriteString(html.EscapeString(hrefs[n]))
		at = end
	}
	b.Write(h[at:])
	return template.HTML(b.String())
}

// resolve finds where one link points. It returns the URL to write, or a
// sentence saying that the link points nowhere and, where one is close, a
// suggestion.
func (s *Site) resolve(cp *content.Page, pageURL string, l markdown.Link) (href string, target *Page, problem, hint string) {
	dest := l.Dest
	what := "link"
	if l.Image {
		what = "image"
	}
	p, frag, hasFrag := strings.Cut(dest, "#")
	p, query, hasQuery := strings.Cut(p, "?")
	suffix := ""
	if hasQuery {
		suffix += "?" + query
	}
	if hasFrag {
		suffix += "#" + frag
	}
	if unesc, err := url.PathUnescape(p); err == nil {
		p = unesc
	}
	if p == "" {
		if !hasFrag {
			return dest, nil, "", ""
		}
		if !hasHeading(cp.Doc, frag) {
			return "", nil, what + " " + strconv.Quote(dest) + " points to no heading of this page" + headingHint(cp.Doc), nearestHeading(cp.Doc, frag, "#")
		}
		return "#" + frag, nil, "", ""
	}

	// As a source file: a Markdown page, or a file beside it.
	var file string
	if strings.HasPrefix(p, "/") {
		clean := path.Clean(p)
		if strings.HasPrefix(clean, "/"+content.Dir+"/") {
			file = strings.TrimPrefix(clean, "/")
		} else {
			file = content.Dir + clean
		}
	} else {
		file = path.Join(path.Dir(cp.File), p)
	}
	target = s.byFile[file]
	if target == nil {
		if o := s.bySource[file]; o != nil {
			return o.URL + suffix, nil, "", ""
		}
		if strings.HasSuffix(strings.ToLower(p), ".md") {
			return "", nil, what + " " + strconv.Quote(dest) + " points to no page: no file " + file, s.nearestFile(file, p, cp.File)
		}
		// As a URL of the site.
		u := p
		if !strings.HasPrefix(u, "/") {
			u = path.Join(pageURL, u)
		}
		u = path.Clean(u)
		o := s.byOutURL[u+"/"]
		if o == nil {
			o = s.byOutURL[u]
		}
		if o == nil && strings.HasSuffix(u, "/index.html") {
			o = s.byOutURL[strings.TrimSuffix(u, "index.html")]
		}
		if o == nil {
			return "", nil, what + " " + strconv.Quote(dest) + " points to no page", s.nearestURL(u, p)
		}
		if o.Kind != PageOutput {
			return o.URL + suffix, nil, "", ""
		}
		target = o.Page
	}
	if hasFrag && frag != "" && !hasHeading(target.Doc, frag) {
		return "", target, what + " " + strconv.Quote(dest) + ": " + target.File + " has no heading with id " + strconv.Quote(frag) + headingHint(target.Doc), nearestHeading(target.Doc, frag, strings.TrimSuffix(dest, frag))
	}
	return target.URL + suffix, target, "", ""
}

func hasHeading(doc *markdown.Doc, id string) bool {
	for _, h := range doc.Headings {
		if h.ID == id {
			return true
		}
	}
	// Footnote anchors are made by the converter, and links to them are fine.
	return strings.HasPrefix(id, "fn:") || strings.HasPrefix(id, "fnref:")
}

func headingHint(doc *markdown.Doc) string {
	if len(doc.Headings) == 0 {
		return " (it has no headings)"
	}
	ids := make([]string, 0, len(doc.Headings))
	for _, h := range doc.Headings {
		ids = append(ids, "#"+h.ID)
	}
	sort.Strings(ids)
	if len(ids) > 8 {
		ids = append(ids[:8], "…")
	}
	return " (its headings: " + strings.Join(ids, " ") + ")"
}

// nearestHeading suggests the heading id closest to id, written after
// prefix as the link would be.
func nearestHeading(doc *markdown.Doc, id, prefix string) string {
	ids := make([]string, len(doc.Headings))
	for i, h := range doc.Headings {
		ids[i] = h.ID
	}
	if n := diag.Nearest(id, ids); n != "" {
		return "did you mean " + prefix + n + "?"
	}
	return ""
}

// nearestFile suggests the page whose file is closest to file, written as
// the link was: the same folder part, the other file name.
func (s *Site) nearestFile(file, written, from string) string {
	dir := path.Dir(file)
	var names []string
	for f := range s.byFile {
		if path.Dir(f) == dir && f != from {
			names = append(names, path.Base(f))
		}
	}
	if n := diag.Nearest(path.Base(file), names); n != "" {
		return "did you mean " + path.Join(path.Dir(written), n) + "?"
	}
	return ""
}

// nearestURL suggests the output whose URL is closest to u among those in
// its folder, written as the link was.
func (s *Site) nearestURL(u, written string) string {
	dir := path.Dir(u)
	var names []string
	for ou := range s.byOutURL {
		if path.Dir(strings.TrimSuffix(ou, "/")) == dir {
			names = append(names, path.Base(ou))
		}
	}
	n := diag.Nearest(path.Base(u), names)
	if n == "" {
		return ""
	}
	w := strings.TrimSuffix(written, "/")
	out := path.Join(path.Dir(w), n)
	if strings.HasSuffix(written, "/") || s.byOutURL[path.Join(dir, n)+"/"] != nil {
		out += "/"
	}
	return "did you mean " + out + "?"
}
