package serve

import (
	"bytes"
	"context"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/webapp"
)

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
		_, _ = w.Write(problemsJSON(probs))
	})
	// Not the build's service worker, which would keep pages an author is
	// editing, but one that removes itself and any a deployed copy of the
	// site left on this address (see webapp.Retire).
	mux.HandleFunc(site.WorkerURL, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(webapp.Retire())
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

// reloadTag is the reload script's tag. Its data-secondround-preview
// tells the site's scripts that the preview serves the page (offline.js
// registers no service worker then).
var reloadTag = []byte(`<script src="/_secondround/reload.js" defer data-secondround-preview></script>`)

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
