package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRelevant(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"content/articles/x.md", true},
		{"content/articles/diagram.png", true},
		{"layouts/_default/single.html", true},
		{"static/css/site.css", true},
		{"content", true},
		{"content/new-folder", true},
		{"public/index.html", false},
		{"README.md", false},
		{".git/index", false},
		{"content/.git/HEAD", false},
		{"content/articles/.x.md.swp", false},    // Vim swap
		{"content/articles/.x.md.swx", false},    // Vim swap, second
		{"content/articles/x.md.swp", false},     // swap named without a dot
		{"content/articles/x.md~", false},        // backup
		{"content/articles/4913", false},         // Vim's write probe
		{"content/articles/.#x.md", false},       // Emacs lock
		{"content/articles/#x.md#", false},       // Emacs autosave
		{"content/articles/x.md.bck", false},     // backup copy
		{"content/articles/x.md.tmp", false},     // temporary
		{"content/articles/jb_old___.md", false}, // JetBrains
		{"content/articles/x.md___jb_tmp___", false},
		{"content/articles/x.md___jb_old___", false},
		{"content/articles/.goutputstream-Q1W2E3", false}, // gedit
		{"content/articles/.x.md.kate-swp", false},        // Kate
		{"content/.hidden/x.md", false},
		{"static/css/site.css~", false},
		{"layouts/partials/.head.html.swp", false},
	} {
		if got := Relevant(tc.path); got != tc.want {
			t.Errorf("Relevant(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

// site makes a site folder with one page.
func site(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	write(t, root, "content/articles/a.md", "# A\n\nText.\n")
	if err := os.MkdirAll(filepath.Join(root, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// modes runs a test with fsnotify and with polling.
func modes(t *testing.T, f func(t *testing.T, opts Options)) {
	t.Run("notify", func(t *testing.T) { f(t, Options{}) })
	t.Run("poll", func(t *testing.T) {
		f(t, Options{Poll: true, PollEvery: 50 * time.Millisecond, Quiet: 50 * time.Millisecond})
	})
}

func start(t *testing.T, root string, opts Options) *Watcher {
	t.Helper()
	w, err := New(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	if opts.Poll != w.Polling() {
		t.Fatalf("Polling() = %v, want %v", w.Polling(), opts.Poll)
	}
	return w
}

// next waits for one batch.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.C():
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch after 10s")
	}
	return Batch{}
}

// none checks that no further batch comes for a while.
func none(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case b := <-w.C():
		t.Fatalf("unexpected batch %+v", b)
	case <-time.After(d):
	}
}

func TestEdit(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		w := start(t, root, opts)
		write(t, root, "content/articles/a.md", "# A\n\nNew text, longer.\n")
		b := next(t, w)
		if !slices.Contains(b.Paths, "content/articles/a.md") {
			t.Errorf("batch %v lacks the edited page", b.Paths)
		}
	})
}

func TestAtomicRenameSave(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		w := start(t, root, opts)
		// The way Vim (with backupcopy=no), VS Code's safe save and
		// JetBrains save: a temporary file renamed over the page.
		write(t, root, "content/articles/.a.md.swp", "swap")
		write(t, root, "content/articles/a.md___jb_tmp___", "# A\n\nSaved atomically, at last.\n")
		if err := os.Rename(filepath.Join(root, "content/articles/a.md___jb_tmp___"), filepath.Join(root, "content/articles/a.md")); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(root, "content/articles/.a.md.swp")); err != nil {
			t.Fatal(err)
		}
		b := next(t, w)
		if want := []string{"content/articles/a.md"}; !slices.Equal(b.Paths, want) {
			t.Errorf("batch %v, want %v: the temporary and swap files are not changes", b.Paths, want)
		}
		none(t, w, 300*time.Millisecond)
	})
}

func TestNewFolder(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		w := start(t, root, opts)
		write(t, root, "content/guides/deep/b.md", "# B\n")
		b := next(t, w)
		if !slices.Contains(b.Paths, "content/guides/deep/b.md") {
			t.Fatalf("batch %v lacks the page in the new folder", b.Paths)
		}
		// The new folder is watched: a later edit in it is seen.
		write(t, root, "content/guides/deep/b.md", "# B\n\nMore.\n")
		b = next(t, w)
		if !slices.Contains(b.Paths, "content/guides/deep/b.md") {
			t.Errorf("batch %v lacks the page edited in the new folder", b.Paths)
		}
	})
}

