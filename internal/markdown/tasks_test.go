package markdown

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with the current output")

// TestGolden renders each testdata/tasks/*.md and testdata/email/*.md and
// compares the HTML with the .html file beside it. Run with -update after a
// deliberate change and read the diff before committing it.
func TestGolden(t *testing.T) {
	tasks, _ := filepath.Glob(filepath.Join("testdata", "tasks", "*.md"))
	emails, _ := filepath.Glob(filepath.Join("testdata", "email", "*.md"))
	files := append(tasks, emails...)
	if len(tasks) == 0 || len(emails) == 0 {
		t.Fatal("no golden inputs in testdata/tasks or testdata/email")
	}
	conv := New()
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := conv.Convert(src)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, doc.HTML, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(doc.HTML, want) {
				t.Errorf("%s: rendered HTML differs from %s\n--- input\n%s\n%s", in, golden, src, lineDiff(string(want), string(doc.HTML)))
			}
		})
	}
}

// lineDiff shows the lines of want and got that differ, in order: enough to
// see what changed in short HTML files.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

// TestTaskIDs checks the properties the reader's browser relies on: every
// checkbox has a unique id, one label points at it, the ids follow
// document order, no box is disabled, and "- [x]" starts ticked.
func TestTaskIDs(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		ids     []string
		checked []string
	}{
		{"flat", "- [ ] a\n- [x] b\n- [ ] c\n", []string{"task-1", "task-2", "task-3"}, []string{"task-2"}},
		{"nested in document order", "- [ ] a\n  - [X] b\n- [ ] c\n", []string{"task-1", "task-2", "task-3"}, []string{"task-2"}},
		{"heading owns task-1", "# Task 1\n\n- [ ] a\n- [ ] b\n", []string{"task-2", "task-3"}, nil},
		{"no tasks", "- a\n- b\n\n[ ] not a task\n", nil, nil},
		{"empty item", "- [ ]\n- [x]\n", []string{"task-1", "task-2"}, []string{"task-2"}},
	}
	input := regexp.MustCompile(`<input ([^>]*)>`)
	label := regexp.MustCompile(`<label class="task-label" for="([^"]*)">`)
	conv := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := conv.Convert([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			html := string(doc.HTML)
			var ids, checked []string
			for _, m := range input.FindAllStringSubmatch(html, -1) {
				attrs := m[1]
				if strings.Contains(attrs, "disabled") {
					t.Errorf("checkbox is disabled: <input %s>", attrs)
				}
				id := regexp.MustCompile(`id="([^"]*)"`).FindStringSubmatch(attrs)
				if id == nil {
					t.Errorf("checkbox without id: <input %s>", attrs)
					continue
				}
				ids = append(ids, id[1])
				if strings.Contains(attrs, "checked") {
					checked = append(checked, id[1])
				}
			}
			if strings.Join(ids, ",") != strings.Join(tt.ids, ",") {
				t.Errorf("ids = %v, want %v\n%s", ids, tt.ids, html)
			}
			if strings.Join(checked, ",") != strings.Join(tt.checked, ",") {
				t.Errorf("checked = %v, want %v\n%s", checked, tt.checked, html)
			}
			var fors []string
			for _, m := range label.FindAllStringSubmatch(html, -1) {
				fors = append(fors, m[1])
			}
			if strings.Join(fors, ",") != strings.Join(tt.ids, ",") {
				t.Errorf("labels point at %v, want %v\n%s", fors, tt.ids, html)
			}
			if doc.Tasks != len(tt.ids) {
				t.Errorf("Doc.Tasks = %d, want %d", doc.Tasks, len(tt.ids))
			}
		})
	}
}

// TestTaskLabelText checks that an item's words stay in its label and its
// nested list stays outside it, so clicking a child item does not tick
// the parent.
func TestTaskLabelText(t *testing.T) {
	doc, err := New().Convert([]byte("- [ ] Parent *item*\n  - [ ] Child\n"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(doc.HTML)
	want := `<label class="task-label" for="task-1">Parent <em>item</em></label>`
	if !strings.Contains(html, want) {
		t.Errorf("missing %s in\n%s", want, html)
	}
	if !strings.Contains(html, "</label>\n<ul class=\"task-list\">") {
		t.Errorf("the nested list is inside the parent's label:\n%s", html)
	}
	if got, want := doc.Text, "Parent item\nChild\n"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}
