package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRecorder records every link and image that points into the site and
// replaces its destination with a marker. Resolution needs every page's URL,
// which one file cannot know; keeping it out of conversion is what lets a
// converted file be reused while other files change.
type linkRecorder struct{}

func (linkRecorder) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(docKey).(*docState)
	if st == nil {
		return
	}
	// The destinations are kept as found, and made one string at the end:
	// a big site holds every page's links to the end of its build, and one
	// object a page rather than one a link is less for the collector to
	// mark on every cycle.
	var dests [][]byte
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		image := false
		switch l := n.(type) {
		case *ast.Link:
			dest = &l.Destination
		case *ast.Image:
			dest, image = &l.Destination, true
		default:
			return ast.WalkContinue, nil
		}
		// Decide on the destination as the browser will see it: goldmark
		// resolves entities and backslash escapes when it renders, so
		// "&#106;avascript:" must be judged as "javascript:".
		d := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(*dest)))
		if !isInternal(d) {
			return ast.WalkContinue, nil
		}
		line, col := st.lines.pos(st.src, nodePos(n))
		st.doc.Links = append(st.doc.Links, Link{Line: line, Col: col, Image: image})
		dests = append(dests, d)
		// d may share the old destination's bytes, which are left as they
		// are: the node gets a new slice.
		*dest = []byte(Marker(len(st.doc.Links) - 1))
		return ast.WalkContinue, nil
	})
	if len(dests) == 0 {
		return
	}
	total := 0
	for _, d := range dests {
		total += len(d)
	}
	var all strings.Builder
	all.Grow(total)
	for _, d := range dests {
		all.Write(d)
	}
	at, joined := 0, all.String()
	links := st.doc.Links[len(st.doc.Links)-len(dests):]
	for i, d := range dests {
		links[i].Dest = joined[at : at+len(d)]
		at += len(d)
	}
}

// IsInternal reports whether a link destination points into this site: a
// relative path, an absolute path, or a bare #fragment. Anything with a
// scheme (https:, mailto:, javascript:) or a host (//example.com) is not.
func IsInternal(dest string) bool { return isInternal(dest) }

func isInternal[T string | []byte](dest T) bool {
	if len(dest) == 0 || len(dest) >= 2 && dest[0] == '/' && dest[1] == '/' {
		return false
	}
	for i := 0; i < len(dest); i++ {
		switch c := dest[i]; {
		case c == ':':
			return false
		case c == '/' || c == '?' || c == '#':
			return true
		}
	}
	return true
}

// nodePos finds a byte offset for n, climbing to its block when the inline
// node itself has none.
func nodePos(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if p := n.Pos(); p >= 0 {
			return p
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return -1
}
