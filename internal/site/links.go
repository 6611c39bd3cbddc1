package site

import (
	"bytes"
	"hash/maphash"
	"html"
	"html/template"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/parallel"
)

type cfgLinks struct {
	warn      bool
	generated map[string]string
}

// links resolves every page's internal links and images and fills in its
// Content. Authors may link by Markdown path, as on GitHub
// (../emails/thank-you.md, /content/x.md) or by URL (/tags/, ../x/); both
// become the target's URL, with #fragment and ?query kept, and a fragment
// must name a heading of its target.
func (s *Site) links(probs *diag.List) {
	if s.TagIndex != nil {
		s.TagIndexContent = s.resolveLinks(s.TagIndex, "/tags/", probs)
	}
	for _, t := range s.Tags {
		if t.desc != nil {
			t.Description = s.resolveLinks(t.desc, t.URL, probs)
		}
	}
	// Pages resolve on all cores; their problems are kept in page order.
	found := make([]diag.List, len(s.Pages))
	parallel.For(len(s.Pages), func(i int) {
		p := s.Pages[i]
		p.Content = s.resolveLinks(p.Page, p.URL, &found[i])
		if s.once {
			p.Doc.HTML = nil
		}
	})
	for _, f := range found {
		*probs = append(*probs, f...)
	}
}

// resolveLinks returns cp's HTML with each link marker replaced by the URL
// it resolves to, adding a problem for each link that resolves to nothing.
// With a Memo, a page whose links all resolve as in the last build gets
// the HTML made then, saving a copy of every page's HTML on every build.
func (s *Site) resolveLinks(cp *content.Page, pageURL string, probs *diag.List) template.HTML {
	lc := s.lc
	doc := cp.Doc
	var refs []linkRef
	var e *memoEntry
	if s.memo != nil {
		e = s.memo.entry(doc)
		refs = e.refs
	} else if len(doc.Links) > 0 {
		refs = linkRefs(doc)
	}
	hrefs := make([]string, len(refs))
	for i, r := range refs {
		l := doc.Links[r.n]
		href, problem := s.resolve(cp, pageURL, l, lc)
		if problem != "" {
			if lc.warn {
				probs.Warn(cp.File, l.Line, "%s", problem)
			} else {
				probs.Add(cp.File, l.Line, "%s", problem)
			}
			href = l.Dest
		}
		hrefs[i] = href
	}
	if e != nil && e.done && slices.Equal(e.hrefs, hrefs) {
		return e.out
	}
	var b strings.Builder
	b.Grow(len(doc.HTML) + len(refs)*16)
	at := 0
	for i, r := range refs {
		b.Write(doc.HTML[at:r.start])
		b.WriteString(html.EscapeString(hrefs[i]))
		at = r.end
	}
	b.Write(doc.HTML[at:])
	out := template.HTML(b.String())
	if e != nil {
		e.hrefs, e.out, e.done = hrefs, out, true
	}
	return out
}

// A linkRef is where one link marker sits in a page's HTML: the bytes
// [start, end) stand for doc.Links[n].
type linkRef struct{ start, end, n int }

func linkRefs(doc *markdown.Doc) []linkRef {
	if len(doc.Links) == 0 {
		return nil
	}
	var refs []linkRef
	h := doc.HTML
	at := 0
	for {
		i := bytes.Index(h[at:], []byte(`="`+markdown.MarkerPrefix))
		if i < 0 {
			return refs
		}
		start := at + i + 2
		end := start + len(markdown.MarkerPrefix)
		for end < len(h) && h[end] >= '0' && h[end] <= '9' {
			end++
		}
		at = end
		n, err := strconv.Atoi(string(h[start+len(markdown.MarkerPrefix) : end]))
		if err != nil || n >= len(doc.Links) || end >= len(h) || h[end] != '"' {
			continue
		}
		refs = append(refs, linkRef{start, end, n})
	}
}

