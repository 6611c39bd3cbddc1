package content

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/secondround/secondround/internal/diag"
	"gopkg.in/yaml.v2"
)

// A Field is one blank of a briefing sheet (kind: briefing), as the page's
// front matter declares it under fields:
//
//	fields:
//	  - name: company
//	    label: Company
//	    hint: As reception will know it
//	  - name: address
//	    label: Address and how to get there
//	    type: long
//	    lines: 3
//	  - name: interviewers
//	    label: Who you will meet
//	    columns: [Name, Role, What they care about]
//	    rows: 3
//
// The sheet's link keeps what a reader fills in under each field's name.
type Field struct {
	// Name is the field's key in the sheet's link, and the stem of its
	// ids: lowercase letters, digits and hyphens.
	Name  string
	Label string
	// Hint, when set, says what to write, beneath the label.
	Hint string
	// Type is text (one line, the default), long (several lines), phone,
	// email, or table (rows of Columns).
	Type string
	// Lines is how many lines a long field has to write on, on paper.
	Lines int
	// Columns are a table's headings, and Rows how many rows it has.
	Columns []string
	Rows    int
}

// FieldTypes are the types a field may have.
func FieldTypes() []string { return []string{"text", "long", "phone", "email", "table"} }

// fieldKeys are the keys a field may have.
func fieldKeys() []string {
	return []string{"name", "label", "hint", "type", "lines", "columns", "rows"}
}

// Limits on a field, so that a sheet still fits one printed page.
const (
	maxLines   = 12
	maxRows    = 10
	maxColumns = 5
	maxFields  = 40
)

var fieldName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)

// fields reads a briefing sheet's fields, reporting each problem at the
// value it is about.
func (r reader) fields(v any) []Field {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		r.badAt("fields", "fields: expected a list of fields, each with a name and a label, such as - {name: company, label: Company}")
		return nil
	}
	if len(list) > maxFields {
		r.badAt("fields", "fields: %d fields are more than a printed page holds (at most %d)", len(list), maxFields)
		return nil
	}
	var out []Field
	seen := map[string]string{}
	for i, item := range list {
		at := "fields." + strconv.Itoa(i)
		f, ok := r.field(at, item)
		if !ok {
			continue
		}
		if other, dup := seen[f.Name]; dup {
			r.badAt(at+".name", "%s.name: %q is the name of %s too: give each field a name of its own", at, f.Name, other)
			continue
		}
		seen[f.Name] = at
		out = append(out, f)
	}
	return out
}

// field reads one field; ok is false when it was too wrong to use.
func (r reader) field(at string, v any) (f Field, ok bool) {
	pairs, isMap := mapping(v)
	if !isMap {
		r.badAt(at, "%s: expected a field with a name and a label, such as {name: company, label: Company}", at)
		return f, false
	}
	ok = true
	values := map[string]any{}
	for _, kv := range pairs {
		key := fmt.Sprint(kv.Key)
		if !isFieldKey(key) {
			line, col := r.p.Pos(at)
			if kp, found := r.p.Doc.Pos(at + "." + key); found {
				line, col = kp.Line, kp.Col // the key itself, not its value
			}
			r.probs.AddAt(r.p.File, line, col, "%s.%s: not a key of a field: use %s", at, key, strings.Join(fieldKeys(), ", "))
			if n := diag.Nearest(key, fieldKeys()); n != "" {
				r.probs.Hint("did you mean %s?", n)
			}
			ok = false
			continue
		}
		values[key] = kv.Value
	}
	text := func(key string, required bool) string {
		s, isText := scalarString(values[key])
		switch {
		case !isText:
			r.badAt(at+"."+key, "%s.%s: expected text, got %s", at, key, describe(values[key]))
			ok = false
		case s == "" && required:
			r.badAt(at, "%s: %s is missing: every field needs a %s", at, key, key)
			ok = false
		}
		return s
	}
	f.Name, f.Label, f.Hint = text("name", true), text("label", true), text("hint", false)
	switch {
	case f.Name == "" || fieldName.MatchString(f.Name):
	case len(f.Name) > 40 && fieldName.MatchString(f.Name[:40]):
		r.badAt(at+".name", "%s.name: %q is longer than 40 characters: a name is a short key, and the label says the rest", at, f.Name)
		ok = false
	default:
		r.badAt(at+".name", "%s.name: %q is not a field name: use lowercase letters, digits and hyphens, such as %s", at, f.Name, suggestName(f.Name))
		ok = false
	}
	f.Type = text("type", false)
	if f.Type == "" {
		f.Type = "text"
		if _, has := values["columns"]; has {
			f.Type = "table"
		}
	}
	if !isFieldType(f.Type) {
		r.badAt(at+".type", "%s.type: unknown type %q: use one of %s", at, f.Type, strings.Join(FieldTypes(), ", "))
		if n := diag.Nearest(f.Type, FieldTypes()); n != "" {
			r.probs.Hint("did you mean type: %s?", n)
		}
		return f, false
	}
	return f, r.shape(at, &f, values) && ok
}