func TestNewTopFolder(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		w := start(t, root, opts)
		write(t, root, "static/css/extra.css", "a{}")
		b := next(t, w)
		if !slices.Contains(b.Paths, "static/css/extra.css") {
			t.Fatalf("batch %v lacks the file in the new static/ folder", b.Paths)
		}
		write(t, root, "public/index.html", "output")
		write(t, root, "notes.txt", "not the site")
		none(t, w, 300*time.Millisecond)
	})
}

func TestDelete(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		write(t, root, "content/old/c.md", "# C\n")
		w := start(t, root, opts)
		if err := os.Remove(filepath.Join(root, "content/articles/a.md")); err != nil {
			t.Fatal(err)
		}
		b := next(t, w)
		if !slices.Contains(b.Paths, "content/articles/a.md") {
			t.Errorf("batch %v lacks the deleted page", b.Paths)
		}
		if err := os.RemoveAll(filepath.Join(root, "content/old")); err != nil {
			t.Fatal(err)
		}
		b = next(t, w)
		if !slices.Contains(b.Paths, "content/old") && !slices.Contains(b.Paths, "content/old/c.md") {
			t.Errorf("batch %v lacks the deleted folder", b.Paths)
		}
	})
}

func TestRenameFolderAway(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		write(t, root, "content/drafts/d.md", "# D\n")
		w := start(t, root, opts)
		if err := os.Rename(filepath.Join(root, "content/drafts"), filepath.Join(root, "content/published")); err != nil {
			t.Fatal(err)
		}
		b := next(t, w)
		if !slices.Contains(b.Paths, "content/drafts") || !slices.Contains(b.Paths, "content/published/d.md") {
			t.Errorf("batch %v: want the old folder and the page under its new name", b.Paths)
		}
		write(t, root, "content/published/d.md", "# D\n\nEdited.\n")
		b = next(t, w)
		if want := []string{"content/published/d.md"}; !slices.Equal(b.Paths, want) {
			t.Errorf("batch %v, want %v", b.Paths, want)
		}
	})
}

func TestChmodIgnored(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{})
	if err := os.Chmod(filepath.Join(root, "content/articles/a.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	none(t, w, 300*time.Millisecond)
}

func TestManyFilesOneBatch(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		w := start(t, root, opts)
		// A git checkout: 200 files at once. The first file alone may go
		// before the second is written, as an author's save does;
		// the rest wait for quiet, and are one batch.
		for i := range 200 {
			write(t, root, fmt.Sprintf("content/articles/p%03d.md", i), fmt.Sprintf("# Page %d\n", i))
		}
		b := next(t, w)
		paths := b.Paths
		if len(paths) == 1 {
			paths = append(paths, next(t, w).Paths...)
		}
		slices.Sort(paths)
		if paths = slices.Compact(paths); len(paths) != 200 {
			t.Errorf("%d paths in the batches, want 200", len(paths))
		}
		none(t, w, 300*time.Millisecond)
	})
}

func TestBusyReceiverGetsOneBatchAfter(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{})
	write(t, root, "content/articles/a.md", "# A\n\n1\n")
	first := next(t, w)
	if len(first.Paths) != 1 {
		t.Fatalf("first batch %v", first.Paths)
	}
	// While the receiver rebuilds, two saves happen; it then gets both in
	// one batch.
	write(t, root, "content/articles/a.md", "# A\n\n2\n")
	time.Sleep(150 * time.Millisecond)
	write(t, root, "content/articles/b.md", "# B\n")
	time.Sleep(150 * time.Millisecond)
	b := next(t, w)
	if want := []string{"content/articles/a.md", "content/articles/b.md"}; !slices.Equal(b.Paths, want) {
		t.Errorf("batch %v, want %v", b.Paths, want)
	}
}

func TestMaxWait(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{Settle: 100 * time.Millisecond, MaxWait: 300 * time.Millisecond})
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			write(t, root, "content/articles/a.md", fmt.Sprintf("# A\n\n%d\n", i))
		}
	}()
	// A stream that never pauses for 100ms still yields a batch.
	b := next(t, w)
	close(stop)
	<-done
	if !slices.Contains(b.Paths, "content/articles/a.md") {
		t.Errorf("batch %v", b.Paths)
	}
}

func TestClose(t *testing.T) {
	root := site(t)
	w, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.C(); ok {
		t.Error("C is open after Close")
	}
	if err := w.Close(); err != nil {
		t.Error("second Close:", err)
	}
}

