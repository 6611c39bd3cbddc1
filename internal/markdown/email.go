package markdown

import (
	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A sample email is read, copied and printed as one thing: its subject
// line and its body. The subject lives in the front matter (subject:) and
// the body in the page's first ```email block, so emailTransformer puts the
// two together in the document:
//
//	<div class="email" data-email>
//	<p class="email-subject"><span class="email-field">Subject:</span> <span data-email-subject>Thank you: <span class="placeholder" data-blank="role">[Role]</span></span></p>
//	<pre class="email-body" data-email-body><span class="email-line">Dear <span class="placeholder" data-blank="interviewer name">[Interviewer name]</span>,
//	</span>...</pre>
//	</div>
//
// The data- attributes are what the page's script fills in and copies
// from; each line of the body is a span of its own (see blanks.go).

// kindEmail and kindEmailSubject are the node kinds of emailBlock and
// emailSubject, registered once per process as goldmark requires.
var (
	kindEmail        = ast.NewNodeKind("Email")
	kindEmailSubject = ast.NewNodeKind("EmailSubject")
)

// emailBlock wraps the subject and the body of the page's email.
type emailBlock struct{ ast.BaseBlock }

func (n *emailBlock) Kind() ast.NodeKind         { return kindEmail }
func (n *emailBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// emailSubject is the subject line, from the front matter.
type emailSubject struct {
	ast.BaseBlock
	Subject string
}

func (n *emailSubject) Kind() ast.NodeKind { return kindEmailSubject }
func (n *emailSubject) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Subject": n.Subject}, nil)
}

// emailTransformer wraps the first ```email block, the one Doc.Email
// holds, with the front matter's subject.
type emailTransformer struct{}

func (emailTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	var body *ast.FencedCodeBlock
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fc, ok := n.(*ast.FencedCodeBlock); ok && entering && string(fc.Language(reader.Source())) == "email" {
			body = fc
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if body == nil {
		return
	}
	wrap := &emailBlock{}
	body.Parent().ReplaceChild(body.Parent(), body, wrap)
	if s, ok := meta.Get(pc)["subject"].(string); ok && s != "" {
		wrap.AppendChild(wrap, &emailSubject{Subject: s})
	}
	wrap.AppendChild(wrap, body)
}

// emailRenderer writes the wrapper and the subject line; the body is the
// fenced block nodeRenderer writes.
type emailRenderer struct{}

func (r *emailRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindEmail, r.email)
	reg.Register(kindEmailSubject, r.subject)
}

func (r *emailRenderer) email(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString("<div class=\"email\" data-email>\n")
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (r *emailRenderer) subject(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*emailSubject)
	w.WriteString(`<p class="email-subject"><span class="email-field">Subject:</span> <span data-email-subject>`)
	writePlaceholders(w, []byte(n.Subject))
	w.WriteString("</span></p>\n")
	return ast.WalkSkipChildren, nil
}

// emailBlanks lists the blanks of an email block's subject and body.
func emailBlanks(n *emailBlock, src []byte) []Blank {
	var subject string
	var body [][]byte
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch ch := ch.(type) {
		case *emailSubject:
			subject = ch.Subject
		case *ast.FencedCodeBlock:
			for i := 0; i < ch.Lines().Len(); i++ {
				seg := ch.Lines().At(i)
				body = append(body, seg.Value(src))
			}
		}
	}
	return blanks(subject, body)
}
