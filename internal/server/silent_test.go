package server

import (
	"database/sql"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestSilentConnectionsGoFirst: hundreds of connections that never send a
// request line, well past the limit, do not lock out a visitor: the
// silent ones are evicted first, and /healthz is answered.
func TestSilentConnectionsGoFirst(t *testing.T) {
	s, _ := newTestServer(t)
	const max, silent = 64, 300
	addr, lim := serveOn(t, s, max)
	var held []net.Conn
	t.Cleanup(func() {
		for _, c := range held {
			c.Close()
		}
	})
	for range silent {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for i := range 5 {
		res, err := client.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatalf("probe %d with %d silent connections open: %v", i, silent, err)
		}
		res.Body.Close()
		if got, want := res.StatusCode, http.StatusOK; got != want {
			t.Errorf("probe %d: got %d, want %d", i, got, want)
		}
	}
	if got := lim.Open(); got > max {
		t.Errorf("%d connections open, limit %d", got, max)
	}
}

// fakeConn is a connection from a given address that records its closing.
type fakeConn struct {
	net.Conn
	addr   net.Addr
	mu     sync.Mutex
	closed bool
}

func (f *fakeConn) RemoteAddr() net.Addr { return f.addr }
func (f *fakeConn) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

// TestOneClientHoldsItsShare: one address cannot hold more than its share
// of the limit; its own oldest silent connection makes room for its next,
// and another address still gets in.
func TestOneClientHoldsItsShare(t *testing.T) {
	lim := NewConnLimit(8)
	from := func(ip string) *fakeConn {
		return &fakeConn{addr: &net.TCPAddr{IP: net.ParseIP(ip), Port: 40000}}
	}
	var mine []*fakeConn
	for range 8 {
		c := from("192.0.2.1")
		if lim.admit(c) {
			lim.ConnState(c, http.StateNew)
			mine = append(mine, c)
		}
	}
	open := 0
	for _, c := range mine {
		if !c.closed {
			open++
		}
	}
	if got, want := open, lim.perIP; got != want || want >= 8 {
		t.Errorf("one address holds %d connections, want its share %d of 8", got, want)
	}
	other := from("198.51.100.7")
	if !lim.admit(other) {
		t.Fatal("another address is refused")
	}
	if other.closed {
		t.Error("another address's connection was closed")
	}
}

// TestHealthSeesTamperedCoverage: a stored "updated" that is not a date
// makes the pages fail, so /healthz says so too.
func TestHealthSeesTamperedCoverage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	s, _ := newTestServerAt(t, path)
	if got, want := get(t, s, "/healthz").Code, http.StatusOK; got != want {
		t.Fatalf("healthz on a sound database: got %d, want %d", got, want)
	}
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec("UPDATE meta SET value = 'last Tuesday' WHERE key = 'updated'"); err != nil {
		t.Fatal(err)
	}
	if got, want := get(t, s, "/healthz").Code, http.StatusServiceUnavailable; got != want {
		t.Errorf("healthz with a tampered updated: got %d, want %d", got, want)
	}
}
