package printtest

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// clipboardAccess lets the page of base write and read the clipboard as the
// tab a reader is looking at.
func clipboardAccess(base string) chromedp.Tasks {
	return chromedp.Tasks{
		emulation.SetFocusEmulationEnabled(true),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-read"}, browser.PermissionSettingGranted).WithOrigin(base),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-write", AllowWithoutSanitization: true}, browser.PermissionSettingGranted).WithOrigin(base),
	}
}

// copyEmail presses Copy and returns the clipboard, the status the page
// shows, and the mail link's subject and body as a mail app decodes them.
func copyEmail(t *testing.T, ctx context.Context) (clip, status, subject, body string) {
	t.Helper()
	var href string
	run(t, ctx,
		chromedp.Evaluate(`navigator.clipboard.writeText('')`, nil, awaitPromise),
		chromedp.Evaluate(`document.querySelector('[data-copy-status]').textContent = ''`, nil),
		chromedp.Click("[data-copy-email]", chromedp.ByQuery),
		chromedp.Poll(`document.querySelector('[data-copy-status]').textContent || null`, &status, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &clip, awaitPromise),
		chromedp.AttributeValue(`a[href^="mailto:"]`, "href", &href, nil, chromedp.ByQuery),
	)
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("mail link %q: %v", href, err)
	}
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		dec, err := url.PathUnescape(v)
		if err != nil {
			t.Fatalf("mail link %q: %v", href, err)
		}
		switch k {
		case "subject":
			subject = dec
		case "body":
			body = strings.ReplaceAll(dec, "\r\n", "\n")
		}
	}
	return clip, status, subject, body
}

// field is the text field of the blank with key, in the form beside the
// email.
func field(key string) string { return `.email-fill [data-blank="` + key + `"]` }

