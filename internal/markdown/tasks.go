package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Task lists are checklists a reader ticks on screen and on paper, so each
// item renders as an enabled checkbox with its text in a <label>: clicking
// the words ticks the box, and a screen reader announces the words as the
// box's name. goldmark's own renderer makes disabled boxes with bare text
// beside them, which a reader can neither tick nor click.
//
// The work is split in two because conversion runs on many files at once:
// taskTransformer, which runs once per file, numbers the items (task-1,
// task-2, ... in document order) and moves each item's text under a
// taskLabel node; taskRenderer, shared by every file, only writes markup.
// A checklist renders as
//
//	<ul class="task-list">
//	<li class="task-list-item"><input type="checkbox" class="task-check" id="task-1"><label class="task-label" for="task-1">Text</label></li>
//	</ul>
//
// with checked="" on the input for "- [x]", its state before a reader
// ticks anything.

// kindTaskLabel is the node kind of taskLabel. goldmark registers node kinds
// once per process, as a package-level value, like docKey.
var kindTaskLabel = ast.NewNodeKind("TaskLabel")

// taskLabel holds the inline content of a task item after its checkbox.
type taskLabel struct {
	ast.BaseInline
	For string // id of the item's checkbox
}

func (n *taskLabel) Kind() ast.NodeKind { return kindTaskLabel }

func (n *taskLabel) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"For": n.For}, nil)
}

// taskTransformer gives every task checkbox its id, puts the item's text in
// a label for it, and classes the item and its list so that stylesheets can
// tell a checklist from a bulleted list.
type taskTransformer struct{}

func (taskTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	var boxes []*east.TaskCheckBox
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if box, ok := n.(*east.TaskCheckBox); ok && entering {
			boxes = append(boxes, box)
		}
		return ast.WalkContinue, nil
	})
	if len(boxes) == 0 {
		return
	}
	used, _ := pc.IDs().(*ids)
	next := 1
	for _, box := range boxes {
		id := "task-" + strconv.Itoa(next)
		next++
		// A heading titled "Task 1" already owns task-1: skip to a free
		// number rather than give two elements one id.
		for used != nil && used.used[id] {
			id = "task-" + strconv.Itoa(next)
			next++
		}
		if used != nil {
			used.Put([]byte(id))
		}
		box.SetAttributeString("id", []byte(id))

		label := &taskLabel{For: id}
		for c := box.NextSibling(); c != nil; {
			after := c.NextSibling()
			label.AppendChild(label, c) // AppendChild detaches c from the text block first
			c = after
		}
		box.Parent().InsertAfter(box.Parent(), box, label)

		// The checkbox parser only matches at the start of a list item's
		// first block, so box → block → item → list always holds.
		item := box.Parent().Parent()
		item.SetAttributeString("class", []byte("task-list-item"))
		if list := item.Parent(); list != nil {
			list.SetAttributeString("class", []byte("task-list"))
		}
	}
}

// taskRenderer writes the checkbox and its label.
type taskRenderer struct{}

func (r *taskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, r.checkbox)
	reg.Register(kindTaskLabel, r.label)
}

func (r *taskRenderer) checkbox(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.TaskCheckBox)
	w.WriteString(`<input type="checkbox" class="task-check"`)
	if id, ok := n.AttributeString("id"); ok {
		w.WriteString(` id="`)
		w.Write(util.EscapeHTML(id.([]byte)))
		w.WriteByte('"')
	}
	if n.IsChecked {
		w.WriteString(` checked=""`)
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *taskRenderer) label(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</label>")
		return ast.WalkContinue, nil
	}
	n := node.(*taskLabel)
	w.WriteString(`<label class="task-label" for="`)
	w.Write(util.EscapeHTML([]byte(n.For)))
	w.WriteString(`">`)
	return ast.WalkContinue, nil
}
