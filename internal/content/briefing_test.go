package content

import (
	"reflect"
	"strings"
	"testing"

	"github.com/secondround/secondround/internal/markdown"
)

// TestBriefingFields reads the fields of briefing sheets: every type with
// its defaults, and each way a field can be wrong, reported at its value
// with file, line and column.
func TestBriefingFields(t *testing.T) {
	conv := markdown.New()
	sheet := func(fields string) string {
		return "---\ntitle: Sheet\nkind: briefing\nfields:\n" + fields + "---\nFill it in.\n"
	}
	for _, tc := range []struct {
		name   string
		src    string
		want   []Field
		probs  []string
		hints  []string
		params bool // fields kept in Params, as on a page of another kind
	}{
		{
			name: "every type, defaults filled in",
			src: sheet("  - name: company\n    label: Company\n    hint: As reception knows it\n" +
				"  - {name: when, label: Date and time}\n" +
				"  - name: address\n    label: Address\n    type: long\n" +
				"  - name: prepare\n    label: Prepare\n    type: long\n    lines: 5\n" +
				"  - name: people\n    label: Who you will meet\n    columns: [Name, Role, What they care about]\n" +
				"  - name: panel\n    label: Panel\n    type: table\n    columns: [Name]\n    rows: 2\n" +
				"  - name: phone\n    label: Phone\n    type: phone\n  - name: mail\n    label: Email\n    type: email\n"),
			want: []Field{
				{Name: "company", Label: "Company", Hint: "As reception knows it", Type: "text"},
				{Name: "when", Label: "Date and time", Type: "text"},
				{Name: "address", Label: "Address", Type: "long", Lines: 3},
				{Name: "prepare", Label: "Prepare", Type: "long", Lines: 5},
				{Name: "people", Label: "Who you will meet", Type: "table", Columns: []string{"Name", "Role", "What they care about"}, Rows: 3},
				{Name: "panel", Label: "Panel", Type: "table", Columns: []string{"Name"}, Rows: 2},
				{Name: "phone", Label: "Phone", Type: "phone"},
				{Name: "mail", Label: "Email", Type: "email"},
			},
		},
		{name: "kind after fields", src: "---\ntitle: S\nfields:\n  - {name: a, label: A}\nkind: briefing\n---\nx\n",
			want: []Field{{Name: "a", Label: "A", Type: "text"}}},
		{name: "no fields", src: "---\ntitle: S\nkind: briefing\n---\nx\n",
			probs: []string{"content/x.md:3:7: kind: a briefing sheet needs fields: add fields: with a name and a label for each blank (secondround new briefing writes an example)"}},
		{name: "fields not a list", src: "---\ntitle: S\nkind: briefing\nfields: company\n---\nx\n",
			probs: []string{"content/x.md:4:9: fields: expected a list of fields, each with a name and a label, such as - {name: company, label: Company}"}},
		{name: "a field that is text", src: sheet("  - company\n"),
			probs: []string{"content/x.md:5:3: fields.0: expected a field with a name and a label, such as {name: company, label: Company}"}},
		{name: "no name", src: sheet("  - label: Company\n"),
			probs: []string{"content/x.md:5:3: fields.0: name is missing: every field needs a name"}},
		{name: "no label", src: sheet("  - name: company\n"),
			probs: []string{"content/x.md:5:3: fields.0: label is missing: every field needs a label"}},
		{name: "a name with spaces", src: sheet("  - name: Company Name\n    label: Company\n"),
			probs: []string{`content/x.md:5:11: fields.0.name: "Company Name" is not a field name: use lowercase letters, digits and hyphens, such as company-name`}},
		{name: "a name too long", src: sheet("  - name: company-name-as-it-appears-on-the-building-and-badge\n    label: Company\n"),
			probs: []string{`content/x.md:5:11: fields.0.name: "company-name-as-it-appears-on-the-building-and-badge" is longer than 40 characters: a name is a short key, and the label says the rest`}},
		{name: "two fields, one name", src: sheet("  - name: role\n    label: Role\n  - name: role\n    label: Job\n"),
			probs: []string{`content/x.md:7:11: fields.1.name: "role" is the name of fields.0 too: give each field a name of its own`}},
		{name: "a label that is a list", src: sheet("  - name: role\n    label: [a, b]\n"),
			probs: []string{"content/x.md:6:12: fields.0.label: expected text, got a list"}},
		{name: "a misspelt key", src: sheet("  - name: role\n    label: Role\n    hnit: The job title\n"),
			probs: []string{"content/x.md:7:5: fields.0.hnit: not a key of a field: use name, label, hint, type, lines, columns, rows"},
			hints: []string{"did you mean hint?"}},
		{name: "an unknown type", src: sheet("  - name: when\n    label: When\n    type: dat\n"),
			probs: []string{`content/x.md:7:11: fields.0.type: unknown type "dat": use one of text, long, phone, email, table`}},
		{name: "a near type", src: sheet("  - name: when\n    label: When\n    type: phnoe\n"),
			probs: []string{`content/x.md:7:11: fields.0.type: unknown type "phnoe": use one of text, long, phone, email, table`},
			hints: []string{"did you mean type: phone?"}},
		{name: "lines on a text field", src: sheet("  - name: when\n    label: When\n    lines: 2\n"),
			probs: []string{"content/x.md:7:12: fields.0.lines: only a field of type long has lines (this one is text)"}},
		{name: "too many lines", src: sheet("  - name: note\n    label: Note\n    type: long\n    lines: 40\n"),
			probs: []string{`content/x.md:8:12: fields.0.lines: expected a whole number from 1 to 12, got "40"`}},
		{name: "rows without columns", src: sheet("  - name: people\n    label: People\n    type: table\n    rows: 2\n"),
			probs: []string{"content/x.md:5:3: fields.0.columns: expected a list of 1 to 5 column headings, such as [Name, Role, What they care about]"}},
		{name: "columns not text", src: sheet("  - name: people\n    label: People\n    columns: [Name, {a: b}]\n"),
			probs: []string{"content/x.md:7:14: fields.0.columns: expected a list of 1 to 5 column headings, such as [Name, Role, What they care about]"}},
		{name: "several problems, all reported", src: sheet("  - name: A\n    label: A\n  - name: b\n  - name: c\n    label: C\n    rows: x\n"),
			probs: []string{
				`content/x.md:5:11: fields.0.name: "A" is not a field name: use lowercase letters, digits and hyphens, such as a`,
				"content/x.md:7:3: fields.1: label is missing: every field needs a label",
				"content/x.md:10:11: fields.2.rows: only a field of type table has rows (this one is text)",
			}},
		{name: "fields on an article", src: "---\ntitle: S\nfields: [a]\n---\nx\n", params: true,
			probs: []string{"content/x.md:3:1: warning: fields: only a briefing sheet has fields, and this page is kind article (layouts can still use them as .Page.Params.fields)"},
			hints: []string{"add kind: briefing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, probs := Parse("content/x.md", []byte(tc.src), conv)
			var got, hints []string
			for _, pr := range probs {
				got = append(got, pr.String())
				if pr.Hint != "" {
					hints = append(hints, pr.Hint)
				}
			}
			if !reflect.DeepEqual(got, tc.probs) {
				t.Fatalf("problems:\n got %q\nwant %q", got, tc.probs)
			}
			if !reflect.DeepEqual(hints, tc.hints) {
				t.Errorf("hints %q, want %q", hints, tc.hints)
			}
			if tc.want != nil && !reflect.DeepEqual(p.Fields, tc.want) {
				t.Errorf("fields:\n got %+v\nwant %+v", p.Fields, tc.want)
			}
			if _, kept := p.Params["fields"]; kept != tc.params {
				t.Errorf("fields in Params: %v, want %v", kept, tc.params)
			}
		})
	}
}

