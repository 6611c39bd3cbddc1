package printtest

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"gopkg.in/yaml.v2"
)

// checked lists the ids of the ticked boxes, in page order.
const checkedIDs = `[...document.querySelectorAll('input.task-check')].filter(b => b.checked).map(b => b.id)`

// stubPrint replaces window.print, which would open a dialog, with one that
// records how many boxes were ticked when the page was printed.
const stubPrint = `window.print = () => { window.__printedTicks = document.querySelectorAll('input.task-check:checked').length; }; true`

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func ticks(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var ids []string
	run(t, ctx, chromedp.Evaluate(checkedIDs, &ids))
	return ids
}

func progress(t *testing.T, ctx context.Context) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Text("[data-progress]", &s, chromedp.ByQuery))
	return s
}

// TestTicksSurviveReload ticks a checklist by its box and by its text,
// reloads, and finds the ticks again; then prints with and without them,
// and resets.
func TestTicksSurviveReload(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 2*time.Minute)
	page := site.base + "/checklists/on-the-day/"
	var total int
	run(t, ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('input.task-check').length`, &total),
	)
	if total < 10 {
		t.Fatalf("the checklist has %d boxes, want the real page's", total)
	}
	if got := ticks(t, ctx); len(got) != 0 {
		t.Fatalf("a fresh page starts with %v ticked, want none", got)
	}
	run(t, ctx,
		chromedp.Click(`label[for="task-2"]`, chromedp.ByQuery), // the words tick the box
		chromedp.Click(`#task-5`, chromedp.ByQuery),
	)
	if got := strings.Join(ticks(t, ctx), ","); got != "task-2,task-5" {
		t.Fatalf("after ticking task-2 by its text and task-5 by its box, ticked = %s", got)
	}
	want := "2 of " + strconv.Itoa(total) + " done"
	if got := progress(t, ctx); got != want {
		t.Errorf("progress reads %q, want %q", got, want)
	}

	run(t, ctx, chromedp.Reload(), chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery))
	if got := strings.Join(ticks(t, ctx), ","); got != "task-2,task-5" {
		t.Fatalf("after a reload, ticked = %q, want task-2,task-5", got)
	}
	if got := progress(t, ctx); got != want {
		t.Errorf("after a reload, progress reads %q, want %q", got, want)
	}

	// On paper a ticked box shows a tick mark and an empty one none.
	var marks []string
	run(t, ctx,
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`['task-1','task-2'].map(id => getComputedStyle(document.querySelector('label[for="'+id+'"]'), '::after').content)`, &marks),
		emulation.SetEmulatedMedia().WithMedia(""),
	)
	if len(marks) != 2 || marks[0] != "none" || marks[1] == "none" {
		t.Errorf("printed tick marks (::after content of task-1, task-2) = %q, want none for the empty box and a mark for the ticked one", marks)
	}

	// Print keeps the ticks; Print blank prints every box empty and puts
	// the ticks back once printing is done.
	var printed int
	run(t, ctx,
		chromedp.Evaluate(stubPrint, nil),
		chromedp.Click("[data-print]", chromedp.ByQuery),
		chromedp.Evaluate(`window.__printedTicks`, &printed),
	)
	if printed != 2 {
		t.Errorf("Print printed %d ticks, want 2", printed)
	}
	run(t, ctx,
		chromedp.Click("[data-print-blank]", chromedp.ByQuery),
		chromedp.Evaluate(`window.__printedTicks`, &printed),
	)
	if printed != 0 {
		t.Errorf("Print blank printed %d ticks, want 0", printed)
	}
	run(t, ctx, chromedp.Evaluate(`window.dispatchEvent(new Event('afterprint'))`, nil))
	if got := strings.Join(ticks(t, ctx), ","); got != "task-2,task-5" {
		t.Errorf("after Print blank, ticked = %q, want the ticks back: task-2,task-5", got)
	}
	// A PDF printed now, as a reader's Ctrl+P would, is still one page.
	var pdf []byte
	run(t, ctx, PrintAction(Papers()[1], &pdf))
	if n := pages(t, save(t, pdf, "ticked", Papers()[1])); n != 1 {
		t.Errorf("the ticked checklist prints on %d pages, want 1", n)
	}

	// Ticks belong to their page.
	run(t, ctx, chromedp.Navigate(site.base+"/checklists/the-day-before/"), chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery))
	if got := ticks(t, ctx); len(got) != 0 {
		t.Errorf("another checklist starts with %v ticked, want none", got)
	}

	run(t, ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery),
		chromedp.Click("[data-reset]", chromedp.ByQuery),
	)
	if got := ticks(t, ctx); len(got) != 0 {
		t.Errorf("after Reset, ticked = %v, want none", got)
	}
	if got, want := progress(t, ctx), "0 of "+strconv.Itoa(total)+" done"; got != want {
		t.Errorf("after Reset, progress reads %q, want %q", got, want)
	}
	run(t, ctx, chromedp.Reload(), chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery))
	if got := ticks(t, ctx); len(got) != 0 {
		t.Errorf("after Reset and a reload, ticked = %v, want none", got)
	}
}

