package render

import (
	"bytes"
	"fmt"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/webapp"
)

// Emit receives one output file: a slash path below the output folder
// (articles/x/index.html) and its bytes, which are reused once it returns:
// keep a copy to hold on to them. It is called from several goroutines at
// once.
type Emit func(name string, data []byte) error

// Made reports whether Render makes outputs of kind k: HTML through the
// layouts, and the sitemap, feeds, robots.txt, _redirects, the web app
// manifest and the service worker. Static
// files, files of content/ and the search index are the build's to write.
func Made(k site.OutputKind) bool {
	switch k {
	case site.SitemapOutput, site.FeedOutput, site.RobotsOutput, site.RedirectsOutput, site.ManifestOutput, site.WorkerOutput:
		return true
	}
	return k.HTML()
}

// Render makes outputs of s, those Made makes, on all cores, passing each
// file to emit. outs are the outputs to make: all of the site's, or those
// an edit changed. track follows it (see Track).
//
// The service worker is made last, since it names the version of the files
// it keeps by their content: Render remembers the digest of each, from one
// call to the next, so that an edit's outputs and those kept from before
// give the version together.
func (l *Layouts) Render(s *site.Site, outs []*site.Output, emit Emit, track Track) diag.List {
	// What cached rendered belongs to the last site; this one starts anew.
	l.memo.Store(newPartialMemo())
	emit = l.kept.record(keptPaths(s), emit)
	var workers []*site.Output
	var mu sync.Mutex
	var probs diag.List
	var wg sync.WaitGroup
	next := make(chan *site.Output, runtime.GOMAXPROCS(0))
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local diag.List
			var buf bytes.Buffer
			for o := range next {
				l.make(s, o, &buf, emit, &local)
			}
			mu.Lock()
			probs = append(probs, local...)
			mu.Unlock()
		}()
	}
	for _, o := range outs {
		if track.Stop != nil && track.Stop() {
			workers = nil
			break
		}
		if o.Kind == site.WorkerOutput {
			workers = append(workers, o)
		} else if Made(o.Kind) {
			next <- o
		}
	}
	close(next)
	wg.Wait()
	for _, o := range workers {
		if err := emit(o.Path, webapp.Worker(l.kept.list(s), site.OfflineURL)); err != nil {
			probs.Add(o.Path, 0, "cannot write: %v", err)
		}
	}
	return dedupe(probs)
}

// Track follows a Render. Stop, when set and once it reports true, ends
// the Render before the outputs not yet begun, the service worker among
// them: watch mode stops making a site that a newer save has made out of
// date.
type Track struct {
	Stop func() bool
}

// make makes one output into buf and emits it.
func (l *Layouts) make(s *site.Site, o *site.Output, buf *bytes.Buffer, emit Emit, probs *diag.List) {
	buf.Reset()
	if o.Kind.HTML() {
		t, name, ok := l.Lookup(o.Layouts...)
		if !ok {
			l.reportMissing(o, probs)
			return
		}
		data := &Data{Site: s, Page: o.Page, Tag: o.Tag, Kinds: s.Kinds, Pager: o.Pager}
		if err := l.executeInto(buf, t, name, data); err != nil {
			l.reportExec(o, name, err, probs)
			return
		}
	} else {
		standard(s, o, buf)
	}
	if err := emit(o.Path, buf.Bytes()); err != nil {
		probs.Add(o.Path, 0, "cannot write: %v", err)
	}
}

// reportMissing reports an output none of whose layouts exists, with the
// layouts it could have used when a page chose one by name.
func (l *Layouts) reportMissing(o *site.Output, probs *diag.List) {
	if o.Line > 0 && slices.Contains(o.Layouts, baseName) {
		probs.AddAt(o.Source, o.Line, o.Col, "layout: baseof is the base layout that every page's layout fills in, not one a page can use")
		probs.Hint("remove the layout: line, or name a layout of your own such as wide (layouts/_default/wide.html)")
		return
	}
	probs.AddAt(o.Source, o.Line, o.Col, "missing layout: none of %v exists in layouts/ or the built-in theme", o.Layouts)
	if o.Line == 0 {
		return
	}
	var names []string
	for _, cand := range o.Layouts {
		dir := path.Dir(cand) + "/"
		for n := range l.byName {
			if strings.HasPrefix(n, dir) && !strings.Contains(n[len(dir):], "/") {
				names = append(names, strings.TrimSuffix(n[len(dir):], ".html"))
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) > 0 {
		probs.Hint("this page can use layout: %s, or a file you add to layouts/", strings.Join(names, ", "))
	}
}

// reportExec reports a layout that failed on an output. The error names
// the layout's file, line and column; when the page chose the layout
// (layout: in its front matter), the problem is the page's, at that line,
// since the fix is there: choose a layout that fits the page.
func (l *Layouts) reportExec(o *site.Output, name string, err error, probs *diag.List) {
	file, line, col, msg := l.execPosition(err)
	if o.Line > 0 {
		if file != "" {
			err = fmt.Errorf("%s:%d:%d: %s", file, line, col, msg)
		}
		probs.AddAt(o.Source, o.Line, o.Col, "layout: %s cannot render this page: %v", name, err)
		probs.Hint("layouts for a single page are <kind>/single.html and _default/single.html; a section's are list.html")
		return
	}
	if file == "" {
		probs.Add(o.Source, 0, "cannot render %s with layout %s: %v", o.Path, name, err)
		return
	}
	probs.AddAt(file, line, col, "%s (rendering %s)", msg, o.Path)
}

// dedupe drops repeated problems: a broken layout fails every page that
// uses it, and the author needs to read that once.
func dedupe(probs diag.List) diag.List {
	seen := map[string]bool{}
	out := probs[:0]
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].String() < probs[j].String() })
	for _, p := range probs {
		key := fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, dropRendering(p.Msg))
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, p)
	}
	return out
}
