package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A KeyPos is where one key, or one item of a list, is in the front matter.
// Its Path joins keys and item numbers (from 0) with dots: "tags",
// "tags.1", "process.0.pages.2". Line and Col (in characters, from 1) are
// where the key or item starts; Value is the column where its value
// starts on that line, or 0 when the value is on the lines below.
type KeyPos struct {
	Path      string
	Line, Col int
	Value     int
}

// Pos returns where path is in the front matter, and false when it is not
// there.
func (d *Doc) Pos(path string) (KeyPos, bool) {
	for _, p := range d.MetaPos {
		if p.Path == path {
			return p, true
		}
	}
	return KeyPos{}, false
}

// metaPositions finds where each key and list item of the front matter at
// the top of src starts. It reads the block style that authors write
// (nested keys by indentation, "- " items, and flow lists such as
// [a, b]) without parsing YAML fully: a position it cannot place is
// simply absent, and problems fall back to the key's line.
func metaPositions(src []byte) []KeyPos {
	type open struct {
		indent int
		path   string
		items  int
		item   bool // a "- " item, rather than a key
	}
	var out []KeyPos
	var stack []open
	seen := map[string]bool{}
	record := func(p KeyPos) {
		if !seen[p.Path] {
			seen[p.Path] = true
			out = append(out, p)
		}
	}
	rest := src
	for ln := 1; len(rest) > 0; ln++ {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		line = bytes.TrimRight(line, "\r")
		if ln == 1 {
			continue
		}
		if bytes.HasPrefix(line, []byte("---")) && len(bytes.Trim(line, "- \t")) == 0 {
			break
		}
		indent := len(line) - len(bytes.TrimLeft(line, " "))
		body := line[indent:]
		if len(body) == 0 || body[0] == '#' {
			continue
		}
		col := func(byteAt int) int { return 1 + utf8.RuneCount(line[:byteAt]) }
		for len(body) > 0 && (body[0] == '-' && (len(body) == 1 || body[1] == ' ')) {
			// An item: of the innermost key at or left of it.
			for len(stack) > 0 && (stack[len(stack)-1].indent > indent || stack[len(stack)-1].item && stack[len(stack)-1].indent == indent) {
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 {
				break
			}
			parent := &stack[len(stack)-1]
			path := parent.path + "." + strconv.Itoa(parent.items)
			parent.items++
			record(KeyPos{Path: path, Line: ln, Col: col(indent)})
			stack = append(stack, open{indent: indent, path: path, item: true})
			skip := 1 + len(body[1:]) - len(bytes.TrimLeft(body[1:], " "))
			indent += skip
			body = body[skip:]
		}
		c := keyColon(body)
		if c <= 0 {
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		key := string(bytes.Trim(body[:c], `"' `))
		path := key
		if len(stack) > 0 {
			path = stack[len(stack)-1].path + "." + key
		}
		value := indent + c + 1
		for value < len(line) && line[value] == ' ' {
			value++
		}
		kp := KeyPos{Path: path, Line: ln, Col: col(indent)}
		if value < len(line) && line[value] != '#' {
			kp.Value = col(value)
			if line[value] == '[' {
				flowItems(line, value, path, ln, col, record)
			}
		}
		record(kp)
		stack = append(stack, open{indent: indent, path: path})
	}
	return samePaths(out)
}

// samePaths makes the paths of ps sub-strings of one string: a site holds
// every page's positions to the end of its build, and one object a page,
// rather than one a key or item, is far less for the collector to mark.
func samePaths(ps []KeyPos) []KeyPos {
	n := 0
	for _, p := range ps {
		n += len(p.Path)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range ps {
		b.WriteString(p.Path)
	}
	all := b.String()
	for i := range ps {
		n := len(ps[i].Path)
		ps[i].Path, all = all[:n], all[n:]
	}
	return ps
}

// keyColon finds the colon that ends a key at the start of body ("key:
// value", "key:"), or returns -1. A colon inside quotes, or one not
// followed by a space or the end, is part of a plain value.
func keyColon(body []byte) int {
	quote := byte(0)
	for i, c := range body {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 {
				quote = c
			}
		case c == ':' && (i+1 == len(body) || body[i+1] == ' '):
			return i
		}
	}
	return -1
}

// flowItems records where each item of a flow list ([a, "b", c]) that
// starts at line[at] is.
func flowItems(line []byte, at int, path string, ln int, col func(int) int, record func(KeyPos)) {
	n, start := 0, -1
	quote := byte(0)
	for i := at + 1; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
			continue
		case c == '"' || c == '\'':
			quote = c
		case c == ',' || c == ']':
			if start >= 0 {
				record(KeyPos{Path: path + "." + strconv.Itoa(n), Line: ln, Col: col(start)})
				n++
			}
			start = -1
			if c == ']' {
				return
			}
			continue
		}
		if start < 0 && !strings.ContainsRune(" \t", rune(c)) {
			start = i
		}
	}
}
