package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"frontline/internal/control"
)

// gatedStore holds the first Events read made once it is armed until the
// test releases it, and then answers as a database does when the read's
// context has ended: with the context's error.
type gatedStore struct {
	Store
	armed   atomic.Bool
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

func (g *gatedStore) Events(ctx context.Context, f control.Filter) ([]control.Event, error) {
	if g.armed.Load() {
		gated := false
		g.once.Do(func() { gated = true })
		if gated {
			close(g.entered)
			<-g.release
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return g.Store.Events(ctx, f)
}

// TestHangUpCostsOthersNothing: the first client asking for an uncached
// answer hangs up while its build runs and three others wait for the same
// answer; the build goes on, and the three get 200.
func TestHangUpCostsOthersNothing(t *testing.T) {
	_, db := newTestServer(t)
	g := &gatedStore{Store: db, entered: make(chan struct{}), release: make(chan struct{})}
	s := newServerOn(t, g)
	get(t, s, "/day/2024-12-06") // the data is loaded; only the build is left
	g.armed.Store(true)

	const target = "/changes?from=2024-11-29&to=2024-12-07"
	ctx, hangUp := context.WithCancel(context.Background())
	first := make(chan int, 1)
	go func() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx))
		first <- rec.Code
	}()
	<-g.entered
	codes := make(chan int, 3)
	for range 3 {
		go func() {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			codes <- rec.Code
		}()
	}
	awaitWaiters(t, s, 4)
	hangUp()
	close(g.release)
	for range 3 {
		if got, want := <-codes, http.StatusOK; got != want {
			t.Errorf("a client waiting with the one that hung up: got %d, want %d", got, want)
		}
	}
	<-first
	if got, want := get(t, s, target).Code, http.StatusOK; got != want {
		t.Errorf("the answer asked again: got %d, want %d", got, want)
	}
}

// awaitWaiters waits until n requests share the one build in flight.
func awaitWaiters(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.builds.sharing() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests share the build, want %d", s.builds.sharing(), n)
		}
		time.Sleep(time.Millisecond)
	}
}
