package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/secondround/secondround/internal/build"
)

// progressAfter is how long a build runs before it shows its progress: a
// quick build prints its summary and nothing else.
const progressAfter = time.Second

// showProgress draws where a build is on one line of w (a terminal) every
// tenth of a second, once the build has run for after. stop ends it and
// clears the line, for the summary that follows.
func showProgress(w io.Writer, p *build.Progress, after time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		drawn := false
		for {
			select {
			case <-done:
				if drawn {
					fmt.Fprint(w, "\r\x1b[2K")
				}
				return
			case <-tick.C:
				if time.Since(start) < after {
					continue
				}
				fmt.Fprint(w, "\r\x1b[2K"+progressLine(p, time.Since(start)))
				drawn = true
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// progressLine says where a build is: "rendering 4,312 of 10,002 (12s)".
func progressLine(p *build.Progress, elapsed time.Duration) string {
	stage, done, total := p.Get()
	if stage == "" {
		stage = "starting"
	}
	line := stage
	if total > 0 {
		line += " " + thousands(done) + " of " + thousands(total)
	}
	return line + fmt.Sprintf(" (%ds)", int(elapsed.Seconds()))
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
