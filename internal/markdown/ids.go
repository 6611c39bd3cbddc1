package markdown

import (
	"strconv"

	"github.com/secondround/secondround/internal/slug"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// ids gives headings the ids that slug.Make gives their text, so that a
// fragment an author writes by hand ("#panel-etiquette") matches. Repeated
// headings get -1, -2 as GitHub does.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// headingIDs gives every heading without an id of its author's the id of
// its text as the reader sees it. goldmark's own ids came from the source
// line, so that "## [Pay](pay.md) &amp; perks" had pay-pay-md-amp-perks,
// and a two-line heading the id of its last line.
//
// Authors' ids are reserved first, so that none is given twice; then the
// headings without an id get theirs, in order, and then those whose author
// wrote an empty one ("# Title {#}"), which is invalid HTML. It runs
// before the transformers that give task items ids, as goldmark's did, so
// that a heading titled "Task 1" keeps task-1.
type headingIDs struct{}

func (headingIDs) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	var heads, unnamed, empty []*ast.Heading
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		heads = appendHeadings(heads, n)
	}
	ids := pc.IDs()
	for _, h := range heads {
		id, has := h.AttributeString("id")
		switch b, _ := id.([]byte); {
		case !has:
			unnamed = append(unnamed, h)
		case len(b) == 0:
			empty = append(empty, h)
		default:
			ids.Put(b)
		}
	}
	var text []byte
	for _, h := range append(unnamed, empty...) {
		text = appendPlain(text[:0], h, reader.Source())
		h.SetAttributeString("id", ids.Generate(text, ast.KindHeading))
	}
}

// appendHeadings appends n's headings, and those of the blocks it holds
// (quotes, lists, footnotes), in document order.
func appendHeadings(heads []*ast.Heading, n ast.Node) []*ast.Heading {
	if h, ok := n.(*ast.Heading); ok {
		return append(heads, h)
	}
	if n.Type() != ast.TypeBlock {
		return heads
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		heads = appendHeadings(heads, c)
	}
	return heads
}
