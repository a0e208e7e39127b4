package main

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSlowClientIsCutOff: a client that sends half a request header and
// then waits holds a connection only until the header timeout, so a crowd
// of them cannot exhaust the server.
func TestSlowClientIsCutOff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	log := newLCLog()
	exited := make(chan error, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "f.db")}, strings.NewReader(""), log, log)
	}()
	t.Cleanup(func() {
		cancel()
		<-exited
	})
	addr := log.listening(t, exited)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /day/2024-12-06 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	// The header timeout is 5 s; give it room on a busy machine, but far
	// less than a connection left open for ever.
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	buf := make([]byte, 512)
	for {
		_, err := conn.Read(buf)
		if err == nil {
			continue // a 408 answer, if the server sends one, before it closes
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("the server kept a half-sent request open for %s", time.Since(start).Round(time.Second))
		}
		break
	}
	t.Logf("connection closed by the server after %s", time.Since(start).Round(100*time.Millisecond))
}
