package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/secondround/secondround/internal/slug"
)

// section is the folder that new pages of a kind go in.
func section(kind string) (string, bool) {
	switch kind {
	case "article":
		return "articles", true
	case "questions":
		return "questions", true
	case "email":
		return "emails", true
	case "checklist":
		return "checklists", true
	case "briefing":
		return "briefings", true
	}
	return "", false
}

func runNew(env Env, args []string) int {
	c := find("new")
	fs := flags(env, c.name, c.args, c.short)
	src := fs.String("src", ".", "the site `folder`")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(env.Stderr, `secondround new: need a kind and a title, such as: secondround new checklist "The morning of the interview"`)
		fs.Usage()
		return 2
	}
	kind, title := fs.Arg(0), strings.TrimSpace(fs.Arg(1))
	dir, ok := section(kind)
	if !ok {
		fmt.Fprintf(env.Stderr, "secondround new: unknown kind %q: use article, questions, email, checklist or briefing\n", kind)
		return 2
	}
	name := slug.Make(title)
	if name == "" {
		fmt.Fprintf(env.Stderr, "secondround new: cannot make a file name from %q: use a title with some ASCII letters or digits\n", title)
		return 2
	}
	rel := filepath.Join("content", dir, name+".md")
	path := filepath.Join(*src, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintf(env.Stderr, "secondround new: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, iofs.ErrExist) {
			fmt.Fprintf(env.Stderr, "secondround new: %s already exists: edit it, or choose another title\n", rel)
			return 1
		}
		fmt.Fprintf(env.Stderr, "secondround new: %v\n", err)
		return 1
	}
	_, err = f.WriteString(Template(kind, title, env.Now().Format("2006-01-02")))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "secondround new: %v\n", err)
		return 1
	}
	fmt.Fprintf(env.Stdout, "Created %s\n", rel)
	return 0
}

// Template returns the starting text of a new page of a kind.
func Template(kind, title, date string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\nsummary: \"\"\nkind: %s\ntags: []\n", title, date, kind)
	switch kind {
	case "email":
		b.WriteString("subject: \"[Subject line]\"\n")
	case "briefing":
		b.WriteString(briefingFields)
	}
	b.WriteString("draft: true\n---\n\n")
	switch kind {
	case "questions":
		b.WriteString("One or two sentences on when these questions help.\n\n## The role\n\n- **A question to ask?** Why it is worth asking.\n")
	case "email":
		b.WriteString("When to send this email, and what to adapt.\n\n```email\nDear [Contact name],\n\n[Body]\n\nBest regards,\n[Your name]\n```\n")
	case "checklist":
		b.WriteString("What this checklist is for. Keep it to 25 items so it prints on one page.\n\n## First group\n\n- [ ] The first thing to do\n- [ ] The second thing to do\n")
	case "briefing":
		b.WriteString("Shown on screen above the sheet, not printed: who fills the sheet in, when, and what to do with it (send the link, or print).\n")
	default:
		b.WriteString("Start with the point of the article in a sentence or two.\n\n## A first section\n\nWrite here.\n")
	}
	return b.String()
}

// briefingFields are the fields of a new briefing sheet: one of each type,
// to keep, change or delete.
const briefingFields = `fields:
  - name: company
    label: Company
    hint: As reception will know it
  - name: when
    label: Date and time
  - name: address
    label: Address and how to get there
    type: long
    lines: 3
  - name: interviewers
    label: Who you will meet
    columns: [Name, Role, What they care about]
    rows: 3
  - name: phone
    label: Your recruiter's phone
    type: phone
`