// TestWithoutJavaScript reads a checklist and an email with scripts off:
// no button that would do nothing, boxes that still tick, and a mail link
// that works.
func TestWithoutJavaScript(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, time.Minute)
	var toolsShown, copyShown, mailShown, fieldsShown bool
	var before, after []string
	run(t, ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.base+"/checklists/on-the-day/"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector('[data-checklist-tools]').offsetParent`, &toolsShown),
		chromedp.Evaluate(checkedIDs, &before),
		chromedp.Click(`label[for="task-3"]`, chromedp.ByQuery),
		chromedp.Evaluate(checkedIDs, &after),
		chromedp.Navigate(site.base+"/emails/thank-you-general/"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector('[data-copy-email]').offsetParent`, &copyShown),
		chromedp.Evaluate(`!!document.querySelector('a[href^="mailto:"]').offsetParent`, &mailShown),
		chromedp.Evaluate(`[...document.querySelectorAll('input, textarea, form')].some(e => e.offsetParent && !e.closest('header'))`, &fieldsShown),
	)
	if toolsShown {
		t.Error("with JavaScript off, the checklist shows its Print/Reset tools, which need the script")
	}
	if len(before) != 0 || strings.Join(after, ",") != "task-3" {
		t.Errorf("with JavaScript off, clicking an item's text ticked %v (from %v), want task-3", after, before)
	}
	if copyShown {
		t.Error("with JavaScript off, the email shows a Copy button, which needs the script")
	}
	if fieldsShown {
		t.Error("with JavaScript off, the email shows fields to fill in, which need the script")
	}
	if !mailShown {
		t.Error("with JavaScript off, the email has no visible Open in mail app link")
	}
}

// An email is a sample email's page with what its source says it holds.
type email struct {
	url, subject, body string
}

// emails reads every sample email of the knowledge base from its Markdown:
// the subject from the front matter, the body from the ```email block.
func emails(t *testing.T) []email {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "content", "emails", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []email
	for _, f := range files {
		if filepath.Base(f) == "_index.md" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts := bytes.SplitN(src, []byte("\n---\n"), 2)
		var fm struct {
			Subject string `yaml:"subject"`
		}
		if err := yaml.Unmarshal(bytes.TrimPrefix(parts[0], []byte("---\n")), &fm); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		_, rest, ok := strings.Cut(string(src), "```email\n")
		body, _, ok2 := strings.Cut(rest, "```")
		if !ok || !ok2 || fm.Subject == "" {
			t.Fatalf("%s: want a subject: in the front matter and an ```email block", f)
		}
		out = append(out, email{url: "/emails/" + strings.TrimSuffix(filepath.Base(f), ".md") + "/", subject: fm.Subject, body: body})
	}
	if len(out) == 0 {
		t.Fatal("the knowledge base has no sample emails")
	}
	return out
}

