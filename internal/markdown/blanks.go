package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// A sample email's placeholders are the blanks a reader fills in: every
// [Placeholder] of its subject and body is marked in the HTML with its key,
//
//	<span class="placeholder" data-blank="interview date">[Interview date]</span>
//
// and Doc.Blanks lists each distinct one once, in order of appearance, for
// the layout to make a labelled field of. Blanks with the same key are one
// blank: the page's script fills them all from one field, and keeps what
// the reader typed by key, so that [Your name] typed on one email is there
// on the next.

// A Blank is one distinct placeholder of a page's email.
type Blank struct {
	// Key names the blank wherever it appears: its words in lower case,
	// with runs of spaces made one ("interview date").
	Key string
	// Text is the placeholder as the author wrote it, brackets included.
	Text string
	// Label is what the field is called: the placeholder's words up to
	// an example or a suggestion, first letter capitalised ("Specific
	// topic you discussed"), and numbered when two blanks of one email
	// would otherwise share it ("Question 1", "Question 2").
	Label string
	// Hint is the rest of the words, for the reader to see beside the
	// field: "For example: the plans for the new customer portal", or
	// "Suggested: Could you also confirm the platform…". Empty when the
	// placeholder is its label alone.
	Hint string
	// Optional marks a blank the reader may leave out: a sentence of its
	// own that only some readers need ("[If video: …]"), or one that
	// stands for a whole sentence, such as a reason or a question in a
	// list ("[One neutral sentence of reason, e.g. …]").
	Optional bool
}

// Long reports whether the blank takes more than a few words to fill: a
// sentence, or a phrase that an example explains. Layouts give it a box of
// several lines.
func (b Blank) Long() bool { return b.Hint != "" || utf8.RuneCountInString(b.Label) > 40 }

// placeholders calls fn with the start and end of each [placeholder] of
// line: brackets around at least one character that is not a space, with
// no bracket inside (of "[a [b] c]", "[b]" is the placeholder).
func placeholders(line []byte, fn func(start, end int)) {
	for i := 0; i < len(line); {
		open := bytes.IndexByte(line[i:], '[')
		if open < 0 {
			return
		}
		open += i
		end := bytes.IndexAny(line[open+1:], "[]")
		if end < 0 {
			return
		}
		end += open + 1
		if line[end] == '[' {
			i = end // an inner bracket opens the candidate instead
			continue
		}
		if len(bytes.TrimSpace(line[open+1:end])) > 0 {
			fn(open, end+1)
		}
		i = end + 1
	}
}

// blankKey is the key of a placeholder's inner words.
func blankKey(inner []byte) string {
	return strings.ToLower(strings.Join(strings.Fields(string(inner)), " "))
}

// writePlaceholders escapes line and wraps each [Placeholder] in a span
// that carries its key, so readers see at a glance what to replace before
// sending, and the page's script can fill it in.
func writePlaceholders(w util.BufWriter, line []byte) {
	last := 0
	placeholders(line, func(start, end int) {
		w.Write(util.EscapeHTML(line[last:start]))
		w.WriteString(`<span class="placeholder" data-blank="`)
		w.Write(util.EscapeHTML([]byte(blankKey(line[start+1 : end-1]))))
		w.WriteString(`">`)
		w.Write(util.EscapeHTML(line[start:end]))
		w.WriteString(`</span>`)
		last = end
	})
	w.Write(util.EscapeHTML(line[last:]))
}

// blanks lists the distinct placeholders of an email's subject and body
// lines, in order of appearance.
func blanks(subject string, body [][]byte) []Blank {
	var out []Blank
	at := map[string]int{}
	scan := func(line []byte, inBody bool) {
		placeholders(line, func(start, end int) {
			b := newBlank(line[start:end])
			sentence := inBody && startsSentence(line[:start])
			if i, ok := at[b.Key]; ok {
				out[i].Optional = out[i].Optional || b.Optional || sentence && out[i].Hint != ""
				return
			}
			b.Optional = b.Optional || sentence && b.Hint != ""
			at[b.Key] = len(out)
			out = append(out, b)
		})
	}
	scan([]byte(subject), false)
	for _, line := range body {
		scan(line, true)
	}
	numberSameLabels(out)
	return out
}

// newBlank reads one placeholder, brackets included.
func newBlank(text []byte) Blank {
	words := strings.Join(strings.Fields(string(text[1:len(text)-1])), " ")
	b := Blank{Key: strings.ToLower(words), Text: string(text), Label: words}
	lower := strings.ToLower(words)
	if colon := strings.IndexByte(words, ':'); strings.HasPrefix(lower, "if ") && colon > 0 && strings.TrimSpace(words[colon+1:]) != "" {
		// [If video: Could you also confirm ...?] is a sentence for
		// some readers only.
		b.Label, b.Hint, b.Optional = words[:colon], "Suggested: "+strings.TrimSpace(words[colon+1:]), true
	} else if eg := strings.Index(lower, "e.g."); eg >= 0 && strings.TrimSpace(words[eg+4:]) != "" {
		b.Label = strings.TrimRight(words[:eg], " ,;:(")
		b.Hint = "For example: " + strings.TrimSpace(words[eg+4:])
	}
	if b.Label == "" {
		b.Label = words
		b.Hint = ""
	}
	r, size := utf8.DecodeRuneInString(b.Label)
	b.Label = string(unicode.ToUpper(r)) + b.Label[size:]
	return b
}

// startsSentence reports whether a placeholder after before begins a
// sentence: at the start of its line (a list's bullet aside), or after a
// full stop, question or exclamation mark.
func startsSentence(before []byte) bool {
	s := bytes.TrimSpace(before)
	s = bytes.TrimLeft(s, "-*•+ ")
	if len(s) == 0 {
		return true
	}
	switch s[len(s)-1] {
	case '.', '?', '!':
		return true
	}
	return false
}

// numberSameLabels numbers the labels that two or more blanks share, so
// that every field's name says which it is, skipping a number another
// blank's label already has.
func numberSameLabels(bs []Blank) {
	count := map[string]int{}
	for _, b := range bs {
		count[b.Label]++
	}
	taken := map[string]bool{}
	for _, b := range bs {
		taken[b.Label] = true
	}
	next := map[string]int{}
	for i, b := range bs {
		if count[b.Label] < 2 {
			continue
		}
		for {
			next[b.Label]++
			if l := b.Label + " " + strconv.Itoa(next[b.Label]); !taken[l] {
				bs[i].Label, taken[l] = l, true
				break
			}
		}
	}
}
