package build

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"testing/fstest"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/output"
)

func TestImportSpecs(t *testing.T) {
	for _, tc := range []struct{ js, want string }{
		{`import { a } from "./a.js";`, "./a.js"},
		{`import a from './a.js'`, "./a.js"},
		{`import "./side.js";`, "./side.js"},
		{`export { a } from "../lib/a.js";`, "../lib/a.js"},
		{`export * from"./a.js"`, "./a.js"},
		{`const m = await import("./lazy.js");`, "./lazy.js"},
		{`const m = await import( './lazy.js' );`, "./lazy.js"},
		{"import {\n  a,\n  b,\n} from\n  \"./a.js\";", "./a.js"},
		{`import a from "./a.js"; import b from "./b.js";`, "./a.js ./b.js"},
		// Not relative: left to the browser.
		{`import a from "/js/a.js"; import b from "https://x.example/b.js"; import c from "lib";`, ""},
		// Not the keywords.
		{`const platform = "./a.js"; obj.from("./b.js"); imported("./c.js"); $import("./d.js")`, ""},
		{`from`, ""},
		{`import "./unclosed.js`, ""},
		{"import \"./a\nb.js\"", ""},
	} {
		var got []string
		for _, r := range importSpecs([]byte(tc.js)) {
			got = append(got, tc.js[r[0]:r[1]])
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("importSpecs(%q) = %q, want %q", tc.js, got, tc.want)
		}
	}
}

// TestFingerprintedImports builds a site whose scripts import each other:
// each fingerprinted copy must import the fingerprinted copies, be named
// by its own bytes, and the copy outside _assets/ keep the author's
// specifiers.
func TestFingerprintedImports(t *testing.T) {
	site := fstest.MapFS{
		"content/_index.md":   {Data: []byte("---\ntitle: H\n---\nx\n")},
		"static/js/app.js":    {Data: []byte("import { b } from \"./lib/b.js\";\nimport \"../css/x.css\";\nimport c from \"/js/c.js\";\nexport const app = b;\n")},
		"static/js/lib/b.js":  {Data: []byte("export { shared as b } from \"../shared.js\";\n")},
		"static/js/shared.js": {Data: []byte("export const shared = 1;\n")},
		"static/css/x.css":    {Data: []byte("p{}")},
	}
	var mem output.Memory
	res, err := Once(secondround.Theme()).Build(site, Options{}, &mem)
	if err != nil {
		t.Fatal(err)
	}
	name := func(asset string) string {
		u, ok := res.Site.Asset(asset)
		if !ok {
			t.Fatalf("no fingerprinted copy of %s", asset)
		}
		path := strings.TrimPrefix(u, "/")
		sum := sha256.Sum256(mem.Files[path])
		if !strings.Contains(path, "."+hex.EncodeToString(sum[:])[:10]+".") {
			t.Errorf("%s is not named by its bytes", path)
		}
		return path
	}
	app, b, shared, css := name("js/app.js"), name("js/lib/b.js"), name("js/shared.js"), name("css/x.css")
	base := func(p string) string { return p[strings.LastIndex(p, "/")+1:] }
	for _, tc := range []struct{ file, want string }{
		{app, `from "./lib/` + base(b) + `"`},
		{app, `import "../css/` + base(css) + `"`},
		{app, `from "/js/c.js"`},
		{b, `from "../` + base(shared) + `"`},
		{"js/app.js", `from "./lib/b.js"`},
		{"js/lib/b.js", `from "../shared.js"`},
	} {
		if !strings.Contains(string(mem.Files[tc.file]), tc.want) {
			t.Errorf("%s does not hold %s:\n%s", tc.file, tc.want, mem.Files[tc.file])
		}
	}
}

// FuzzImportSpecs feeds importSpecs any script: it must not panic, and
// the ranges it gives must be in order, inside the script and relative
// specifiers.
func FuzzImportSpecs(f *testing.F) {
	f.Add(`import { a } from "./a.js"; export * from '../b.js'; import("./c.js")`)
	f.Add("import\"./x\"from'./y'")
	f.Fuzz(func(t *testing.T, js string) {
		last := 0
		for _, r := range importSpecs([]byte(js)) {
			if r[0] < last || r[1] < r[0] || r[1] > len(js) {
				t.Fatalf("range %v after %d in a script of %d bytes", r, last, len(js))
			}
			if spec := js[r[0]:r[1]]; !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
				t.Fatalf("%q is not relative", spec)
			}
			last = r[1]
		}
		out := rewriteImports([]byte(js), func(spec string, at int) (string, bool) { return spec, true })
		if string(out) != js {
			t.Fatalf("rewriting each specifier to itself changed the script: %q", out)
		}
	})
}