// shape reads the keys that belong to one type of field: lines to a long
// field, columns and rows to a table.
func (r reader) shape(at string, f *Field, values map[string]any) bool {
	ok := true
	for _, own := range []struct{ key, of string }{{"lines", "long"}, {"columns", "table"}, {"rows", "table"}} {
		if _, has := values[own.key]; has && f.Type != own.of {
			r.badAt(at+"."+own.key, "%s.%s: only a field of type %s has %s (this one is %s)", at, own.key, own.of, own.key, f.Type)
			ok = false
		}
	}
	count := func(key string, def, most int) int {
		v, has := values[key]
		if !has {
			return def
		}
		n, isInt := v.(int)
		if !isInt || n < 1 || n > most {
			r.badAt(at+"."+key, "%s.%s: expected a whole number from 1 to %d, got %s", at, key, most, quote(v))
			ok = false
			return def
		}
		return n
	}
	switch f.Type {
	case "long":
		f.Lines = count("lines", 3, maxLines)
	case "table":
		f.Rows = count("rows", 3, maxRows)
		cols, bad := stringList(values["columns"])
		cols = cleanList(cols)
		if bad >= 0 || len(cols) == 0 || len(cols) > maxColumns {
			r.badAt(at+".columns", "%s.columns: expected a list of 1 to %d column headings, such as [Name, Role, What they care about]", at, maxColumns)
			return false
		}
		f.Columns = cols
	}
	return ok
}

// briefing checks a page once its front matter is read: a briefing sheet
// has fields, and a page of another kind that declares fields keeps them
// for layouts, with a warning, since the author probably meant a sheet.
func (r reader) briefing(fields any, has bool) {
	p := r.p
	switch {
	case p.Kind == "briefing" && !has:
		line, col := p.Pos("kind")
		r.probs.AddAt(p.File, line, col, "kind: a briefing sheet needs fields: add fields: with a name and a label for each blank (secondround new briefing writes an example)")
	case p.Kind == "briefing":
		p.Fields = r.fields(fields)
	case has:
		p.Params["fields"] = plainValue(fields)
		line, _ := p.Pos("fields")
		*r.probs = append(*r.probs, diag.Problem{File: p.File, Line: line, Col: 1, Warning: true,
			Msg: "fields: only a briefing sheet has fields, and this page is kind " + p.Kind + " (layouts can still use them as .Page.Params.fields)", Hint: "add kind: briefing"})
	}
}

// badAt reports a problem at the front matter value at path (fields.2.name),
// or at the nearest key above it that the file has: a flow mapping
// ({name: a}) has no positions of its own.
func (r reader) badAt(path, format string, args ...any) {
	for {
		if _, ok := r.p.Doc.Pos(path); ok || !strings.Contains(path, ".") {
			break
		}
		path = path[:strings.LastIndexByte(path, '.')]
	}
	line, col := r.p.Pos(path)
	r.probs.AddAt(r.p.File, line, col, format, args...)
}

// mapping returns the keys and values of a YAML mapping in file order.
func mapping(v any) (yaml.MapSlice, bool) {
	switch m := v.(type) {
	case yaml.MapSlice:
		return m, true
	case map[any]any:
		out := make(yaml.MapSlice, 0, len(m))
		for k, e := range m {
			out = append(out, yaml.MapItem{Key: k, Value: e})
		}
		sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i].Key) < fmt.Sprint(out[j].Key) })
		return out, true
	}
	return nil, false
}

func isFieldKey(k string) bool {
	for _, f := range fieldKeys() {
		if k == f {
			return true
		}
	}
	return false
}

func isFieldType(t string) bool {
	for _, f := range FieldTypes() {
		if t == f {
			return true
		}
	}
	return false
}

// suggestName makes a field name of what an author wrote: "Company Name"
// becomes company-name.
func suggestName(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		default:
			dash = true
		}
	}
	if b.Len() == 0 || b.String()[0] < 'a' {
		return "field-" + b.String()
	}
	return b.String()
}

// ID is the field's id in the page: f-company.
func (f Field) ID() string { return "f-" + f.Name }

// A Cell is one blank of a table field: a row's entry in one column.
type Cell struct {
	Key    string // in the sheet's link: people.2.1, row 2, column 1
	ID     string // in the page: f-people-2-1
	Column string // its column's heading
	Row    int    // from 1
}

// Table returns a table field's cells, row by row; nil for other fields.
func (f Field) Table() [][]Cell {
	if f.Type != "table" {
		return nil
	}
	rows := make([][]Cell, f.Rows)
	for r := range rows {
		rows[r] = make([]Cell, len(f.Columns))
		for c, heading := range f.Columns {
			n := strconv.Itoa(r+1) + "." + strconv.Itoa(c+1)
			rows[r][c] = Cell{Key: f.Name + "." + n, ID: f.ID() + "-" + strings.ReplaceAll(n, ".", "-"), Column: heading, Row: r + 1}
		}
	}
	return rows
}
