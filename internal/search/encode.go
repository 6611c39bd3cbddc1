package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/secondround/secondround/internal/parallel"
)

// Sizes of the files the index is cut into, before compression. A query
// downloads one lexicon chunk per word and the postings of the terms it
// finds there; smaller chunks mean fewer wasted bytes per query but a
// longer manifest, which every first query downloads too.
const (
	lexTarget  = 4 << 10 // bytes of words and term records per lexicon chunk
	typoTarget = 8 << 10 // bytes of words per typo chunk
	postTarget = 4 << 10 // bytes of posting lists per shard, unless one list is longer
	// inlineMax is the longest posting list kept in the lexicon itself: a
	// page or two, no longer than the shard and offset that would point
	// at it.
	inlineMax = 5
	maxText   = 16 << 10
	hashLen   = 10 // hex digits of a content hash in a file name
)

// A record says where a term's postings are.
type record struct {
	id     int
	df     int
	inline []byte
	shard  int // when not inline
	off    int
}

// file is one output file before and after compression.
type file struct {
	name string
	raw  []byte
	gz   bool
	// fast compresses with Huffman codes alone: posting lists have few
	// repeats for LZ77 to find, and are most of the bytes to compress.
	fast bool
	hash string
}

// manifest is the file every query reads first, the one pages link to: it
// names every other file.
type manifest struct {
	Version int    `json:"v"`
	Docs    int    `json:"n"`
	Stop    string `json:"stop"`
	// Lex holds the first word of each lexicon chunk, LexHash their hashes
	// end to end.
	Lex     []string `json:"lex"`
	LexHash string   `json:"lexh"`
	// Typo holds the first key (see typoKey) of each typo chunk.
	Typo     []string `json:"typo"`
	TypoHash string   `json:"typoh"`
	// MetaHash names the folder of what a result shows at once (see
	// docFile), DocHash the folder of the texts snippets are cut from:
	// each a hash of all its files, so that an edit to one page's text
	// leaves the readers' cached titles valid.
	MetaHash   string `json:"meta"`
	DocHash    string `json:"docs"`
	FilterHash string `json:"filters"`
	// Kinds names each kind of page for readers.
	Kinds map[string]string `json:"kinds"`
	// Base is the folder of the other files, relative to the manifest,
	// when the manifest is not in it.
	Base string `json:"base,omitempty"`
}

func (ix *index) encode(dir, manifestPath string, kinds map[string]string, docs func() []docFile) *Index {
	out := &Index{files: map[string][]byte{}, dir: dir}
	records, shards := ix.postings()

	var jobs []*file
	for _, s := range shards {
		jobs = append(jobs, &file{raw: s, gz: true, fast: true})
	}
	compress(jobs)
	shardHash := make([]string, len(shards))
	for i, f := range jobs {
		shardHash[i] = f.hash
		out.add(dir+"/p."+f.hash+".bin", f)
	}

	words := make([]string, 0, len(ix.words))
	for w := range ix.words {
		words = append(words, w)
	}
	sortStrings(words)
	m := manifest{Version: 2, Docs: len(ix.docs), Stop: strings.Join(StopWords(), " "), Kinds: kinds}
	typos := make(chan chunkSet, 1)
	go func() { typos <- typoChunks(words) }()
	lex := ix.chunks(words, records, shardHash)
	typo := <-typos

	filters := &file{raw: ix.filters(), gz: true}
	out.docs = docs()
	jobs = append(append([]*file{filters}, lex.files...), typo.files...)
	compress(jobs)
	var lexHash, typoHash strings.Builder
	for _, f := range lex.files {
		lexHash.WriteString(f.hash)
		out.add(dir+"/l."+f.hash+".bin", f)
	}
	for _, f := range typo.files {
		typoHash.WriteString(f.hash)
		out.add(dir+"/y."+f.hash+".bin", f)
	}
	m.Lex, m.LexHash = lex.first, lexHash.String()
	m.Typo, m.TypoHash = typo.first, typoHash.String()
	m.FilterHash = filters.hash
	out.add(dir+"/f."+filters.hash+".bin", filters)
	m.MetaHash, m.DocHash = docHashes(out.docs)
	out.metaDir, out.docDir = docDirs(dir, out.docs)
	if manifestPath != "" {
		m.Base = strings.Repeat("../", strings.Count(manifestPath, "/")) + dir + "/"
	}
	mj, _ := json.Marshal(m)
	mf := &file{raw: mj}
	compress([]*file{mf})
	out.Manifest = dir + "/manifest." + mf.hash + ".json"
	if manifestPath != "" {
		out.Manifest = manifestPath
	}
	out.add(out.Manifest, mf)
	out.Stats = Stats{Docs: len(ix.docs), Words: len(words), Terms: len(ix.terms), Shards: len(shards),
		LexChunks: len(lex.files), TypoChunks: len(typo.files)}
	for _, b := range out.files {
		out.Stats.Bytes += len(b)
	}
	for _, d := range out.docs {
		out.Stats.Bytes += len(d.meta) + len(d.summary) + 1 + d.textLen
	}
	return out
}

