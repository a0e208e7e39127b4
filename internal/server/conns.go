package server

import (
	"net"
	"net/http"
	"sync"
)

// ConnLimit bounds the connections a server keeps open, so a crowd of idle
// keep-alive connections cannot use up the process's file descriptors.
// When a new connection comes at the limit, the connection idle the
// longest is closed to make room; with none idle, the new one is closed at
// once. Wire Listener into http.Server.Serve and ConnState into
// http.Server.ConnState.
type ConnLimit struct {
	max  int
	mu   sync.Mutex
	open map[net.Conn]bool // true while idle
	idle []net.Conn        // idle connections, oldest first (may hold stale ones)
}

// NewConnLimit returns a limit of max open connections.
func NewConnLimit(max int) *ConnLimit {
	return &ConnLimit{max: max, open: map[net.Conn]bool{}}
}

// Listener wraps ln so that it never hands the server more than the limit.
func (l *ConnLimit) Listener(ln net.Listener) net.Listener { return &limitListener{Listener: ln, l: l} }

type limitListener struct {
	net.Listener
	l *ConnLimit
}

func (ll *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if ll.l.admit(c) {
			return c, nil
		}
		c.Close()
	}
}

// admit counts c in, closing the longest-idle connection when at the
// limit; it reports false when every open connection is busy.
func (l *ConnLimit) admit(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.open) >= l.max {
		if len(l.idle) == 0 {
			return false
		}
		old := l.idle[0]
		l.idle = l.idle[1:]
		if idle, ok := l.open[old]; ok && idle {
			delete(l.open, old)
			// Closing an idle connection is safe: it has no request in
			// flight, and the client retries an idempotent GET.
			old.Close()
		}
	}
	l.open[c] = false
	return true
}

// ConnState follows each connection's state for the limit.
func (l *ConnLimit) ConnState(c net.Conn, st http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch st {
	case http.StateIdle:
		if _, ok := l.open[c]; ok {
			l.open[c] = true
			l.idle = append(l.idle, c)
		}
	case http.StateActive:
		if _, ok := l.open[c]; ok {
			l.open[c] = false
		}
	case http.StateClosed, http.StateHijacked:
		delete(l.open, c)
	}
	// Drop stale idle records now and then so the slice stays small.
	if len(l.idle) > 2*l.max {
		fresh := l.idle[:0]
		for _, ic := range l.idle {
			if l.open[ic] {
				fresh = append(fresh, ic)
			}
		}
		l.idle = fresh
	}
}

// Open reports how many connections are counted open.
func (l *ConnLimit) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.open)
}
