package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/secondround/secondround/internal/build"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10002: "10,002", 1234567: "1,234,567", -4321: "-4,321"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestProgressLine draws a build's progress on one line and clears it at
// the end, so that the summary replaces it.
func TestProgressLine(t *testing.T) {
	var out syncBuffer
	p := &build.Progress{}
	p.Start("rendering", 10002)
	p.Add(4312)
	stop := showProgress(&out, p, 0)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "rendering 4,312 of 10,002 (") {
		if time.Now().After(deadline) {
			t.Fatalf("no progress line in %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	got := out.String()
	if !strings.HasPrefix(got, "\r\x1b[2K") || !strings.HasSuffix(got, "\r\x1b[2K") || strings.Contains(got, "\n") {
		t.Errorf("the progress is not one line, cleared at the end: %q", got)
	}
}

// TestNoProgressOffATerminal builds with stderr not a terminal, as in CI,
// a pipe or Netlify's log: only the summary is printed.
func TestNoProgressOffATerminal(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	env, stdout, stderr := testEnv(nil)
	if code := Run([]string{"build", "-src", dir}, env); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr.Len() > 0 || strings.Count(stdout.String(), "\n") != 1 {
		t.Errorf("stdout %q, stderr %q: want the summary line alone", stdout, stderr)
	}
}
