package render

import (
	"html/template"
	"net/url"
	"strings"
)

// Mailto builds a mailto: link with subject and body filled in. Mail apps
// decode RFC 6068 percent-encoding, not form encoding, so spaces must be %20
// (a "+" would reach the reader as a plus sign) and line breaks %0D%0A.
func Mailto(subject, body string) template.URL {
	enc := func(s string) string {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
		return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	return template.URL("mailto:?subject=" + enc(subject) + "&body=" + enc(strings.TrimRight(body, "\n")))
}
