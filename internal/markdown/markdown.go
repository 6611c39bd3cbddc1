// Package markdown is the one configured goldmark of the project: GitHub
// Flavored Markdown, footnotes, definition lists, typography, YAML front
// matter, heading ids with anchors, and the project's own blocks (emails,
// checklists). Converting a file depends on that file's bytes alone, so the
// result can be remembered by content: links to other pages are recorded and
// left as markers for the site to resolve once it knows every page's URL.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark"
	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v2"
)

// A Converter turns Markdown files into Docs. It is safe for concurrent use.
type Converter struct {
	md      goldmark.Markdown
	scratch sync.Pool // of *Scratch
}

// Scratch is the space a page is rendered into: its HTML and its plain
// text. One goroutine converting page after page reuses one (see
// ConvertInto).
type Scratch struct {
	html, text bytes.Buffer
	// w buffers writes to html, as goldmark's renderer wants: given a
	// plain writer, it makes a bufio.Writer of 4 KB for every page.
	w *bufio.Writer
	// heads and spans are collect's space for the headings.
	heads []byte
	spans [][3]int
}

// New returns the project's Markdown converter.
func New() *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.Typographer,
			meta.New(),
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(headingIDs{}, 800), util.Prioritized(&linkRecorder{}, 1000), util.Prioritized(taskTransformer{}, 900), util.Prioritized(emailTransformer{}, 900)),
		),
		goldmark.WithRendererOptions(
			// Raw HTML stays omitted (goldmark's safe default): content
			// cannot inject markup or script into a reader's page.
			renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{}, 100), util.Prioritized(&taskRenderer{}, 100), util.Prioritized(&emailRenderer{}, 100)),
		),
	)
	return &Converter{md: md, scratch: sync.Pool{New: func() any { return new(Scratch) }}}
}

// A Doc is what one Markdown file holds.
type Doc struct {
	// Meta is the front matter in file order; nil when there is none.
	Meta yaml.MapSlice
	// MetaErr is the YAML error of the front matter, if any, with its line
	// already counted from the top of the file.
	MetaErr *LineError
	// MetaPos is where each key and list item of the front matter is, by
	// path (see KeyPos), which goldmark-meta does not report, so that a
	// wrong value can be pointed at.
	MetaPos []KeyPos
	// HTML is the rendered body. Links recorded in Links appear in it as
	// markers (see Links) until the site resolves them. It is nil once
	// packed (see Pack): read it with AppendBody.
	HTML []byte
	// Headings lists the body's headings in order.
	Headings []Heading
	// Links lists the internal links and images the body holds, in order.
	Links []Link
	// Text is the body as plain text, one block a line, for search,
	// summaries and reading time. It is "" once packed: read it with
	// AppendText.
	Text string
	// Words counts the words of Text.
	Words int
	// Tasks counts the task-list items (checkboxes).
	Tasks int
	// Email is the plain text of the first ```email block, if any.
	Email string
	// Blanks are the distinct placeholders of that email's subject and
	// body, in order (see Blank).
	Blanks []Blank
	// Code lists the byte ranges of Text that came from code blocks other
	// than emails: searchable, but not prose a search snippet may show.
	Code [][2]int

	packed packed
}

// A Heading is one heading of a Doc.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
}

// A Link is one link or image whose destination has no scheme: a page path
// or URL of this site, to be checked and rewritten by the site.
type Link struct {
	Dest      string // as the author wrote it
	Line, Col int    // where the link starts; Col is 0 when unknown
	Image     bool
}

// LineError is a problem at a line of the converted file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%d: %s", e.Line, e.Msg) }

// Marker returns how link i of a Doc appears inside its HTML: as the whole
// value of an href or src attribute. Internal destinations are always
// replaced by markers, so an author cannot forge one.
func Marker(i int) string { return MarkerPrefix + strconv.Itoa(i) }

// MarkerPrefix begins every link marker.
const MarkerPrefix = "@@sr"

