package markdown

import (
	"strconv"

	"github.com/secondround/secondround/internal/slug"
	"github.com/yuin/goldmark/ast"
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
