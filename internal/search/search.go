// Package search builds the site's search index at build time: the files
// that static/js/search.js reads to answer queries in the browser, with no
// server and no other tool.
//
// # Index
//
// Every regular page (but those whose front matter says search: false) is
// a document with five fields: title, tags, headings, summary and body.
// Text is split into words by Words (Unicode
// letters and digits, folded to lower case without accents), stop words
// are left out, and every other word is reduced to its Snowball English
// stem (github.com/kljensen/snowball), so that "interviewing" and
// "interviews" are one term. Each term's posting list gives, per page, its
// BM25F term frequency (fields weighted and length-normalised on their
// own, then saturated), whether the term is in the title, a tag or a
// heading, and which of 8 stretches of the body hold it, so the client can
// reward pages where the query's words are close together (but for terms
// on more than half the pages, which stand everywhere: see common).
//
// # Files
//
// The index is cut so that a query downloads little. All files live under
// one folder (Options.Dir) and are named by the hash of their content, so
// hosts may cache them for a year; the manifest too, unless Options.Manifest
// gives it a lasting name of its own (the build does, so that pages do not
// change when only the index does; hosts then revalidate it, like HTML):
//
//   - manifest.HASH.json: the first word and hash of every lexicon chunk
//     and of every typo chunk, the stop words, the names of the kinds, and
//     the hashes of the document folder and of the filter lists. Pages
//     link to it.
//   - l.HASH.bin: lexicon chunks, every indexed word in order, each with
//     its term's record: document count and either the posting list itself
//     (terms on one page) or the posting shard and offset where it starts.
//     A query word needs one chunk, and the completions of the last word
//     are its neighbours in the same chunk.
//   - y.HASH.bin: typo chunks, the same words ordered by first letter and
//     length, so the words one typo from a query word are a few chunks.
//   - p.HASH.bin: posting shards.
//   - f.HASH.bin: the pages of each kind and tag, for filters.
//   - m.HASH/N.json: per page, what a result shows at once: URL, title,
//     kind and tags, in a line of JSON. Fetched for the results listed.
//   - d.HASH/N.txt: per page, the text its snippet is cut from: the
//     summary on the first line, then the prose (code blocks left out), a
//     block a line. Fetched only for results on screen, once the reader
//     stops typing. Each folder's hash covers every page's file in it, so
//     that an edit to a page's text leaves the meta files where they were.
//
// Binary files are gzip-compressed on disk and inflated by the client
// with DecompressionStream, so the bytes sent do not depend on the host
// compressing them. The Searcher in this package reads the same files the
// way the client does; the tests use it to check ranking against the real
// content, and a browser test checks that the client agrees.
//
// # Queries
//
// A query is its first ten distinct words that are not stop words; a word
// in double quotes is searched as typed. Each word stands for its own term
// and, unless quoted, for the most common words it begins when it is the
// last word and still being typed (three letters or more), for other
// endings of a word no page has, and, failing those, for the commonest
// words one typo away (see Searcher.candidates). Pages that hold every
// word come first, whatever their scores, and are what Results.Full
// counts; Results.Words says which words were fixed, missing or not yet
// long enough to complete, for the reader to be told.
package search

import (
	"crypto/sha256"
	"encoding/binary"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/secondround/secondround/internal/markdown"
	"github.com/secondround/secondround/internal/parallel"
	"github.com/secondround/secondround/internal/site"
)

// Options configure an index.
type Options struct {
	// Dir is the output folder of the index files: _assets/search.
	Dir string
	// Manifest is the output path of the manifest (search/manifest.json).
	// It keeps one name while the index changes, so that pages, which
	// link to it, stay the same when only the index does: an edit then
	// changes the pages it touches, not every page of the site. The
	// manifest names the folder of the other files, which are named by
	// their content. Empty: a content-hashed name inside Dir.
	Manifest string
	// KindName names a kind of page as results show it ("email" →
	// "Sample email"); without it, kinds show as they are.
	KindName func(kind string) string
	// Memo, when set, keeps what each page gave the index for the next
	// Build of the same site, which then reads only the pages that
	// changed: watch mode's index after a one-page edit.
	Memo *Memo
	// Stream, when set and Memo is not, is given each page's two files
	// (what a result shows, and the text its snippets are cut from) as
	// soon as the index has read the page, and Write gives only the
	// rest: on a big site the texts are most of the index, and need not
	// all be held until it is written. Each Doc's Done is called after.
	// It is called from several goroutines at once.
	Stream func(name string, data []byte) error
}

// Index is a built index, ready to write.
type Index struct {
	// Manifest is the name of the manifest, which names every other file.
	Manifest string
	Stats    Stats
	files    map[string][]byte
	docs     []docFile
	metaDir  string // where docs' meta files go, by number
	docDir   string // where docs' texts go, by number
	dir      string // where the other files go
	// streamed says the docs' files went to Options.Stream, with errs
	// what it returned that was not nil.
	streamed bool
	errs     []error
}

// Names lists every file of the index (slash paths below the output
// folder), in order.
func (ix *Index) Names() []string {
	names := make([]string, 0, len(ix.files)+2*len(ix.docs))
	for name := range ix.files {
		names = append(names, name)
	}
	if ix.streamed {
		sort.Strings(names)
		return names
	}
	for i := range ix.docs {
		n := strconv.Itoa(i)
		names = append(names, ix.metaDir+n+".json", ix.docDir+n+".txt")
	}
	sort.Strings(names)
	return names
}

// File returns the bytes of the file name.
func (ix *Index) File(name string) ([]byte, bool) {
	if b, ok := ix.files[name]; ok {
		return b, true
	}
	return ix.docBytes(name, nil)
}

