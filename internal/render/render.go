// Package render turns the site model into files with html/template layouts.
// Layouts come from the site's layouts/ folder over the embedded default
// theme, file by file, and are parsed once per build: a base layout with
// blocks, partials, and one template per kind of page, looked up from the
// most specific to the default (layouts/checklist/single.html, then
// layouts/_default/single.html).
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/qrcode"
	"github.com/secondround/secondround/internal/site"
)

// LayoutDir is the folder of a site, and of the theme, that holds layouts.
const LayoutDir = "layouts"

// Layouts is a parsed set of layouts.
type Layouts struct {
	byName map[string]*template.Template // "_default/single.html" → base+partials+it
	entry  map[string]string             // the template to execute for each layout
	origin map[string]string             // name → file it came from, for messages
	// partials executes partials on their own, for the cached function.
	partials *template.Template
	// memo holds what cached rendered during the current Site call.
	memo atomic.Pointer[partialMemo]
	// kept holds the digests of the files the service worker keeps.
	kept digests
}

// partialMemo is a map behind a read-write lock: cached is asked about
// 18 times as often as it renders, and a sync.Map, with a trie of
// pointers to chase and its key boxed on every Load, took a microsecond
// a lookup at 10,000 pages (10% of rendering).
type partialMemo struct {
	mu sync.RWMutex
	m  map[memoKey]template.HTML
}

func newPartialMemo() *partialMemo {
	return &partialMemo{m: map[memoKey]template.HTML{}}
}

type memoKey struct {
	name string
	key  any
}

// cached renders partial name with data once per Site call and returns the
// same HTML every other time it is asked for with the same data: a page's
// card appears in its section's list, in each of its tags' lists and in its
// neighbours' related pages, and html/template's escaping makes every
// rendering cost the same. data must be comparable, such as a *site.Page.
func (l *Layouts) cached(name string, data any) (template.HTML, error) {
	if v := reflect.ValueOf(data); !v.IsValid() || !v.Comparable() {
		return "", fmt.Errorf("cached %q: %T cannot be a key: pass a page or another comparable value", name, data)
	}
	memo := l.memo.Load()
	if memo == nil {
		l.memo.CompareAndSwap(nil, newPartialMemo())
		memo = l.memo.Load()
	}
	k := memoKey{name, data}
	memo.mu.RLock()
	h, ok := memo.m[k]
	memo.mu.RUnlock()
	if ok {
		return h, nil
	}
	var buf bytes.Buffer
	if err := l.partials.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	h = template.HTML(buf.String())
	memo.mu.Lock()
	memo.m[k] = h
	memo.mu.Unlock()
	return h, nil
}

// Assets maps a static file's path (css/site.css) to its fingerprinted URL
// (/css/site.3f2a9c1e.css).
type Assets map[string]string

// Load parses every layout of theme and siteFS (site files win, name by
// name). Either may be nil. assets feeds the asset template function.
func Load(theme, siteFS fs.FS, assets Assets) (*Layouts, diag.List) {
	sources, origin, probs := read(theme, siteFS)
	return parse(sources, origin, func() Assets { return assets }, probs)
}

// A Cache keeps the layouts one build parsed for the next, which parses
// again only when a layout file was added, removed or changed: watch mode
// saves a parse of every layout on every save. The asset function reads the
// assets of the build under way. A Cache serves one build at a time.
type Cache struct {
	sources, origin map[string]string
	l               *Layouts
	probs           diag.List
	assets          atomic.Pointer[Assets]
}

// Load is Load, through the cache.
func (c *Cache) Load(theme, siteFS fs.FS, assets Assets) (*Layouts, diag.List) {
	c.assets.Store(&assets)
	sources, origin, probs := read(theme, siteFS)
	if c.l != nil && len(probs) == 0 && maps.Equal(sources, c.sources) && maps.Equal(origin, c.origin) {
		return c.l, c.probs
	}
	l, probs := parse(sources, origin, func() Assets { return *c.assets.Load() }, probs)
	c.sources, c.origin, c.l, c.probs = sources, origin, l, probs
	return l, probs
}

