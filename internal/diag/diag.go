// Package diag collects the problems a build finds in an author's files, so
// that every one of them is reported together, each with the file and line
// an author needs to find it and a sentence that says what to do.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// A Problem is one thing wrong (or, as a warning, doubtful) in one file.
type Problem struct {
	File    string // slash-separated, relative to the site folder: content/articles/x.md
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Msg     string
	Warning bool
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// List is every problem of one build. Its zero value is ready to use.
type List []Problem

// Add records an error at file:line.
func (l *List) Add(file string, line int, format string, args ...any) {
	*l = append(*l, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Warn records a warning at file:line: reported, but the build goes on.
func (l *List) Warn(file string, line int, format string, args ...any) {
	*l = append(*l, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
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

// Sort orders problems by file, then line, then message, so that reports are
// the same from run to run whatever order the parallel stages finished in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Msg < b.Msg
	})
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
