package markdown

import (
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
	id, hasID := n.AttributeString("id")
	if entering {
		if hasID {
			w.WriteString(`<div class="heading">`)
		}
		w.WriteString("<h")
		w.WriteByte(level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	w.WriteString("</h")
	w.WriteByte(level)
	w.WriteByte('>')
	if hasID {
		// The anchor is a link to the section, for anyone who wants to
		// share it: reachable by keyboard and on touch screens. It sits
		// beside the heading rather than in it, so that the heading's
		// accessible name is its text alone, and its own name says which
		// section it links to ("#" alone would not). The word joiner
		// (U+2060) before the "#" keeps it on the line of the heading's
		// last word: a line never breaks beside one.
		w.WriteString(`<a class="anchor" href="#`)
		w.Write(util.EscapeHTML(id.([]byte)))
		w.WriteString(`" aria-label="Link to this section: `)
		w.Write(util.EscapeHTML(appendPlain(nil, n, src)))
		w.WriteString("\">\u2060#</a></div>")
	}
	w.WriteString("\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) fencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	lang := n.Language(src)
	if string(lang) == "email" {
		// A line of its own for each line of the email, so that the
		// page's script can drop a line whose one placeholder the
		// reader leaves out.
		w.WriteString(`<pre class="email-body" data-email-body>`)
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			w.WriteString(`<span class="email-line">`)
			writePlaceholders(w, seg.Value(src))
			w.WriteString(`</span>`)
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