// read reads every layout file, site files over the theme's.
func read(theme, siteFS fs.FS) (sources, origin map[string]string, probs diag.List) {
	sources = map[string]string{}
	origin = map[string]string{}
	for _, src := range []struct {
		fsys  fs.FS
		label string
	}{{theme, "built-in theme: "}, {siteFS, ""}} {
		if src.fsys == nil {
			continue
		}
		_ = fs.WalkDir(src.fsys, LayoutDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					probs.Add(p, 0, "cannot read: %v", err)
				}
				return nil
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			b, err := fs.ReadFile(src.fsys, p)
			if err != nil {
				probs.Add(p, 0, "cannot read: %v", err)
				return nil
			}
			name := strings.TrimPrefix(p, LayoutDir+"/")
			sources[name] = string(b)
			origin[name] = src.label + p
			return nil
		})
	}
	return sources, origin, probs
}

// parse parses layouts read, adding to the problems found reading them.
func parse(sources, origin map[string]string, assets func() Assets, probs diag.List) (*Layouts, diag.List) {
	l := &Layouts{byName: map[string]*template.Template{}, entry: map[string]string{}, origin: origin}
	if _, ok := sources[baseName]; !ok {
		probs.Add(LayoutDir+"/"+baseName, 0, "missing layout: every site needs a base layout (the built-in theme has one; restore it)")
		return l, probs
	}
	base := template.New(baseName).Funcs(funcs(assets)).Funcs(template.FuncMap{"cached": l.cached})
	if _, err := base.Parse(sources[baseName]); err != nil {
		addTemplateError(&probs, origin, err)
		return l, probs
	}
	names := sortedKeys(sources)
	for _, name := range names {
		if !strings.HasPrefix(name, "partials/") {
			continue
		}
		if _, err := base.New(name).Parse(sources[name]); err != nil {
			addTemplateError(&probs, origin, err)
		}
	}
	if len(probs) > 0 {
		return l, probs
	}
	// A clone made before any execution, since html/template forbids
	// cloning a set that has run.
	partials, err := base.Clone()
	if err != nil {
		probs.Add(LayoutDir+"/"+baseName, 0, "template error: %v", err)
		return l, probs
	}
	l.partials = partials
	for _, name := range names {
		if name == baseName || strings.HasPrefix(name, "partials/") {
			continue
		}
		t, err := base.Clone()
		var own *template.Template
		if err == nil {
			own, err = t.New(name).Parse(sources[name])
		}
		if err != nil {
			addTemplateError(&probs, origin, err)
			continue
		}
		l.byName[name] = t
		// A layout that only defines blocks ("main") fills in the base
		// layout; one with content of its own is a whole page by itself.
		l.entry[name] = baseName
		if own.Tree != nil && strings.TrimSpace(own.Tree.Root.String()) != "" {
			l.entry[name] = name
		}
	}
	return l, probs
}

const baseName = "_default/baseof.html"

// addTemplateError reports a template error at its file and line. Parse
// errors read "template: NAME:LINE: message".
func addTemplateError(probs *diag.List, origin map[string]string, err error) {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "template: ")
	name, rest, _ := strings.Cut(msg, ":")
	line := 0
	if n, after, ok := strings.Cut(rest, ":"); ok {
		if _, scanErr := fmt.Sscanf(n, "%d", &line); scanErr == nil {
			rest = after
		}
	}
	file := origin[name]
	if file == "" {
		file = LayoutDir + "/" + name
	}
	probs.Add(file, line, "template error:%s", rest)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Lookup finds the first layout that exists among names, in order.
func (l *Layouts) Lookup(names ...string) (*template.Template, string, bool) {
	for _, n := range names {
		if t, ok := l.byName[n]; ok {
			return t, n, true
		}
	}
	return nil, "", false
}

// Data is what every layout executes with.
type Data struct {
	Site *site.Site
	// Page is the page being rendered; for tag pages and other generated
	// pages it is a page made for the occasion.
	Page *site.Page
	// Tag is set on a tag's page.
	Tag *site.Tag
	// Kinds lists the page kinds with their section, for navigation.
	Kinds []site.KindLink
	// Pager is the part of a section's or tag's list this page shows.
	Pager *site.Pager
}

