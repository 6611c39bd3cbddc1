//go:build unix

package cli

import (
	"syscall"
	"time"
)

// cpuKnown says that processCPU reads the process's CPU time.
const cpuKnown = true

// processCPU is the CPU time the process has used so far, in user and
// system mode, over all its threads.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
