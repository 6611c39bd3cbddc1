package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders the nodes whose default HTML the project changes:
// headings gain a visible anchor link, and ```email blocks become emails
// with their placeholders marked.
type nodeRenderer struct{}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindFencedCodeBlock, r.fencedCode)
}

func (r *nodeRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	if entering {
		w.WriteString("<h")
		w.WriteByte(level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		// The anchor is for pointer users who want a link to the section;
		// it is kept out of the tab order and the accessible name so that
		// screen readers announce the heading alone.
		w.WriteString(`<a class="anchor" href="#`)
		w.Write(util.EscapeHTML(id.([]byte)))
		w.WriteString(`" aria-hidden="true" tabindex="-1">#</a>`)
	}
	w.WriteString("</h")
	w.WriteByte(level)
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) fencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	lang := n.Language(src)
	if string(lang) == "email" {
		w.WriteString(`<pre class="email-body" data-email-body>`)
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			writePlaceholders(w, seg.Value(src))
		}
		w.WriteString("</pre>\n")
		return ast.WalkSkipChildren, nil
	}
	w.WriteString("<pre><code")
	if lang != nil {
		w.WriteString(` class="language-`)
		w.Write(util.EscapeHTML(lang))
		w.WriteByte('"')
	}
	w.WriteByte('>')
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		w.Write(util.EscapeHTML(seg.Value(src)))
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// writePlaceholders escapes line and wraps each [Placeholder] in a span, so
// readers see at a glance what to replace before sending.
func writePlaceholders(w util.BufWriter, line []byte) {
	for {
		open := bytes.IndexByte(line, '[')
		if open < 0 {
			break
		}
		end := bytes.IndexByte(line[open:], ']')
		if end < 0 {
			break
		}
		end += open + 1
		w.Write(util.EscapeHTML(line[:open]))
		w.WriteString(`<span class="placeholder">`)
		w.Write(util.EscapeHTML(line[open:end]))
		w.WriteString(`</span>`)
		line = line[end:]
	}
	w.Write(util.EscapeHTML(line))
}
