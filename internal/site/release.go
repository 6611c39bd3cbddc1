package site

import (
	"html/template"
	"sync/atomic"

	"github.com/secondround/secondround/internal/markdown"
)

// A build that keeps nothing for the next one (the build command's) lets
// go of each page's converted HTML once every output that shows the page is
// made: the HTML of every page at once is most of what a site of 100,000
// pages holds. A Release counts the readers of each page; its Done, called
// as each output is made, lets go of a page's HTML when its last reader is
// done.
// A layout that shows the content of a page it was not counted for (one
// that ranges over .Site.Pages, say) still gets it: Content converts the
// page's file again, which costs time but is never wrong.

// A Release lets go of page HTML as outputs are made.
type Release struct {
	convert func(file string) (*markdown.Doc, error)
	readers map[*Page]*atomic.Int32
}

// NewRelease counts, for every page of s, the outputs among outs that show
// it, so that Done lets go of its HTML after the last of them. convert
// converts a page's file again (content/x.md), should a layout ask for the
// page's content afterwards.
func NewRelease(s *Site, outs []*Output, convert func(file string) (*markdown.Doc, error)) *Release {
	r := &Release{convert: convert, readers: make(map[*Page]*atomic.Int32, len(s.Pages))}
	for _, p := range s.Pages {
		r.readers[p] = new(atomic.Int32)
	}
	for _, o := range outs {
		o.Shown(func(p *Page) {
			if n := r.readers[p]; n != nil {
				n.Add(1)
			}
		})
	}
	return r
}

// Done tells the release that output o is made: the pages it shows that no
// other output is still to show let go of their HTML. It may be called
// from several goroutines at once.
func (r *Release) Done(o *Output) {
	o.Shown(func(p *Page) {
		if n := r.readers[p]; n != nil && n.Add(-1) == 0 {
			p.releaseHTML(r)
		}
	})
}

// releaseHTML lets go of the page's converted HTML. Its other converted
// parts (headings, links, text) stay: search and links still read them.
func (p *Page) releaseHTML(r *Release) {
	if p.made || p.Doc == nil || p.Doc.HTML == nil {
		return
	}
	p.reconvert = r.convert
	p.Doc.HTML = nil
}

// html returns the page's converted HTML, converting its file again when
// it was let go of.
func (p *Page) html() *markdown.Doc {
	if p.Doc.HTML != nil || p.reconvert == nil {
		return p.Doc
	}
	doc, err := p.reconvert(p.File)
	if err != nil {
		return &markdown.Doc{HTML: []byte(template.HTMLEscapeString("(" + err.Error() + ")"))}
	}
	return doc
}
