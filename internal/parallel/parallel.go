// Package parallel runs loops on every core. A build is bound by CPU on
// machines with few cores, and its stages (loading, links, related pages,
// the search index, deleting the last output) spread their items the same
// way: goroutines that take the next item by counting. Handing items over
// through a channel instead left a core idle an eighth of the time.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for each i from 0 to n-1, on as many goroutines as there
// are cores, and returns when every call has.
func For(n int, fn func(i int)) {
	ForWith(n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { fn(i) })
}

// ForWith is For for work that needs scratch space of its own on each
// goroutine (a buffer, a compressor): each goroutine makes one with state
// and passes it to every call it makes.
func ForWith[S any](n int, state func() S, fn func(s S, i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := state()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(s, i)
			}
		}()
	}
	wg.Wait()
}
