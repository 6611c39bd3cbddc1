package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/webapp"
)

// standard makes the files that search engines, feed readers and Netlify
// read, into buf: sitemap.xml, feed.xml and a feed per tag, robots.txt,
// _redirects for the aliases pages declare, and the web app manifest.
func standard(s *site.Site, o *site.Output, buf *bytes.Buffer) {
	switch o.Kind {
	case site.SitemapOutput:
		marshal(buf, sitemap(s))
	case site.FeedOutput:
		if o.Tag != nil {
			// Tag feeds carry summaries: a reader subscribed to several
			// tags would otherwise fetch the same full pages many times
			// over, and the site would carry every page once per tag.
			marshal(buf, feed(s, o.Tag.Name+" · "+s.Title, o.URL, o.Tag.URL, o.Pager.Pages, false))
		} else {
			marshal(buf, feed(s, s.Title, o.URL, "/", o.Pager.Pages, true))
		}
	case site.RobotsOutput:
		buf.WriteString("User-agent: *\nAllow: /\n")
		if s.Output("/sitemap.xml") != nil {
			buf.WriteString("\nSitemap: " + s.Abs("/sitemap.xml") + "\n")
		}
	case site.RedirectsOutput:
		for _, r := range s.Redirects() {
			buf.WriteString(r.From + " " + r.To + " 301\n")
		}
	case site.ManifestOutput:
		buf.Write(webapp.Manifest(webapp.App{Name: s.Title, Description: s.Description, Language: s.Language, Icons: webapp.Icons(s.Asset)}))
	}
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL
}

type sitemapURL struct {
	XMLName xml.Name `xml:"url"`
	Loc     string   `xml:"loc"`
	LastMod string   `xml:"lastmod,omitempty"`
}

func sitemap(s *site.Site) urlset {
	set := urlset{}
	add := func(u string, mod time.Time) {
		su := sitemapURL{Loc: s.Abs(u)}
		if !mod.IsZero() {
			su.LastMod = mod.Format("2006-01-02")
		}
		set.URLs = append(set.URLs, su)
	}
	for _, p := range s.Pages {
		mod := p.Updated
		if p.IsSection {
			mod = newest(p.Pages, p.Updated)
		}
		add(p.URL, mod)
	}
	add("/tags/", s.LastMod)
	for _, t := range s.Tags {
		add(t.URL, newest(t.Pages, time.Time{}))
	}
	sort.Slice(set.URLs, func(i, j int) bool { return set.URLs[i].Loc < set.URLs[j].Loc })
	return set
}

func newest(pages []*site.Page, t time.Time) time.Time {
	for _, p := range pages {
		if p.Updated.After(t) {
			t = p.Updated
		}
	}
	return t
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Summary    string         `xml:"summary,omitempty"`
	Content    *atomContent   `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

func feed(s *site.Site, title, self, alt string, pages []*site.Page, full bool) atomFeed {
	updated := newest(pages, time.Time{})
	if updated.IsZero() {
		updated = s.LastMod
	}
	f := atomFeed{
		Title:   title,
		ID:      s.Abs(self),
		Updated: rfc3339(updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.Abs(self)},
			{Rel: "alternate", Type: "text/html", Href: s.Abs(alt)},
		},
		Author: atomAuthor{Name: s.Title},
	}
	for _, p := range pages {
		e := atomEntry{
			Title:   p.Title,
			ID:      p.Permalink,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: p.Permalink},
			Updated: rfc3339(p.Updated),
			Summary: p.Summary,
		}
		if full {
			e.Content = &atomContent{Type: "html", Body: absolutize(s, string(p.Content()))}
		} else if e.Summary == "" {
			e.Summary = p.Title
		}
		if !p.Date.IsZero() {
			e.Published = rfc3339(p.Date)
		}
		for _, t := range p.TagList {
			e.Categories = append(e.Categories, atomCategory{Term: t.Slug, Label: t.Name})
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}

// absolutize makes root-relative links in feed content absolute: a feed
// reader shows the content away from the site, where /x/ means nothing.
func absolutize(s *site.Site, html string) string {
	if s.BaseURL == "/" {
		return html
	}
	base := strings.TrimSuffix(s.BaseURL, "/")
	html = strings.ReplaceAll(html, `href="/`, `href="`+base+`/`)
	return strings.ReplaceAll(html, `src="/`, `src="`+base+`/`)
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}

func marshal(b *bytes.Buffer, v any) {
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("render: encoding %T: %v", v, err)) // only fixed struct types are encoded
	}
	b.WriteByte('\n')
}
