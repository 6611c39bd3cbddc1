// Package watch tells watch mode when a site's sources changed. It watches
// a site's content/, layouts/ and static/ folders recursively with fsnotify
// (adding folders as they appear, dropping them when they go), ignores what
// editors leave behind while saving (swap, backup and temporary files, and
// Chmod-only events), and turns a burst of events into one Batch once the
// folders have been quiet for a moment: an editor's atomic save is one
// change, and a git checkout of 200 files is one rebuild, not 200.
//
// When the system's limit on watches is reached, it says how to raise the
// limit and falls back to polling, so that no change is ever missed
// silently.
package watch

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/secondround/secondround/internal/content"
)

// Dirs returns the folders of a site that are watched.
func Dirs() []string { return []string{"content", "layouts", "static"} }

// Options tune a Watcher. The zero value is what serve uses.
type Options struct {
	// Quiet is how long the folders must be still before a batch is
	// sent (default 50ms).
	Quiet time.Duration
	// MaxWait bounds how long a never-ending stream of events delays a
	// batch (default 1s).
	MaxWait time.Duration
	// Poll forces polling instead of fsnotify, as on a system without
	// watches left; tests use it.
	Poll bool
	// PollEvery is the polling interval (default 500ms).
	PollEvery time.Duration
	// Log receives messages for the author: the watch limit and its fix.
	Log io.Writer
}

// A Batch is what changed during one burst of events.
type Batch struct {
	// Paths are the changed files and folders, as slash paths below the
	// site folder (content/articles/x.md), sorted. A deleted or renamed
	// file is listed under its old name, a new one under its new name.
	Paths []string
	// All is set when events were lost (the kernel's queue overflowed):
	// anything may have changed.
	All bool
}

// A Watcher watches one site folder.
type Watcher struct {
	root string
	opts Options
	c    chan Batch
	done chan struct{}
	wg   sync.WaitGroup
	once sync.Once

	raw     chan change // events, from fsnotify or the poller
	fsw     *fsnotify.Watcher
	polling bool

	mu      sync.Mutex
	watched map[string]bool // absolute folders with a watch
}

// change is one event for the debouncer: a path below root, or all.
type change struct {
	path string
	all  bool
	// born is set when the path was created, gone when it was removed or
	// renamed away: a file both born and gone within one batch was an
	// editor's or tool's temporary (sed -i's sedXXXXXX), not a change.
	born, gone bool
}

// New starts watching the site in root. Close it when done.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 50 * time.Millisecond
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Second
	}
	if opts.PollEvery <= 0 {
		opts.PollEvery = 500 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("cannot watch %s: not a folder", root)
	}
	w := &Watcher{
		root: abs, opts: opts,
		c: make(chan Batch), done: make(chan struct{}), raw: make(chan change, 256),
		watched: map[string]bool{},
	}
	if !opts.Poll {
		if err := w.startNotify(); err != nil {
			if w.fsw != nil {
				_ = w.fsw.Close()
				w.fsw = nil
			}
			w.fallBack(err)
		}
	}
	if w.fsw == nil {
		w.startPolling()
	}
	w.wg.Add(1)
	go w.debounce()
	return w, nil
}

// C delivers batches. It is closed by Close.
func (w *Watcher) C() <-chan Batch { return w.c }

// Polling reports whether the watcher polls rather than being told.
func (w *Watcher) Polling() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.polling
}

// Close stops watching and closes C.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		if w.fsw != nil {
			err = w.fsw.Close()
		}
		w.wg.Wait()
		close(w.c)
	})
	return err
}

// limitError reports whether err is the system running out of watches or
// of inotify instances, which more watching cannot fix.
func limitError(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

// fallBack says why the watcher polls, with the fix when there is one.
func (w *Watcher) fallBack(err error) {
	if limitError(err) {
		fmt.Fprintf(w.opts.Log, `The system's limit on file watches is reached (%v).
Watching by polling every %v instead: changes still show, a little later.
To watch again, raise the limit:
    sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512
and keep it after a restart:
    echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/90-inotify.conf
`, err, w.opts.PollEvery)
		return
	}
	fmt.Fprintf(w.opts.Log, "Cannot watch files (%v); polling every %v instead.\n", err, w.opts.PollEvery)
}

func (w *Watcher) startNotify() error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w.fsw = fsw
	// The root itself, so that a content/, layouts/ or static/ folder
	// made later is seen.
	if err := w.addWatch(w.root); err != nil {
		return err
	}
	for _, d := range Dirs() {
		if _, err := w.addTree(filepath.Join(w.root, d)); err != nil {
			return err
		}
	}
	w.wg.Add(1)
	go w.notifyLoop()
	return nil
}

