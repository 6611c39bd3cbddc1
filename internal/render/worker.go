package render

import (
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/site"
	"github.com/secondround/secondround/internal/webapp"
)

// digests remembers the digest of each file the service worker keeps that
// Render makes, by path, from one Render to the next: watch mode makes
// again only the outputs an edit changed, and the worker's version must
// cover the others too.
type digests struct {
	mu sync.Mutex
	m  map[string]string
}

// record returns emit, noting on the way the digest of every file whose
// path is in paths.
func (d *digests) record(paths map[string]bool, emit Emit) Emit {
	return func(name string, data []byte) error {
		if paths[name] {
			sum := webapp.Digest(data)
			d.mu.Lock()
			if d.m == nil {
				d.m = map[string]string{}
			}
			d.m[name] = sum
			d.mu.Unlock()
		}
		return emit(name, data)
	}
}

// list is what the worker of s keeps, each file with its digest: files
// named by their content (under site.AssetDir) need none, and neither do
// the files of content/ beside kept pages, which the build copies rather
// than makes (they are fetched again whenever the worker's version
// changes, and whenever their page is read online).
func (d *digests) list(s *site.Site) []webapp.Kept {
	d.mu.Lock()
	defer d.mu.Unlock()
	urls := s.Offline().URLs()
	kept := make([]webapp.Kept, 0, len(urls))
	for _, u := range urls {
		k := webapp.Kept{URL: u}
		if o := s.Output(u); o != nil && !strings.HasPrefix(u, "/"+site.AssetDir+"/") {
			k.Digest = d.m[o.Path]
		}
		kept = append(kept, k)
	}
	return kept
}

// keptPaths are the paths of the outputs Render makes that the worker
// keeps.
func keptPaths(s *site.Site) map[string]bool {
	paths := map[string]bool{}
	for _, u := range s.Offline().URLs() {
		if o := s.Output(u); o != nil && Made(o.Kind) {
			paths[o.Path] = true
		}
	}
	return paths
}
