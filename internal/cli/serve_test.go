package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that the serving goroutines and the test
// may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestListenTakesTheNextFreePort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	env, _, errb := testEnv(nil)
	ln, err := listen(env, "127.0.0.1", port)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := ln.Addr().(*net.TCPAddr).Port
	if got == port {
		t.Fatalf("listened on the taken port %d", port)
	}
	if want := fmt.Sprintf("Port %d is in use; using %d instead (choose one with -port).\n", port, got); errb.String() != want {
		t.Errorf("stderr %q, want %q", errb.String(), want)
	}
}

func TestListenOnABadAddressSaysSo(t *testing.T) {
	env, _, _ := testEnv(nil)
	_, err := listen(env, "192.0.2.1", 1313) // TEST-NET-1: never this machine's
	if err == nil || !strings.Contains(err.Error(), "-bind") {
		t.Errorf("err = %v, want one naming -bind", err)
	}
}

func TestServeServesRebuildsAndStops(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	var out, errb syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := Env{
		Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
		Context: func() (context.Context, context.CancelFunc) { return ctx, cancel },
	}
	code := make(chan int, 1)
	go func() { code <- Run([]string{"serve", "-src", dir, "-port", "0", "-drafts"}, env) }()

	re := regexp.MustCompile(`Serving .* at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no URL printed; stdout %q, stderr %q", out.String(), errb.String())
		}
	}
	get := func(p string) (int, string) {
		resp, err := http.Get(url + strings.TrimPrefix(p, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if st, body := get("/articles/first/"); st != 200 || !strings.Contains(body, "First") {
		t.Fatalf("GET /articles/first/: %d", st)
	}
	// Drafts show with -drafts.
	writeFiles(t, dir, map[string]string{"content/articles/draft.md": "---\ntitle: Unfinished\ndraft: true\n---\nA draft.\n"})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if st, body := get("/articles/draft/"); st == 200 && strings.Contains(body, "A draft.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the draft did not show; stderr %q", errb.String())
		}
	}
	// The page is served before the rest of the site is rebuilt, and the
	// line is printed after.
	for deadline := time.Now().Add(10 * time.Second); !regexp.MustCompile(`content/articles/draft\.md: .*rebuilt in`).MatchString(errb.String()); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("stderr %q lacks the rebuild line", errb.String())
		}
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit code %d; stderr %q", c, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of Ctrl-C")
	}
	if !strings.HasSuffix(out.String(), "Stopped.\n") {
		t.Errorf("stdout %q does not end with Stopped.", out.String())
	}
}
