package cli

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testEnv runs commands with captured output and a fixed clock.
func testEnv(env map[string]string) (Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return Env{
		Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) },
		Context: func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		},
	}, &out, &errb
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[strings.TrimPrefix(p, dir)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var goodSite = map[string]string{
	"content/_index.md":             "---\ntitle: Test site\nbase_url: https://example.org/\n---\nWelcome.\n",
	"content/articles/first.md":     "---\ntitle: First\ndate: 2026-01-01\ntags: [one]\n---\nSee [second](second.md).\n",
	"content/articles/second.md":    "---\ntitle: Second\ndate: 2026-01-02\ntags: [one, two]\n---\n## Part\n\nBack to [first](first.md).\n",
	"content/articles/_index.md":    "---\ntitle: Articles\n---\nAll articles.\n",
	"content/checklists/packing.md": "---\ntitle: Packing\ndate: 2026-01-03\nkind: checklist\ntags: [two]\n---\n- [ ] Pen\n",
}

func TestBuildErrorsKeepPreviousOutput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // lines that must be printed
	}{
		{"YAML syntax", map[string]string{"content/articles/bad.md": "---\ntitle: Bad\ntags: [a, b\n---\nx\n"},
			[]string{"content/articles/bad.md:3: front matter is not valid YAML:"}},
		{"wrong type", map[string]string{"content/articles/bad.md": "---\ntitle: Bad\ntags: 3.5\n---\nx\n"},
			[]string{"content/articles/bad.md:3:7: tags: expected a list of strings"}},
		{"bad date", map[string]string{"content/articles/bad.md": "---\ntitle: Bad\ndate: 31/02/2024\n---\nx\n"},
			[]string{`content/articles/bad.md:3:7: date: "31/02/2024" is not a date (use YYYY-MM-DD)
    3 | date: 31/02/2024
      |       ^`}},
		{"unknown kind", map[string]string{"content/articles/bad.md": "---\ntitle: Bad\nkind: essay\n---\nx\n"},
			[]string{`content/articles/bad.md:3:7: kind: unknown kind "essay": use one of article, questions, email, checklist, briefing`}},
		{"two pages one URL", map[string]string{"content/articles/First.md": "---\ntitle: Clash\n---\nx\n"},
			[]string{
				"content/articles/First.md:1: URL /articles/first/ is also claimed by content/articles/first.md",
				"content/articles/first.md:1: URL /articles/first/ is also claimed by content/articles/First.md",
			}},
		{"empty file", map[string]string{"content/articles/empty.md": ""},
			[]string{"content/articles/empty.md: file is empty"}},
		{"missing layout", map[string]string{"content/articles/wide.md": "---\ntitle: Wide\nlayout: wide\n---\nx\n"},
			[]string{"content/articles/wide.md:3:9: missing layout: none of [article/wide.html _default/wide.html] exists"}},
		{"template parse error", map[string]string{"layouts/_default/single.html": "{{define \"main\"}}\n<h1>{{.Page.Title}</h1>\n{{end}}\n"},
			[]string{`layouts/_default/single.html:2: template error: bad character U+007D '}'`}},
		{"template execution error", map[string]string{"layouts/_default/single.html": "{{define \"main\"}}\n{{.Page.Nope}}\n{{end}}\n"},
			[]string{`layouts/_default/single.html:2:8: executing "main" at <.Page.Nope>: can't evaluate field Nope in type *site.Page (rendering articles/first/index.html)
    2 | {{.Page.Nope}}
      |        ^`}},
		{"broken link", map[string]string{"content/articles/links.md": "---\ntitle: L\n---\n\nSee [x](../foo/) and\n[y](second.md#nope).\n"},
			[]string{
				`content/articles/links.md:5:5: link "../foo/" points to no page`,
				`content/articles/links.md:6:1: link "second.md#nope": content/articles/second.md has no heading with id "nope" (its headings: #part)`,
			}},
		{"tag collision", map[string]string{"content/articles/tags.md": "---\ntitle: T\ndate: 2026-02-01\ntags: [négociation]\n---\nx\n",
			"content/articles/tags2.md": "---\ntitle: T2\ndate: 2026-02-02\ntags: [negociation]\n---\nx\n"},
			[]string{`content/articles/tags.md:4:8: tag "négociation" and tag "negociation" (in content/articles/tags2.md) both become /tags/negociation/: spell them the same, or rename one`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, goodSite)
			out := filepath.Join(dir, "public")
			env, stdout, stderr := testEnv(nil)
			if code := Run([]string{"build", "-src", dir}, env); code != 0 {
				t.Fatalf("good site: exit %d\n%s", code, stderr)
			}
			if !strings.HasPrefix(stdout.String(), "Built ") {
				t.Fatalf("no summary line: %q", stdout)
			}
			before := snapshot(t, out)
			writeFiles(t, dir, tc.files)
			env, _, stderr = testEnv(nil)
			if code := Run([]string{"build", "-src", dir}, env); code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, stderr)
				}
			}
			if !strings.Contains(stderr.String(), "was left as it was") {
				t.Errorf("output does not say the previous site was kept:\n%s", stderr)
			}
			after := snapshot(t, out)
			if len(after) != len(before) {
				t.Fatalf("previous output changed: %d files, then %d", len(before), len(after))
			}
			for name, b := range before {
				if after[name] != b {
					t.Fatalf("previous output changed: %s", name)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".building-") {
					t.Errorf("staging folder left behind: %s", e.Name())
				}
			}
			env, _, stderr2 := testEnv(nil)
			if code := Run([]string{"check", "-src", dir}, env); code != 1 || stderr2.String() == "" {
				t.Errorf("check: exit %d, want 1 with the same problems", code)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	// Tests may run as root, who can read any file; a link to nowhere and a
	// link to itself cannot be read by anyone.
	if err := os.Symlink("nowhere.md", filepath.Join(dir, "content/articles/dangling.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop.md", filepath.Join(dir, "content/articles/loop.md")); err != nil {
		t.Fatal(err)
	}
	env, _, stderr := testEnv(nil)
	if code := Run([]string{"check", "-src", dir}, env); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, w := range []string{"content/articles/dangling.md: cannot read:", "content/articles/loop.md: cannot read:"} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, stderr)
		}
	}
}

func TestBuildRemovesStaleFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	env, _, stderr := testEnv(nil)
	if Run([]string{"build", "-src", dir}, env) != 0 {
		t.Fatal(stderr)
	}
	if err := os.Remove(filepath.Join(dir, "content/checklists/packing.md")); err != nil {
		t.Fatal(err)
	}
	env, _, stderr = testEnv(nil)
	if Run([]string{"build", "-src", dir}, env) != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/checklists/packing/index.html")); !os.IsNotExist(err) {
		t.Fatalf("deleted page still in output: %v", err)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	var snaps []map[string]string
	for i := 0; i < 2; i++ {
		env, _, stderr := testEnv(nil)
		if Run([]string{"build", "-src", dir}, env) != 0 {
			t.Fatal(stderr)
		}
		snaps = append(snaps, snapshot(t, filepath.Join(dir, "public")))
	}
	if len(snaps[0]) != len(snaps[1]) {
		t.Fatal("file count differs")
	}
	for name, b := range snaps[0] {
		if snaps[1][name] != b {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestBaseURLPrecedence(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, nil, "https://example.org/articles/first/"},
		{nil, map[string]string{"URL": "https://netlify.example/"}, "https://netlify.example/articles/first/"},
		{[]string{"-base-url", "https://flag.example"}, map[string]string{"URL": "https://netlify.example/"}, "https://flag.example/articles/first/"},
	} {
		env, _, stderr := testEnv(tc.env)
		if Run(append([]string{"build", "-src", dir}, tc.args...), env) != 0 {
			t.Fatal(stderr)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "public/articles/first/index.html"))
		if !strings.Contains(string(b), `<link rel="canonical" href="`+tc.want+`">`) {
			t.Errorf("args %v env %v: canonical is not %s", tc.args, tc.env, tc.want)
		}
	}
}

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{}, 2, "", "usage: secondround COMMAND"},
		{[]string{"bogus"}, 2, "", `secondround: unknown command "bogus"`},
		{[]string{"build", "-bogus"}, 2, "", "flag provided but not defined: -bogus"},
		{[]string{"build", "-h"}, 0, "", "usage: secondround build"},
		{[]string{"check", "-h"}, 0, "", "usage: secondround check"},
		{[]string{"serve", "-h"}, 0, "", "usage: secondround serve"},
		{[]string{"new", "-h"}, 0, "", "usage: secondround new"},
		{[]string{"help"}, 0, "usage: secondround COMMAND", ""},
		{[]string{"help", "build"}, 0, "usage: secondround build", ""},
		{[]string{"-h"}, 0, "usage: secondround COMMAND", ""},
		{[]string{"version"}, 0, "secondround " + Version, ""},
		{[]string{"new", "essay", "X"}, 2, "", `unknown kind "essay"`},
		{[]string{"new", "article"}, 2, "", "need a kind and a title"},
		{[]string{"build", "extra"}, 2, "", `unexpected argument "extra"`},
	} {
		env, stdout, stderr := testEnv(nil)
		code := Run(tc.args, env)
		if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", tc.args, code, stdout, stderr)
		}
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range []string{"article", "questions", "email", "checklist", "briefing"} {
		env, stdout, stderr := testEnv(nil)
		if code := Run([]string{"new", "-src", dir, kind, "Café talk: notes"}, env); code != 0 {
			t.Fatalf("%s: exit %d: %s", kind, code, stderr)
		}
		sec, _ := section(kind)
		rel := filepath.Join("content", sec, "cafe-talk-notes.md")
		if !strings.Contains(stdout.String(), rel) {
			t.Errorf("%s: stdout %q does not name %s", kind, stdout, rel)
		}
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`title: "Café talk: notes"`, "date: 2026-11-22", "kind: " + kind, "tags: []"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s: new page lacks %q:\n%s", kind, want, b)
			}
		}
		env, _, stderr = testEnv(nil)
		if code := Run([]string{"new", "-src", dir, kind, "Café talk: notes"}, env); code != 1 || !strings.Contains(stderr.String(), "already exists") {
			t.Errorf("%s: overwrite: exit %d, %q", kind, code, stderr)
		}
	}
	// Pages made by new are drafts that build with -drafts.
	writeFiles(t, dir, map[string]string{"content/_index.md": "---\ntitle: T\n---\n"})
	env, _, stderr := testEnv(nil)
	if code := Run([]string{"check", "-src", dir, "-drafts"}, env); code != 0 {
		t.Fatalf("new pages do not build: %s", stderr)
	}
}

func TestRefusesDangerousOut(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	for _, out := range []string{dir, filepath.Dir(dir), filepath.Join(dir, "content"), filepath.Join(dir, "content", "x")} {
		env, _, stderr := testEnv(nil)
		if code := Run([]string{"build", "-src", dir, "-out", out}, env); code != 2 {
			t.Errorf("-out %s: exit %d, want 2 (%s)", out, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/articles/first.md")); err != nil {
		t.Fatal("source was harmed")
	}
}

// TestBuildProfiles checks that build writes both profiles, in pprof's
// format.
func TestBuildProfiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	env, _, errb := testEnv(nil)
	if code := Run([]string{"build", "-src", dir, "-cpuprofile", cpu, "-memprofile", mem}, env); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, f := range []string{cpu, mem} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// pprof's format is gzipped protocol buffers.
		if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s is not a pprof profile (%d bytes)", filepath.Base(f), len(b))
		}
	}
}
