package build

import (
	"sync"
	"sync/atomic"
)

// Progress is where a build is, for a progress line: the stage under way
// and how much of it is done. The build updates it; another goroutine
// reads it with Get while the build runs.
type Progress struct {
	mu    sync.Mutex
	stage string
	total int64
	done  atomic.Int64
}

// Get returns the stage under way, and how many of its total items are
// done (total is 0 for a stage without a count).
func (p *Progress) Get() (stage string, done, total int) {
	if p == nil {
		return "", 0, 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stage, int(p.done.Load()), int(p.total)
}

// Start begins a stage of total items.
func (p *Progress) Start(stage string, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage, p.total = stage, int64(total)
	p.done.Store(0)
}

// Add counts n more items of the stage done.
func (p *Progress) Add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

// set says that done of total items of the stage are done.
func (p *Progress) set(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = int64(total)
	if int64(done) > p.done.Load() {
		p.done.Store(int64(done))
	}
}