// docBytes appends to b the page file called name, a meta file or a text.
func (ix *Index) docBytes(name string, b []byte) ([]byte, bool) {
	if d, ok := ix.doc(name, ix.docDir, ".txt"); ok {
		return d.appendText(b), true
	}
	if d, ok := ix.doc(name, ix.metaDir, ".json"); ok {
		return append(b, d.meta...), true
	}
	return nil, false
}

// doc finds the page whose file in dir, named by its number and ext, is
// called name.
func (ix *Index) doc(name, dir, ext string) (*docFile, bool) {
	if n, ok := strings.CutPrefix(name, dir); ok {
		if i, err := strconv.Atoi(strings.TrimSuffix(n, ext)); err == nil && i >= 0 && i < len(ix.docs) && n == strconv.Itoa(i)+ext {
			return &ix.docs[i], true
		}
	}
	return nil, false
}

// Build indexes docs.
func Build(docs []Doc, opts Options) *Index {
	dir := strings.Trim(opts.Dir, "/")
	if dir == "" {
		dir = "search"
	}
	kinds := map[string]string{}
	for _, d := range docs {
		kinds[d.Kind] = d.Kind
		if opts.KindName != nil {
			kinds[d.Kind] = opts.KindName(d.Kind)
		}
	}
	manifest := strings.Trim(opts.Manifest, "/")
	if opts.Stream == nil || opts.Memo != nil {
		// The documents depend on the pages alone: they are made while
		// the index is, on whatever core the index leaves idle.
		files := make(chan []docFile, 1)
		go func() { files <- docFiles(docs) }()
		return build(docs, opts.Memo, nil).encode(dir, manifest, kinds, func() []docFile { return <-files })
	}
	// Streaming needs the folders' names, hashes of every page's files,
	// before the first page is read.
	files := docFiles(docs)
	metaDir, docDir := docDirs(dir, files)
	var mu sync.Mutex
	var errs []error
	bufs := sync.Pool{New: func() any { return new([]byte) }}
	ix := build(docs, nil, func(n int, body, prose string) {
		f := &files[n]
		name := strconv.Itoa(n)
		err := opts.Stream(metaDir+name+".json", f.meta)
		buf := bufs.Get().(*[]byte)
		text := snippetText(body, prose)
		f.textLen = len(text)
		*buf = appendText((*buf)[:0], f.summary, text)
		if e := opts.Stream(docDir+name+".txt", *buf); err == nil {
			err = e
		}
		bufs.Put(buf)
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
		if d := &docs[n]; d.Done != nil {
			d.Done()
		}
	})
	out := ix.encode(dir, manifest, kinds, func() []docFile { return files })
	out.streamed, out.errs = true, errs
	return out
}

// FromSite lists the pages of s that search finds: every regular page
// but those whose front matter says search: false, in the site's order
// (newest first).
func FromSite(s *site.Site) []Doc {
	docs := make([]Doc, 0, len(s.Regular))
	for _, p := range s.Regular {
		if p.NoSearch {
			continue
		}
		d := Doc{URL: p.URL, Title: p.Title, Kind: p.Kind, Summary: p.Summary}
		for _, t := range p.TagList {
			d.Tags = append(d.Tags, t.Name)
			d.TagSlugs = append(d.TagSlugs, t.Slug)
		}
		if p.Doc != nil {
			for _, h := range p.Doc.Headings {
				d.Headings = append(d.Headings, h.Text)
			}
			doc := p.Doc
			if doc.Packed() {
				d.Text, d.Code, d.Done = doc.AppendText, doc.Code, doc.DropText
			} else {
				d.Body, d.Prose = doc.Text, prose(doc.Text, doc.Code)
			}
			d.TextSum = textSum(doc)
		}
		docs = append(docs, d)
	}
	return docs
}

// textSum is a digest of a doc's text and of which parts of it are code:
// of all that a page's body and prose are made of.
func textSum(doc *markdown.Doc) [sha256.Size]byte {
	sum := doc.TextSum()
	h := sha256.New()
	h.Write(sum[:])
	var b [16]byte
	for _, r := range doc.Code {
		binary.LittleEndian.PutUint64(b[:8], uint64(r[0]))
		binary.LittleEndian.PutUint64(b[8:], uint64(r[1]))
		h.Write(b[:])
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// prose is text without the ranges code: what snippets may show. It is
// empty when text has no code, and then the same as text.
func prose(text string, code [][2]int) string {
	if len(code) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for _, r := range code {
		if r[0] >= at && r[1] <= len(text) {
			b.WriteString(text[at:r[0]])
			at = r[1]
		}
	}
	b.WriteString(text[at:])
	return b.String()
}

// Write passes every file of the index to write, on all cores, since a
// big site's index is thousands of files. It returns what write returned
// that was not nil. As the build's writers allow, a page's document is
// put together in a buffer that the next document reuses: one fresh copy
// of every page's text was 3% of a build's allocations.
func (ix *Index) Write(write func(name string, data []byte) error) []error {
	names := ix.Names()
	errs := make([]error, len(names))
	parallel.ForWith(len(names), func() *[]byte { return new([]byte) }, func(buf *[]byte, i int) {
		if b, ok := ix.docBytes(names[i], (*buf)[:0]); ok {
			*buf = b
			errs[i] = write(names[i], b)
			return
		}
		b, _ := ix.File(names[i])
		errs[i] = write(names[i], b)
	})
	out := append([]error(nil), ix.errs...)
	for _, err := range errs {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}
