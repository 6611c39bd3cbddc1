package render_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/secondround/secondround/internal/render"
)

// TestMailto checks the encoding mail apps decode (RFC 6068): percent
// escapes only, so a space is %20 and never "+", a "+" is %2B, line breaks
// are CRLF, and "&", "=", "#" and "?" cannot end a field early.
func TestMailto(t *testing.T) {
	tests := []struct {
		subject, body string
		want          string
	}{
		{"Thank you", "Hi,\nbye\n", "mailto:?subject=Thank%20you&body=Hi%2C%0D%0Abye"},
		{"A+B & C=D #1?", "x", "mailto:?subject=A%2BB%20%26%20C%3DD%20%231%3F&body=x"},
		{"[Role] interview", "Dear [Name],\r\n\r\nThanks.\n\n\n", "mailto:?subject=%5BRole%5D%20interview&body=Dear%20%5BName%5D%2C%0D%0A%0D%0AThanks."},
		{"Café — naïve", "100% sure", "mailto:?subject=Caf%C3%A9%20%E2%80%94%20na%C3%AFve&body=100%25%20sure"},
		{"", "", "mailto:?subject=&body="},
	}
	for _, tt := range tests {
		got := string(render.Mailto(tt.subject, tt.body))
		if got != tt.want {
			t.Errorf("Mailto(%q, %q)\n got %s\nwant %s", tt.subject, tt.body, got, tt.want)
		}
		// Decoding as a mail app does gives the fields back.
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		for _, kv := range strings.Split(u.RawQuery, "&") {
			k, v, _ := strings.Cut(kv, "=")
			dec, err := url.PathUnescape(v)
			if err != nil {
				t.Errorf("%s: %v", got, err)
			}
			want := tt.subject
			if k == "body" {
				want = strings.ReplaceAll(strings.TrimRight(strings.ReplaceAll(tt.body, "\r\n", "\n"), "\n"), "\n", "\r\n")
			}
			if dec != want {
				t.Errorf("%s: %s decodes to %q, want %q", got, k, dec, want)
			}
		}
	}
}