// A Memo carries work from one New to the next, for watch mode. When
// only page bodies changed since the last New (the usual save), the site's
// structure (URLs, sections, order, tags, related pages) is taken from the
// last site rather than made again. And each page's HTML with its links
// resolved is made again only when the page's Markdown changed or one of
// its links now points elsewhere: those entries are keyed by the converted
// document, which content.Cache keeps while the file's bytes stay the
// same, and those not used by a build are dropped by the next. A Memo
// serves one New at a time.
type Memo struct {
	mu        sync.Mutex
	cur, prev map[*markdown.Doc]*memoEntry

	seed  maphash.Seed
	site  *Site     // the last site New made
	sum   uint64    // its contentSum
	probs diag.List // the problems of its structure, found again with it
}

type memoEntry struct {
	refs  []linkRef
	hrefs []string
	out   template.HTML
	done  bool
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{cur: map[*markdown.Doc]*memoEntry{}, seed: maphash.MakeSeed()}
}

// begin starts a build: what the last one did not use is forgotten.
func (m *Memo) begin() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prev, m.cur = m.cur, make(map[*markdown.Doc]*memoEntry, len(m.cur))
}

func (m *Memo) entry(doc *markdown.Doc) *memoEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.cur[doc]
	if e == nil {
		e = m.prev[doc]
		if e == nil {
			e = &memoEntry{refs: linkRefs(doc)}
		}
		m.cur[doc] = e
	}
	return e
}

// resolve finds where one link points. It returns the URL to write and, when
// the link points nowhere, a sentence saying so.
func (s *Site) resolve(cp *content.Page, pageURL string, l markdown.Link, lc cfgLinks) (string, string) {
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
			return dest, ""
		}
		if !hasHeading(cp.Doc, frag) {
			return "", what + " " + strconv.Quote(dest) + " points to no heading of this page" + headingHint(cp.Doc)
		}
		return "#" + frag, ""
	}

	var target *Page
	found := false
	srcDir := path.Dir(cp.File)
	var candidates []string
	if strings.HasPrefix(p, "/") {
		clean := path.Clean(p)
		if strings.HasPrefix(clean, "/"+content.Dir+"/") {
			candidates = append(candidates, strings.TrimPrefix(clean, "/"))
		} else {
			candidates = append(candidates, content.Dir+clean)
		}
	} else {
		candidates = append(candidates, path.Join(srcDir, p))
	}
	// As a source file: a Markdown page, or a file beside it.
	for _, c := range candidates {
		if t := s.byFile[c]; t != nil {
			target, found = t, true
			break
		}
		if u, ok := lc.generated[strings.TrimPrefix(c, content.Dir)]; ok && strings.HasPrefix(c, content.Dir+"/") {
			return u + suffix, ""
		}
	}
	if !found && strings.HasSuffix(strings.ToLower(p), ".md") {
		return "", what + " " + strconv.Quote(dest) + " points to no page: no file " + candidates[0]
	}
	// As a URL of the site.
	if !found {
		u := p
		if !strings.HasPrefix(u, "/") {
			u = path.Join(pageURL, u)
		}
		u = path.Clean(u)
		if t := s.byURL[u+"/"]; t != nil {
			target = t
		} else if t := s.byURL[u]; t != nil {
			target = t
		} else if strings.HasSuffix(u, "/index.html") && s.byURL[strings.TrimSuffix(u, "index.html")] != nil {
			target = s.byURL[strings.TrimSuffix(u, "index.html")]
		} else if g, ok := lc.generated[u]; ok {
			return g + suffix, ""
		} else if g, ok := lc.generated[u+"/"]; ok {
			return g + suffix, ""
		} else if t := s.tagByURL(u + "/"); t != nil {
			if strings.HasSuffix(u, "/feed.xml") {
				return u + suffix, ""
			}
			return t.URL + suffix, ""
		} else {
			return "", what + " " + strconv.Quote(dest) + " points to no page"
		}
	}
	if hasFrag && frag != "" && !hasHeading(target.Doc, frag) {
		return "", what + " " + strconv.Quote(dest) + ": " + target.File + " has no heading with id " + strconv.Quote(frag) + headingHint(target.Doc)
	}
	return target.URL + suffix, ""
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