// Convert parses and renders src, which must be UTF-8 with LF line endings.
func (c *Converter) Convert(src []byte) (*Doc, error) {
	sc := c.scratch.Get().(*Scratch)
	defer c.putScratch(sc)
	doc, err := c.ConvertInto(src, sc)
	if err != nil {
		return nil, err
	}
	// A site holds every page at once: exact copies out of reused
	// buffers keep none of the slack that growing buffers per page would
	// (up to half of them), and save the growing.
	doc.HTML = bytes.Clone(doc.HTML)
	doc.Text = strings.Clone(doc.Text)
	return doc, nil
}

// ConvertInto is Convert rendering into sc: the doc's HTML and Text are
// sc's bytes, good until sc is used again. It is for a caller that packs
// the doc (see Pack) before then, and so has no use for copies of them.
func (c *Converter) ConvertInto(src []byte, sc *Scratch) (*Doc, error) {
	doc := &Doc{}
	root, pc, lines := c.parse(src, doc)

	items, err := meta.TryGetItems(pc)
	if err != nil {
		doc.MetaErr = metaError(err)
	}
	doc.Meta = items
	if items != nil || err != nil {
		doc.MetaPos = metaPositions(src)
	}

	collect(doc, root, src, lines, sc)
	if text := sc.text.Bytes(); len(text) > 0 {
		doc.Text = unsafe.String(unsafe.SliceData(text), len(text))
	}
	doc.Words = countWords(doc.Text)

	sc.html.Reset()
	if sc.w == nil {
		sc.w = bufio.NewWriter(&sc.html)
	}
	sc.w.Reset(&sc.html) // what a failed render left unwritten goes
	if err := c.md.Renderer().Render(sc.w, src, root); err != nil {
		return nil, err
	}
	doc.HTML = sc.html.Bytes()
	return doc, nil
}

// Render writes the HTML of src to w, the same HTML as Convert's, and
// makes nothing else: no headings, plain text, word counts or front
// matter lines. It is the goldmark floor that bench/floor times, the least
// work a build of the page can do.
func (c *Converter) Render(w io.Writer, src []byte) error {
	root, _, _ := c.parse(src, &Doc{})
	return c.md.Renderer().Render(w, src, root)
}

// parse parses src into doc's tree, with the project's transformers
// recording into doc, and every heading given an id.
func (c *Converter) parse(src []byte, doc *Doc) (ast.Node, parser.Context, lineIndex) {
	lines := newLineIndex(src)
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(docKey, &docState{doc: doc, src: src, lines: lines})
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return root, pc, lines
}

// putScratch returns sc for the next Convert, unless one huge page made
// it too big to be worth keeping.
func (c *Converter) putScratch(sc *Scratch) {
	if sc.html.Cap()+sc.text.Cap() <= 4<<20 {
		c.scratch.Put(sc)
	}
}

var docKey = parser.NewContextKey()

type docState struct {
	doc   *Doc
	src   []byte
	lines lineIndex
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range src {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(offset int) int {
	if offset < 0 {
		return 0
	}
	return sort.Search(len(l), func(i int) bool { return l[i] > offset })
}

// pos is the line of offset and its column in characters, both from 1; 0,
// 0 for an offset that is not known.
func (l lineIndex) pos(src []byte, offset int) (line, col int) {
	line = l.line(offset)
	if line == 0 || offset > len(src) {
		return line, 0
	}
	return line, 1 + utf8.RuneCount(src[l[line-1]:offset])
}

// metaError turns a yaml.v2 error, whose line counts from the first line of
// the front matter, into one whose line counts from the top of the file.
func metaError(err error) *LineError {
	msg := err.Error()
	line := 1
	var n int
	if _, scanErr := fmt.Sscanf(msg, "yaml: line %d:", &n); scanErr == nil {
		line = n + 1
		msg = msg[len(fmt.Sprintf("yaml: line %d: ", n)):]
	} else if len(msg) > 6 && msg[:6] == "yaml: " {
		msg = msg[6:]
	}
	return &LineError{Line: line, Msg: msg}
}
