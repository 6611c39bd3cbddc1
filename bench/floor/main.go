// Command floor is the honest lower bound for a build: it reads every
// Markdown file of a site, converts it with the project's own goldmark
// configuration, and writes the HTML, in parallel on all cores, and nothing
// else: no layouts, tags, feeds or search, and none of what a build takes
// from a page besides its HTML (plain text, headings, word counts).
// bench/compare.py runs it beside secondround and Hugo.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/parallel"
)

func main() {
	src := flag.String("src", ".", "site `folder` holding content/")
	out := flag.String("out", "floor-out", "output `folder`")
	flag.Parse()
	start := time.Now()
	var files []string
	err := filepath.WalkDir(filepath.Join(*src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	conv := markdown.New()
	var mu sync.Mutex
	var firstErr error
	parallel.ForWith(len(files), func() *bytes.Buffer { return new(bytes.Buffer) }, func(buf *bytes.Buffer, i int) {
		if err := convert(conv, buf, *src, *out, files[i]); err != nil {
			mu.Lock()
			if firstErr == nil {
				firstErr = err
			}
			mu.Unlock()
		}
	})
	if firstErr != nil {
		fmt.Fprintln(os.Stderr, firstErr)
		os.Exit(1)
	}
	fmt.Printf("converted %d pages in %v\n", len(files), time.Since(start).Round(time.Millisecond))
}

func convert(conv *markdown.Converter, buf *bytes.Buffer, src, out, p string) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	buf.Reset()
	if err := conv.Render(buf, b); err != nil {
		return err
	}
	rel, _ := filepath.Rel(filepath.Join(src, "content"), p)
	dst := filepath.Join(out, strings.TrimSuffix(rel, ".md"), "index.html")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}
