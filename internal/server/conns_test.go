package server

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveOn starts s behind a connection limit of max on a loopback port.
func serveOn(t *testing.T, s *Server, max int) (string, *ConnLimit) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lim := NewConnLimit(max)
	hs := &http.Server{Handler: s.Handler(), ConnState: lim.ConnState, IdleTimeout: time.Minute}
	go hs.Serve(lim.Listener(ln))
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String(), lim
}

// TestIdleConnectionsCannotExhaustTheServer: clients holding many idle
// keep-alive connections cannot take the server past its limit, and a new
// visitor is still answered.
func TestIdleConnectionsCannotExhaustTheServer(t *testing.T) {
	s, _ := newTestServer(t)
	const max = 16
	addr, lim := serveOn(t, s, max)
	var held []net.Conn
	t.Cleanup(func() {
		for _, c := range held {
			c.Close()
		}
	})
	for i := 0; i < 4*max; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		// One request each, then the connection sits idle, kept alive.
		io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if res, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
			res.Body.Close()
		}
		if got := lim.Open(); got > max {
			t.Fatalf("%d connections open, limit %d", got, max)
		}
	}
	client := &http.Client{Timeout: 5 * time.Second}
	res, err := client.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("a new visitor is not answered: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("healthz: %d", res.StatusCode)
	}
}

// TestTransferEncodingClosesConnection: a request with both Content-Length
// and Transfer-Encoding is answered, then the connection is closed
// (RFC 9112 section 6.1).
func TestTransferEncodingClosesConnection(t *testing.T) {
	s, _ := newTestServer(t)
	addr, _ := serveOn(t, s, 64)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if !res.Close {
		t.Error("the answer does not say Connection: close")
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("the connection stayed open: read gave %v, want EOF", err)
	}
}

// TestAccessLogSampled: with LogEvery 10, ten ordinary requests log one
// line, while every server error is logged.
func TestAccessLogSampled(t *testing.T) {
	var buf bytes.Buffer
	s, db := newServerWith(t, func(c *Config) {
		c.LogEvery = 10
		c.Logger = slog.New(slog.NewTextHandler(&buf, nil))
	})
	for i := 0; i < 30; i++ {
		get(t, s, "/healthz")
	}
	if got, want := strings.Count(buf.String(), "msg=request"), 3; got != want {
		t.Errorf("30 requests at one in 10 logged %d lines, want %d", got, want)
	}
	buf.Reset()
	db.Close()
	for i := 0; i < 3; i++ {
		if rec := get(t, s, "/api/v1/factions"); rec.Code != http.StatusInternalServerError {
			t.Fatalf("factions on a closed database: %d, want 500", rec.Code)
		}
	}
	if got, want := strings.Count(buf.String(), "level=ERROR msg=request"), 3; got != want {
		t.Errorf("3 server errors logged %d request lines, want %d", got, want)
	}
}
