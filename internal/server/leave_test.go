package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a log a handler may write from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestClientLeavingIsNoError: a reader who hangs up before a page is built
// is logged as gone, with 499 in the access log, never as a server error.
func TestClientLeavingIsNoError(t *testing.T) {
	var log lockedBuffer
	s, _ := newServerWith(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c.LogEvery = 1
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("GET", "/day/2024-12-06", nil).WithContext(ctx)
	s.Handler().ServeHTTP(httptest.NewRecorder(), req)
	got := log.String()
	if strings.Contains(got, "level=ERROR") {
		t.Errorf("a reader who left was logged as an error:\n%s", got)
	}
	if !strings.Contains(got, "client went away") || !strings.Contains(got, "status=499") {
		t.Errorf("the log does not say the reader left (status 499):\n%s", got)
	}
}
