package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/secondround/secondround/internal/diag"
)

// keepAlive is how often an idle event stream gets a comment, so that
// proxies and browsers do not drop it.
const keepAlive = 30 * time.Second

// hub fans events out to every open page.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	last    *event // the latest problems event, replayed to new pages
	closed  bool
	done    chan struct{}
}

type event struct {
	name string
	data []byte
}

func newHub() *hub { return &hub{clients: map[chan event]bool{}, done: make(chan struct{})} }

func (h *hub) send(name string, data []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := event{name, data}
	switch name {
	case "problems":
		h.last = &e
	case "fixed", "change":
		h.last = nil
	}
	for c := range h.clients {
		select {
		case c <- e:
		default: // a stalled page misses an event rather than stalling builds
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 16)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	h.clients[c] = true
	last := h.last
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 500\n\n")
	if last != nil {
		writeEvent(w, *last)
	} else {
		writeEvent(w, event{"hello", []byte("{}")})
	}
	fl.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case e := <-c:
			writeEvent(w, e)
			fl.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		}
	}
}

func writeEvent(w http.ResponseWriter, e event) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
}

func changeJSON(c Change) []byte {
	b, _ := json.Marshal(c)
	return b
}

type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
	Text    string `json:"text"`
	Source  string `json:"source,omitempty"`
	Hint    string `json:"hint,omitempty"`
}

// problemsJSON lists the errors of a failed build, each with the source
// line it points at, for the overlay that pages show until they are fixed.
func problemsJSON(probs diag.List) []byte {
	out := []problemJSON{}
	for _, p := range probs {
		if p.Warning {
			continue
		}
		out = append(out, problemJSON{File: p.File, Line: p.Line, Col: p.Col, Message: p.Msg, Text: p.String(), Source: p.Source, Hint: p.Hint})
	}
	b, _ := json.Marshal(out)
	return b
}
