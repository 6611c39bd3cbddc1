package content

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/secondround/secondround/internal/diag"
	"gopkg.in/yaml.v2"
)

// readFrontMatter fills p from its YAML front matter. Known keys must have
// the right type; every other key is kept in Params for layouts.
func readFrontMatter(p *Page, probs *diag.List) {
	p.Params = map[string]any{}
	r := reader{p: p, probs: probs}
	var fields any
	hasFields := false
	for _, item := range p.Doc.Meta {
		key, ok := item.Key.(string)
		if !ok {
			probs.AddAt(p.File, p.Line(fmt.Sprint(item.Key)), 1, "front matter key %v is not a name: keys are words such as title or tags", item.Key)
			continue
		}
		if key == "fields" {
			// Read once the kind is known, wherever kind: is.
			fields, hasFields = item.Value, true
			continue
		}
		if !r.known(key, item.Value) {
			r.param(key, item.Value)
		}
	}
	r.briefing(fields, hasFields)
	if p.Updated.IsZero() {
		p.Updated = p.Date
	}
}

// A reader reads the front matter of one page.
type reader struct {
	p     *Page
	probs *diag.List
}

// bad reports a problem with the value of key, at the value.
func (r reader) bad(key, format string, args ...any) {
	line, col := r.p.Pos(key)
	r.probs.AddAt(r.p.File, line, col, key+": "+format, args...)
}

// known reads key when it is one the build knows, and reports whether it
// is.
func (r reader) known(key string, v any) bool {
	p := r.p
	switch key {
	case "title":
		var ok bool
		p.Title, ok = scalarString(v)
		p.TitleSet = ok && p.Title != ""
		if !ok {
			r.bad(key, "expected text, got %s", describe(v))
		}
	case "summary", "description":
		if s, ok := scalarString(v); !ok {
			r.bad(key, "expected text, got %s", describe(v))
		} else if p.Summary == "" || key == "summary" {
			p.Summary = s
		}
		if key == "description" {
			p.Params[key] = v
		}
	case "kind":
		r.kind(v)
	case "slug":
		if s, ok := scalarString(v); !ok || strings.ContainsAny(s, "/\\") || s == "" || s == "." || s == ".." {
			r.bad(key, "expected one URL word such as thank-you-notes, got %s", quote(v))
		} else {
			p.Slug = s
		}
	case "layout":
		if s, ok := scalarString(v); !ok || v == nil || s == "" || strings.ContainsAny(s, "/\\.") {
			r.bad(key, "expected a layout name such as wide (for layouts/<kind>/wide.html), got %s", quote(v))
		} else {
			p.Layout = s
		}
	case "date", "updated":
		t, err := parseDate(v)
		switch {
		case err != nil:
			r.bad(key, "%s", err)
		case key == "date":
			p.Date = t
		default:
			p.Updated = t
		}
	case "tags", "aliases":
		r.list(key, v)
	case "draft", "list", "search":
		b, ok := v.(bool)
		if !ok {
			r.bad(key, "expected true or false, got %s%s", quote(v), boolHint(key))
		}
		switch {
		case !ok:
		case key == "draft":
			p.Draft = b
		case key == "list":
			p.Unlisted = !b
		default:
			p.NoSearch = !b
		}
	case "weight":
		r.weight(v)
	default:
		return false
	}
	return true
}

func (r reader) kind(v any) {
	s, _ := v.(string)
	if k, ok := knownKind(s); ok {
		r.p.Kind = k // the constant: the YAML's copy can go
		return
	}
	r.bad("kind", "unknown kind %s: use one of %s", quote(v), strings.Join(Kinds(), ", "))
	if n := diag.Nearest(s, Kinds()); n != "" {
		r.probs.Hint("did you mean kind: %s?", n)
	}
}

// list reads tags or aliases, pointing at the first item that is not text.
func (r reader) list(key string, v any) {
	list, at := stringList(v)
	if at < 0 {
		if key == "tags" {
			r.p.Tags = cleanList(list)
		} else {
			r.p.Aliases = cleanList(list)
		}
		return
	}
	item := key + "." + strconv.Itoa(at)
	if _, found := r.p.Doc.Pos(item); !found {
		item = key
	}
	line, col := r.p.Pos(item)
	r.probs.AddAt(r.p.File, line, col, "%s: expected a list of strings, such as [salary, follow-up]", key)
}

