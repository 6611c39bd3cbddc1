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
	"sync"
	"time"

	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/disk"
	"github.com/secondround/secondround/internal/output"
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
	// Change is what browsers were told changed.
	Change Change
	// Served is how long after the start of the rebuild its pages were
	// served, before the search index was built; zero when they were not.
	Served   time.Duration
	Duration time.Duration
	// Superseded is set on a rebuild that more changes on their way cut
	// short, and on a failed one that was not shown for them.
	Superseded bool
}

// Changes is where Watch learns of changes: a watch.Watcher.
type Changes interface {
	C() <-chan watch.Batch
	// Pending reports whether changes have been seen that C has not
	// delivered yet. Once it has said so, a batch must follow, an empty
	// one if they came to nothing: a rebuild given up for them is made
	// again on it.
	Pending() bool
}

// Server serves a site and rebuilds it.
type Server struct {
	cfg Config
	hub *hub

	buildMu sync.Mutex // one build at a time

	mu       sync.RWMutex
	files    map[string]file // replaced, never changed in place
	problems diag.List       // of the last build, when it failed

	// retired are fingerprinted files of earlier builds (see retire).
	// Guarded by buildMu.
	retired retired
}

type file struct {
	data []byte
}

// New returns a Server that has not built yet.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	return &Server{cfg: cfg, hub: newHub(), files: map[string]file{}, retired: retired{names: map[string]bool{}}}
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

// Keep carries the served file name into this build unchanged, for outputs
// that the build found nothing to make again for.
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

// snapshot is a copy of the files written so far, and what changed.
func (m *memory) snapshot() (map[string]file, map[string]bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.files), maps.Clone(m.changed)
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
// The new pages are served as soon as they are written, while the search
// index is built; should the index fail, the old site comes back.
func (s *Server) Rebuild(changed []string) (*build.Result, error) {
	r := s.rebuild(changed, nil)
	return r.Result, r.Err
}

// rebuild is Rebuild. When the build fails and more reports that more
// changes are on their way, the failure is not shown: the build may have
// read a burst of changes half done, such as a checkout, and the next one
// will tell.
func (s *Server) rebuild(changed []string, more func() bool) Report {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	s.mu.RLock()
	before := s.files
	s.mu.RUnlock()
	mem := newMemory(before)
	var rep Report
	pub := &publishing{s: s, before: before, served: before, mem: mem, rep: &rep, start: start}
	hooks := build.Hooks{Changed: changed, Keep: mem.Keep, First: pub.first, Rendered: pub.rendered, Stop: more}
	res, err := s.cfg.Builder.Rebuild(disk.Open(s.cfg.Src), s.cfg.Options, mem, hooks)
	rep.Result, rep.Err = res, err
	switch {
	case errors.Is(err, build.ErrSuperseded):
		// The pages that show the change stay served, over the rest of
		// the last site, until the next rebuild, already due, makes it.
		rep.Superseded = true
	case err != nil:
		var de *diag.Error
		if !errors.As(err, &de) {
			de = &diag.Error{List: diag.List{{File: s.cfg.Src, Msg: err.Error()}}}
		}
		rep.Superseded = more != nil && more()
		s.mu.Lock()
		s.files = before // the pages may have been served already
		if !rep.Superseded {
			s.problems = de.List
		}
		s.mu.Unlock()
		if !rep.Superseded {
			s.hub.send("problems", problemsJSON(de.List))
		}
	default:
		// The search index, written since the pages were served: its
		// files are new names, and nothing a browser shows changes.
		s.retired.keep(before, mem.files)
		s.mu.Lock()
		s.files = mem.files
		s.mu.Unlock()
	}
	rep.Duration = time.Since(start)
	if s.cfg.OnRebuild != nil {
		s.cfg.OnRebuild(rep)
	}
	return rep
}

// publishing serves the pages of one rebuild as the build makes them: those
// that show the change first, when the build says they are made, then the
// whole site.
type publishing struct {
	s              *Server
	before, served map[string]file
	mem            *memory
	rep            *Report
	start          time.Time
	early          bool
	// shown are the files first served anew.
	shown map[string]bool
}

// first serves the pages that show the change, with the rest of the site
// as it was until it is made again.
func (p *publishing) first() {
	files, changed := p.mem.snapshot()
	for name, f := range p.before {
		if _, ok := files[name]; !ok {
			files[name] = f
		}
	}
	p.rep.Change = p.s.publish(p.before, files, changed)
	p.rep.Served = time.Since(p.start)
	p.served, p.early, p.shown = files, true, changed
}

// rendered serves the whole site, telling browsers of what changed since
// first, if it ran.
func (p *publishing) rendered() {
	files, changed := p.mem.snapshot()
	if p.early {
		changed = changedSince(p.served, p.shown, files, changed)
	}
	c := p.s.publish(p.served, files, changed)
	p.rep.Change.Pages = append(p.rep.Change.Pages, c.Pages...)
	p.rep.Change.CSS = p.rep.Change.CSS || c.CSS
	if !p.early {
		p.rep.Served = time.Since(p.start)
	}
}

// changedSince keeps of changed, the files that differ from the last site,
// those that differ from what served holds: a file first did not serve
// anew is the last site's there, and one it did is compared.
func changedSince(served map[string]file, shown map[string]bool, files map[string]file, changed map[string]bool) map[string]bool {
	out := make(map[string]bool, len(changed))
	for name := range changed {
		if !shown[name] || !bytes.Equal(served[name].data, files[name].data) {
			out[name] = true
		}
	}
	return out
}

// publish serves files, the pages of a build whose search index is still to
// come, and tells browsers what changed.
func (s *Server) publish(before, files map[string]file, changed map[string]bool) Change {
	change := diff(before, files, changed)
	s.retired.keep(before, files)
	s.mu.Lock()
	hadProblems := len(s.problems) > 0
	s.files, s.problems = files, nil
	s.mu.Unlock()
	if hadProblems {
		s.hub.send("fixed", []byte("{}"))
	} else if len(change.Pages) > 0 || change.CSS {
		s.hub.send("change", changeJSON(change))
	}
	return change
}

// Watch rebuilds on every batch of changes until ctx ends or the batches
// end, printing a line for each rebuild, and every problem.
func (s *Server) Watch(ctx context.Context, changes Changes) {
	// Only whether the last rebuild was given up is kept: its report
	// holds the site it made, which would stay alive through the next.
	gaveUp := false
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-changes.C():
			if !ok {
				return
			}
			if b.Empty() && !gaveUp {
				continue // nothing changed, and nothing was given up
			}
			changed := b.Paths
			if b.All {
				changed = nil // anything may have changed
			} else if changed == nil {
				// Nothing new: the build makes again what changed since
				// its last good build, which the one given up did not.
				changed = []string{}
			}
			r := s.rebuild(changed, changes.Pending)
			gaveUp = r.Superseded
			s.logRebuild(b, r)
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
	if r.Superseded {
		fmt.Fprintf(s.cfg.Log, "%s: more changes are on their way; rebuilding\n", what)
		return
	}
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			for _, p := range de.List {
				fmt.Fprintln(s.cfg.Log, p.Detail())
			}
			fmt.Fprintf(s.cfg.Log, "After %s the site has problems; the browser shows them, and the last good version is still served.\n", what)
			return
		}
		fmt.Fprintf(s.cfg.Log, "After %s the build failed: %v\n", what, err)
		return
	}
	fmt.Fprintf(s.cfg.Log, "%s: pages served in %v, site rebuilt in %v\n", what, r.Served.Round(100*time.Microsecond), r.Duration.Round(100*time.Microsecond))
}
