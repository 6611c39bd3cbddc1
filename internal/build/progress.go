package build

import (
	"sync"
	"sync/atomic"
	"time"
)

// Progress is where a build is, for a progress line: the stage under way
// and how much of it is done. The build updates it; another goroutine
// reads it with Get while the build runs. It also keeps when each stage
// began, so that Times can say what each one took.
type Progress struct {
	// CPU, when not nil, returns the CPU time the process has used so
	// far, for Times. How to read it depends on the system, which is the
	// caller's to know.
	CPU func() time.Duration

	mu    sync.Mutex
	stage string
	total int64
	done  atomic.Int64
	began []began
}

// began is when a stage began, on the clock and in CPU time.
type began struct {
	stage string
	at    time.Time
	cpu   time.Duration
}

// StageTime is how long one stage of a build took: on the clock, and in
// CPU time over all cores (0 without Progress.CPU).
type StageTime struct {
	Stage     string
	Wall, CPU time.Duration
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
	b := began{stage: stage, at: time.Now()}
	if p.CPU != nil {
		b.cpu = p.CPU()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage, p.total = stage, int64(total)
	p.done.Store(0)
	p.began = append(p.began, b)
}

// Times returns what each stage took, in the order they ran, the last one
// up to now.
func (p *Progress) Times() []StageTime {
	if p == nil {
		return nil
	}
	end := began{at: time.Now()}
	if p.CPU != nil {
		end.cpu = p.CPU()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	times := make([]StageTime, len(p.began))
	for i, b := range p.began {
		next := end
		if i+1 < len(p.began) {
			next = p.began[i+1]
		}
		times[i] = StageTime{Stage: b.stage, Wall: next.at.Sub(b.at), CPU: next.cpu - b.cpu}
	}
	return times
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
