package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path"
	"reflect"
	"strings"
	"testing"
)

func TestOneEdit(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"interview", "intervew", true},   // a letter left out
		{"interview", "interrview", true}, // one too many
		{"interview", "intervieu", true},  // one wrong
		{"interview", "itnerview", true},  // two swapped
		{"interview", "interview", false}, // no typo at all
		{"interview", "itnervew", false},  // two typos
		{"salary", "slaray", false},
		{"é", "e", true},
	} {
		if got := oneEdit([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("oneEdit(%q, %q) = %v", tc.a, tc.b, got)
		}
		if got := oneEdit([]rune(tc.b), []rune(tc.a)); got != tc.want {
			t.Errorf("oneEdit(%q, %q) = %v", tc.b, tc.a, got)
		}
	}
}

// small is a site made for matching tests: each page is the only one with
// its words, so the first hit says which words matched.
var small = []Doc{
	{URL: "/negotiating/", Title: "Negotiating an offer", Kind: "article", Tags: []string{"Salary"}, TagSlugs: []string{"salary"},
		Body: "Wait for the offer before you negotiate. Anchor on the market rate."},
	{URL: "/thanks/", Title: "Thank-you notes", Kind: "email", Tags: []string{"Follow-up"}, TagSlugs: []string{"follow-up"},
		Body: "Send a short note to each person the same day."},
	{URL: "/panel/", Title: "Panels and long days", Kind: "article",
		Headings: []string{"Lunch with the team"}, Body: "A panel of four people may interview you over a long day."},
	{URL: "/français/", Title: "Négociation du salaire", Kind: "article", Body: "Une négociation réussie commence tôt."},
	{URL: "/checklist/", Title: "Checklist: the day before", Kind: "checklist", Tags: []string{"Salary"}, TagSlugs: []string{"salary"},
		Body: "Print the offer letter and the directions."},
}

func openSmall(t *testing.T) *Searcher {
	t.Helper()
	ix := Build(small, Options{Dir: "_assets/search"})
	s, err := Open(ix)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func first(t *testing.T, s *Searcher, q string, f Filter) string {
	t.Helper()
	res, err := s.Search(q, f, 10)
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].URL
}

func TestMatching(t *testing.T) {
	s := openSmall(t)
	for _, tc := range []struct {
		q    string
		f    Filter
		want string
	}{
		{"negotiating", Filter{}, "/negotiating/"},
		{"negotiate ", Filter{}, "/negotiating/"},    // another form, same stem
		{"negotiations ", Filter{}, "/negotiating/"}, // a form no page has: a shorter one it begins with
		{"negotiatng ", Filter{}, "/negotiating/"},   // a letter left out
		{"ngeotiating ", Filter{}, "/negotiating/"},  // two letters swapped
		{"nego", Filter{}, "/negotiating/"},          // the last word is a prefix while typing
		{"nego ", Filter{}, ""},                      // but not once a space ends it
		{"thnk ", Filter{}, "/thanks/"},              // four letters and nothing else matches: one typo
		{"PANELS", Filter{}, "/panel/"},
		{"lunch", Filter{}, "/panel/"}, // a heading
		{"negociation", Filter{}, "/français/"},
		{"négociation", Filter{}, "/français/"},
		{"négociatoin ", Filter{}, "/français/"}, // a typo in a word with an accent
		{"negociatoin", Filter{}, "/français/"},
		{"the and of", Filter{}, ""}, // stop words only
		{"salary", Filter{}, "/negotiating/"},
		{"salary", Filter{Kind: "checklist"}, "/checklist/"},
		{"offer", Filter{Tag: "salary", Kind: "checklist"}, "/checklist/"},
		{"offer", Filter{Tag: "follow-up"}, ""},
	} {
		if got := first(t, s, tc.q, tc.f); got != tc.want {
			t.Errorf("Search(%q, %+v): first %q, want %q", tc.q, tc.f, got, tc.want)
		}
	}
}