func (ix *Index) add(name string, f *file) { ix.files[name] = f.raw }

// postings encodes every term's posting list, inline when short and
// otherwise in shards of about postTarget bytes, in term order.
func (ix *index) postings() ([]record, [][]byte) {
	records := make([]record, len(ix.terms))
	lists := make([][]byte, len(ix.terms))
	parallel.For(len(ix.terms), func(i int) { lists[i] = encodeList(ix.terms[i].postings, len(ix.docs)) })
	var shards [][]byte
	var cur []byte
	for i, t := range ix.terms {
		b := lists[i]
		records[i] = record{id: t.id, df: len(t.postings)}
		if len(b) <= inlineMax {
			records[i].inline = b
			continue
		}
		if len(cur) > 0 && len(cur)+len(b) > postTarget {
			shards = append(shards, cur)
			cur = nil
		}
		records[i].shard, records[i].off = len(shards), len(cur)
		cur = append(cur, b...)
	}
	if len(cur) > 0 {
		shards = append(shards, cur)
	}
	return records, shards
}

// encodeList writes a posting list column by column, which compresses
// better than posting by posting: the pages, then a byte each of
// saturation (high five bits) and flags (low three), then, unless the term
// is common (see common), a byte each of window mask. The pages are gaps between page numbers as varints, or,
// for a term on more than one page in eight (dense, see dense), a bitmap
// of all n pages, which is shorter.
func encodeList(ps []posting, n int) []byte {
	b := make([]byte, 0, len(ps)*3)
	if dense(len(ps), n) {
		bm := make([]byte, (n+7)/8)
		for _, p := range ps {
			bm[p.doc/8] |= 1 << (p.doc % 8)
		}
		b = append(b, bm...)
	} else {
		prev := uint32(0)
		for _, p := range ps {
			b = binary.AppendUvarint(b, uint64(p.doc-prev))
			prev = p.doc
		}
	}
	for _, p := range ps {
		b = append(b, p.sat<<3|p.flag)
	}
	if !common(len(ps), n) {
		for _, p := range ps {
			b = append(b, p.mask)
		}
	}
	return b
}

// dense reports whether a list of df postings among n pages is stored
// as a bitmap.
func dense(df, n int) bool { return df*8 > n }

// common reports whether a term of df pages among n is on more than half
// of them, and so stored without window masks, which the client takes as
// all set. Where such a word stands in a page says little (it stands
// almost everywhere, in almost every page), and the masks, a byte a page
// that hardly compresses, were most of the bytes of the longest lists,
// which most queries fetch.
func common(df, n int) bool { return df*2 > n }

type chunkSet struct {
	first []string
	files []*file
}

