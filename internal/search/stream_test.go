package search

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestStreamMatchesWrite builds one index twice: from docs that hold their
// text, written by Write; and from docs that give it on demand, their pages'
// files streamed as they are read, the rest written by Write, as the build
// command does. Every file must be the same, and every doc let go of.
func TestStreamMatchesWrite(t *testing.T) {
	var held, lazy []Doc
	for i := range 300 {
		body := strings.Repeat(fmt.Sprintf("Question %d for the hiring manager about the team. ", i%17), 3+i%40)
		var code [][2]int
		if i%5 == 0 {
			body += "\ngit log --oneline\n"
			code = [][2]int{{len(body) - len("git log --oneline\n"), len(body) - 1}}
		}
		d := Doc{URL: fmt.Sprintf("/articles/%d/", i), Title: fmt.Sprintf("Page %d", i), Kind: "article",
			Tags: []string{"Offers"}, TagSlugs: []string{"offers"}, Summary: "A summary.\nOn two lines."}
		sum := sha256.Sum256([]byte(body))
		d.TextSum = sha256.Sum256(append(sum[:], fmt.Sprint(code)...))
		h := d
		h.Body, h.Prose = body, prose(body, code)
		held = append(held, h)
		l := d
		l.Text = func(dst []byte) []byte { return append(dst, body...) }
		l.Code = code
		lazy = append(lazy, l)
	}
	// A doc given on demand without a digest is hashed from its text.
	lazy[7].TextSum, held[7].TextSum = [sha256.Size]byte{}, [sha256.Size]byte{}
	opts := Options{Dir: "_assets/search", Manifest: "search/manifest.json"}
	var mu sync.Mutex
	want := map[string][]byte{}
	for _, err := range Build(held, opts).Write(func(name string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		want[name] = bytes.Clone(b)
		return nil
	}) {
		t.Fatal(err)
	}

	got := map[string][]byte{}
	write := func(name string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := got[name]; ok {
			t.Errorf("%s written twice", name)
		}
		got[name] = bytes.Clone(b)
		return nil
	}
	done := make([]bool, len(lazy))
	for i := range lazy {
		lazy[i].Done = func() { done[i] = true }
	}
	opts.Stream = write
	ix := Build(lazy, opts)
	for _, err := range ix.Write(write) {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Fatalf("streamed %d files, written %d: the names differ", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs when streamed:\n%q\nwant\n%q", name, got[name], b)
		}
	}
	if i := slices.Index(done, false); i >= 0 {
		t.Errorf("doc %d was never let go of", i)
	}
}