func TestNotAFolder(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Error("New on a missing folder succeeded")
	}
}

func TestLimitMessage(t *testing.T) {
	for _, err := range []error{syscall.ENOSPC, fmt.Errorf("add /x: %w", syscall.EMFILE)} {
		if !limitError(err) {
			t.Errorf("limitError(%v) = false", err)
		}
		var log strings.Builder
		w := &Watcher{opts: Options{Log: &log, PollEvery: 500 * time.Millisecond}}
		w.fallBack(err)
		for _, want := range []string{"limit on file watches", "polling every 500ms", "sudo sysctl fs.inotify.max_user_watches=524288", "/etc/sysctl.d/"} {
			if !strings.Contains(log.String(), want) {
				t.Errorf("message lacks %q:\n%s", want, log.String())
			}
		}
	}
	if limitError(os.ErrNotExist) {
		t.Error("limitError(ErrNotExist) = true")
	}
}

func TestTemporaryFileComesAndGoes(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{})
	// sed -i writes a temporary with a random name beside the file, then
	// renames it over the file.
	write(t, root, "content/articles/sedAb12Cd", "# A\n\nEdited by sed.\n")
	if err := os.Rename(filepath.Join(root, "content/articles/sedAb12Cd"), filepath.Join(root, "content/articles/a.md")); err != nil {
		t.Fatal(err)
	}
	// On a loaded machine the temporary can settle, and its batch be on
	// offer, before the rename: it then comes too, as removed, which a
	// build takes as a reason to list the folder again. That is harmless;
	// what matters is that the page comes.
	b := next(t, w)
	if !slices.Equal(b.Paths, []string{"content/articles/a.md"}) && !slices.Equal(b.Paths, []string{"content/articles/a.md", "content/articles/sedAb12Cd"}) {
		t.Errorf("batch %v, want the page", b.Paths)
	}
	// A file made and deleted again is no change at all (or, on a loaded
	// machine, the same harmless removal).
	write(t, root, "content/articles/scratch", "x")
	if err := os.Remove(filepath.Join(root, "content/articles/scratch")); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-w.C():
		if !slices.Equal(b.Paths, []string{"content/articles/scratch"}) {
			t.Fatalf("unexpected batch %+v", b)
		}
	case <-time.After(300 * time.Millisecond):
	}
	// But a file that existed before and is deleted is one.
	if err := os.Remove(filepath.Join(root, "content/articles/a.md")); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !slices.Equal(b.Paths, []string{"content/articles/a.md"}) {
		t.Errorf("batch %v, want the deleted page", b.Paths)
	}
}

// TestReplacedThenDeletedWhileBatchWaits renames a file over the page, as
// sed -i and safe-saving editors do, which the system reports as the page
// created; then, while that batch waits for a busy receiver, deletes the
// page. A page created and deleted within one batch is an editor's
// temporary and dropped, but this one was offered to the receiver, which
// may have built it: its deletion must come.
func TestReplacedThenDeletedWhileBatchWaits(t *testing.T) {
	root := site(t)
	// Made outside the watched folders, so only the rename is seen.
	write(t, root, "a.md.new", "# A\n\nReplaced.\n")
	w := start(t, root, Options{})
	if err := os.Rename(filepath.Join(root, "a.md.new"), filepath.Join(root, "content/articles/a.md")); err != nil {
		t.Fatal(err)
	}
	// Long past Settle: the batch is on offer, and not taken.
	time.Sleep(100 * time.Millisecond)
	if err := os.Remove(filepath.Join(root, "content/articles/a.md")); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !slices.Equal(b.Paths, []string{"content/articles/a.md"}) {
		t.Errorf("batch %v, want the deleted page", b.Paths)
	}
}

// TestBackupRenameSave saves as Vim does by default: the page renamed away
// to a backup, the new text written under the page's name, the backup
// removed. That is one change of the page, with the new text.
func TestBackupRenameSave(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		root := site(t)
		w := start(t, root, opts)
		page := filepath.Join(root, "content/articles/a.md")
		if err := os.Rename(page, page+"~"); err != nil {
			t.Fatal(err)
		}
		write(t, root, "content/articles/a.md", "# A\n\nThe new text.\n")
		if err := os.Remove(page + "~"); err != nil {
			t.Fatal(err)
		}
		b := next(t, w)
		if !slices.Equal(b.Paths, []string{"content/articles/a.md"}) || b.All {
			t.Errorf("batch %+v, want the page alone", b)
		}
		none(t, w, 200*time.Millisecond)
	})
}

