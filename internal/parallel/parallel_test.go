package parallel

import (
	"sync/atomic"
	"testing"
)

// TestForCallsEachIndexOnce checks every index is called exactly once, for
// counts below, at and above the number of cores, and zero.
func TestForCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000} {
		calls := make([]atomic.Int32, n)
		For(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("n=%d: index %d called %d times", n, i, c)
			}
		}
	}
}

// TestForWithStatePerGoroutine checks that no two goroutines share a state:
// each state counts its calls without locking, and the counts add up.
func TestForWithStatePerGoroutine(t *testing.T) {
	type counter struct{ n int }
	var states []*counter
	var made atomic.Int32
	all := make(chan *counter, 64)
	ForWith(10000, func() *counter {
		made.Add(1)
		c := &counter{}
		all <- c
		return c
	}, func(c *counter, i int) { c.n++ })
	close(all)
	total := 0
	for c := range all {
		states = append(states, c)
		total += c.n
	}
	if total != 10000 || len(states) != int(made.Load()) {
		t.Errorf("%d calls over %d states, want 10000", total, len(states))
	}
}
