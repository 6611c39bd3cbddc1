package cli

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Go's collector lets the heap grow to twice what is live before it runs.
// A build of 100,000 pages has a little over a gigabyte live at its
// height, so it would take near three, where two are enough: a soft limit
// has the collector work harder as the heap nears it. On a site so big that
// the live heap itself nears the limit, collecting ever more often would
// cost more than the memory it saves, so the limit then moves up, to keep
// a quarter of the heap free. Smaller sites never reach it: it costs them
// nothing. GOMEMLIMIT, when set, is the author's choice and stands.
const (
	buildMemory = 1900 << 20
	liveShare   = 0.75 // of the limit, above which the limit moves up
	memoryCheck = 100 * time.Millisecond
)

// limitMemory sets the build's soft memory limit, unless the environment
// sets one, and keeps it ahead of the live heap until stop is called,
// which puts back the limit there was.
func limitMemory(env Env) (stop func()) {
	if env.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	before := debug.SetMemoryLimit(buildMemory)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := float64(buildMemory)
		tick := time.NewTicker(memoryCheck)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			if live := float64(sample[0].Value.Uint64()); live > liveShare*limit {
				limit = live / liveShare
				debug.SetMemoryLimit(int64(math.Min(limit, math.MaxInt64)))
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		debug.SetMemoryLimit(before)
	}
}
