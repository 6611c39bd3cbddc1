// Package output writes a built site so that nothing is ever lost: files go
// to a fresh folder beside the output folder, and that folder replaces the
// old output only once the whole build has succeeded. A failed build leaves
// the previous output exactly as it was, and a successful one leaves no
// stale files behind.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/disk"
	"github.com/secondround/secondround/internal/parallel"
)

// Dir writes into a staging folder that Commit swaps into place.
type Dir struct {
	final, stage string
	mu           sync.Mutex
	made         map[string]bool
	files        int
}

// NewDir prepares to write the output folder out.
func NewDir(out string) (*Dir, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s exists and is not a folder: choose another -out", out)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".building-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a folder beside %s: %w", out, err)
	}
	return &Dir{final: out, stage: stage, made: map[string]bool{stage: true}}, nil
}

// WriteFile writes one file, name being a slash path below the output
// folder. It is safe for concurrent use.
func (d *Dir) WriteFile(name string, data []byte) error {
	if !Clean(name) {
		return fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	p := filepath.Join(d.stage, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	d.mu.Lock()
	made := d.made[dir]
	d.files++
	d.mu.Unlock()
	if !made {
		// Most folders are new and their parent made already: one
		// mkdir, where MkdirAll would first stat the folder and its
		// parent.
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		d.mu.Lock()
		d.made[dir] = true
		d.mu.Unlock()
	}
	return disk.WriteFile(p, data)
}

// Files counts the files written so far.
func (d *Dir) Files() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files
}

// Commit replaces the output folder with what was written.
func (d *Dir) Commit() error {
	var old string
	if _, err := os.Stat(d.final); err == nil {
		old = d.stage + ".old"
		if err := os.Rename(d.final, old); err != nil {
			d.Abort()
			return fmt.Errorf("cannot replace %s: %w", d.final, err)
		}
	}
	if err := os.Rename(d.stage, d.final); err != nil {
		if old != "" {
			_ = os.Rename(old, d.final)
		}
		d.Abort()
		return fmt.Errorf("cannot move the new site into %s: %w", d.final, err)
	}
	if old != "" {
		return removeAll(old)
	}
	return nil
}

// removeAll removes the folder root, its subfolders' entries on all cores
// at once: deleting the last site's files is most of what committing a
// large site costs, and the kernel deletes in separate folders side by
// side.
func removeAll(root string) error {
	var jobs []string
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		if !e.IsDir() {
			jobs = append(jobs, p)
			continue
		}
		sub, err := os.ReadDir(p)
		if err != nil || len(sub) == 0 {
			jobs = append(jobs, p)
			continue
		}
		for _, s := range sub {
			jobs = append(jobs, filepath.Join(p, s.Name()))
		}
	}
	// A failure shows in the RemoveAll of root below.
	parallel.For(len(jobs), func(i int) { _ = os.RemoveAll(jobs[i]) })
	return os.RemoveAll(root)
}

// Abort throws away what was written, leaving the output folder untouched.
func (d *Dir) Abort() { _ = os.RemoveAll(d.stage) }

// Clean reports whether name is a relative slash path that stays inside the
// folder it is joined to.
func Clean(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// Discard counts files and writes nothing: what check uses.
type Discard struct {
	mu    sync.Mutex
	files int
}

// WriteFile implements the build's writer.
func (d *Discard) WriteFile(string, []byte) error {
	d.mu.Lock()
	d.files++
	d.mu.Unlock()
	return nil
}

// Files counts the files that would have been written.
func (d *Discard) Files() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files
}

// Memory keeps what a build writes in a map, for tests and for tools that
// look at a build without writing it. It is safe for concurrent use.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// WriteFile implements the build's writer, keeping a copy of data.
func (m *Memory) WriteFile(name string, data []byte) error {
	if !Clean(name) {
		return fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	m.Files[name] = append([]byte(nil), data...)
	return nil
}
