package markdown

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// collect walks the parsed body once for what the site needs besides HTML:
// headings, plain text, words, task items, the email block and its blanks.
// The plain text is written to text, which collect resets first: the
// caller sets doc.Text, and so doc.Words, from it.
func collect(doc *Doc, root ast.Node, src []byte, lines lineIndex, text *bytes.Buffer) {
	text.Reset()
	c := collector{doc: doc, src: src, lines: lines, text: text}
	c.walk(root)
}

// A collector is collect's walk. It recurses itself rather than through
// ast.Walk, whose callback per node, twice, cost more than what collect
// does at most nodes, on every page of every build.
type collector struct {
	doc   *Doc
	src   []byte
	lines lineIndex
	text  *bytes.Buffer
}

func (c *collector) walk(n ast.Node) {
	children := true
	switch n := n.(type) {
	case *ast.Heading:
		id, _ := n.AttributeString("id")
		idStr, _ := id.([]byte)
		c.doc.Headings = append(c.doc.Headings, Heading{
			Level: n.Level,
			ID:    string(idStr),
			Text:  plain(n, c.src),
			Line:  c.lines.line(nodePos(n)),
		})
	case *ast.Text:
		c.text.Write(n.Segment.Value(c.src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			c.text.WriteByte(' ')
		}
	case *ast.String:
		c.text.WriteString(html.UnescapeString(string(n.Value)))
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var body strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			body.Write(seg.Value(c.src))
		}
		fc, ok := n.(*ast.FencedCodeBlock)
		email := ok && string(fc.Language(c.src)) == "email"
		if email && c.doc.Email == "" {
			c.doc.Email = body.String()
		}
		start := c.text.Len()
		c.text.WriteString(body.String())
		if !email && c.text.Len() > start {
			c.doc.Code = append(c.doc.Code, [2]int{start, c.text.Len()})
		}
		children = false
	case *east.TaskCheckBox:
		c.doc.Tasks++
	case *emailBlock:
		c.doc.Blanks = emailBlanks(n, c.src)
	}
	if children {
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			c.walk(ch)
		}
	}
	// Each block ends a line of the text.
	if n.Type() == ast.TypeBlock && c.text.Len() > 0 {
		if s := c.text.Bytes(); s[len(s)-1] != '\n' {
			c.text.WriteByte('\n')
		}
	}
}

// plain returns the text of an inline container such as a heading.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(c.Value)))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			t[c] = 1
		}
	}
	return t
}()

// countWords counts the runs of letters and digits in s. It reads every
// byte of every page, so the ASCII path takes no branch on the byte: text
// alternates letters and spaces too irregularly for a branch predictor,
// and the comparisons that were here cost a build 1.5% of its CPU.
func countWords(s string) int {
	var n, in uint8
	total := 0
	for i := 0; i < len(s); {
		var word uint8
		if c := s[i]; c < utf8.RuneSelf {
			word = asciiWord[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				word = 1
			}
			i += size
		}
		n = word &^ in
		total += int(n)
		in = word
	}
	return total
}
