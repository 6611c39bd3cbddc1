package serve

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
)

// BenchmarkEdit times a rebuild after a one-paragraph edit to one page of
// the site in $SR_BENCH_SITE (make one with bench/watch/run.sh), the way
// watch mode runs it: served is when the new pages were served, full when
// the search index was done too, search how long the index took of that.
// It restores the page when done.
func BenchmarkEdit(b *testing.B) {
	src := os.Getenv("SR_BENCH_SITE")
	if src == "" {
		b.Skip("set SR_BENCH_SITE to a site folder (see bench/watch)")
	}
	rel := os.Getenv("SR_BENCH_PAGE")
	if rel == "" {
		rel = "content/articles/00500-" // a prefix: the first match is used
	}
	matches, _ := filepath.Glob(filepath.Join(src, filepath.FromSlash(rel)) + "*")
	if len(matches) == 0 {
		b.Fatalf("no page %s* in %s", rel, src)
	}
	page := matches[0]
	rel, _ = filepath.Rel(src, page)
	rel = filepath.ToSlash(rel)
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)
	var served, full, search []time.Duration
	s := New(Config{Src: src, Builder: build.New(secondround.Theme()), OnRebuild: func(r Report) {
		served = append(served, r.Served)
		full = append(full, r.Duration)
		if r.Result != nil {
			search = append(search, r.Result.Search)
		}
	}})
	if _, err := s.Rebuild(nil); err != nil {
		b.Fatal(err)
	}
	served, full, search = nil, nil, nil
	i := bytes.LastIndex(orig, []byte("\n\n"))
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		edited := fmt.Appendf(nil, "%s\n\nAn edited paragraph, version %d.\n%s", orig[:i], n, orig[i:])
		if err := os.WriteFile(page, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Rebuild([]string{rel}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(pct(served, 50).Microseconds())/1000, "served-p50-ms")
	b.ReportMetric(float64(pct(served, 100).Microseconds())/1000, "served-max-ms")
	b.ReportMetric(float64(pct(full, 50).Microseconds())/1000, "full-p50-ms")
	b.ReportMetric(float64(pct(search, 50).Microseconds())/1000, "search-p50-ms")
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s) - 1) * p / 100
	return s[i]
}
