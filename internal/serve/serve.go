// Package serve is the authors' preview server. It keeps the last good build
// in memory and serves it on localhost; it runs the same build pipeline again
// when files change; it tells open pages over Server-Sent Events to reload,
// or to show the build's errors over the page, and never stops serving
// because a build failed. The reload script is added to pages as they are
// served, so it never reaches the output of build.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/watch"
)

// Config is what a Server serves.
type Config struct {
	Src     string // the site folder
	Builder *build.Builder
	Options build.Options
	Log     io.Writer
	// OnRebuild, when set, hears of every rebuild once browsers have been
	// told of it.
	OnRebuild func(Report)
}

// Report describes one rebuild.
type Report struct {
	Result *build.Result
	Err    error
	// Change is what browsers were told changed, early and late together.
	Change Change
	// Early is how long after the start of the rebuild the pages being
	// edited were served, when they were served before the rest of the
	// site was rendered; zero otherwise.
	Early time.Duration
	// Model is how long loading and modelling the site took, before any
	// page was rendered (measured when pages were served early).
	Model    time.Duration
	Duration time.Duration
}

// Server serves a site and rebuilds it.
type Server struct {
	cfg Config
	hub *hub

	buildMu sync.Mutex // one build at a time
	last    *site.Site // of the last good build, guarded by buildMu

	mu       sync.RWMutex
	files    map[string]file // replaced, never changed in place
	problems diag.List       // of the last build, when it failed

	// retired are fingerprinted files of earlier builds, oldest first,
	// still served so that pages open in browsers keep working without a
	// reload when only an asset they link to was renamed. Guarded by
	// buildMu; at most retiredCap bytes.
	retired      []retiredFile
	retiredNames map[string]bool
	retiredBytes int
}

type retiredFile struct {
	name string
	f    file
}

// retiredCap bounds the memory that retired files hold: on a 1,000-page
// site an edit retires about 0.5MB of search-index shards, so a page left
// open keeps a working search for some thirty edits (the soak in
// bench/watch saw RSS climb by twice the cap with 32MB).
const retiredCap = 16 << 20

type file struct {
	data []byte
}

// New returns a Server that has not built yet.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	return &Server{cfg: cfg, hub: newHub(), files: map[string]file{}, retiredNames: map[string]bool{}}
}

// memory collects a build's files. A file equal to the one being served
// keeps the served copy, so that what changed is known without hashing.
type memory struct {
	prev    map[string]file
	mu      sync.Mutex
	files   map[string]file
	changed map[string]bool
}

func newMemory(prev map[string]file) *memory {
	return &memory{prev: prev, files: make(map[string]file, len(prev)), changed: map[string]bool{}}
}

