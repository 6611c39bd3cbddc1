package markdown

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// collect walks the parsed body once for what the site needs besides HTML:
// headings, plain text, words, task items, the email block and its blanks.
// The plain text is written to sc.text, which collect resets first: the
// caller sets doc.Text, and so doc.Words, from it.
func collect(doc *Doc, root ast.Node, src []byte, lines lineIndex, sc *Scratch) {
	sc.text.Reset()
	c := collector{doc: doc, src: src, lines: lines, text: &sc.text, heads: sc.heads[:0], spans: sc.spans[:0]}
	c.walk(root)
	// A big site holds every page's headings to the end of its build: one
	// string for all of a page's ids and texts, rather than two or three
	// allocations a heading, leaves the collector far fewer objects to
	// mark on every cycle.
	all := string(c.heads)
	for i, sp := range c.spans {
		doc.Headings[i].ID, doc.Headings[i].Text = all[sp[0]:sp[1]], all[sp[1]:sp[2]]
	}
	sc.heads, sc.spans = c.heads, c.spans
}

// A collector is collect's walk. It recurses itself rather than through
// ast.Walk, whose callback per node, twice, cost more than what collect
// does at most nodes, on every page of every build.
type collector struct {
	doc   *Doc
	src   []byte
	lines lineIndex
	text  *bytes.Buffer
	// heads holds the headings' ids and texts end to end; spans says
	// where each heading's id starts, where its text starts, and where
	// that ends.
	heads []byte
	spans [][3]int
}

func (c *collector) walk(n ast.Node) {
	children := true
	switch n := n.(type) {
	case *ast.Heading:
		id, _ := n.AttributeString("id")
		idBytes, _ := id.([]byte)
		start := len(c.heads)
		c.heads = append(c.heads, idBytes...)
		mid := len(c.heads)
		c.heads = appendPlain(c.heads, n, c.src)
		c.spans = append(c.spans, [3]int{start, mid, len(c.heads)})
		c.doc.Headings = append(c.doc.Headings, Heading{Level: n.Level, Line: c.lines.line(nodePos(n))})
	case *ast.Text:
		c.text.Write(appendText(c.text.AvailableBuffer(), n, c.src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			c.text.WriteByte(' ')
		}
	case *ast.String:
		c.text.WriteString(html.UnescapeString(string(n.Value)))
	case *ast.AutoLink:
		c.text.Write(n.Label(c.src))
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

// appendPlain appends the text of an inline container such as a heading
// to dst, without the spaces it starts or ends with.
func appendPlain(dst []byte, n ast.Node, src []byte) []byte {
	at := len(dst)
	dst = appendInline(dst, n, src)
	kept := copy(dst[at:], bytes.TrimSpace(dst[at:]))
	return dst[:at+kept]
}

// appendInline appends the text of n's descendants, in order.
func appendInline(dst []byte, n ast.Node, src []byte) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			dst = appendText(dst, c, src)
			if c.SoftLineBreak() || c.HardLineBreak() {
				dst = append(dst, ' ')
			}
		case *ast.String:
			dst = append(dst, html.UnescapeString(string(c.Value))...)
		case *ast.AutoLink:
			dst = append(dst, c.Label(src)...)
		}
		dst = appendInline(dst, c, src)
	}
	return dst
}

// appendText appends the text a reader sees of t: its source with
// backslash escapes and entity references resolved, as goldmark's HTML
// writer resolves them ("Salary &amp; benefits" is "Salary & benefits"),
// except in code, whose text is as written.
func appendText(dst []byte, t *ast.Text, src []byte) []byte {
	seg := t.Segment.Value(src)
	if t.IsRaw() || !escapes(seg) {
		return append(dst, seg...)
	}
	// The writer escapes what it writes for HTML; unescaping that gives
	// the text.
	var w appender
	gmhtml.DefaultWriter.Write(&w, seg)
	return append(dst, html.UnescapeString(string(w))...)
}

// escapes reports whether s may hold a backslash escape or an entity
// reference, which ends in a semicolon: "Q&A" holds neither.
func escapes(s []byte) bool {
	if bytes.IndexByte(s, '\\') >= 0 {
		return true
	}
	amp := bytes.IndexByte(s, '&')
	return amp >= 0 && bytes.IndexByte(s[amp:], ';') >= 0
}

// An appender is the goldmark writer's buffered writer as a plain growing
// slice: nothing to flush.
type appender []byte

func (a *appender) Write(p []byte) (int, error)       { *a = append(*a, p...); return len(p), nil }
func (a *appender) WriteString(s string) (int, error) { *a = append(*a, s...); return len(s), nil }
func (a *appender) WriteByte(c byte) error            { *a = append(*a, c); return nil }
func (a *appender) WriteRune(r rune) (int, error) {
	n := len(*a)
	*a = utf8.AppendRune(*a, r)
	return len(*a) - n, nil
}
func (a *appender) Available() int { return cap(*a) - len(*a) }
func (a *appender) Buffered() int  { return len(*a) }
func (a *appender) Flush() error   { return nil }

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
