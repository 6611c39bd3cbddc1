package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestNewBlank(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Blank
	}{
		{"[Your name]", Blank{Key: "your name", Text: "[Your name]", Label: "Your name"}},
		{"[project]", Blank{Key: "project", Text: "[project]", Label: "Project"}},
		{"[Interview  \t date]", Blank{Key: "interview date", Text: "[Interview  \t date]", Label: "Interview date"}},
		{"[specific topic you discussed, e.g. the plans for the new customer portal]", Blank{
			Key: "specific topic you discussed, e.g. the plans for the new customer portal", Text: "[specific topic you discussed, e.g. the plans for the new customer portal]",
			Label: "Specific topic you discussed", Hint: "For example: the plans for the new customer portal"}},
		{"[If video: Could you also confirm the platform?]", Blank{
			Key: "if video: could you also confirm the platform?", Text: "[If video: Could you also confirm the platform?]",
			Label: "If video", Hint: "Suggested: Could you also confirm the platform?", Optional: true}},
		// Neither an example nor a suggestion follows: the words are the label.
		{"[e.g.]", Blank{Key: "e.g.", Text: "[e.g.]", Label: "E.g."}},
		{"[e.g. a date]", Blank{Key: "e.g. a date", Text: "[e.g. a date]", Label: "E.g. a date"}},
		{"[If:]", Blank{Key: "if:", Text: "[If:]", Label: "If:"}},
		{"[élan]", Blank{Key: "élan", Text: "[élan]", Label: "Élan"}},
	} {
		if got := newBlank([]byte(tc.text)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("newBlank(%q) =\n%+v, want\n%+v", tc.text, got, tc.want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	for line, want := range map[string][]string{
		"Dear [Name],":               {"[Name]"},
		"[a] and [b c]":              {"[a]", "[b c]"},
		"[a [b] c]":                  {"[b]"},
		"[] [ ] [x":                  nil,
		"no brackets":                nil,
		"]x[ [y]":                    {"[y]"},
		"[If x: a (b / c).] [Date].": {"[If x: a (b / c).]", "[Date]"},
	} {
		var got []string
		placeholders([]byte(line), func(start, end int) { got = append(got, line[start:end]) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("placeholders(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestEmailBlanks(t *testing.T) {
	src := "---\ntitle: T\nsubject: \"Thanks: [Role] on [Interview date]\"\n---\n\n```email\n" +
		"Dear [Contact name],\n\nThe [role] job. [One neutral sentence of reason, e.g. I took another.]\n" +
		"[If video: Could you confirm the platform?]\n\n- [Question, e.g. about the bonus]\n- [Question, e.g. about hybrid work]\n" +
		"I liked [something genuine, e.g. the team].\n\n[Your name]\n```\n\n```email\nA second [Other] email.\n```\n"
	doc, err := New().Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blanks {
		s := b.Key + " | " + b.Label
		if b.Optional {
			s += " | optional"
		}
		got = append(got, s)
	}
	want := []string{
		"role | Role",
		"interview date | Interview date",
		"contact name | Contact name",
		"one neutral sentence of reason, e.g. i took another. | One neutral sentence of reason | optional",
		"if video: could you confirm the platform? | If video | optional",
		"question, e.g. about the bonus | Question 1 | optional",
		"question, e.g. about hybrid work | Question 2 | optional",
		"something genuine, e.g. the team | Something genuine",
		"your name | Your name",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blanks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	html := string(doc.HTML)
	for _, want := range []string{
		`<span data-email-subject>Thanks: <span class="placeholder" data-blank="role">[Role]</span> on <span class="placeholder" data-blank="interview date">[Interview date]</span></span>`,
		`<span class="email-line">Dear <span class="placeholder" data-blank="contact name">[Contact name]</span>,` + "\n</span><span class=\"email-line\">\n</span>",
		`The <span class="placeholder" data-blank="role">[role]</span> job.`,
		// Quotes and ampersands in a key are escaped like any attribute.
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s:\n%s", want, html)
		}
	}
}

func TestBlankKeysAreEscaped(t *testing.T) {
	doc, err := New().Convert([]byte("```email\nHi [a \"b\" & <c>]\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `<span class="placeholder" data-blank="a &quot;b&quot; &amp; &lt;c&gt;">[a &quot;b&quot; &amp; &lt;c&gt;]</span>`
	if !strings.Contains(string(doc.HTML), want) {
		t.Errorf("HTML lacks %s:\n%s", want, doc.HTML)
	}
	if len(doc.Blanks) != 1 || doc.Blanks[0].Key != `a "b" & <c>` {
		t.Errorf("blanks %+v", doc.Blanks)
	}
}