func (r reader) weight(v any) {
	switch n := v.(type) {
	case int:
		r.p.Weight = n
	case float64:
		if n != math.Trunc(n) || math.Abs(n) > 1e9 {
			r.bad("weight", "expected a whole number, got %v", n)
		}
		r.p.Weight = int(n)
	default:
		r.bad("weight", "expected a whole number, got %s", describe(v))
	}
}

// param keeps a key the build does not read for layouts, warning when it
// looks like a misspelt key the build does read.
func (r reader) param(key string, v any) {
	r.p.Params[key] = plainValue(v)
	if n := diag.Nearest(key, knownKeys()); n != "" {
		// Top-level keys start their line.
		*r.probs = append(*r.probs, diag.Problem{File: r.p.File, Line: r.p.Line(key), Col: 1,
			Msg: key + ": not a key the build reads (layouts can still use it as .Page.Params." + key + ")", Hint: "did you mean " + n + "?", Warning: true})
	}
}

// boolHint says what false does, for the keys where it is the point.
func boolHint(key string) string {
	switch key {
	case "list":
		return " (list: false keeps the page out of lists)"
	case "search":
		return " (search: false keeps the page out of search)"
	}
	return ""
}

// knownKeys are the front matter keys the build reads, on any page or on
// the home page, for "did you mean" hints on keys it does not know.
func knownKeys() []string {
	return []string{"title", "summary", "description", "kind", "slug", "layout", "date", "updated", "tags", "aliases",
		"draft", "list", "search", "weight", "subject", "base_url", "language", "process", "tomorrow", "headline", "fields"}
}

// knownKind returns the kind s names, and whether it names one.
func knownKind(s string) (string, bool) {
	for _, k := range Kinds() {
		if s == k {
			return k, true
		}
	}
	return "", false
}

func parseDate(v any) (time.Time, error) {
	switch d := v.(type) {
	case time.Time:
		return d.UTC(), nil
	case string:
		s := strings.TrimSpace(d)
		for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%s is not a date (use YYYY-MM-DD)", quote(v))
}

// scalarString accepts text, and numbers or booleans written where text was
// meant (title: 2024), as YAML reads those as other types.
func scalarString(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return strings.TrimSpace(s), true
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(s), true
	case nil:
		return "", true
	}
	return "", false
}

// stringList reads a list of strings, or one string, returning -1 and the
// list, or the index of the first item that is not text (0 when v is not
// a list at all).
func stringList(v any) ([]string, int) {
	switch l := v.(type) {
	case nil:
		return nil, -1
	case string:
		return []string{l}, -1
	case []any:
		out := make([]string, 0, len(l))
		for i, e := range l {
			s, ok := scalarString(e)
			if !ok || e == nil {
				return nil, i
			}
			out = append(out, s)
		}
		return out, -1
	}
	return nil, 0
}

func cleanList(l []string) []string {
	out := l[:0]
	for _, s := range l {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// plainValue turns yaml.v2's map[interface{}]interface{} into
// map[string]any, which templates can index.
func plainValue(v any) any {
	switch t := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = plainValue(e)
		}
		return m
	case yaml.MapSlice:
		m := make(map[string]any, len(t))
		for _, e := range t {
			m[fmt.Sprint(e.Key)] = plainValue(e.Value)
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plainValue(e)
		}
		return out
	}
	return v
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case []any:
		return "a list"
	case map[any]any, yaml.MapSlice:
		return "a mapping"
	case bool:
		return "true/false"
	case int, float64:
		return "a number"
	}
	return quote(v)
}

func quote(v any) string {
	switch t := v.(type) {
	case string:
		return fmt.Sprintf("%q", t)
	case nil:
		return "nothing"
	case []any, map[any]any, yaml.MapSlice:
		return describe(v)
	}
	return fmt.Sprintf("%q", fmt.Sprint(v))
}
