//go:build !unix

package cli

import "time"

// cpuKnown says that processCPU does not read the process's CPU time.
const cpuKnown = false

// processCPU is 0 where the process's CPU time is not read: build
// -timings then leaves its CPU column out.
func processCPU() time.Duration { return 0 }