// TestFillInEmail fills two blanks of a sample email and copies it: the
// clipboard and the mail link hold the values, not their [Placeholders],
// and the blanks left empty keep theirs. Another email then opens with the
// same values filled in; a blank left out takes its line with it; and
// "Clear my details" forgets everything.
func TestFillInEmail(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 2*time.Minute)
	run(t, ctx, clipboardAccess(site.base))
	byURL := map[string]email{}
	for _, e := range emails(t) {
		byURL[e.url] = e
	}
	thanks, accept := byURL["/emails/thank-you-general/"], byURL["/emails/accepting-an-offer/"]
	if thanks.url == "" || accept.url == "" {
		t.Fatal("the knowledge base lacks the thank-you or the acceptance email this test fills in")
	}

	run(t, ctx,
		chromedp.Navigate(site.base+thanks.url),
		chromedp.WaitVisible(field("your name"), chromedp.ByQuery),
		chromedp.SendKeys(field("your name"), "Ada Lovelace", chromedp.ByQuery),
		chromedp.SendKeys(field("role"), "Analyst & Engineer", chromedp.ByQuery),
	)
	var shown string
	run(t, ctx, chromedp.Text("[data-email-body]", &shown, chromedp.ByQuery))
	if !strings.Contains(shown, "the Analyst & Engineer position") || !strings.Contains(shown, "Ada Lovelace") {
		t.Errorf("as the reader types, the email does not show the values:\n%s", shown)
	}
	clip, status, subject, body := copyEmail(t, ctx)
	want := strings.NewReplacer("[Your name]", "Ada Lovelace", "[Role]", "Analyst & Engineer")
	if w := "Subject: " + want.Replace(thanks.subject) + "\n\n" + want.Replace(thanks.body); clip != w {
		t.Errorf("the clipboard holds\n%q\nwant\n%q", clip, w)
	}
	if subject != want.Replace(thanks.subject) || body != strings.TrimRight(want.Replace(thanks.body), "\n") {
		t.Errorf("the mail link holds\n%q\n%q\nwant the filled-in email", subject, body)
	}
	for _, text := range []string{clip, subject + body} {
		if strings.Contains(text, "[Your name]") || strings.Contains(text, "[Role]") {
			t.Errorf("a filled blank's placeholder is still there:\n%s", text)
		}
		if !strings.Contains(text, "[Company]") || !strings.Contains(text, "[Interviewer name]") {
			t.Errorf("a blank left empty lost its placeholder:\n%s", text)
		}
	}
	if !strings.HasPrefix(status, "Copied") || !strings.Contains(status, "Company") || strings.Contains(status, "Your name") {
		t.Errorf("after Copy, the status reads %q; want it to name the blanks still to fill in", status)
	}

	// On paper: the email as filled in, without the fields.
	var pdf []byte
	run(t, ctx, PrintAction(Papers()[0], &pdf))
	saved, err := Save(pdf, filepath.Join(t.TempDir(), "filled.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	paper, err := saved.Text(0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(paper, "Ada Lovelace") || strings.Contains(paper, "[Your name]") || strings.Contains(paper, "Fill in the blanks") || strings.Contains(paper, "Clear my details") {
		t.Errorf("the printed email is not the email as filled in, alone:\n%s", paper)
	}

	// Another email: the same blanks are filled in already.
	var name, role string
	run(t, ctx,
		chromedp.Navigate(site.base+accept.url),
		chromedp.WaitVisible(field("your name"), chromedp.ByQuery),
		chromedp.Value(field("your name"), &name, chromedp.ByQuery),
		chromedp.Value(field("role"), &role, chromedp.ByQuery),
	)
	if name != "Ada Lovelace" || role != "Analyst & Engineer" {
		t.Errorf("on another email, the fields hold %q and %q, want the values typed before", name, role)
	}
	clip, _, subject, body = copyEmail(t, ctx)
	if w := "Subject: " + want.Replace(accept.subject) + "\n\n" + want.Replace(accept.body); clip != w {
		t.Errorf("on another email, the clipboard holds\n%q\nwant\n%q", clip, w)
	}
	if subject != want.Replace(accept.subject) || !strings.Contains(body, "Ada Lovelace") {
		t.Errorf("on another email, the mail link holds %q, %q", subject, body)
	}

	// Leaving out the optional sentence drops it and the space before it.
	const negotiated = "if you negotiated anything else"
	run(t, ctx, chromedp.Click(`.email-fill [data-leave-out^="`+negotiated+`"]`, chromedp.ByQuery))
	clip, _, _, body = copyEmail(t, ctx)
	if strings.Contains(clip, "[If you negotiated") || strings.Contains(body, "[If you negotiated") {
		t.Errorf("a blank left out is still in the email:\n%s", clip)
	}
	if !strings.Contains(clip, "a start date of [Start date].\n") {
		t.Errorf("leaving out the sentence after [Start date] left its line untidy:\n%s", clip)
	}
	leftOut := false
	run(t, ctx, chromedp.Evaluate(`document.querySelector('.email-fill textarea[data-blank^="`+negotiated+`"]').disabled`, &leftOut))
	if !leftOut {
		t.Error("the field of a blank left out can still be typed in")
	}

	// A paragraph that is one optional blank goes with its blank line.
	var paragraph string
	run(t, ctx,
		chromedp.Navigate(site.base+"/emails/responding-to-an-offer/"),
		chromedp.WaitVisible(field("your name"), chromedp.ByQuery),
		chromedp.Click(`.email-fill [data-leave-out^="if you have not received it"]`, chromedp.ByQuery),
	)
	clip, _, _, _ = copyEmail(t, ctx)
	run(t, ctx, chromedp.Text("[data-email-body]", &paragraph, chromedp.ByQuery))
	for _, text := range []string{clip, paragraph} {
		if strings.Contains(text, "[If you have not received it") || strings.Contains(text, "\n\n\n") || !strings.Contains(text, "joining [Company].\n\nI have a few questions") {
			t.Errorf("leaving out a paragraph left it, or a gap of two blank lines:\n%s", text)
		}
	}

	// Clear my details: nothing kept, on this page or the next.
	var stored bool
	run(t, ctx,
		chromedp.Click("[data-clear-details]", chromedp.ByQuery),
		chromedp.Value(field("your name"), &name, chromedp.ByQuery),
		chromedp.Evaluate(`localStorage.getItem('secondround:details') !== null`, &stored),
	)
	if name != "" || stored {
		t.Errorf("after Clear my details, the field holds %q and the browser keeps details: %v", name, stored)
	}
	run(t, ctx,
		chromedp.Navigate(site.base+thanks.url),
		chromedp.WaitVisible(field("your name"), chromedp.ByQuery),
		chromedp.Value(field("your name"), &name, chromedp.ByQuery),
	)
	if name != "" {
		t.Errorf("after Clear my details, another email is filled in with %q", name)
	}
	clip, _, _, _ = copyEmail(t, ctx)
	if w := "Subject: " + thanks.subject + "\n\n" + thanks.body; clip != w {
		t.Errorf("after Clear my details, the clipboard holds\n%q\nwant the email as written", clip)
	}
}

// TestEmailFieldsAreLabelled checks every field of every sample email: a
// label naming it, one field per distinct placeholder, and each field's
// placeholder in the email.
func TestEmailFieldsAreLabelled(t *testing.T) {
	site := buildAndServe(t, repoRoot)
	ctx := newBrowser(t, 2*time.Minute)
	for _, e := range emails(t) {
		var problems []string
		run(t, ctx,
			chromedp.Navigate(site.base+e.url),
			chromedp.WaitVisible(".email-fill", chromedp.ByQuery),
			chromedp.Evaluate(`(() => {
  const out = [];
  const fields = [...document.querySelectorAll('.email-fill [data-blank]')];
  const keys = fields.map(f => f.dataset.blank);
  const spans = new Set([...document.querySelectorAll('[data-email] .placeholder')].map(s => s.dataset.blank));
  if (new Set(keys).size !== keys.length) out.push('two fields for one blank: ' + keys.join(' | '));
  for (const k of spans) if (!keys.includes(k)) out.push('no field for ' + k);
  const names = new Set();
  for (const f of fields) {
    const label = f.labels && f.labels[0] ? f.labels[0].textContent.trim() : '';
    if (!label) out.push('no label for ' + f.dataset.blank);
    if (names.has(label)) out.push('two fields labelled ' + label);
    names.add(label);
    if (!spans.has(f.dataset.blank)) out.push('a field for no blank: ' + f.dataset.blank);
  }
  return out;
})()`, &problems),
		)
		for _, p := range problems {
			t.Errorf("%s: %s", e.url, p)
		}
	}
}
