// Package diag collects the problems a build finds in an author's files, so
// that every one of them is reported together, each as the best compilers
// report theirs: the file, line and column an author needs to find it, the
// source line itself with a caret under the place, a sentence that says
// what is wrong and what to do, and a suggestion where there is one.
package diag

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode/utf8"
)

// A Problem is one thing wrong (or, as a warning, doubtful) in one file.
type Problem struct {
	File string // slash-separated, relative to the site folder: content/articles/x.md
	Line int    // 1-based; 0 when the problem concerns the whole file
	Col  int    // 1-based, in characters; 0 when unknown
	Msg  string
	// Hint is a suggestion, such as the name the author probably meant.
	Hint string
	// Source is the text of Line, filled in by Locate.
	Source  string
	Warning bool
}

// String is the problem on one line: file:line:col: message.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Detail is the problem as a terminal shows it: String's line, then the
// source line with a caret under the column, then the hint.
//
//	content/x.md:3:7: date: "31/02/2024" is not a date (use YYYY-MM-DD)
//	    3 | date: 31/02/2024
//	      |       ^
//	      = did you mean ...?
func (p Problem) Detail() string {
	var b strings.Builder
	b.WriteString(p.String())
	gutter := len(fmt.Sprint(p.Line)) + 4
	if p.Source != "" {
		fmt.Fprintf(&b, "\n%*d | %s", gutter, p.Line, p.Source)
		if p.Col > 0 {
			fmt.Fprintf(&b, "\n%*s | %s^", gutter, "", caretPad(p.Source, p.Col))
		}
	}
	if p.Hint != "" {
		fmt.Fprintf(&b, "\n%*s = %s", gutter, "", p.Hint)
	}
	return b.String()
}

// caretPad is the run of blanks that puts a caret under character col of
// line, keeping its tabs so that the caret lines up however wide they are.
func caretPad(line string, col int) string {
	var b strings.Builder
	n := 1
	for _, r := range line {
		if n >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	return b.String()
}

// List is every problem of one build. Its zero value is ready to use.
type List []Problem

// Add records an error at file:line.
func (l *List) Add(file string, line int, format string, args ...any) {
	*l = append(*l, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// AddAt records an error at file:line:col.
func (l *List) AddAt(file string, line, col int, format string, args ...any) {
	*l = append(*l, Problem{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Warn records a warning at file:line: reported, but the build goes on.
func (l *List) Warn(file string, line int, format string, args ...any) {
	*l = append(*l, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// Hint gives the problem added last a suggestion. It does nothing to an
// empty list.
func (l List) Hint(format string, args ...any) {
	if len(l) > 0 {
		l[len(l)-1].Hint = fmt.Sprintf(format, args...)
	}
}

// Errors counts the problems that fail a build.
func (l List) Errors() int {
	n := 0
	for _, p := range l {
		if !p.Warning {
			n++
		}
	}
	return n
}

// Sort orders problems by file, then line, then column, then message, so
// that reports are the same from run to run whatever order the parallel
// stages finished in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Locate fills in the source line of every problem that has a line and
// none yet. open finds a problem's file (nil when it cannot); each file is
// read once, and only files with problems are read at all.
func (l List) Locate(open func(file string) fs.File) {
	lines := map[string][]string{}
	for i := range l {
		p := &l[i]
		if p.Line <= 0 || p.Source != "" {
			continue
		}
		text, ok := lines[p.File]
		if !ok {
			text = readLines(open(p.File))
			lines[p.File] = text
		}
		if p.Line <= len(text) {
			p.Source = text[p.Line-1]
		}
	}
}

// maxSource bounds a source line as shown: a minified file's one line
// would fill the terminal.
const maxSource = 240

func readLines(f fs.File) []string {
	if f == nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := bytes.TrimRight(sc.Bytes(), "\r")
		if len(line) > maxSource {
			cut := maxSource
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			line = append(line[:cut:cut], "…"...)
		}
		out = append(out, printable(line))
	}
	return out
}

// printable is a source line as a terminal can show it: bytes that are
// not UTF-8 and control characters (a NUL, say) each become U+FFFD, tabs
// stay.
func printable(line []byte) string {
	s := strings.ToValidUTF8(string(line), "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < ' ' && r != '\t' || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, s)
}

// Err returns the list as an error when it holds at least one error, and nil
// when it holds only warnings or nothing.
func (l List) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return &Error{List: l}
}

// Error is a failed build's problems as one error value.
type Error struct{ List List }

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}