// TestFiles checks that every index file is named by its content, and that
// the output does not depend on anything but the pages.
func TestFiles(t *testing.T) {
	a := Build(small, Options{Dir: "_assets/search"})
	b := Build(small, Options{Dir: "_assets/search"})
	if !reflect.DeepEqual(a.Names(), b.Names()) {
		t.Fatal("two builds of the same pages make different files")
	}
	docs, metas := map[string][]byte{}, map[string][]byte{}
	for _, name := range a.Names() {
		data, _ := a.File(name)
		if again, _ := b.File(name); !bytes.Equal(data, again) {
			t.Errorf("%s differs between two builds of the same pages", name)
		}
		dir, base := path.Split(name)
		switch {
		case strings.HasPrefix(path.Base(dir), "d."):
			docs[name] = data
			continue
		case strings.HasPrefix(path.Base(dir), "m."):
			metas[name] = data
			continue
		}
		sum := sha256.Sum256(data)
		if parts := strings.Split(base, "."); len(parts) != 3 || parts[1] != hex.EncodeToString(sum[:])[:hashLen] {
			t.Errorf("%s is not named by its hash %s", name, hex.EncodeToString(sum[:])[:hashLen])
		}
		if strings.HasSuffix(name, ".bin") {
			if _, err := gzip.NewReader(bytes.NewReader(data)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if len(docs) != len(small) || len(metas) != len(small) {
		t.Errorf("%d texts and %d meta files for %d pages", len(docs), len(metas), len(small))
	}
	// Changing one page's text moves every text to a new folder, and
	// leaves the meta files, which do not hold it, where they were.
	changed := append([]Doc(nil), small...)
	changed[1].Body += " Really."
	c := Build(changed, Options{Dir: "_assets/search"})
	for name := range docs {
		if _, ok := c.File(name); ok {
			t.Errorf("%s kept its name after a page's text changed", name)
		}
	}
	for name, data := range metas {
		if again, ok := c.File(name); !ok || !bytes.Equal(again, data) {
			t.Errorf("%s moved or changed when only a page's text did", name)
		}
	}
	// A new title moves the meta files.
	changed[1].Title += " again"
	c = Build(changed, Options{Dir: "_assets/search"})
	for name := range metas {
		if _, ok := c.File(name); ok {
			t.Errorf("%s kept its name after a title changed", name)
		}
	}
}

// TestClientSize keeps the client under 12 KB gzipped, as hosts send it.
// (It was 10 KB before it painted titles ahead of snippets, fetched
// snippets only for results on screen and cancelled the ones a keystroke
// made useless: a query now sends a third of what it did, client included.)
func TestClientSize(t *testing.T) {
	src, err := os.ReadFile(repoRoot(t) + "/static/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(src)
	zw.Close()
	t.Logf("search.js: %d bytes, %d gzipped", len(src), buf.Len())
	if buf.Len() >= 12<<10 {
		t.Errorf("search.js is %d bytes gzipped; keep it under 12 KB", buf.Len())
	}
}

func TestDocJSON(t *testing.T) {
	for _, s := range []string{"plain", `quote " and \ backslash`, "tab\tnew\nline\r\x01\x1f", "é ü 面 \u2028", "bad \xff\xfe byte", `</script><b>`} {
		got := appendJSON(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("appendJSON(%q) = %s: %v", s, got, err)
			continue
		}
		want, _ := json.Marshal(s)
		var wantBack string
		json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("appendJSON(%q) reads back as %q, want %q", s, back, wantBack)
		}
	}
}

func TestSame(t *testing.T) {
	var key [24]byte
	buf := make([]byte, 64)
	for i := range buf {
		buf[i] = byte('x' + i%3)
	}
	for _, w := range []string{"a", "interview", "abcdefgh", "abcdefghi", "abcdefghijklmnopqrstuvw", "abcdefghijklmnopqrstuvwx"} {
		copy(key[:], "garbage-garbage-garbage-")
		copy(key[:], w)
		b := append(buf[:0], w...)
		if !same(&key, b) {
			t.Errorf("same(%q) is false", w)
		}
		other := append(buf[:0], w...)
		other[len(other)-1]++
		if same(&key, other) {
			t.Errorf("same(%q, %q) is true", w, other)
		}
		if same(&key, append(buf[:0], w[:len(w)-1]+"?"...)) {
			t.Errorf("same(%q) matches a changed last letter", w)
		}
	}
}

func TestParseQuery(t *testing.T) {
	stop := map[string]bool{}
	for _, w := range StopWords() {
		stop[w] = true
	}
	for _, tc := range []struct {
		q    string
		want string // words, * after an exact one, … after a prefix
	}{
		{"panel interview", "panel interview…"},
		{"panel interview ", "panel interview"},
		{"thank you", "thank"}, // a stop word at the end completes nothing before it
		{"thank yo", "thank yo…"},
		{`"panle" interview`, "panle* interview…"},
		{`“panle” interview`, "panle* interview…"},
		{`panel "intervew`, "panel intervew*"}, // an unclosed quote runs to the end
		{`"thank-you note"`, "thank* note*"},
		{"Interview INTERVIEW interview", "interview…"},
		{"a b c d e f g h i j k l m n o p", "b c d e f g h j k l"},
		{"", ""},
		{`""`, ""},
	} {
		var got []string
		for _, w := range parseQuery(tc.q, stop) {
			s := w.text
			if w.exact {
				s += "*"
			}
			if w.prefix {
				s += "…"
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("parseQuery(%q) = %q, want %q", tc.q, strings.Join(got, " "), tc.want)
		}
	}
}

// TestResults checks what a query says besides its hits: which pages hold
// every word, which words were fixed, missing or not typed yet.
func TestResults(t *testing.T) {
	s := openSmall(t)
	for _, tc := range []struct {
		q          string
		full       int
		words      string // each word: text, =fix, ! missing, … pending, * exact
		firstFull  string // the first hit, which must hold every word
		partialURL string // a hit that must come after the full ones
	}{
		{"offer day", 1, "offer day", "/checklist/", "/negotiating/"},
		{"panle ", 1, "panle=panel", "/panel/", ""},
		{"negotiations ", 1, "negotiations=negotiating", "/negotiating/", ""},
		{`"negotiations" `, 0, "negotiations!*", "", ""},
		{"offer xyzzy ", 0, "offer xyzzy!", "", "/negotiating/"},
		{"offer xy", 2, "offer xy…", "/negotiating/", ""},
		{"offer xyz", 0, "offer xyz!", "", "/negotiating/"},
		{"nego", 2, "nego", "/negotiating/", ""}, // négociation too
	} {
		res, err := s.Search(tc.q, Filter{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		var words []string
		for _, w := range res.Words {
			s := w.Text
			if w.Fix != "" {
				s += "=" + w.Fix
			}
			if w.Missing {
				s += "!"
			}
			if w.Pending {
				s += "…"
			}
			if w.Exact {
				s += "*"
			}
			words = append(words, s)
		}
		if got := strings.Join(words, " "); got != tc.words {
			t.Errorf("%q: words %q, want %q", tc.q, got, tc.words)
		}
		if res.Full != tc.full {
			t.Errorf("%q: %d pages hold every word, want %d", tc.q, res.Full, tc.full)
		}
		seenPartial := false
		for i, h := range res.Hits {
			if i == 0 && tc.firstFull != "" && (h.URL != tc.firstFull || !h.Full) {
				t.Errorf("%q: first hit %s (full %v), want %s with every word", tc.q, h.URL, h.Full, tc.firstFull)
			}
			if h.Full && seenPartial {
				t.Errorf("%q: %s holds every word, yet comes after a page that does not", tc.q, h.URL)
			}
			seenPartial = seenPartial || !h.Full
			if h.URL == tc.partialURL && h.Full {
				t.Errorf("%q: %s counted as holding every word", tc.q, h.URL)
			}
		}
		if tc.partialURL != "" && !seenPartial {
			t.Errorf("%q: no hit with only some words, want %s among them", tc.q, tc.partialURL)
		}
	}
}

// TestTermsInOneChunk checks that every word of a term is in the lexicon
// chunk of its others, on the real content: the client highlights the
// words of a term it matched from that chunk alone.
func TestTermsInOneChunk(t *testing.T) {
	docs := FromSite(loadSite(t, repoRoot(t)))
	ix := build(docs, nil, nil)
	words := make([]string, 0, len(ix.words))
	for w := range ix.words {
		words = append(words, w)
	}
	sortStrings(words)
	records, shards := ix.postings()
	hashes := make([]string, len(shards))
	for i := range hashes {
		hashes[i] = "0000000000"
	}
	cs := ix.chunks(words, records, hashes)
	chunkOf := map[string]int{}
	for c, first := range cs.first {
		chunkOf[first] = c
	}
	c, at := -1, map[int]int{}
	for _, w := range words {
		if n, ok := chunkOf[w]; ok {
			c = n
		}
		id := ix.words[w].id
		if prev, ok := at[id]; ok && prev != c {
			t.Errorf("%q is in chunk %d, other words of its term in chunk %d", w, c, prev)
		}
		at[id] = c
	}
	if len(cs.first) < 2 {
		t.Errorf("the real content makes only %d lexicon chunks: the test says nothing", len(cs.first))
	}
}

// FuzzQuery searches the small site for anything a reader may type: no
// query may fail or panic, and what comes back keeps its promises.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{"", "panle interview", `"panle" intervew`, `“négociation`, "a b c d e f g h i j k l", "nego", "xy", `""""`, "面试 准备", "thank-you's\x00\xff"} {
		f.Add(q)
	}
	ix := Build(small, Options{Dir: "_assets/search"})
	f.Fuzz(func(t *testing.T, q string) {
		s, err := Open(ix)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(q, Filter{}, 3)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if res.Full > res.Total || len(res.Hits) > 3 || len(res.Words) > maxWords {
			t.Fatalf("%q: %d full of %d, %d hits, %d words", q, res.Full, res.Total, len(res.Hits), len(res.Words))
		}
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Full && !res.Hits[i-1].Full {
				t.Fatalf("%q: a page with every word after one without", q)
			}
		}
	})
}
