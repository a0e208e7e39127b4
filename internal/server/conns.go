package server

import (
	"container/list"
	"net"
	"net/http"
	"sync"
)

// ConnLimit bounds the connections a server keeps open, so a crowd of
// silent or idle connections cannot use up the process's file descriptors
// or lock visitors out. When a new connection comes at the limit, room is
// made by closing, first, the oldest connection that has not yet sent a
// request (it costs its client nothing it asked for), then the one idle
// the longest after a request; with every connection busy, the new one is
// closed at once. One client address holds at most half the limit: past
// that, its own oldest silent or idle connection makes room for its next.
// Wire Listener into http.Server.Serve and ConnState into
// http.Server.ConnState.
type ConnLimit struct {
	max   int
	perIP int
	mu    sync.Mutex
	open  map[net.Conn]*connInfo
	byIP  map[string]int
	fresh *list.List // connections that have sent no request yet, oldest first
	idle  *list.List // connections idle after a request, oldest first
}

type connInfo struct {
	ip string
	in *list.List    // fresh, idle or nil while a request is in flight
	el *list.Element // its place in in
}

// NewConnLimit returns a limit of n open connections.
func NewConnLimit(n int) *ConnLimit {
	return &ConnLimit{max: n, perIP: max(1, n/2), open: map[net.Conn]*connInfo{}, byIP: map[string]int{},
		fresh: list.New(), idle: list.New()}
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

// admit counts c in, making room as the type's comment says; it reports
// false when there is none.
func (l *ConnLimit) admit(c net.Conn) bool {
	ip := hostOf(c.RemoteAddr())
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byIP[ip] >= l.perIP && !l.evictFrom(ip) {
		return false
	}
	for len(l.open) >= l.max {
		if !l.evictFrom("") {
			return false
		}
	}
	info := &connInfo{ip: ip, in: l.fresh}
	info.el = l.fresh.PushBack(c)
	l.open[c] = info
	l.byIP[ip]++
	return true
}

// evictFrom closes the oldest silent connection, or else the longest-idle
// one, of the address ip ("" for any address); it reports whether it
// closed one. Neither has a request in flight, and a client retries an
// idempotent GET on a connection closed before its request.
func (l *ConnLimit) evictFrom(ip string) bool {
	for _, in := range []*list.List{l.fresh, l.idle} {
		for el := in.Front(); el != nil; el = el.Next() {
			c := el.Value.(net.Conn)
			if ip != "" && l.open[c].ip != ip {
				continue
			}
			l.forget(c)
			c.Close()
			return true
		}
	}
	return false
}

// forget stops counting c.
func (l *ConnLimit) forget(c net.Conn) {
	info, ok := l.open[c]
	if !ok {
		return
	}
	if info.in != nil {
		info.in.Remove(info.el)
	}
	delete(l.open, c)
	if l.byIP[info.ip]--; l.byIP[info.ip] <= 0 {
		delete(l.byIP, info.ip)
	}
}

// ConnState follows each connection's state for the limit.
func (l *ConnLimit) ConnState(c net.Conn, st http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	info, ok := l.open[c]
	if !ok {
		return
	}
	move := func(to *list.List) {
		if info.in != nil {
			info.in.Remove(info.el)
		}
		info.in, info.el = to, nil
		if to != nil {
			info.el = to.PushBack(c)
		}
	}
	switch st {
	case http.StateActive:
		move(nil)
	case http.StateIdle:
		move(l.idle)
	case http.StateClosed, http.StateHijacked:
		l.forget(c)
	}
}

// Open reports how many connections are counted open.
func (l *ConnLimit) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.open)
}

// hostOf is the client address of a connection, without its port.
func hostOf(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}
