package build

import (
	"strings"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/output"
)

// TestEveryProblemHasItsPlace makes each kind of problem a build reports,
// one site at a time, and checks where it is reported: every problem that
// comes from a place in a file names its line, and its column where one is
// known, carries the text of that line, and a suggestion where there is one.
// Problems about a whole file (empty, unreadable) or no file at all have no
// line, and say so by their absence.
func TestEveryProblemHasItsPlace(t *testing.T) {
	const home = "---\ntitle: Home\nbase_url: https://example.org/\n---\nHome.\n"
	page := func(front, body string) string { return "---\ntitle: P\n" + front + "---\n" + body }
	for _, tc := range []struct {
		name  string
		files map[string]string
		// want is the problem as String prints it; source, the text of
		// its line, when it has one; hint, its suggestion, if any.
		want, source, hint string
		warning            bool
	}{
		// Reading content/.
		{name: "no content folder", files: map[string]string{"static/x.txt": "x"},
			want: "content: folder not found: a site keeps its pages in content/ (create it, or pass -src)"},
		{name: "empty file", files: map[string]string{"content/a.md": " \n"},
			want: "content/a.md: file is empty: give it front matter with a title, and some content, or delete it"},
		{name: "not UTF-8", files: map[string]string{"content/a.md": "---\ntitle: A\n---\nok\nbad \xff here\n"},
			want: "content/a.md:5: file is not UTF-8 text: save it with UTF-8 encoding", source: "bad \uFFFD here"},
		{name: "a NUL byte", files: map[string]string{"content/a.md": "---\ntitle: A\n---\nnul \x00\n"},
			want: "content/a.md:4: file holds a NUL byte, so it is not text: remove it, or move binary files out of content/", source: "nul \uFFFD"},
		{name: "YAML", files: map[string]string{"content/a.md": "---\ntitle: A\ntags: [a, b\n---\nx\n"},
			want: "content/a.md:3: front matter is not valid YAML: did not find expected ',' or ']'", source: "tags: [a, b"},
		{name: "no title", files: map[string]string{"content/a.md": "Just text.\n"},
			want: "content/a.md:1: page has no title: add `title:` to the front matter, or start the body with a # heading", source: "Just text."},
		// Front matter values.
		{name: "a key that is not a name", files: map[string]string{"content/a.md": page("2024: y\n", "x\n")},
			want: "content/a.md:3:1: front matter key 2024 is not a name: keys are words such as title or tags", source: "2024: y"},
		{name: "title", files: map[string]string{"content/a.md": "---\ntitle: {a: b}\n---\nx\n"},
			want: "content/a.md:2:8: title: expected text, got a mapping", source: "title: {a: b}"},
		{name: "summary", files: map[string]string{"content/a.md": page("summary: [a]\n", "x\n")},
			want: "content/a.md:3:10: summary: expected text, got a list", source: "summary: [a]"},
		{name: "kind", files: map[string]string{"content/a.md": page("kind: checklsit\n", "x\n")},
			want: `content/a.md:3:7: kind: unknown kind "checklsit": use one of article, questions, email, checklist, briefing`, source: "kind: checklsit", hint: "did you mean kind: checklist?"},
		{name: "slug", files: map[string]string{"content/a.md": page("slug: a/b\n", "x\n")},
			want: `content/a.md:3:7: slug: expected one URL word such as thank-you-notes, got "a/b"`, source: "slug: a/b"},
		{name: "a slug of no letters", files: map[string]string{"content/a.md": page("slug: '---'\n", "x\n")},
			want: "content/a.md:3:7: cannot make a URL from \"---\": add `slug:` with a few ASCII words, such as slug: thank-you-notes", source: "slug: '---'"},
		{name: "layout", files: map[string]string{"content/a.md": page("layout: a/b\n", "x\n")},
			want: `content/a.md:3:9: layout: expected a layout name such as wide (for layouts/<kind>/wide.html), got "a/b"`, source: "layout: a/b"},
		{name: "date", files: map[string]string{"content/a.md": page("date: 31/02/2024\n", "x\n")},
			want: `content/a.md:3:7: date: "31/02/2024" is not a date (use YYYY-MM-DD)`, source: "date: 31/02/2024"},
		{name: "a tag that is not text", files: map[string]string{"content/a.md": page("tags: [a, {b: c}]\n", "x\n")},
			want: "content/a.md:3:11: tags: expected a list of strings, such as [salary, follow-up]", source: "tags: [a, {b: c}]"},
		{name: "draft", files: map[string]string{"content/a.md": page("draft: maybe\n", "x\n")},
			want: `content/a.md:3:8: draft: expected true or false, got "maybe"`, source: "draft: maybe"},
		{name: "weight", files: map[string]string{"content/a.md": page("weight: 1.5\n", "x\n")},
			want: "content/a.md:3:9: weight: expected a whole number, got 1.5", source: "weight: 1.5"},
		{name: "a misspelt key", files: map[string]string{"content/a.md": page("tittle: X\n", "x\n")}, warning: true,
			want: "content/a.md:3:1: warning: tittle: not a key the build reads (layouts can still use it as .Page.Params.tittle)", source: "tittle: X", hint: "did you mean title?"},
		// A briefing sheet's fields.
		{name: "a briefing sheet without fields", files: map[string]string{"content/a.md": page("kind: briefing\n", "x\n")},
			want: "content/a.md:3:7: kind: a briefing sheet needs fields: add fields: with a name and a label for each blank (secondround new briefing writes an example)", source: "kind: briefing"},
		{name: "fields that are not a list", files: map[string]string{"content/a.md": page("kind: briefing\nfields: company\n", "x\n")},
			want: "content/a.md:4:9: fields: expected a list of fields, each with a name and a label, such as - {name: company, label: Company}", source: "fields: company"},
		{name: "a field without a label", files: map[string]string{"content/a.md": page("kind: briefing\nfields:\n  - name: company\n", "x\n")},
			want: "content/a.md:5:3: fields.0: label is missing: every field needs a label", source: "  - name: company"},
		{name: "a field name with spaces", files: map[string]string{"content/a.md": page("kind: briefing\nfields:\n  - name: Company Name\n    label: Company\n", "x\n")},
			want: `content/a.md:5:11: fields.0.name: "Company Name" is not a field name: use lowercase letters, digits and hyphens, such as company-name`, source: "  - name: Company Name"},
		{name: "a misspelt field type", files: map[string]string{"content/a.md": page("kind: briefing\nfields:\n  - name: when\n    label: When\n    type: lnog\n", "x\n")},
			want: `content/a.md:7:11: fields.0.type: unknown type "lnog": use one of text, long, phone, email, table`, source: "    type: lnog", hint: "did you mean type: long?"},
		{name: "a misspelt key of a field", files: map[string]string{"content/a.md": page("kind: briefing\nfields:\n  - name: when\n    label: When\n    hnit: Day and time\n", "x\n")},
			want: "content/a.md:7:5: fields.0.hnit: not a key of a field: use name, label, hint, type, lines, columns, rows", source: "    hnit: Day and time", hint: "did you mean hint?"},
		{name: "rows on a field that is not a table", files: map[string]string{"content/a.md": page("kind: briefing\nfields:\n  - name: people\n    label: People\n    rows: 3\n", "x\n")},
			want: "content/a.md:7:11: fields.0.rows: only a field of type table has rows (this one is text)", source: "    rows: 3"},
		{name: "fields on an article", files: map[string]string{"content/a.md": page("fields: [a]\n", "x\n")}, warning: true,
			want: "content/a.md:3:1: warning: fields: only a briefing sheet has fields, and this page is kind article (layouts can still use them as .Page.Params.fields)", source: "fields: [a]", hint: "add kind: briefing"},
		// The site's structure.
		{name: "base_url", files: map[string]string{"content/_index.md": "---\ntitle: H\nbase_url: example.org\n---\nx\n"},
			want: `content/_index.md:3:11: base_url: "example.org" is not an absolute http(s) URL such as https://example.org/`, source: "base_url: example.org"},
		{name: "no base URL", files: map[string]string{"content/_index.md": "---\ntitle: H\n---\nx\n"}, warning: true,
			want: "content/_index.md:1: warning: the site has no base URL, so sitemap.xml and the Atom feeds, which need absolute addresses, are left out: add base_url: https://your.host/ to content/_index.md, or pass -base-url (Netlify sets URL)", source: "---"},
		{name: "two pages, one URL", files: map[string]string{"content/a.md": page("", "x\n"), "content/b.md": page("slug: a\n", "x\n")},
			want: "content/b.md:3:7: URL /a/ is also claimed by content/a.md: give one of them a different file name or `slug:`", source: "slug: a"},
		{name: "a folder's two pages", files: map[string]string{"content/g/index.md": page("", "x\n"), "content/g/_index.md": page("", "x\n"), "content/g/c.md": page("", "x\n")},
			want: "content/g/index.md:1: content/g/index.md and content/g/_index.md are both the page of folder content/g/: keep _index.md for a section that lists the folder's pages, or index.md for one page with its files beside it", source: "---"},
		{name: "two home pages", files: map[string]string{"content/index.md": home},
			want: "content/index.md:1: content/_index.md and content/index.md are both the home page: keep content/_index.md", source: "---"},
		{name: "two spellings, one tag", files: map[string]string{"content/a.md": page("tags: [x, négociation]\n", "x\n"), "content/b.md": page("tags: [negociation]\n", "x\n")},
			want: `content/b.md:3:8: tag "negociation" and tag "négociation" (in content/a.md) both become /tags/negociation/: spell them the same, or rename one`, source: "tags: [negociation]"},
		{name: "tags on an unlisted page", files: map[string]string{"content/a.md": page("list: false\ntags: [x]\n", "x\n")}, warning: true,
			want: "content/a.md:4: warning: tags: a page with list: false is on no tag's page: remove its tags", source: "tags: [x]"},
		{name: "a tag no page uses", files: map[string]string{"content/tags/gone.md": "---\ntitle: Gone\n---\nx\n"}, warning: true,
			want: `content/tags/gone.md:1: warning: describes tag "gone", which no page uses: remove the file or tag a page with it`, source: "---"},
		{name: "an alias to itself", files: map[string]string{"content/a.md": page("aliases: [/b/, /a]\n", "x\n")}, warning: true,
			want: "content/a.md:3: warning: aliases: /a is this page's own URL, so it is left out: remove it", source: "aliases: [/b/, /a]"},
		{name: "an alias over a page", files: map[string]string{"content/a.md": page("aliases: [/b/]\n", "x\n"), "content/b.md": page("", "x\n")},
			want: "content/a.md:3:11: aliases: /b/ is the URL of content/b.md: remove the alias, or move that page", source: "aliases: [/b/]"},
		{name: "one alias, two pages", files: map[string]string{"content/a.md": page("aliases: [/old/]\n", "x\n"), "content/b.md": page("aliases:\n  - /old/\n", "x\n")},
			want: "content/b.md:4:3: aliases: /old/ is also an alias of content/a.md: keep it on one page", source: "  - /old/"},
		{name: "a route to no page", files: map[string]string{"content/_index.md": "---\ntitle: H\nbase_url: https://example.org/\nprocess:\n  - title: Start\n    pages: [a.md, gone.md]\n---\nx\n", "content/a.md": page("", "x\n")},
			want: `content/_index.md:6:19: process.0.pages: "gone.md" is no page: name a file below content/ (articles/x.md) or a URL (/articles/x/)`, source: "    pages: [a.md, gone.md]"},
		{name: "a route's tag", files: map[string]string{"content/_index.md": "---\ntitle: H\nbase_url: https://example.org/\ntomorrow:\n  title: T\n  tag: salery\n  pages: [a.md]\n---\nx\n", "content/a.md": page("tags: [salary]\n", "x\n")},
			want: `content/_index.md:6:8: tomorrow.tag: "salery" is on no page: name a tag that pages use`, source: "  tag: salery", hint: "did you mean salary?"},
		{name: "a page where a generated page goes", files: map[string]string{"content/search.md": page("", "x\n")},
			want: "content/search.md:1: /search/ is where the search page goes too: give this page another file name or `slug:`", source: "---"},
		{name: "a static file where a page goes", files: map[string]string{"content/a.md": page("", "x\n"), "static/a/index.html": "<p>x</p>"},
			want: "content/a.md:1: /a/ is where static/a/index.html goes too: give this page another file name or `slug:`", source: "---"},
		{name: "a static file among the fingerprinted", files: map[string]string{"static/_assets/x.css": "x"},
			want: "static/_assets/x.css: static files may not go in _assets/, which holds the files named by their content: move it"},
		{name: "scripts that import each other", files: map[string]string{"static/js/a.js": "import { b } from \"./b.js\";\nexport const a = 1;\n", "static/js/b.js": "export const b = 2;\nimport { a } from \"./a.js\";\n"},
			want: "static/js/b.js:2:20: ./a.js imports this script back: scripts named by their content cannot import each other in a circle; move what both need into a script of its own", source: `import { a } from "./a.js";`},
		// Links.
		{name: "a link to no page", files: map[string]string{"content/a.md": page("", "See [b](b.md) and [c](/notes/thank-you-note/).\n"), "content/notes/thank-you-notes.md": page("", "x\n")},
			want: `content/a.md:4:5: link "b.md" points to no page: no file content/b.md`, source: "See [b](b.md) and [c](/notes/thank-you-note/)."},
		{name: "a link to no URL", files: map[string]string{"content/a.md": page("", "See [c](/notes/thank-you-note/).\n"), "content/notes/thank-you-notes.md": page("", "x\n")},
			want: `content/a.md:4:5: link "/notes/thank-you-note/" points to no page`, source: "See [c](/notes/thank-you-note/).", hint: "did you mean /notes/thank-you-notes/?"},
		{name: "a misspelt file", files: map[string]string{"content/a.md": page("", "x [b](thank-you-note.md)\n"), "content/thank-you-notes.md": page("", "x\n")},
			want: `content/a.md:4:3: link "thank-you-note.md" points to no page: no file content/thank-you-note.md`, source: "x [b](thank-you-note.md)", hint: "did you mean thank-you-notes.md?"},
		{name: "a heading that is not there", files: map[string]string{"content/a.md": page("", "[b](b.md#panel-etiquete)\n"), "content/b.md": page("", "## Panel etiquette\n")},
			want: `content/a.md:4:1: link "b.md#panel-etiquete": content/b.md has no heading with id "panel-etiquete" (its headings: #panel-etiquette)`, source: "[b](b.md#panel-etiquete)", hint: "did you mean b.md#panel-etiquette?"},
		{name: "an image", files: map[string]string{"content/a.md": page("", "\n  ![fig](fig.png)\n")},
			want: `content/a.md:5:3: image "fig.png" points to no page`, source: "  ![fig](fig.png)"},
		// Layouts.
		{name: "a base layout that does not parse", files: map[string]string{"layouts/_default/baseof.html": "{{define}}"},
			want: `layouts/_default/baseof.html:1: template error: unexpected "}}" in define clause`, source: "{{define}}"},
		{name: "a layout that does not parse", files: map[string]string{"layouts/_default/single.html": "{{define \"main\"}}\n{{.Page.Title}\n{{end}}"},
			want: "layouts/_default/single.html:2: template error: bad character U+007D '}'", source: "{{.Page.Title}"},
		{name: "a layout that fails", files: map[string]string{"content/a.md": page("", "x\n"), "layouts/_default/single.html": "{{define \"main\"}}\n  {{.Page.Nope}}\n{{end}}"},
			want: `layouts/_default/single.html:2:10: executing "main" at <.Page.Nope>: can't evaluate field Nope in type *site.Page (rendering a/index.html)`, source: "  {{.Page.Nope}}"},
		{name: "a layout no file has", files: map[string]string{"content/a.md": page("layout: wdie\n", "x\n"), "layouts/_default/wide.html": "{{define \"main\"}}{{end}}"},
			want: "content/a.md:3:9: missing layout: none of [article/wdie.html _default/wdie.html] exists in layouts/ or the built-in theme", source: "layout: wdie", hint: "this page can use layout: list, single, wide, or a file you add to layouts/"},
		{name: "a layout that does not fit the page", files: map[string]string{"content/a.md": page("layout: odd\n", "x\n"), "layouts/_default/odd.html": "{{define \"main\"}}{{.Tag.Name}}{{end}}"},
			want: `content/a.md:3:9: layout: _default/odd.html cannot render this page: layouts/_default/odd.html:1:24: executing "main" at <.Tag.Name>: nil pointer evaluating *site.Tag.Name`, source: "layout: odd",
			hint: "layouts for a single page are <kind>/single.html and _default/single.html; a section's are list.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := fstest.MapFS{}
			if _, ok := tc.files["static/x.txt"]; !ok {
				site["content/_index.md"] = &fstest.MapFile{Data: []byte(home)}
			}
			for name, data := range tc.files {
				site[name] = &fstest.MapFile{Data: []byte(data)}
			}
			res, err := Once(secondround.Theme()).Build(site, Options{}, &output.Memory{})
			if (err == nil) != tc.warning {
				t.Fatalf("build error %v; want a warning only: %v", err, tc.warning)
			}
			for _, p := range res.Problems {
				if p.String() != tc.want {
					continue
				}
				if p.Source != tc.source || p.Hint != tc.hint {
					t.Errorf("source %q, hint %q; want %q, %q", p.Source, p.Hint, tc.source, tc.hint)
				}
				if (p.Line > 0) != (tc.source != "") {
					t.Errorf("line %d, but the source line is %q", p.Line, tc.source)
				}
				return
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.String())
			}
			t.Errorf("no problem\n%s\namong\n%s", tc.want, strings.Join(got, "\n"))
		})
	}
}
