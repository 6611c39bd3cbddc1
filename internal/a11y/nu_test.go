package a11y

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// nuReport is the part of the Nu HTML Checker's JSON output the test reads.
type nuReport struct {
	Messages []struct {
		Type     string `json:"type"`
		URL      string `json:"url"`
		LastLine int    `json:"lastLine"`
		Message  string `json:"message"`
		Extract  string `json:"extract"`
	} `json:"messages"`
}

// TestNuHTMLChecker checks every built page with the Nu HTML Checker, in one
// run of the JVM (it takes seconds to start).
func TestNuHTMLChecker(t *testing.T) {
	jar := tool(t, "VNU_JAR", "vnu-jar/build/dist/vnu.jar", "npm install vnu-jar")
	javaPath := java(t)
	dir, _ := buildSite(t)

	errs, err := nuErrors(javaPath, jar, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Errorf("the Nu HTML Checker found %d errors in the built site:\n%s", len(errs), strings.Join(errs, "\n"))
	}
}

// nuErrors runs the checker over every HTML file below dir and returns its
// errors as "path:line: message", sorted.
func nuErrors(javaPath, jar, dir string) ([]string, error) {
	cmd := exec.Command(javaPath, "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()   // exits 1 when it finds errors: the report says which
	raw := stderr.Bytes() // the JSON report goes to stderr
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = stdout.Bytes()
	}
	var rep nuReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		return nil, fmt.Errorf("java -jar %s: %v; its output is not a JSON report (%v):\n%s%s", jar, runErr, err, stdout.Bytes(), stderr.Bytes())
	}
	var errs []string
	for _, m := range rep.Messages {
		if m.Type == "info" {
			continue
		}
		errs = append(errs, fmt.Sprintf("%s:%d: %s%s", relPath(dir, m.URL), m.LastLine, m.Message, extract(m.Extract)))
	}
	sort.Strings(errs)
	if len(errs) == 0 && runErr != nil {
		return nil, fmt.Errorf("java -jar %s: %v, with no errors reported:\n%s", jar, runErr, stderr.Bytes())
	}
	return errs, nil
}

// relPath turns the checker's file: URL into a path below the output folder.
func relPath(dir, u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil && pu.Scheme == "file" {
		p = pu.Path
		if p == "" {
			p = pu.Opaque
		}
	}
	if r, err := filepath.Rel(dir, filepath.FromSlash(p)); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return u
}

func extract(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	return " (at «" + s + "»)"
}
