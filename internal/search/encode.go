package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
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
	hash string
}

// manifest is the file every query reads first; its URL is fingerprinted
// and goes into the pages, and it names every other file.
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
	// DocHash names the folder of per-page documents: a hash of them all.
	DocHash    string `json:"docs"`
	FilterHash string `json:"filters"`
	// Kinds names each kind of page for readers.
	Kinds map[string]string `json:"kinds"`
}

func (ix *index) encode(dir string, kinds map[string]string) *Index {
	out := &Index{Files: map[string][]byte{}}
	records, shards := ix.postings()

	var jobs []*file
	for _, s := range shards {
		jobs = append(jobs, &file{raw: s, gz: true})
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
	m := manifest{Version: 1, Docs: len(ix.docs), Stop: strings.Join(StopWords(), " "), Kinds: kinds}
	lex := ix.chunks(words, records, shardHash)
	typo := typoChunks(words)

	filters := &file{raw: ix.filters(), gz: true}
	docs := ix.docFiles()
	jobs = append(append(append([]*file{filters}, lex.files...), typo.files...), docs...)
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
	all := sha256.New()
	for _, f := range docs {
		all.Write([]byte(f.hash))
	}
	m.DocHash = hex.EncodeToString(all.Sum(nil))[:hashLen]
	for i, f := range docs {
		out.add(dir+"/d."+m.DocHash+"/"+strconv.Itoa(i)+".json", f)
	}
	mj, _ := json.Marshal(m)
	mf := &file{raw: mj}
	compress([]*file{mf})
	out.Manifest = dir + "/manifest." + mf.hash + ".json"
	out.add(out.Manifest, mf)
	out.Stats = Stats{Docs: len(ix.docs), Words: len(words), Terms: len(ix.terms), Shards: len(shards),
		LexChunks: len(lex.files), TypoChunks: len(typo.files)}
	for _, b := range out.Files {
		out.Stats.Bytes += len(b)
	}
	return out
}

func (ix *Index) add(name string, f *file) { ix.Files[name] = f.raw }

// postings encodes every term's posting list, inline when short and
// otherwise in shards of about postTarget bytes, in term order.
func (ix *index) postings() ([]record, [][]byte) {
	records := make([]record, len(ix.terms))
	var shards [][]byte
	var cur []byte
	for i, t := range ix.terms {
		b := encodeList(t.postings)
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
// better than posting by posting: document number gaps as varints, then a
// byte each of saturation (high five bits) and flags (low three), then a
// byte each of window mask.
func encodeList(ps []posting) []byte {
	b := make([]byte, 0, len(ps)*3)
	prev := uint32(0)
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(p.doc-prev))
		prev = p.doc
	}
	for _, p := range ps {
		b = append(b, p.sat<<3|p.flag)
	}
	for _, p := range ps {
		b = append(b, p.mask)
	}
	return b
}

type chunkSet struct {
	first []string
	files []*file
}

// chunks cuts sorted words into lexicon chunks of about lexTarget bytes,
// each holding the words, the records of their terms and the names of the
// shards those records point into; first keeps each chunk's first word.
func (ix *index) chunks(words []string, records []record, shardHash []string) chunkSet {
	var cs chunkSet
	for start := 0; start < len(words); {
		end, size := start, 0
		for end < len(words) && (end == start || size < lexTarget) {
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
		cs.files = append(cs.files, &file{raw: ix.chunk(words[start:end], records, shardHash), gz: true})
		start = end
	}
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

// docJSON is what the client shows of a result: fetched only for the
// results on screen.
type docJSON struct {
	URL   string   `json:"u"`
	Title string   `json:"t"`
	Kind  string   `json:"k"`
	Tags  []string `json:"g,omitempty"`
	Sum   string   `json:"s,omitempty"`
	Text  string   `json:"x"`
}

func (ix *index) docFiles() []*file {
	files := make([]*file, len(ix.docs))
	for i := range ix.docs {
		d := &ix.docs[i]
		text := d.Body
		if len(text) > maxText {
			cut := maxText
			for cut > 0 && text[cut]&0xC0 == 0x80 {
				cut--
			}
			text = text[:cut]
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(docJSON{URL: d.URL, Title: d.Title, Kind: d.Kind, Tags: d.Tags, Sum: d.Summary, Text: text})
		files[i] = &file{raw: bytes.TrimSpace(buf.Bytes())}
	}
	return files
}

// compress gzips the files that ask for it and names every file by the
// hash of what is written, on all cores.
func compress(files []*file) {
	var wg sync.WaitGroup
	next := make(chan *file)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
			for f := range next {
				if f.gz {
					buf.Reset()
					zw.Reset(&buf)
					_, _ = zw.Write(f.raw)
					_ = zw.Close()
					f.raw = bytes.Clone(buf.Bytes())
				}
				sum := sha256.Sum256(f.raw)
				f.hash = hex.EncodeToString(sum[:])[:hashLen]
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
}

// Stats describe a built index.
type Stats struct {
	Docs, Words, Terms, Shards, LexChunks, TypoChunks, Bytes int
}

func (s Stats) String() string {
	return fmt.Sprintf("%d pages, %d words, %d terms, %d posting shards, %d lexicon and %d typo chunks, %d bytes",
		s.Docs, s.Words, s.Terms, s.Shards, s.LexChunks, s.TypoChunks, s.Bytes)
}
