package cli

import (
	"runtime/debug"
	"testing"
)

// TestLimitMemory sets the build's soft limit for the build alone, and
// leaves an author's GOMEMLIMIT be.
func TestLimitMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	stop := limitMemory(Env{Getenv: func(string) string { return "" }})
	if got := debug.SetMemoryLimit(-1); got != buildMemory {
		t.Errorf("limit during a build = %d, want %d", got, buildMemory)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after the build = %d, want the %d there was", got, before)
	}
	stop = limitMemory(Env{Getenv: func(k string) string {
		if k == "GOMEMLIMIT" {
			return "3GiB"
		}
		return ""
	}})
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit with GOMEMLIMIT set = %d, want it untouched (%d)", got, before)
	}
	stop()
}
