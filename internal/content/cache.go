package content

import (
	"hash/maphash"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
)

// Cache remembers loaded files by path and content, so that loading a folder
// again converts only the files whose bytes changed; and, told what changed
// (Trust), a Load reads only those files and does not walk the folder when
// no file was added or removed. It is safe for concurrent use.
type Cache struct {
	seed maphash.Seed
	mu   sync.Mutex
	m    map[string]cached
	// changed is what Trust was told changed, for the next Load only.
	changed []string
	trusted bool
	// last is the last Load's walk of content/ and its result.
	last    *walk
	lastRes *Result
}

type cached struct {
	sum   uint64
	page  *Page
	probs diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), m: map[string]cached{}}
}

// Trust tells the cache that of the files it holds, only those named in
// changed (slash paths such as content/x.md, or folders, which stand for
// every file below them) may differ from what the last Load read. The next
// Load, and only that one, then reads just those and files it never saw.
// Watch mode calls it with the paths the watcher reported, saving a read
// and a hash of every other file; a nil changed trusts nothing, which is
// what Load does without a call.
func (c *Cache) Trust(changed []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed, c.trusted = changed, changed != nil
}

// touched reports whether file is, or is below, a path Trust was told
// changed; every file is, when Trust was not called.
func (c *Cache) touched(file string) bool {
	if !c.trusted {
		return true
	}
	for _, p := range c.changed {
		if file == p || strings.HasPrefix(file, strings.TrimSuffix(p, "/")+"/") {
			return true
		}
	}
	return false
}

// update makes the next Result from the last one, when Trust was told of
// changes to files only, all of them files the last walk found and still
// there: then no file was added or removed, and a site of thousands of
// files is neither walked nor looked up file by file for an edit to one.
// It returns nil when the folder must be walked.
func (c *Cache) update(fsys fs.FS, conv *markdown.Converter) *Result {
	c.mu.Lock()
	last, res, changed, trusted := c.last, c.lastRes, c.changed, c.trusted
	c.mu.Unlock()
	if !trusted || last == nil {
		return nil
	}
	var reread []string
	for _, p := range changed {
		if p != Dir && !strings.HasPrefix(p, Dir+"/") {
			continue // layouts and static files are not content
		}
		isMD := slices.Contains(last.md, p)
		if !isMD && !slices.Contains(last.files, File{Path: p}) {
			return nil // new, or a folder
		}
		if fi, err := fs.Stat(fsys, p); err != nil || !fi.Mode().IsRegular() {
			return nil // gone, or no longer a file
		}
		if isMD {
			reread = append(reread, p)
		}
	}
	next := &Result{Pages: res.Pages, Tags: res.Tags, Files: res.Files, Problems: res.Problems}
	if len(reread) > 0 {
		next.Pages, next.Tags = slices.Clone(res.Pages), slices.Clone(res.Tags)
		next.Problems = slices.DeleteFunc(slices.Clone(res.Problems), func(p diag.Problem) bool { return slices.Contains(reread, p.File) })
		for _, file := range reread {
			page, probs := c.read(fsys, file, conv)
			next.Problems = append(next.Problems, probs...)
			next.Pages = replace(next.Pages, file, page, page != nil && !page.IsTag)
			next.Tags = replace(next.Tags, file, page, page != nil && page.IsTag)
		}
	}
	c.mu.Lock()
	c.lastRes = next
	c.changed, c.trusted = nil, false
	c.mu.Unlock()
	return next
}

// replace puts page in place of the page of file in pages (sorted by
// file), or takes that page out when in is false.
func replace(pages []*Page, file string, page *Page, in bool) []*Page {
	i, found := slices.BinarySearchFunc(pages, file, func(p *Page, f string) int { return strings.Compare(p.File, f) })
	switch {
	case found && in:
		pages[i] = page
	case found:
		pages = slices.Delete(pages, i, i+1)
	case in:
		pages = slices.Insert(pages, i, page)
	}
	return pages
}

// remember keeps a walk of content/ and what loading it gave, and drops
// every file the walk did not find, so that deleted files do not hold
// memory for the life of a watch session.
func (c *Cache) remember(w walk, res *Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last, c.lastRes = &w, res
	c.changed, c.trusted = nil, false
	keep := make(map[string]bool, len(w.md))
	for _, f := range w.md {
		keep[f] = true
	}
	for p := range c.m {
		if !keep[p] {
			delete(c.m, p)
		}
	}
}

// load loads one file through the cache, which may be nil: from memory
// when Trust says it did not change, else by reading it. A load without a
// cache that packs its pages passes the worker's space as pk; the page is
// then to be packed before pk is used again.
func (c *Cache) load(fsys fs.FS, file string, conv *markdown.Converter, pk *packing) (*Page, diag.List) {
	if c == nil {
		var src []byte
		var err error
		if pk != nil {
			src, err = pk.read(fsys, file)
		} else {
			src, err = fs.ReadFile(fsys, file)
		}
		if err != nil {
			return nil, cannotRead(file, err)
		}
		return parse(file, src, conv, pk)
	}
	c.mu.Lock()
	e, ok := c.m[file]
	trusted := ok && !c.touched(file)
	c.mu.Unlock()
	if trusted {
		return e.page, e.probs
	}
	return c.read(fsys, file, conv)
}

// read reads file, converting it only when its bytes changed since the
// cache last saw it.
func (c *Cache) read(fsys fs.FS, file string, conv *markdown.Converter) (*Page, diag.List) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, cannotRead(file, err)
	}
	sum := maphash.Bytes(c.seed, src)
	c.mu.Lock()
	e, ok := c.m[file]
	c.mu.Unlock()
	if ok && e.sum == sum {
		return e.page, e.probs
	}
	page, probs := parse(file, src, conv, nil)
	c.mu.Lock()
	c.m[file] = cached{sum: sum, page: page, probs: probs}
	c.mu.Unlock()
	return page, probs
}

func cannotRead(file string, err error) diag.List {
	var probs diag.List
	probs.Add(file, 0, "cannot read: %v", unwrapPath(err))
	return probs
}
