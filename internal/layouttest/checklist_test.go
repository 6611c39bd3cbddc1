package layouttest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/secondround/secondround/internal/browsertest"
)

// checklistState is what the test reads of a checklist page.
type checklistState struct {
	Ticked   int    `json:"ticked"`
	Progress string `json:"progress"`
	Undo     bool   `json:"undo"` // the Undo button is shown
	Message  string `json:"message"`
	Dialogs  int    `json:"dialogs"` // confirm(), alert() or prompt() calls
}

const readChecklist = `({
  ticked: document.querySelectorAll('input.task-check:checked').length,
  progress: document.querySelector('[data-progress]').textContent,
  undo: document.querySelector('[data-undo]').checkVisibility(),
  message: document.querySelector('[data-undo-message]').textContent,
  dialogs: window.__dialogs || 0,
})`

// countDialogs replaces the browser's dialogs with counters: Reset must
// not ask for confirmation.
const countDialogs = `(() => {
  window.__dialogs = 0;
  for (const name of ['confirm', 'alert', 'prompt']) window[name] = () => { window.__dialogs++; return true; };
})()`

// TestChecklistResetUndo ticks three boxes, resets, and checks that Undo is
// offered without a dialog, is still there ten seconds later, puts the
// ticks back (and they last through a reload), and that a later offer
// goes away by itself.
func TestChecklistResetUndo(t *testing.T) {
	ctx := browsertest.New(t, 2*time.Minute)
	dir, _ := buildSite(t, "testdata/awkward")
	base := serve(t, dir)
	read := func() checklistState {
		t.Helper()
		var s checklistState
		if err := chromedp.Run(ctx, chromedp.Evaluate(readChecklist, &s)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	run := func(actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	vp := Viewports()[1]
	run(Emulate(vp, "light"), Load(base+"/checklists/on-the-day/"),
		chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery),
		chromedp.Evaluate(countDialogs, nil),
		chromedp.Click(`label[for="task-1"]`, chromedp.ByQuery),
		chromedp.Click(`label[for="task-3"]`, chromedp.ByQuery),
		chromedp.Click(`label[for="task-5"]`, chromedp.ByQuery),
	)
	if s := read(); s.Ticked != 3 {
		t.Fatalf("after ticking three boxes, %d are ticked", s.Ticked)
	}
	run(chromedp.Click("[data-reset]", chromedp.ByQuery))
	s := read()
	if s.Ticked != 0 || !strings.HasPrefix(s.Progress, "0 of ") {
		t.Errorf("after Reset: %d ticked, progress %q; want none", s.Ticked, s.Progress)
	}
	if !s.Undo || s.Message != "3 ticks cleared." {
		t.Errorf("after Reset: Undo shown %v, message %q; want Undo and \"3 ticks cleared.\"", s.Undo, s.Message)
	}
	if s.Dialogs != 0 {
		t.Errorf("Reset opened %d dialogs, want none", s.Dialogs)
	}

	run(chromedp.Sleep(10500 * time.Millisecond))
	if s := read(); !s.Undo {
		t.Fatal("Undo was gone 10.5 seconds after Reset; it must stay at least 10")
	}
	run(chromedp.Click("[data-undo]", chromedp.ByQuery))
	if s := read(); s.Ticked != 3 || s.Undo || s.Message != "" {
		t.Errorf("after Undo: %+v, want the three ticks back and the offer gone", s)
	}
	run(chromedp.Reload(), chromedp.WaitVisible("[data-checklist-tools]", chromedp.ByQuery))
	if s := read(); s.Ticked != 3 {
		t.Errorf("after Undo and a reload, %d are ticked, want 3", s.Ticked)
	}

	// Left alone, the offer ends by itself and the ticks stay cleared.
	run(chromedp.Click("[data-reset]", chromedp.ByQuery))
	deadline := time.Now().Add(25 * time.Second)
	for read().Undo {
		if time.Now().After(deadline) {
			t.Fatal("Undo was still offered 25 seconds after Reset")
		}
		run(chromedp.Sleep(250 * time.Millisecond))
	}
	if s := read(); s.Ticked != 0 {
		t.Errorf("after the offer ended, %d are ticked, want none", s.Ticked)
	}
}