func (w *Watcher) addWatch(dir string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.watched[dir] {
		return nil
	}
	if err := w.fsw.Add(dir); err != nil {
		return err
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every folder below it, returning the files found
// there: they may have been written before the watch was in place.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil // a folder that vanished while walking: its event comes
		}
		if p != dir && content.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
			return nil
		}
		if err := w.addWatch(p); err != nil {
			if limitError(err) {
				return err
			}
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		return nil
	})
	return files, err
}

// dropTree forgets the watches on dir and below: the kernel drops them for
// a deleted folder, but a folder renamed away would go on reporting events
// under its old name.
func (w *Watcher) dropTree(dir string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			_ = w.fsw.Remove(p)
			delete(w.watched, p)
		}
	}
}

// rel returns the slash path of p below root, and whether it is one to
// watch: inside content/, layouts/ or static/ (or one of those folders),
// with no part that an editor or tool leaves behind.
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	return r, Relevant(r)
}

// Relevant reports whether a slash path below the site folder is one whose
// change matters to the site: it lies in content/, layouts/ or static/,
// and no part of it is an editor's, tool's or system's leftover.
func Relevant(rel string) bool {
	parts := strings.Split(rel, "/")
	top := false
	for _, d := range Dirs() {
		if parts[0] == d {
			top = true
		}
	}
	if !top {
		return false
	}
	for _, part := range parts[1:] {
		if content.Ignored(part) {
			return false
		}
	}
	return true
}

func (w *Watcher) notifyLoop() {
	defer w.wg.Done()
	for {
		select {
		case <-w.done:
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.send(change{all: true})
				continue
			}
			fmt.Fprintf(w.opts.Log, "watching: %v\n", err)
		case e, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.handle(e)
		}
	}
}

func (w *Watcher) handle(e fsnotify.Event) {
	if e.Op == fsnotify.Chmod {
		// Touching permissions, or an indexer reading the file: nothing
		// a reader would see.
		return
	}
	r, ok := w.rel(e.Name)
	if !ok {
		return
	}
	if e.Has(fsnotify.Remove) || e.Has(fsnotify.Rename) {
		w.dropTree(e.Name)
	}
	if e.Has(fsnotify.Create) {
		if fi, err := os.Lstat(e.Name); err == nil && fi.IsDir() {
			files, err := w.addTree(e.Name)
			if err != nil && limitError(err) {
				w.switchToPolling(err)
				return
			}
			for _, f := range files {
				if fr, ok := w.rel(f); ok {
					w.send(change{path: fr})
				}
			}
		}
	}
	w.send(change{path: r, born: e.Has(fsnotify.Create), gone: e.Has(fsnotify.Remove) || e.Has(fsnotify.Rename)})
}

// switchToPolling gives up on fsnotify halfway, when a new folder takes
// the watch count over the limit. It runs on notifyLoop, which ends once
// the fsnotify watcher is closed.
func (w *Watcher) switchToPolling(err error) {
	w.fallBack(err)
	go func() { _ = w.fsw.Close() }()
	w.startPolling()
	w.send(change{all: true})
}

func (w *Watcher) send(c change) {
	select {
	case w.raw <- c:
	case <-w.done:
	}
}

// debounce gathers changes until the folders have been quiet for
// opts.Quiet (or opts.MaxWait has passed since the first), then offers the
// batch on C. Changes that arrive before the batch is taken join it and
// restart the wait, so a receiver busy rebuilding gets one batch after.
func (w *Watcher) debounce() {
	defer w.wg.Done()
	pending := map[string]bool{}
	born := map[string]bool{} // created during this batch
	all := false
	var first time.Time
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	var ready *Batch
	var out chan Batch
	for {
		select {
		case <-w.done:
			quiet.Stop()
			return
		case c := <-w.raw:
			if ready != nil {
				// Not taken yet: fold it back in and wait for quiet again.
				for _, p := range ready.Paths {
					pending[p] = true
				}
				all = all || ready.All
				ready, out = nil, nil
			}
			if len(pending) == 0 && !all {
				first = time.Now()
			}
			switch {
			case c.all:
				all = true
			case c.gone && born[c.path]:
				delete(pending, c.path)
				delete(born, c.path)
			default:
				pending[c.path] = true
				if c.born {
					born[c.path] = true
				}
			}
			wait := w.opts.Quiet
			if w.Polling() {
				// A burst that spans two polls is still one batch.
				wait += w.opts.PollEvery
			}
			if left := w.opts.MaxWait - time.Since(first); left < wait {
				wait = max(left, 0)
			}
			quiet.Reset(wait)
		case <-quiet.C:
			if len(pending) == 0 && !all {
				continue // only temporaries came and went
			}
			b := Batch{All: all}
			for p := range pending {
				b.Paths = append(b.Paths, p)
			}
			sort.Strings(b.Paths)
			clear(pending)
			clear(born)
			all = false
			ready, out = &b, w.c
		case out <- batchOf(ready):
			ready, out = nil, nil
		}
	}
}

func batchOf(b *Batch) Batch {
	if b == nil {
		return Batch{}
	}
	return *b
}
