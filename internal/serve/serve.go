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
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/output"
)

// Config is what a Server serves.
type Config struct {
	Src     string // the site folder
	Builder *build.Builder
	Options build.Options
	Log     io.Writer
}

// Server serves a site and rebuilds it.
type Server struct {
	cfg Config
	hub *hub

	buildMu sync.Mutex // one build at a time

	mu       sync.RWMutex
	files    map[string]file
	problems diag.List // of the last build, when it failed
	gen      int       // counts successful builds
}

type file struct {
	data []byte
	sum  [32]byte
}

// New returns a Server that has not built yet.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	return &Server{cfg: cfg, hub: newHub(), files: map[string]file{}}
}

// memory collects a build's files.
type memory struct {
	mu    sync.Mutex
	files map[string]file
}

func (m *memory) WriteFile(name string, data []byte) error {
	if !output.Clean(name) {
		return fmt.Errorf("refusing to write %q outside the site", name)
	}
	f := file{data: data, sum: sha256.Sum256(data)}
	m.mu.Lock()
	m.files[name] = f
	m.mu.Unlock()
	return nil
}

// Change is what one rebuild changed, as sent to browsers.
type Change struct {
	// Pages lists the URLs of changed HTML pages (/articles/x/).
	Pages []string `json:"pages"`
	// CSSOnly is true when nothing but stylesheets changed, so pages can
	// swap them without reloading.
	CSSOnly bool `json:"cssOnly"`
}

// Rebuild runs the pipeline once. On success the new site replaces the old
// one and browsers showing a changed page reload; on failure the old site
// stays served and browsers show the problems.
func (s *Server) Rebuild() (*build.Result, error) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	mem := &memory{files: map[string]file{}}
	res, err := s.cfg.Builder.Build(os.DirFS(s.cfg.Src), s.cfg.Options, mem)
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			s.mu.Lock()
			s.problems = de.List
			s.mu.Unlock()
			s.hub.send("problems", problemsJSON(s.cfg.Src, de.List))
		}
		return res, err
	}
	s.mu.Lock()
	change := diff(s.files, mem.files)
	hadProblems := len(s.problems) > 0
	s.files, s.problems = mem.files, nil
	s.gen++
	s.mu.Unlock()
	if hadProblems {
		s.hub.send("fixed", []byte("{}"))
	}
	if len(change.Pages) > 0 || change.CSSOnly {
		s.hub.send("change", changeJSON(change))
	}
	return res, nil
}

// diff finds what changed between two builds.
func diff(old, cur map[string]file) Change {
	var c Change
	css, other := false, false
	note := func(name string) {
		switch {
		case strings.HasSuffix(name, ".css"):
			css = true
		case strings.HasSuffix(name, "index.html"):
			c.Pages = append(c.Pages, "/"+strings.TrimSuffix(name, "index.html"))
			other = true
		case strings.HasSuffix(name, ".html"):
			c.Pages = append(c.Pages, "/"+name)
			other = true
		default:
			other = true
		}
	}
	for name, f := range cur {
		if o, ok := old[name]; !ok || o.sum != f.sum {
			note(name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			note(name)
		}
	}
	c.CSSOnly = css && !other
	sortStrings(c.Pages)
	return c
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
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(f.data)
	}
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