// FuzzBriefingFields reads arbitrary fields: it must never panic, every
// problem must name a line of the file, and fields read without a problem
// must be usable: each named as the sheet's link needs, once, with a label.
func FuzzBriefingFields(f *testing.F) {
	for _, s := range []string{
		"  - {name: company, label: Company}\n",
		"  - name: people\n    label: People\n    columns: [Name, Role]\n    rows: 2\n",
		"  - name: note\n    label: Note\n    type: long\n    lines: 3\n",
		"  - name: a\n    label: A\n  - name: a\n    label: B\n",
		"  - [a, b]\n", "  - {name: 7, label: {x: y}, type: table, columns: []}\n", "  -\n", "  - name: é\n    label: ''\n",
	} {
		f.Add(s)
	}
	conv := markdown.New()
	f.Fuzz(func(t *testing.T, fields string) {
		src := "---\ntitle: Sheet\nkind: briefing\nfields:\n" + fields + "\n---\nx\n"
		p, probs := Parse("content/x.md", []byte(src), conv)
		// Parse reads a lone CR as a line break, as editors do.
		lines := strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + strings.Count(src, "\r") + 1
		for _, pr := range probs {
			if pr.Line < 0 || pr.Line > lines {
				t.Fatalf("problem at line %d of a file of %d lines: %s", pr.Line, lines, pr)
			}
		}
		if p == nil || len(probs) > 0 {
			return
		}
		seen := map[string]bool{}
		for _, fl := range p.Fields {
			if !fieldName.MatchString(fl.Name) || seen[fl.Name] || fl.Label == "" || !isFieldType(fl.Type) {
				t.Fatalf("a field read without a problem is not usable: %+v", fl)
			}
			if fl.Type == "table" && (len(fl.Columns) == 0 || fl.Rows < 1) || fl.Type == "long" && fl.Lines < 1 {
				t.Fatalf("a field read without a problem has no room: %+v", fl)
			}
			seen[fl.Name] = true
		}
	})
}
