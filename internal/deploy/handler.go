package deploy

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Handler serves a built site from dir as Netlify serves it with this
// configuration: every matching [[headers]] rule's headers, and the 404
// rule's page (with status 404) for a file that does not exist. It is for
// trying a build in a browser on a loopback address, as the tests do: the
// policy's upgrade-insecure-requests and Strict-Transport-Security would
// send such a browser to https, so they are left out; the rest of the
// policy applies as published.
func (c *Config) Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	notFound := ""
	for _, r := range c.Redirects {
		if r.From == "/*" && r.Status == http.StatusNotFound {
			notFound = r.To
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range c.HeadersFor(r.URL.Path) {
			if k == "Strict-Transport-Security" {
				continue
			}
			h[k] = v
		}
		if csp := h.Get("Content-Security-Policy"); csp != "" {
			h.Set("Content-Security-Policy", withoutDirective(csp, "upgrade-insecure-requests"))
		}
		if strings.HasSuffix(r.URL.Path, ".webmanifest") {
			h.Set("Content-Type", "application/manifest+json")
		}
		if notFound != "" && !exists(dir, r.URL.Path) {
			page, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path.Clean(notFound))))
			if err == nil {
				h.Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write(page)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// exists reports whether the site has a file for the URL path p: the file,
// or a folder's index.html (a folder without one is not a page on Netlify).
func exists(dir, p string) bool {
	name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+p)))
	fi, err := os.Stat(name)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		_, err = os.Stat(filepath.Join(name, "index.html"))
		return err == nil
	}
	return true
}

// withoutDirective drops one directive from a Content-Security-Policy.
func withoutDirective(csp, name string) string {
	var keep []string
	for _, d := range strings.Split(csp, ";") {
		if d = strings.TrimSpace(d); d != "" && d != name && !strings.HasPrefix(d, name+" ") {
			keep = append(keep, d)
		}
	}
	return strings.Join(keep, "; ")
}
