package search

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestMemoMatchesFreshBuild edits a set of pages at random, step after
// step, and requires every file of the index built with a Memo to equal
// the file of an index built afresh. Some steps give a page words never
// seen before, so that the Memo's words pile up and it starts afresh.
func TestMemoMatchesFreshBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	common := strings.Fields("interview answer question salary offer team manager thank follow email prepare " +
		"research company role culture panel feedback negotiate remote schedule checklist résumé naïve the a of")
	fresh := 0
	word := func() string {
		if rng.IntN(8) == 0 {
			fresh++
			return fmt.Sprintf("unseen%dword", fresh)
		}
		return common[rng.IntN(len(common))]
	}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(word())
			b.WriteByte(' ')
		}
		return b.String()
	}
	newDoc := func(i int) Doc {
		return Doc{URL: fmt.Sprintf("/p/%d/", i), Title: text(3), Kind: "article", Tags: []string{word()},
			TagSlugs: []string{"t"}, Headings: []string{text(2)}, Summary: text(5), Body: text(40 + rng.IntN(60))}
	}
	var docs []Doc
	for i := range 30 {
		docs = append(docs, newDoc(i))
	}
	next := 30
	m := NewMemo()
	resets, last := 0, 0
	for step := range 120 {
		i := rng.IntN(len(docs))
		switch rng.IntN(7) {
		case 0:
			docs[i].Body = text(50)
		case 1:
			docs[i].Title = text(3)
		case 2:
			docs[i].Tags = []string{word(), word()}
		case 3:
			docs[i].Headings = append(slices.Clone(docs[i].Headings), text(2))
		case 4:
			docs = slices.Delete(docs, i, i+1)
		case 5:
			docs = append(docs, newDoc(next))
			next++
		case 6:
			// Many new words at once: the Memo's words outgrow those
			// in use.
			var b strings.Builder
			for range 1500 {
				fresh++
				fmt.Fprintf(&b, "novel%dterm ", fresh)
			}
			docs[i].Body = b.String()
		}
		want := Build(slices.Clone(docs), Options{})
		got := Build(slices.Clone(docs), Options{Memo: m})
		if len(m.words) < last {
			resets++
		}
		last = len(m.words)
		if !slices.Equal(got.Names(), want.Names()) {
			t.Fatalf("step %d: files differ:\n got %v\nwant %v", step, got.Names(), want.Names())
		}
		for _, name := range want.Names() {
			a, _ := got.File(name)
			b, _ := want.File(name)
			if !bytes.Equal(a, b) {
				t.Fatalf("step %d: %s differs from a fresh build", step, name)
			}
		}
	}
	if resets == 0 {
		t.Error("the Memo never started afresh")
	}
}
