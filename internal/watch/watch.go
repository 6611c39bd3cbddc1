// Package watch tells watch mode when a site's sources changed. It watches
// a site's content/, layouts/ and static/ folders recursively with fsnotify
// (adding folders as they appear, dropping them when they go), ignores what
// editors leave behind while saving (swap, backup and temporary files, and
// Chmod-only events), and sends a Batch as soon as what changed is whole:
// one file saved (written, or renamed into place) once its size and time
// have stopped changing for a few milliseconds; anything more (several
// files, a folder, a removal) once the folders have been quiet for a
// moment. Changes that arrive while the receiver is busy join one batch
// that waits for it, so an editor's save is one change at once, and a git
// checkout of 200 files is one rebuild, not 200. Once Pending has said
// changes are coming, a batch follows, an empty one if they came to
// nothing, so that a receiver may stop a build for them.
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
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/secondround/secondround/internal/content"
)

// Dirs returns the folders of a site that are watched.
func Dirs() []string { return []string{"content", "layouts", "static"} }

// Options tune a Watcher. The zero value is what serve uses.
type Options struct {
	// Settle is how long a file written or created must keep its size
	// and time before its batch is sent (default 3ms): editors write a
	// file in one go, well within it, and a file still being written
	// keeps changing.
	Settle time.Duration
	// Quiet is how long the folders must be still before a batch of more
	// than one saved file is sent (default 50ms): a checkout writes its
	// files well within it of each other, and an editor that saves by
	// renaming the old file away writes the new one at once.
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

// Empty reports whether nothing changed after all: the changes Pending
// told of came to nothing (a temporary file made and deleted). It comes
// so that a receiver that gave up a build for them builds again.
func (b Batch) Empty() bool { return len(b.Paths) == 0 && !b.All }

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
	// gathering is set while the debouncer holds changes not yet in a
	// batch; a batch made and not yet taken waits in c, whose buffer
	// holds one. Pending reads both, so that it is false as soon as the
	// last batch is taken: a receiver told otherwise gives up its rebuild
	// for changes that are not coming.
	gathering atomic.Bool
	// told is set when Pending said changes were coming: a batch must
	// then follow, even one that says they came to nothing, since the
	// receiver may have given up a build for them.
	told atomic.Bool

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
	if opts.Settle <= 0 {
		opts.Settle = 3 * time.Millisecond
	}
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
		c: make(chan Batch, 1), done: make(chan struct{}), raw: make(chan change, 256),
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

// Pending reports whether changes have been seen that C has not delivered
// yet: a build that failed meanwhile may have read a half-done burst, such
// as a checkout, and is better not reported; a build still running may stop
// for the next. Once it has said so, a batch follows, an empty one if the
// changes came to nothing.
func (w *Watcher) Pending() bool {
	// The buffer first: the debouncer sets gathering before it takes a
	// batch back, so one of the two reads true throughout. A batch in the
	// buffer follows as it is, or folded into the next.
	if len(w.c) > 0 {
		return true
	}
	// told is set before gathering is read, and left set when gathering
	// is not: set after, it could miss a gather that ended in between,
	// which the debouncer, clearing gathering before it reads told, then
	// ended without a batch. Left set, it costs at most one empty batch.
	w.told.Store(true)
	return w.gathering.Load()
}

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
		// A batch not taken is dropped, as a watcher that stopped sends
		// nothing more: a receiver shutting down must not rebuild for it.
		select {
		case <-w.c:
		default:
		}
		w.gathering.Store(false)
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

// debounce gathers changes until they are whole (see Options), then puts
// the batch in C's buffer. Changes that arrive before the batch is taken
// take it back, join it and wait again, so a receiver busy rebuilding gets
// one batch after.
func (w *Watcher) debounce() {
	defer w.wg.Done()
	var g gather
	g.reset()
	wait := time.NewTimer(time.Hour)
	wait.Stop()
	for {
		select {
		case <-w.done:
			wait.Stop()
			return
		case c := <-w.raw:
			// Set before the batch is taken back, so that Pending never
			// reads false in between.
			w.gathering.Store(true)
			select {
			case b := <-w.c:
				g.fold(b)
			default:
			}
			g.add(c, w.stat(c.path))
			wait.Reset(g.wait(w.opts, w.Polling()))
		case <-wait.C:
			// Changes already queued come first: select picks at random
			// among ready cases, and a loaded machine can queue several.
			if w.drain(&g) {
				wait.Reset(g.wait(w.opts, w.Polling()))
				continue
			}
			if d := g.unsettled(w.opts, w.stat); d > 0 {
				wait.Reset(d)
				continue
			}
			// Cleared before the batch is in C, never after: a receiver
			// that takes it at once must not then read Pending as true.
			w.gathering.Store(false)
			b, ok := g.batch()
			if w.told.Swap(false) {
				ok = true // Pending told of it: say what came of it
			}
			if ok {
				// The buffer is empty: only this goroutine fills it, and
				// the change since the last batch found that taken or took
				// it back. done is there should that ever not hold.
				select {
				case w.c <- b:
				case <-w.done:
					return
				}
			}
		}
	}
}

// drain adds the changes waiting on raw to g, reporting whether there
// were any.
func (w *Watcher) drain(g *gather) bool {
	any := false
	for {
		select {
		case c := <-w.raw:
			g.add(c, w.stat(c.path))
			any = true
		default:
			return any
		}
	}
}

// stat is a path's size and time as polling compares them, zero when it is
// gone.
func (w *Watcher) stat(rel string) stamp {
	fi, err := os.Stat(filepath.Join(w.root, filepath.FromSlash(rel)))
	if err != nil {
		return stamp{}
	}
	return stamp{size: fi.Size(), mtime: fi.ModTime(), dir: fi.IsDir()}
}

// A gather is one batch being gathered.
type gather struct {
	pending map[string]bool
	born    map[string]bool  // created during this batch
	written map[string]stamp // files written or created, as last seen
	removed map[string]bool  // removed, and not back yet
	all     bool
	first   time.Time // of the batch's first change
	last    time.Time // of its last change
}

func (g *gather) reset() {
	g.pending, g.born, g.written, g.removed = map[string]bool{}, map[string]bool{}, map[string]stamp{}, map[string]bool{}
	g.all, g.first, g.last = false, time.Time{}, time.Time{}
}

func (g *gather) any() bool { return len(g.pending) > 0 || g.all }

// fold takes back a batch that was not taken.
func (g *gather) fold(b Batch) {
	if !g.any() {
		g.first = time.Now()
	}
	for _, p := range b.Paths {
		g.pending[p] = true
	}
	g.all = g.all || b.All
}

func (g *gather) add(c change, now stamp) {
	g.last = time.Now()
	if !g.any() {
		g.first = g.last
	}
	switch {
	case c.all:
		g.all = true
	case c.gone && g.born[c.path]:
		delete(g.pending, c.path)
		delete(g.born, c.path)
		delete(g.written, c.path)
	case c.gone:
		g.pending[c.path] = true
		delete(g.written, c.path)
		g.removed[c.path] = true
	default:
		// Born only if new to the batch: a page edited and then
		// replaced by a file renamed over it, then deleted, is a page
		// deleted, not a temporary that came and went.
		if c.born && !g.pending[c.path] {
			g.born[c.path] = true
		}
		g.pending[c.path] = true
		if !now.dir {
			g.written[c.path] = now
		}
		// A file renamed away and written again, as some editors save,
		// is back.
		delete(g.removed, c.path)
	}
}

// saved reports whether the batch is one file saved: written or renamed
// into place, nothing else. That is an author's save, which goes as soon
// as the file settles; anything else (several files, a folder, a removal)
// may be a burst, such as a checkout, that waits for quiet to be whole.
func (g *gather) saved() bool {
	return !g.all && len(g.pending) == 1 && len(g.written) == 1 && len(g.removed) == 0
}

// wait is how long to wait after a change before looking again: Settle
// for a saved file, else Quiet; polling adds a poll, so that a burst that
// spans two polls is still one batch. MaxWait bounds it from the batch's
// first change.
func (g *gather) wait(opts Options, polling bool) time.Duration {
	d := opts.Quiet
	if g.saved() {
		d = opts.Settle
	}
	if polling {
		d += opts.PollEvery
	}
	return max(min(d, opts.MaxWait-time.Since(g.first)), 0)
}

// unsettled returns how much longer to wait when the batch is not whole
// yet: a burst still within Quiet of its last change, or a written file
// that changed since it was last seen. It returns 0 when the batch is
// whole, or has waited MaxWait.
func (g *gather) unsettled(opts Options, stat func(string) stamp) time.Duration {
	if time.Since(g.first) >= opts.MaxWait {
		return 0
	}
	if left := opts.Quiet - time.Since(g.last); !g.saved() && left > 0 {
		return left
	}
	moved := false
	for p, seen := range g.written {
		if now := stat(p); now != seen {
			g.written[p] = now
			moved = true
		}
	}
	if moved {
		return opts.Settle
	}
	return 0
}

// batch is what was gathered, and false when nothing is left of it (only
// temporaries came and went). It starts the next gather.
func (g *gather) batch() (Batch, bool) {
	defer g.reset()
	if !g.any() {
		return Batch{}, false
	}
	b := Batch{All: g.all}
	for p := range g.pending {
		b.Paths = append(b.Paths, p)
	}
	sort.Strings(b.Paths)
	return b, true
}