// chunks cuts sorted words into lexicon chunks of about lexTarget bytes,
// each holding the words, the records of their terms and the names of the
// shards those records point into; first keeps each chunk's first word.
// A chunk ends where no term has words on both sides, if one comes before
// the chunk is twice its size: the client highlights every word of a
// term it matched, and knows a term's words only from the chunk it read.
func (ix *index) chunks(words []string, records []record, shardHash []string) chunkSet {
	// clean[i]: a chunk may end after word i.
	last := make([]int, len(ix.terms))
	for i, w := range words {
		last[ix.words[w].id] = i
	}
	clean := make([]bool, len(words))
	reach := 0
	for i, w := range words {
		reach = max(reach, last[ix.words[w].id])
		clean[i] = reach <= i
	}
	var cs chunkSet
	var spans [][2]int
	for start := 0; start < len(words); {
		end, size := start, 0
		for end < len(words) && (end == start || size < lexTarget || !clean[end-1] && size < 2*lexTarget) {
			w := words[end]
			size += len(w)/2 + 2
			if r := records[ix.words[w].id]; r.inline != nil {
				size += len(r.inline) + 3
			} else {
				size += 6
			}
			end++
		}
		cs.first = append(cs.first, words[start])
		spans = append(spans, [2]int{start, end})
		start = end
	}
	cs.files = make([]*file, len(spans))
	parallel.For(len(spans), func(i int) {
		cs.files[i] = &file{raw: ix.chunk(words[spans[i][0]:spans[i][1]], records, shardHash), gz: true}
	})
	return cs
}

// typoChunks lists the words of three characters or more by typoKey, cut
// into chunks of about typoTarget bytes: only the words, front-coded, since
// the client looks a candidate up in the lexicon like any other word.
func typoChunks(words []string) chunkSet {
	var keys []string
	for _, w := range words {
		if n := runeLen(w); n >= 3 && n <= MaxWord {
			keys = append(keys, typoKey(w))
		}
	}
	sortStrings(keys)
	var cs chunkSet
	for start := 0; start < len(keys); {
		end, size := start, 0
		var b []byte
		last := ""
		for end < len(keys) && (end == start || size < typoTarget) {
			k := keys[end]
			shared := 0
			for shared < len(k) && shared < len(last) && k[shared] == last[shared] {
				shared++
			}
			b = binary.AppendUvarint(b, uint64(shared))
			b = binary.AppendUvarint(b, uint64(len(k)-shared))
			b = append(b, k[shared:]...)
			size += len(k) - shared + 2
			last = k
			end++
		}
		cs.first = append(cs.first, keys[start])
		cs.files = append(cs.files, &file{raw: append(binary.AppendUvarint(nil, uint64(end-start)), b...), gz: true})
		start = end
	}
	return cs
}

func (ix *index) chunk(words []string, records []record, shardHash []string) []byte {
	var ids []int
	local := map[int]int{}
	for _, w := range words {
		id := ix.words[w].id
		if _, ok := local[id]; !ok {
			local[id] = 0
			ids = append(ids, id)
		}
	}
	sort.Ints(ids)
	var shardIDs []int
	shardLocal := map[int]int{}
	for i, id := range ids {
		local[id] = i
		if r := records[id]; r.inline == nil {
			if _, ok := shardLocal[r.shard]; !ok {
				shardLocal[r.shard] = len(shardIDs)
				shardIDs = append(shardIDs, r.shard)
			}
		}
	}
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(shardIDs)))
	for _, s := range shardIDs {
		h, _ := hex.DecodeString(shardHash[s])
		b = append(b, h...)
	}
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		r := records[id]
		b = binary.AppendUvarint(b, uint64(r.df))
		if r.inline != nil {
			b = append(b, 0)
			b = binary.AppendUvarint(b, uint64(len(r.inline)))
			b = append(b, r.inline...)
		} else {
			b = binary.AppendUvarint(b, uint64(shardLocal[r.shard]+1))
			b = binary.AppendUvarint(b, uint64(r.off))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(words)))
	last := ""
	for _, w := range words {
		shared := 0
		for shared < len(w) && shared < len(last) && w[shared] == last[shared] {
			shared++
		}
		b = binary.AppendUvarint(b, uint64(shared))
		b = binary.AppendUvarint(b, uint64(len(w)-shared))
		b = append(b, w[shared:]...)
		b = binary.AppendUvarint(b, uint64(local[ix.words[w].id]))
		last = w
	}
	return b
}