// TestFileWrittenInPartsIsOneChange writes a page in parts, each sooner
// after the last than Settle: the batch comes once, when the whole page is
// there, never with half of it.
func TestFileWrittenInPartsIsOneChange(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{Settle: 80 * time.Millisecond})
	page := filepath.Join(root, "content/articles/a.md")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	parts := []string{"# A\n\n", "First part. ", "Second part. ", "Last part.\n"}
	for _, p := range parts {
		if _, err := f.WriteString(p); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b := next(t, w)
	got, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(b.Paths, "content/articles/a.md") || string(got) != strings.Join(parts, "") {
		t.Errorf("batch %+v with the page as %q", b, got)
	}
	none(t, w, 300*time.Millisecond)
}

// untilPending waits for w to say a change is pending.
func untilPending(t *testing.T, w *Watcher) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !w.Pending() {
		if time.Now().After(deadline) {
			t.Fatal("a change was never pending")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPending says whether changes wait to be delivered, so that a build
// that read a half-done burst need not be reported.
func TestPending(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{Settle: 100 * time.Millisecond})
	if w.Pending() {
		t.Fatal("pending before any change")
	}
	write(t, root, "content/articles/a.md", "# A\n\nChanged.\n")
	untilPending(t, w)
	next(t, w)
	// A late event of the same save makes one more batch: take it.
	for deadline := time.Now().Add(2 * time.Second); w.Pending() && time.Now().Before(deadline); {
		select {
		case <-w.C():
		case <-time.After(10 * time.Millisecond):
		}
	}
	if w.Pending() {
		t.Error("still pending once delivered")
	}
}

// TestNotPendingOnceTaken: once the last batch is taken, Pending is false
// at once. Watch mode gives up a rebuild when Pending is true, for the
// batch that is coming; a Pending that still read true just after the
// hand-off, as it could on a loaded machine, lost a save until the next.
// Saves here rename into place, one event each, so that no late event of
// the same save makes Pending rightly true.
func TestNotPendingOnceTaken(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{})
	for i := range 100 {
		write(t, root, "content/articles/a.md.tmp", fmt.Sprintf("# A\n\nSave %d.\n", i))
		if err := os.Rename(filepath.Join(root, "content/articles/a.md.tmp"), filepath.Join(root, "content/articles/a.md")); err != nil {
			t.Fatal(err)
		}
		next(t, w)
		if w.Pending() {
			t.Fatalf("save %d: Pending just after its batch was taken", i)
		}
	}
}

// TestGatherBornAndGone: a file made and deleted within one batch is a
// temporary, and no change; a file that was already a change of the batch
// is not, whatever happens to it after.
func TestGatherBornAndGone(t *testing.T) {
	const p = "content/articles/a.md"
	edit := change{path: p}
	made := change{path: p, born: true}
	gone := change{path: p, gone: true}
	for _, tc := range []struct {
		name string
		seq  []change
		want []string
	}{
		{"made, written, deleted", []change{made, edit, gone}, nil},
		{"made, deleted", []change{made, gone}, nil},
		{"edited, replaced by a rename, deleted", []change{edit, made, gone}, []string{p}},
		{"deleted, made again, deleted", []change{gone, made, gone}, []string{p}},
		{"deleted, made again", []change{gone, made}, []string{p}},
		{"made, deleted, made", []change{made, gone, made}, []string{p}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var g gather
			g.reset()
			for _, c := range tc.seq {
				g.add(c, stamp{size: 1})
			}
			b, ok := g.batch()
			if ok != (tc.want != nil) || !slices.Equal(b.Paths, tc.want) {
				t.Errorf("batch %v (%v), want %v", b.Paths, ok, tc.want)
			}
		})
	}
}

// TestPendingThatCameToNothing: once Pending has said changes are coming,
// a batch follows even if they came to nothing (a file made and deleted at
// once), an empty one, since the receiver may have given up a build for
// them. Settle is long, so that the file's making and deleting are one
// batch.
func TestPendingThatCameToNothing(t *testing.T) {
	root := site(t)
	w := start(t, root, Options{Settle: 300 * time.Millisecond, Quiet: 300 * time.Millisecond})
	write(t, root, "content/articles/scratch", "x")
	untilPending(t, w)
	if err := os.Remove(filepath.Join(root, "content/articles/scratch")); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !b.Empty() {
		t.Errorf("batch %+v, want an empty one", b)
	}
	none(t, w, 700*time.Millisecond)
}
