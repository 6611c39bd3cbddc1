package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/secondround/secondround/internal/build"
)

// timingsTable lays out what each stage of a build took, with the total,
// for build -timings. The CPU column adds up every core's time, so on a
// build that keeps all cores busy it is the wall time times the cores; it
// reads "-" where the system does not tell CPU time.
func timingsTable(times []build.StageTime) string {
	width := len("total")
	for _, t := range times {
		width = max(width, len(t.Stage))
	}
	var b strings.Builder
	row := func(stage, wall, cpu string) {
		fmt.Fprintf(&b, "%-*s %9s %9s\n", width, stage, wall, cpu)
	}
	row("stage", "wall", "CPU")
	var wall, cpu time.Duration
	for _, t := range times {
		row(t.Stage, seconds(t.Wall), cpuSeconds(t.CPU))
		wall += t.Wall
		cpu += t.CPU
	}
	row("total", seconds(wall), cpuSeconds(cpu))
	return b.String()
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f s", d.Seconds())
}

func cpuSeconds(d time.Duration) string {
	if !cpuKnown {
		return "-"
	}
	return seconds(d)
}