// typoKey orders words for typo lookups: by first character, then length,
// so that the words one typo away from a query word (same first letter,
// length within one) are a few neighbouring stretches of the typo chunks.
// The length is one character, '0' plus the number of characters.
func typoKey(w string) string {
	_, size := firstRune(w)
	return w[:size] + string(rune('0'+runeLen(w))) + w[size:]
}

func firstRune(w string) (rune, int) {
	for i, r := range w {
		_ = i
		return r, len(string(r))
	}
	return 0, 0
}

// filters writes the pages of each kind and each tag, for the client's
// filters: per filter its key ("k:email", "t:salary"), then its page
// numbers as gaps.
func (ix *index) filters() []byte {
	lists := map[string][]int{}
	for n, d := range ix.docs {
		lists["k:"+d.Kind] = append(lists["k:"+d.Kind], n)
		for _, t := range d.TagSlugs {
			lists["t:"+t] = append(lists["t:"+t], n)
		}
	}
	keys := make([]string, 0, len(lists))
	for k := range lists {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(lists[k])))
		prev := 0
		for _, n := range lists[k] {
			b = binary.AppendUvarint(b, uint64(n-prev))
			prev = n
		}
	}
	return b
}

// docJSON is what a result shows at once, before its snippet: the page's
// meta file, one line of JSON, fetched for the results on screen as soon as
// they are known. It is small, so that painting a list of results costs
// little more than the list.
type docJSON struct {
	URL   string   `json:"u"`
	Title string   `json:"t"`
	Kind  string   `json:"k"`
	Tags  []string `json:"g,omitempty"`
}

// A docFile is a page's two files: its meta (see docJSON), and the text
// its snippet is cut from, fetched only for results on screen once the
// reader stops typing: the summary on the first line, then the page's prose,
// one block a line. The text is kept in parts and joined only when written:
// on a big site the texts are most of the index's bytes, and need not all
// be in memory at once.
type docFile struct {
	meta    []byte
	summary string
	// text is the page's prose, cut to maxText; or, for a doc whose text
	// is had on demand (Doc.Text), "" and the doc to have it from again
	// when written, rather than every page's text held until then.
	text     string
	lazy     *Doc
	textLen  int
	metaHash [sha256.Size]byte
	textHash [sha256.Size]byte
}

func (d *docFile) appendText(b []byte) []byte {
	if d.lazy != nil {
		d.lazy.withText(nil, func(body, prose string) { b = appendText(b, d.summary, snippetText(body, prose)) })
		return b
	}
	return appendText(b, d.summary, d.text)
}

// appendText appends a page's text file: its summary, then its text.
func appendText(b []byte, summary, text string) []byte {
	b = slices.Grow(b, len(summary)+1+len(text))
	return append(append(append(b, summary...), '\n'), text...)
}

// docHashes are the hashes that name the folders of the docs' meta files
// and of their texts.
func docHashes(docs []docFile) (meta, text string) {
	metas, texts := sha256.New(), sha256.New()
	for _, d := range docs {
		metas.Write(d.metaHash[:])
		texts.Write(d.textHash[:])
	}
	return hex.EncodeToString(metas.Sum(nil))[:hashLen], hex.EncodeToString(texts.Sum(nil))[:hashLen]
}

// docDirs are the folders of the docs' meta files and of their texts,
// below dir.
func docDirs(dir string, docs []docFile) (metaDir, docDir string) {
	meta, text := docHashes(docs)
	return dir + "/m." + meta + "/", dir + "/d." + text + "/"
}

func docFiles(docs []Doc) []docFile {
	files := make([]docFile, len(docs))
	parallelChunks(len(docs), 64, func(lo, hi int) {
		chunk := new([8 << 10]byte)
		for i := lo; i < hi; i++ {
			files[i] = newDocFile(&docs[i], chunk)
		}
	})
	return files
}

