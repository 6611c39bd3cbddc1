package watch

import (
	"io/fs"
	"path/filepath"
	"time"
)

// stamp is what polling compares: a change of size or modification time,
// or a file appearing or going, is a change.
type stamp struct {
	size  int64
	mtime time.Time
	dir   bool
}

func (w *Watcher) startPolling() {
	w.mu.Lock()
	w.polling = true
	w.mu.Unlock()
	prev := w.snapshot()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(w.opts.PollEvery)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
			}
			cur := w.snapshot()
			for p, st := range cur {
				if old, ok := prev[p]; !ok || old != st {
					w.send(change{path: p})
				}
			}
			for p := range prev {
				if _, ok := cur[p]; !ok {
					w.send(change{path: p})
				}
			}
			prev = cur
		}
	}()
}

// snapshot stamps every relevant file and folder below the watched
// folders, by slash path below the site folder.
func (w *Watcher) snapshot() map[string]stamp {
	out := map[string]stamp{}
	for _, d := range Dirs() {
		_ = filepath.WalkDir(filepath.Join(w.root, d), func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			r, ok := w.rel(p)
			if !ok {
				if de.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			fi, err := de.Info()
			if err != nil {
				return nil
			}
			st := stamp{dir: de.IsDir()}
			if !st.dir {
				st.size, st.mtime = fi.Size(), fi.ModTime()
			}
			out[r] = st
			return nil
		})
	}
	return out
}