func (m *memory) WriteFile(name string, data []byte) error {
	if !output.Clean(name) {
		return fmt.Errorf("refusing to write %q outside the site", name)
	}
	old, ok := m.prev[name]
	same := ok && bytes.Equal(old.data, data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if same {
		m.files[name] = old
		delete(m.changed, name)
	} else {
		m.files[name] = file{data: bytes.Clone(data)}
		m.changed[name] = true
	}
	return nil
}

// Keep carries the served file name into this build unchanged, for pages
// the build found nothing to render again for.
func (m *memory) Keep(name string) bool {
	old, ok := m.prev[name]
	if !ok {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = old
	delete(m.changed, name)
	return true
}

// Change is what one rebuild changed, as sent to browsers.
type Change struct {
	// Pages lists the URLs of changed HTML pages (/articles/x/).
	Pages []string `json:"pages"`
	// CSS is true when stylesheets changed: pages not listed in Pages
	// swap them without reloading.
	CSS bool `json:"css"`
}

// Rebuild runs the pipeline once. changed lists the paths below the site
// folder that changed since the last build (as the watcher reports them),
// or is nil when anything may have. On success the new site replaces the
// old one and browsers showing a changed page reload; on failure the old
// site stays served and browsers show the problems.
//
// When changed names only content files, their pages (and their tag pages)
// are rendered first and served at once, and their browsers reload, while
// the rest of the site renders; should the rest fail, the old site comes
// back.
func (s *Server) Rebuild(changed []string) (*build.Result, error) {
	r := s.rebuild(changed)
	return r.Result, r.Err
}

func (s *Server) rebuild(changed []string) Report {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	s.mu.RLock()
	before := s.files
	s.mu.RUnlock()
	mem := newMemory(before)
	opts := s.cfg.Options
	opts.Changed = changed
	var early map[string]bool // files served before the build ended
	var rep Report
	if changed != nil && s.last != nil && contentOnly(changed) {
		var first []string
		opts.First = func(cur *site.Site) []string {
			rep.Model = time.Since(start)
			first = firstFiles(s.last, cur, changed)
			return first
		}
		opts.Ready = func() {
			early = s.publishEarly(mem, first)
			rep.Early = time.Since(start)
		}
	}
	res, err := s.cfg.Builder.Build(os.DirFS(s.cfg.Src), opts, mem)
	rep.Result, rep.Err = res, err
	if err != nil {
		var de *diag.Error
		if !errors.As(err, &de) {
			de = &diag.Error{List: diag.List{{File: s.cfg.Src, Msg: err.Error()}}}
		}
		s.mu.Lock()
		s.problems = de.List
		if early != nil {
			s.files = before // the pages served early came from a failed build
		}
		s.mu.Unlock()
		s.hub.send("problems", problemsJSON(s.cfg.Src, de.List))
		rep.Duration = time.Since(start)
		s.report(rep)
		return rep
	}
	change := diff(before, mem.files, mem.changed)
	s.retire(before, mem.files)
	s.mu.Lock()
	hadProblems := len(s.problems) > 0
	s.files, s.problems = mem.files, nil
	s.mu.Unlock()
	s.last = res.Site
	rep.Change = change
	if len(early) > 0 {
		// Those pages were announced already: browsers showing them
		// reloaded once, and need not again.
		change.Pages = slices.DeleteFunc(change.Pages, func(u string) bool { return early[fileOfURL(u)] })
	}
	if hadProblems {
		s.hub.send("fixed", []byte("{}"))
	} else if len(change.Pages) > 0 || change.CSS {
		s.hub.send("change", changeJSON(change))
	}
	rep.Duration = time.Since(start)
	s.report(rep)
	return rep
}

func (s *Server) report(r Report) {
	if s.cfg.OnRebuild != nil {
		s.cfg.OnRebuild(r)
	}
}

// publishEarly serves the named files of a build still under way, and
// tells browsers showing them to reload. It returns the files it served.
func (s *Server) publishEarly(mem *memory, names []string) map[string]bool {
	served := map[string]bool{}
	mem.mu.Lock()
	upd := map[string]file{}
	for _, n := range names {
		if f, ok := mem.files[n]; ok && mem.changed[n] {
			upd[n] = f
		}
	}
	// Files new to the site (a search index written before the pages)
	// may be linked from the pages served now; nothing served links to
	// them yet, so they can go out early too.
	added := map[string]file{}
	for n := range mem.changed {
		if _, old := mem.prev[n]; !old {
			added[n] = mem.files[n]
		}
	}
	mem.mu.Unlock()
	if len(upd) == 0 {
		return served
	}
	s.mu.Lock()
	if len(s.problems) > 0 {
		// The overlay is up: the full build will say "fixed".
		s.mu.Unlock()
		return served
	}
	files := maps.Clone(s.files)
	for n, f := range upd {
		files[n] = f
		served[n] = true
	}
	for n, f := range added {
		files[n] = f
	}
	s.files = files
	s.mu.Unlock()
	var c Change
	for n := range upd {
		if u, ok := pageURL(n); ok {
			c.Pages = append(c.Pages, u)
		}
	}
	sort.Strings(c.Pages)
	s.hub.send("change", changeJSON(c))
	return served
}

// firstFiles picks what to render first when the files in changed were
// saved: the page of each, and the pages of its tags, before and after the
// save (so that a tag taken off is seen too), and the tag index. Lists that
// merely mention the page (sections, neighbours, home) follow with the rest
// of the site.
func firstFiles(old, cur *site.Site, changed []string) []string {
	set := map[string]bool{}
	for _, p := range changed {
		if !strings.HasSuffix(strings.ToLower(p), ".md") {
			continue
		}
		for _, st := range []*site.Site{old, cur} {
			pg := st.PageByFile(p)
			if pg == nil {
				continue
			}
			set[pg.OutFile] = true
			for _, t := range pg.TagList {
				set["tags/"+t.Slug+"/index.html"] = true
			}
			if len(pg.TagList) > 0 {
				set["tags/index.html"] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// pageURL is the URL of an HTML output file, which pages compare with
// their own location.
func pageURL(name string) (string, bool) {
	switch {
	case name == "index.html":
		return "/", true
	case strings.HasSuffix(name, "/index.html"):
		return "/" + strings.TrimSuffix(name, "index.html"), true
	case strings.HasSuffix(name, ".html"):
		return "/" + name, true
	}
	return "", false
}

// fileOfURL undoes pageURL.
func fileOfURL(u string) string {
	name := strings.TrimPrefix(u, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name
}

// contentOnly reports whether every changed path is below content/: a
// layout or static file may change every page and the assets they link
// to, which are written after the pages, so nothing is served early then.
func contentOnly(changed []string) bool {
	for _, p := range changed {
		if p != "content" && !strings.HasPrefix(p, "content/") {
			return false
		}
	}
	return true
}

// diff finds what changed between two builds: changed holds the files of
// cur that differ from old, or are new. A page whose only difference is
// the new name of a fingerprinted stylesheet needs no reload (it swaps
// the stylesheet), nor does one that only links to a renamed data file
// (the search index: the old one stays served); a renamed script, or any
// other difference, reloads it.
func diff(old, cur map[string]file, changed map[string]bool) Change {
	var c Change
	for name := range changed {
		switch {
		case strings.HasSuffix(name, ".css"):
			c.CSS = true
		case strings.HasSuffix(name, ".html"):
			o, ok := old[name]
			if ok && !needsReload(o.data, cur[name].data, cur) {
				continue
			}
			if u, ok := pageURL(name); ok {
				c.Pages = append(c.Pages, u)
			}
		}
	}
	sort.Strings(c.Pages)
	return c
}

// needsReload compares a page with its new version: false when they differ
// only where the old links to a fingerprinted file and the new links to
// another version of it (same name but for the hash, present in cur), and
// none of those is a script.
func needsReload(old, cur []byte, files map[string]file) bool {
	if len(old) != len(cur) {
		return true
	}
	const chunk = 4096
	for at := 0; at < len(old); {
		end := min(at+chunk, len(old))
		if bytes.Equal(old[at:end], cur[at:end]) {
			at = end
			continue
		}
		i := at
		for old[i] == cur[i] {
			i++
		}
		start := bytes.LastIndexAny(old[:i], "\"' =(<>") + 1
		stop := bytes.IndexAny(old[i:], "\"' )<>")
		if stop < 0 {
			return true
		}
		stop += i
		o, n := strings.TrimPrefix(string(old[start:stop]), "/"), strings.TrimPrefix(string(cur[start:stop]), "/")
		if b, ok := hashed(o); !ok || b != unhashedOK(n) {
			return true
		}
		if _, ok := files[n]; !ok {
			return true
		}
		if ext := path.Ext(n); ext == ".js" || ext == ".mjs" {
			return true
		}
		at = stop
	}
	return false
}

// hashed returns a fingerprinted name without its hash
// (_assets/css/site.3f2a9c1e07.css → _assets/css/site.css).
func hashed(name string) (string, bool) {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	i := strings.LastIndexByte(stem, '.')
	if i < 0 || len(stem)-i-1 != 10 {
		return "", false
	}
	for _, r := range stem[i+1:] {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return "", false
		}
	}
	return stem[:i] + ext, true
}

func unhashedOK(name string) string {
	b, ok := hashed(name)
	if !ok {
		return "\x00" // never equal to a name
	}
	return b
}

// retire keeps serving the fingerprinted files of the last build that the
// new one dropped, adding them to cur, oldest dropped first past
// retiredCap.
func (s *Server) retire(old, cur map[string]file) {
	for name, f := range old {
		if _, ok := cur[name]; ok || s.retiredNames[name] {
			continue
		}
		if _, ok := hashed(name); !ok {
			continue
		}
		s.retired = append(s.retired, retiredFile{name, f})
		s.retiredNames[name] = true
		s.retiredBytes += len(f.data)
	}
	keep := s.retired[:0]
	for i, r := range s.retired {
		_, back := cur[r.name] // the same version came back
		if back || s.retiredBytes > retiredCap && i < len(s.retired)-1 {
			s.retiredBytes -= len(r.f.data)
			delete(s.retiredNames, r.name)
			continue
		}
		keep = append(keep, r)
	}
	clear(s.retired[len(keep):])
	s.retired = keep
	for _, r := range s.retired {
		cur[r.name] = r.f
	}
}

// Watch rebuilds on every batch of changes until ctx ends or batches
// closes, printing a line for each rebuild, and every problem.
func (s *Server) Watch(ctx context.Context, batches <-chan watch.Batch) {
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-batches:
			if !ok {
				return
			}
			var changed []string
			if !b.All {
				changed = b.Paths
			}
			s.logRebuild(b, s.rebuild(changed))
		}
	}
}

func (s *Server) logRebuild(b watch.Batch, r Report) {
	err := r.Err
	what := "changes"
	if len(b.Paths) == 1 {
		what = b.Paths[0]
	} else if len(b.Paths) > 1 {
		what = fmt.Sprintf("%d changes", len(b.Paths))
	}
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			for _, p := range de.List {
				fmt.Fprintln(s.cfg.Log, p.String())
			}
			fmt.Fprintf(s.cfg.Log, "After %s the site has problems; the browser shows them, and the last good version is still served.\n", what)
			return
		}
		fmt.Fprintf(s.cfg.Log, "After %s the build failed: %v\n", what, err)
		return
	}
	if r.Early > 0 {
		fmt.Fprintf(s.cfg.Log, "%s: page served in %v, site rebuilt in %v\n", what, r.Early.Round(100*time.Microsecond), r.Duration.Round(100*time.Microsecond))
		return
	}
	fmt.Fprintf(s.cfg.Log, "%s: rebuilt in %v\n", what, r.Duration.Round(100*time.Microsecond))
}

// Serve answers HTTP on ln until ctx ends, then shuts down cleanly.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.hub.close()
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
}

// Handler serves the site, the reload script and the event stream.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/_secondround/events", s.hub.serveEvents)
	mux.HandleFunc("/_secondround/reload.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(reloadScript)
	})
	mux.HandleFunc("/_secondround/overlay.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(overlayCSS)
	})
	mux.HandleFunc("/_secondround/problems", func(w http.ResponseWriter, r *http.Request) {
		s.mu.RLock()
		probs := s.problems
		s.mu.RUnlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(problemsJSON(s.cfg.Src, probs))
	})
	mux.HandleFunc("/", s.serveFile)
	return mux
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL.Path)
	s.mu.RLock()
	f, found := s.files[name]
	if ok && !found && !strings.HasSuffix(name, ".html") {
		// /articles/x without its slash: send the reader to the page.
		if _, dir := s.files[name+"/index.html"]; dir {
			s.mu.RUnlock()
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	notFound, has404 := s.files["404.html"]
	s.mu.RUnlock()
	status := http.StatusOK
	if !ok || !found {
		if !has404 {
			http.NotFound(w, r)
			return
		}
		f, name, status = notFound, "404.html", http.StatusNotFound
	}
	ctype := contentType(name, f.data)
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	data := f.data
	if strings.HasSuffix(name, ".html") {
		data = inject(data)
	}
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		_, _ = w.Write(data)
	}
}

// contentType fixes the content types of what a site holds, rather than
// leaving them to the machine's mime.types.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	case ".ico":
		return "image/x-icon"
	case ".woff":
		return "font/woff"
	case ".woff2":
		return "font/woff2"
	case ".pdf":
		return "application/pdf"
	case ".webmanifest":
		return "application/manifest+json"
	case ".bin":
		return "application/octet-stream"
	}
	if path.Base(name) == "_redirects" {
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// fileName maps a URL path to a file of the built site. It refuses anything
// that could step outside it, whatever the encoding: the site is in memory,
// but a wrong answer should still be a 404, never a surprise.
func fileName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.Contains(p, "\x00") {
		return "", false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name, output.Clean(name)
}

var reloadTag = []byte(`<script src="/_secondround/reload.js" defer></script>`)

// inject adds the reload script before </body>.
func inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), reloadTag...)
	}
	out := make([]byte, 0, len(page)+len(reloadTag))
	out = append(out, page[:i]...)
	out = append(out, reloadTag...)
	return append(out, page[i:]...)
}
