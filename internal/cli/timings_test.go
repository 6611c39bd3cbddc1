package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/secondround/secondround/internal/build"
)

func TestTimingsTable(t *testing.T) {
	got := timingsTable([]build.StageTime{
		{Stage: "reading pages", Wall: 2437 * time.Millisecond, CPU: 4774 * time.Millisecond},
		{Stage: "rendering", Wall: 1976 * time.Millisecond, CPU: 3772 * time.Millisecond},
	})
	want := `stage              wall       CPU
reading pages   2.437 s   4.774 s
rendering       1.976 s   3.772 s
total           4.413 s   8.546 s
`
	if !cpuKnown {
		want = strings.ReplaceAll(strings.ReplaceAll(want, "  4.774 s", "        -"), "  3.772 s", "        -")
		want = strings.ReplaceAll(want, "  8.546 s", "        -")
	}
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestBuildTimings prints, with -timings, what each stage took after the
// summary, on stderr: stdout keeps its one line.
func TestBuildTimings(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	for _, cmd := range []string{"build", "check"} {
		env, stdout, stderr := testEnv(nil)
		if code := Run([]string{cmd, "-src", dir, "-timings"}, env); code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, stderr)
		}
		if strings.Count(stdout.String(), "\n") != 1 {
			t.Errorf("%s: stdout %q: want the summary line alone", cmd, stdout)
		}
		stages := []string{"stage ", "reading pages ", "checking links ", "rendering ", "writing the search index ", "total "}
		if cmd == "build" {
			stages = append(stages, "replacing the output folder ")
		}
		for _, s := range stages {
			if !strings.Contains(stderr.String(), "\n"+s) && !strings.HasPrefix(stderr.String(), s) {
				t.Errorf("%s: no %q row in\n%s", cmd, strings.TrimSpace(s), stderr)
			}
		}
	}
}