// snippetText is what a page's snippets are cut from: its prose, or its
// body when it has no code, cut to maxText bytes.
func snippetText(body, text string) string {
	if text == "" {
		text = body
	}
	if len(text) > maxText {
		cut := maxText
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
		text = text[:cut]
	}
	return text
}

// newDocFile makes a page's files; chunk is scratch space for hashing.
func newDocFile(d *Doc, chunk *[8 << 10]byte) docFile {
	var text string
	if d.Text == nil {
		text = snippetText(d.Body, d.Prose)
	}
	b := make([]byte, 0, len(d.Title)+len(d.URL)+64)
	b = append(b, `{"u":`...)
	b = appendJSON(b, d.URL)
	b = append(b, `,"t":`...)
	b = appendJSON(b, d.Title)
	b = append(b, `,"k":`...)
	b = appendJSON(b, d.Kind)
	if len(d.Tags) > 0 {
		b = append(b, `,"g":[`...)
		for i, t := range d.Tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, t)
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	f := docFile{meta: b, summary: oneLine(d.Summary), text: text, textLen: len(text)}
	f.metaHash = sha256.Sum256(b)
	h := sha256.New()
	h.Write([]byte(f.summary))
	h.Write([]byte{'\n'})
	if d.Text != nil {
		// The text itself is had when the page is read (see Build).
		f.lazy = d
	}
	if d.TextSum != [sha256.Size]byte{} {
		h.Write(d.TextSum[:])
		h.Sum(f.textHash[:0])
		return f
	}
	if f.lazy != nil {
		// No digest to go by: the text had on demand is hashed.
		d.withText(nil, func(body, prose string) { text = strings.Clone(snippetText(body, prose)) })
	}
	// The hash takes bytes; copying the text through a small buffer
	// spares allocating a copy of every page.
	for t := text; len(t) > 0; {
		n := copy(chunk[:], t)
		h.Write(chunk[:n])
		t = t[n:]
	}
	h.Sum(f.textHash[:0])
	return f
}

// oneLine joins the lines of s with spaces: a summary is one line of its
// page's text file.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// appendJSON appends s as a JSON string: written by hand because
// encoding/json's reflection costs more than the rest of a page's
// document, and there are ten thousand of them on a big site. Bytes that
// are not UTF-8 become U+FFFD, as encoding/json makes them.
func appendJSON(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// parallelChunks calls fn for stretches of at most size of 0 to n-1, on
// all cores.
func parallelChunks(n, size int, fn func(lo, hi int)) {
	parallel.For((n+size-1)/size, func(c int) { fn(c*size, min(n, (c+1)*size)) })
}

// compress gzips the files that ask for it and names every file by the
// hash of what is written, on all cores.
func compress(files []*file) {
	type gz struct {
		buf          *bytes.Buffer
		small, quick *gzip.Writer
	}
	parallel.ForWith(len(files), func() gz {
		buf := new(bytes.Buffer)
		small, _ := gzip.NewWriterLevel(buf, gzip.DefaultCompression)
		quick, _ := gzip.NewWriterLevel(buf, gzip.HuffmanOnly)
		return gz{buf, small, quick}
	}, func(z gz, i int) {
		f := files[i]
		if f.gz {
			zw := z.small
			if f.fast {
				zw = z.quick
			}
			z.buf.Reset()
			zw.Reset(z.buf)
			_, _ = zw.Write(f.raw)
			_ = zw.Close()
			f.raw = bytes.Clone(z.buf.Bytes())
		}
		sum := sha256.Sum256(f.raw)
		f.hash = hex.EncodeToString(sum[:])[:hashLen]
	})
}

// Stats describe a built index.
type Stats struct {
	Docs, Words, Terms, Shards, LexChunks, TypoChunks, Bytes int
}

func (s Stats) String() string {
	return fmt.Sprintf("%d pages, %d words, %d terms, %d posting shards, %d lexicon and %d typo chunks, %d bytes",
		s.Docs, s.Words, s.Terms, s.Shards, s.LexChunks, s.TypoChunks, s.Bytes)
}
