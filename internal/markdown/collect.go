package markdown

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// collect walks the parsed body once for what the site needs besides HTML:
// headings, plain text, words, task items and the email block.
func collect(doc *Doc, root ast.Node, src []byte, lines lineIndex) {
	var text strings.Builder
	text.Grow(len(src))
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering && n.Type() == ast.TypeBlock && text.Len() > 0 {
			if s := text.String(); s[len(s)-1] != '\n' {
				text.WriteByte('\n')
			}
		}
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				id, _ := n.AttributeString("id")
				idStr, _ := id.([]byte)
				doc.Headings = append(doc.Headings, Heading{
					Level: n.Level,
					ID:    string(idStr),
					Text:  plain(n, src),
					Line:  lines.line(nodePos(n)),
				})
			}
		case *ast.Text:
			if entering {
				text.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					text.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				text.WriteString(html.UnescapeString(string(n.Value)))
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				var body strings.Builder
				for i := 0; i < n.Lines().Len(); i++ {
					seg := n.Lines().At(i)
					body.Write(seg.Value(src))
				}
				if fc, ok := n.(*ast.FencedCodeBlock); ok && string(fc.Language(src)) == "email" && doc.Email == "" {
					doc.Email = body.String()
				}
				text.WriteString(body.String())
				return ast.WalkSkipChildren, nil
			}
		case *east.TaskCheckBox:
			if entering {
				doc.Tasks++
			}
		}
		return ast.WalkContinue, nil
	})
	doc.Text = text.String()
	doc.Words = countWords(doc.Text)
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
