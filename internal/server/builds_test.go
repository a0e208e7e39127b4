package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"frontline/internal/control"
)

// holdStore holds every Events read made while it is armed until the test
// releases them, counting how many are held at once.
type holdStore struct {
	Store
	armed   atomic.Bool
	release chan struct{}
	mu      sync.Mutex
	held    int
	most    int
}

func (h *holdStore) Events(ctx context.Context, f control.Filter) ([]control.Event, error) {
	if h.armed.Load() {
		h.mu.Lock()
		h.held++
		h.most = max(h.most, h.held)
		h.mu.Unlock()
		<-h.release
		h.mu.Lock()
		h.held--
		h.mu.Unlock()
	}
	return h.Store.Events(ctx, f)
}

func (h *holdStore) holding() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held
}

// await polls cond until it holds, for at most 10 s.
func await(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestColdBuildsBounded: with room for two builds, four cold answers asked
// at once build two at a time, and a cached page is answered while they
// wait.
func TestColdBuildsBounded(t *testing.T) {
	var h *holdStore
	s, _ := newServerWith(t, func(c *Config) {
		h = &holdStore{Store: c.Store, release: make(chan struct{})}
		c.Store, c.MaxBuilds = h, 2
	})
	if got, want := get(t, s, "/day/2024-12-06").Code, http.StatusOK; got != want {
		t.Fatalf("warming: got %d, want %d", got, want)
	}
	h.armed.Store(true)
	codes := make(chan int, 4)
	for i := range 4 {
		go func() {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/changes?from=2024-11-2%d&to=2024-12-10", 6+i), nil))
			codes <- rec.Code
		}()
	}
	await(t, "two builds hold their slots", func() bool { return h.holding() == 2 })
	await(t, "four builds are asked for", func() bool { return s.builds.sharing() == 4 })
	if got, want := get(t, s, "/day/2024-12-06").Code, http.StatusOK; got != want {
		t.Errorf("a cached page while every slot is busy: got %d, want %d", got, want)
	}
	close(h.release)
	for range 4 {
		if got, want := <-codes, http.StatusOK; got != want {
			t.Errorf("a cold /changes: got %d, want %d", got, want)
		}
	}
	if got, want := h.most, 2; got != want {
		t.Errorf("builds at once: got %d, want %d", got, want)
	}
}

// TestChangesKeyIsClamped: /changes with any years beyond the data is the
// clamped pair's answer, kept once, not a fresh build per pair of years.
func TestChangesKeyIsClamped(t *testing.T) {
	s, _ := newTestServer(t)
	first := get(t, s, "/changes?from=1990-01-01&to=2030-01-01")
	if got, want := first.Code, http.StatusOK; got != want {
		t.Fatalf("got %d, want %d", got, want)
	}
	before := s.cache.bytes()
	for i := range 10 {
		rec := get(t, s, fmt.Sprintf("/changes?from=%d-01-01&to=%d-06-01", 1900+i, 2040+i))
		if got, want := rec.Code, http.StatusOK; got != want {
			t.Fatalf("got %d, want %d", got, want)
		}
		if got, want := rec.Header().Get("ETag"), first.Header().Get("ETag"); got != want {
			t.Errorf("ETag of years %d to %d: got %s, want the clamped answer's %s", 1900+i, 2040+i, got, want)
		}
	}
	if got := s.cache.bytes(); got != before {
		t.Errorf("the cache grew from %d to %d bytes on ten wider ranges that clamp to one", before, got)
	}
	// Reversed and clamped: the same days, with both notes.
	rev := get(t, s, "/changes?from=2031-01-01&to=2020-01-01").Body.String()
	for _, note := range []string{"The days were given in reverse order", "The data covers"} {
		if !strings.Contains(rev, note) {
			t.Errorf("a reversed, clamped range does not say %q", note)
		}
	}
}

// TestCacheCountsWhatItHolds: an answer is counted at the memory it
// holds, so a body left with spare capacity by a growing buffer cannot
// hold more than the budget says.
func TestCacheCountsWhatItHolds(t *testing.T) {
	body := make([]byte, 4000, 1<<20)
	for i := range body {
		body[i] = byte('a' + i%26)
	}
	for _, ct := range []string{"image/png", "text/html; charset=UTF-8"} {
		r := newResponse(http.StatusOK, ct, pageCache, body)
		held := int64(cap(r.body) + cap(r.gz))
		if got := r.size("k"); got < held {
			t.Errorf("%s: counted %d bytes, but it holds %d", ct, got, held)
		}
		if held > 2*int64(len(body)) {
			t.Errorf("%s: a %d-byte answer holds %d bytes", ct, len(body), held)
		}
	}
}
