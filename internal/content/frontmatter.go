package content

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/secondround/secondround/internal/diag"
	"gopkg.in/yaml.v2"
)

// readFrontMatter fills p from its YAML front matter. Known keys must have
// the right type; every other key is kept in Params for layouts.
func readFrontMatter(p *Page, probs *diag.List) {
	p.Params = map[string]any{}
	bad := func(key, format string, args ...any) {
		probs.Add(p.File, p.Line(key), key+": "+format, args...)
	}
	for _, item := range p.Doc.Meta {
		key, ok := item.Key.(string)
		if !ok {
			probs.Add(p.File, 1, "front matter key %v is not a name: keys are words such as title or tags", item.Key)
			continue
		}
		v := item.Value
		switch key {
		case "title":
			p.Title, ok = scalarString(v)
			p.TitleSet = ok && p.Title != ""
			if !ok {
				bad(key, "expected text, got %s", describe(v))
			}
		case "summary", "description":
			if s, ok := scalarString(v); ok {
				if p.Summary == "" || key == "summary" {
					p.Summary = s
				}
			} else {
				bad(key, "expected text, got %s", describe(v))
			}
			if key == "description" {
				p.Params[key] = v
			}
		case "kind":
			s, _ := v.(string)
			if !validKind(s) {
				bad(key, "unknown kind %s: use one of %s", quote(v), strings.Join(Kinds(), ", "))
			} else {
				p.Kind = s
			}
		case "slug":
			s, ok := scalarString(v)
			if !ok || strings.ContainsAny(s, "/\\") || s == "" || s == "." || s == ".." {
				bad(key, "expected one URL word such as thank-you-notes, got %s", quote(v))
			} else {
				p.Slug = s
			}
		case "layout":
			if s, ok := v.(string); ok && s != "" && !strings.ContainsAny(s, "/\\.") {
				p.Layout = s
			} else {
				bad(key, "expected a layout name such as wide (for layouts/<kind>/wide.html), got %s", quote(v))
			}
		case "date", "updated":
			t, err := parseDate(v)
			if err != nil {
				bad(key, "%s", err)
			} else if key == "date" {
				p.Date = t
			} else {
				p.Updated = t
			}
		case "tags", "aliases":
			list, ok := stringList(v)
			if !ok {
				bad(key, "expected a list of strings, such as [salary, follow-up]")
			} else if key == "tags" {
				p.Tags = cleanList(list)
			} else {
				p.Aliases = cleanList(list)
			}
		case "draft":
			b, ok := v.(bool)
			if !ok {
				bad(key, "expected true or false, got %s", quote(v))
			}
			p.Draft = b
		case "search":
			b, ok := v.(bool)
			if !ok {
				bad(key, "expected true or false (false keeps the page out of search), got %s", quote(v))
			}
			p.NoSearch = ok && !b
		case "weight":
			switch n := v.(type) {
			case int:
				p.Weight = n
			case float64:
				if n != math.Trunc(n) || math.Abs(n) > 1e9 {
					bad(key, "expected a whole number, got %v", n)
				}
				p.Weight = int(n)
			default:
				bad(key, "expected a whole number, got %s", describe(v))
			}
		default:
			p.Params[key] = plainValue(v)
		}
	}
	if p.Updated.IsZero() {
		p.Updated = p.Date
	}
}

func validKind(s string) bool {
	for _, k := range Kinds() {
		if s == k {
			return true
		}
	}
	return false
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

func stringList(v any) ([]string, bool) {
	switch l := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{l}, true
	case []any:
		out := make([]string, 0, len(l))
		for _, e := range l {
			s, ok := scalarString(e)
			if !ok || e == nil {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
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