// TestCopyEmail presses Copy on every sample email and reads the clipboard
// back: the subject line, a blank line and the body, placeholders kept.
// It also reads the mail link: subject and body encoded as RFC 6068 says.
func TestCopyEmail(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 2*time.Minute)
	// A headless tab never has the focus that the Clipboard API asks for;
	// this makes it behave as the tab a reader is looking at.
	run(t, ctx, clipboardAccess(site.base))
	for _, e := range emails(t) {
		t.Run(strings.Trim(e.url, "/"), func(t *testing.T) {
			var clip, status, href string
			run(t, ctx,
				chromedp.Navigate(site.base+e.url),
				chromedp.WaitVisible("[data-copy-email]", chromedp.ByQuery),
				chromedp.Evaluate(`navigator.clipboard.writeText('')`, nil, awaitPromise),
				chromedp.Click("[data-copy-email]", chromedp.ByQuery),
				chromedp.Poll(`document.querySelector('[data-copy-status]').textContent`, &status, chromedp.WithPollingTimeout(5*time.Second)),
				chromedp.Evaluate(`navigator.clipboard.readText()`, &clip, awaitPromise),
				chromedp.AttributeValue(`a[href^="mailto:"]`, "href", &href, nil, chromedp.ByQuery),
			)
			want := "Subject: " + e.subject + "\n\n" + e.body
			if clip != want {
				t.Errorf("the clipboard holds\n%q\nwant\n%q", clip, want)
			}
			if !strings.HasPrefix(status, "Copied") {
				t.Errorf("after Copy, the status reads %q", status)
			}
			checkMailto(t, href, e.subject, strings.TrimRight(e.body, "\n"))
		})
	}
}

// TestCopyEmailFallback copies an email in a browser without the async
// Clipboard API (older Safari, pages not served over HTTPS): the script
// falls back on a selected textarea and execCommand("copy").
func TestCopyEmailFallback(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, time.Minute)
	e := emails(t)[0]
	var status, clip string
	run(t, ctx,
		clipboardAccess(site.base),
		chromedp.Navigate(site.base+e.url),
		chromedp.WaitVisible("[data-copy-email]", chromedp.ByQuery),
		chromedp.Evaluate(`navigator.clipboard.writeText('')`, nil, awaitPromise),
		chromedp.Evaluate(`Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined}); navigator.clipboard === undefined`, nil),
		chromedp.Click("[data-copy-email]", chromedp.ByQuery),
		chromedp.Poll(`document.querySelector('[data-copy-status]').textContent`, &status, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Reload(), // a fresh page has the Clipboard API again, to read with
		chromedp.WaitVisible("[data-copy-email]", chromedp.ByQuery),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &clip, awaitPromise),
	)
	if !strings.HasPrefix(status, "Copied") {
		t.Errorf("after Copy without the Clipboard API, the status reads %q", status)
	}
	if want := "Subject: " + e.subject + "\n\n" + e.body; clip != want {
		t.Errorf("the clipboard holds\n%q\nwant\n%q", clip, want)
	}
}

// checkMailto decodes a mailto: link as a mail app does (percent-decoding
// only; a "+" stays a plus) and compares its fields.
func checkMailto(t *testing.T, href, subject, body string) {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "mailto" {
		t.Fatalf("mail link %q: not a mailto: URL (%v)", href, err)
	}
	fields := map[string]string{}
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		dec, err := url.PathUnescape(v)
		if err != nil {
			t.Fatalf("mail link %q: field %s is not percent-encoded: %v", href, k, err)
		}
		fields[k] = dec
	}
	if fields["subject"] != subject {
		t.Errorf("mail link subject = %q, want %q", fields["subject"], subject)
	}
	if want := strings.ReplaceAll(body, "\n", "\r\n"); fields["body"] != want {
		t.Errorf("mail link body = %q, want %q (line breaks as CRLF)", fields["body"], want)
	}
}