// Nav is the data of the site's header (partials/site-header.html). The
// header differs from page to page only in which of its links, if any, is
// the page itself, so with Nav as its key cached renders it a handful of
// times a build instead of once a page, which was about 5% of rendering's
// CPU.
type Nav struct {
	Site   *site.Site
	IsHome bool
	// Current is the page's URL when the header links to the page: a
	// section of the home page, or the tag index. Otherwise it is empty.
	Current string
}

// Nav returns the header's data for d's page.
func (d *Data) Nav() Nav {
	n := Nav{Site: d.Site, IsHome: d.Page.IsHome}
	u := d.Page.URL
	if u == "/tags/" {
		n.Current = u
		return n
	}
	if d.Site.Home != nil {
		for _, p := range d.Site.Home.Pages {
			if p.IsSection && p.URL == u {
				n.Current = u
				break
			}
		}
	}
	return n
}

// Execute runs layout name with data into a buffer.
func (l *Layouts) Execute(t *template.Template, name string, data *Data) ([]byte, error) {
	var buf bytes.Buffer
	if err := l.executeInto(&buf, t, name, data); err != nil {
		if file, line, col, msg := l.execPosition(err); file != "" {
			return nil, fmt.Errorf("%s:%d:%d: %s", file, line, col, msg)
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

// executeInto is Execute into buf, which the caller resets and reuses:
// rendering every page into a fresh buffer spent more time growing and
// clearing memory than some layouts take to run.
func (l *Layouts) executeInto(buf *bytes.Buffer, t *template.Template, name string, data *Data) error {
	buf.Reset()
	if data != nil && data.Page != nil && data.Page.Doc != nil {
		// Most of a page is its content; the rest is the layout's markup.
		buf.Grow(data.Page.Doc.BodyLen() + 16<<10)
	}
	return t.ExecuteTemplate(buf, l.entry[name], data)
}

// execPosition finds the layout file, line and column of an execution
// error, which html/template gives as "template: NAME:LINE:COL: executing
// ..."; file is "" when the error names no layout.
func (l *Layouts) execPosition(err error) (file string, line, col int, msg string) {
	rest := strings.TrimPrefix(err.Error(), "template: ")
	name, rest, ok := strings.Cut(rest, ":")
	if !ok || l.origin[name] == "" {
		return "", 0, 0, ""
	}
	if n, _ := fmt.Sscanf(rest, "%d:%d:", &line, &col); n == 2 {
		rest = rest[len(fmt.Sprintf("%d:%d:", line, col)):]
		col++ // text/template counts bytes from 0
	} else if n, _ := fmt.Sscanf(rest, "%d:", &line); n == 1 {
		rest = rest[len(fmt.Sprintf("%d:", line)):]
	}
	return l.origin[name], line, col, strings.TrimSpace(rest)
}

// dropRendering cuts the "(rendering PATH)" that reportExec adds, so that
// one broken layout is reported once, not once a page.
func dropRendering(msg string) string {
	if i := strings.LastIndex(msg, " (rendering "); i >= 0 {
		return msg[:i]
	}
	return msg
}

func funcs(assets func() Assets) template.FuncMap {
	return template.FuncMap{
		"asset": func(p string) (string, error) {
			if u, ok := assets()[p]; ok {
				return u, nil
			}
			return "", fmt.Errorf("asset %q: no such file in static/", p)
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2 January 2006")
		},
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"rfc3339":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"kindname": KindName,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"mailto": Mailto,
		"path":   path.Join,
		"qr":     qr,
	}
}

// qr draws text, a page's absolute address, as a QR code in inline SVG
// (see package qrcode), for printed pages.
func qr(text string) (template.HTML, error) {
	svg, err := qrcode.SVG(text)
	if err != nil {
		return "", fmt.Errorf("qr: %w", err)
	}
	return template.HTML(svg), nil
}

// KindName is how a kind of page is named to readers.
func KindName(kind string) string {
	switch kind {
	case "questions":
		return "Questions"
	case "email":
		return "Sample email"
	case "checklist":
		return "Checklist"
	case "briefing":
		return "Briefing sheet"
	}
	return "Article"
}
