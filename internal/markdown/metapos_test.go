package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func TestMetaPositions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // path@line:col[=value]
	}{
		{"keys", "---\ntitle: Hi\ntags: [a, \"b, c\", d]\ndate:\n---\nbody: not front matter\n",
			[]string{"title@2:1=8", "tags.0@3:8", "tags.1@3:11", "tags.2@3:19", "tags@3:1=7", "date@4:1"}},
		{"nested", "---\ntitle: Home\nprocess:\n  - title: Invited back\n    pages: [a.md, b.md]\n  - title: Prepare\n    pages:\n      - c.md\n      - d.md\ntomorrow:\n  title: T\n---\n",
			[]string{"title@2:1=8", "process@3:1", "process.0@4:3", "process.0.title@4:5=12", "process.0.pages.0@5:13", "process.0.pages.1@5:19",
				"process.0.pages@5:5=12", "process.1@6:3", "process.1.title@6:5=12", "process.1.pages@7:5", "process.1.pages.0@8:7",
				"process.1.pages.1@9:7", "tomorrow@10:1", "tomorrow.title@11:3=10"}},
		{"items at the key's indent", "---\ntags:\n- a\n- b\nnext: x\n---\n",
			[]string{"tags@2:1", "tags.0@3:1", "tags.1@4:1", "next@5:1=7"}},
		{"comments, colons in values, accents", "---\n# a comment\ntitle: \"Ratio: 3:1\"\nurl: https://x.org\nrésumé: oui # note\n---\n",
			[]string{"title@3:1=8", "url@4:1=6", "résumé@5:1=9"}},
		{"no front matter", "# Just a heading\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range metaPositions([]byte(tc.src)) {
				s := fmt.Sprintf("%s@%d:%d", p.Path, p.Line, p.Col)
				if p.Value > 0 {
					s += fmt.Sprintf("=%d", p.Value)
				}
				got = append(got, s)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("got  %s\nwant %s", strings.Join(got, " "), strings.Join(tc.want, " "))
			}
		})
	}
}
