package build

import (
	"slices"
	"testing"
	"time"
)

// TestProgressTimes gives each stage the CPU time used between its start
// and the next stage's, the last one up to the call.
func TestProgressTimes(t *testing.T) {
	var cpu time.Duration
	p := &Progress{CPU: func() time.Duration { cpu += 10 * time.Millisecond; return cpu }}
	p.Start("reading pages", 0)
	p.Start("rendering", 3)
	p.Add(3)
	p.Start("writing the search index", 0)
	times := p.Times()
	var stages []string
	for _, st := range times {
		stages = append(stages, st.Stage)
		if st.CPU != 10*time.Millisecond || st.Wall < 0 {
			t.Errorf("%s: CPU %v, wall %v; want 10ms and a wall time", st.Stage, st.CPU, st.Wall)
		}
	}
	if want := []string{"reading pages", "rendering", "writing the search index"}; !slices.Equal(stages, want) {
		t.Errorf("stages %q, want %q", stages, want)
	}
	if (*Progress)(nil).Times() != nil {
		t.Error("a nil Progress has times")
	}
}
