package build

import (
	"fmt"
	"os"
	"testing"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/output"
	"github.com/secondround/secondround/internal/render"
	"github.com/secondround/secondround/internal/search"
	"github.com/secondround/secondround/internal/site"
)

// BenchmarkStages times each stage of the pipeline on a generated site, so
// that a profile of one stage can be read on its own:
//
//	go test ./internal/build -run '^$' -bench Stages -cpuprofile cpu.prof
func BenchmarkStages(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		dir := corpus(b, n)
		fsys := os.DirFS(dir)
		conv := markdown.New()
		b.Run(fmt.Sprintf("pages=%d/load", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				content.Load(fsys, conv, nil)
			}
		})
		var probs diag.List
		statics, _ := collectStatic(secondround.Theme(), fsys, &probs)
		in := site.Input{Content: content.Load(fsys, conv, nil), Static: statics}
		b.Run(fmt.Sprintf("pages=%d/model", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var probs diag.List
				site.New(in, site.Config{}, &probs)
			}
		})
		s := site.New(in, site.Config{}, &probs)
		assets := s.Assets()
		b.Run(fmt.Sprintf("pages=%d/layouts", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				render.Load(secondround.Theme(), nil, assets)
			}
		})
		b.Run(fmt.Sprintf("pages=%d/render", n), func(b *testing.B) {
			b.ReportAllocs()
			l, _ := render.Load(secondround.Theme(), nil, assets)
			for i := 0; i < b.N; i++ {
				// A problem stops a page's template where it arises, which
				// would time only part of the work: there must be none.
				if probs := l.Render(s, s.Outputs(), func(string, []byte) error { return nil }, render.Track{}); len(probs) > 0 {
					b.Fatalf("rendering: %v", probs[0])
				}
			}
		})
		b.Run(fmt.Sprintf("pages=%d/search", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				idx := search.Build(search.FromSite(s), search.Options{Dir: site.SearchDir, Manifest: site.SearchManifest, KindName: render.KindName})
				idx.Write(func(string, []byte) error { return nil })
			}
		})
		b.Run(fmt.Sprintf("pages=%d/whole", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Once(secondround.Theme()).Build(fsys, Options{}, &output.Discard{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
