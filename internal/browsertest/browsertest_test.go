package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestChromiumRendersAPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<!DOCTYPE html><title>t</title><p id="x">hello</p>`))
	}))
	defer srv.Close()
	ctx := New(t, 30*time.Second)
	var text string
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL), chromedp.Text("#x", &text, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if text != "hello" {
		t.Fatalf("got %q", text)
	}
}
