package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"frontline/internal/locale"
)

// sampleOf is one address of each route, in the default language: the
// first a static copy holds, or for routes it does not hold one written
// here.
func sampleOf(t *testing.T, s *Server, rt *route) (addr string, status int) {
	t.Helper()
	switch rt.path {
	case "/day":
		return "/day?day=2024-12-06", http.StatusSeeOther
	case "/favicon.ico":
		return rt.path, http.StatusMovedPermanently
	case "/healthz", "/readyz":
		return rt.path, http.StatusOK
	}
	if rt.publish == nil {
		t.Fatalf("route %s: no sample address; add one to sampleOf", rt.path)
	}
	paths := rt.publish(s, mustData(t, s), rt)
	if len(paths) == 0 {
		t.Fatalf("route %s publishes no address", rt.path)
	}
	// An asset with a hashed name, not a vendored file that may be missing.
	if rt.kind == kindAsset {
		return s.assets.CSS, http.StatusOK
	}
	return paths[0], http.StatusOK
}

// TestRouteTable walks every route of the table in every language it has,
// and its path form, and checks what the table says against what is
// sent: the status, the content type, framing, CORS, Cache-Control, and
// 405 with Allow for methods it does not answer.
func TestRouteTable(t *testing.T) {
	s, _ := newTestServer(t)
	d := mustData(t, s)
	do := func(method, target string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(method, target, nil))
		return rec
	}
	check := func(rt *route, addr string, status int) {
		t.Helper()
		rec := do(http.MethodGet, addr)
		h := rec.Header()
		if rec.Code != status {
			t.Errorf("GET %s: status %d, want %d", addr, rec.Code, status)
			return
		}
		if rt.ctype != "" {
			if got := h.Get("Content-Type"); got != rt.ctype {
				t.Errorf("GET %s: Content-Type %q, want %q", addr, got, rt.ctype)
			}
		}
		if rt.cache != "" {
			if got := h.Get("Cache-Control"); got != rt.cache {
				t.Errorf("GET %s: Cache-Control %q, want %q", addr, got, rt.cache)
			}
		}
		csp, xfo := h.Get("Content-Security-Policy"), h.Get("X-Frame-Options")
		if rt.frame {
			if !strings.HasSuffix(csp, "frame-ancestors *") || xfo != "" {
				t.Errorf("GET %s: CSP %q and X-Frame-Options %q: it must be frameable", addr, csp, xfo)
			}
		} else if !strings.HasSuffix(csp, "frame-ancestors 'none'") || xfo != "DENY" {
			t.Errorf("GET %s: CSP %q and X-Frame-Options %q: it must refuse frames", addr, csp, xfo)
		}
		if got, want := h.Get("Access-Control-Allow-Origin") == "*", rt.corsFor(addr); got != want {
			t.Errorf("GET %s: Access-Control-Allow-Origin %q, CORS in the table %v", addr, h.Get("Access-Control-Allow-Origin"), want)
		}
		path, _, _ := strings.Cut(addr, "?")
		for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPost, "TRACE"} {
			rec := do(m, path)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != rt.allow() {
				t.Errorf("%s %s: %d, Allow %q; want 405, Allow %q", m, path, rec.Code, rec.Header().Get("Allow"), rt.allow())
			}
		}
		rec = do(http.MethodOptions, path)
		if rt.cors != corsNone && rt.corsFor(path) {
			if rec.Code != http.StatusNoContent {
				t.Errorf("OPTIONS %s: %d, want 204 (CORS preflight)", path, rec.Code)
			}
		} else if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("OPTIONS %s: %d, want 405", path, rec.Code)
		}
	}
	for i := range table {
		rt := &table[i]
		addr, status := sampleOf(t, s, rt)
		langs := []*locale.Locale{locale.English()}
		if rt.langs {
			langs = locale.All()
		}
		for _, l := range langs {
			check(rt, l.Path(addr), status)
		}
		if rt.form == "" {
			continue
		}
		// The path form answers like the query form, and like it refuses
		// a day outside the data.
		var form, query, outside, outsideQuery string
		switch {
		case hasParam(rt.params, "day"):
			form, query = fill(rt.form, d.Last.String()), rt.path+"?day="+d.Last.String()
			outside, outsideQuery = fill(rt.form, "2030-01-01"), rt.path+"?day=2030-01-01"
		default:
			form, query = fill(rt.form, d.First.String(), d.Last.String()), rt.path+"?from="+d.First.String()+"&to="+d.Last.String()
		}
		for _, l := range langs {
			check(rt, l.Path(form), http.StatusOK)
			if a, b := do(http.MethodGet, l.Path(form)), do(http.MethodGet, l.Path(query)); a.Body.String() != b.Body.String() {
				t.Errorf("%s and %s answer differently", l.Path(form), l.Path(query))
			}
		}
		if outside != "" {
			a, b := do(http.MethodGet, outside), do(http.MethodGet, outsideQuery)
			if a.Code != http.StatusNotFound || b.Code != http.StatusNotFound || a.Body.String() != b.Body.String() {
				t.Errorf("%s: %d, %s: %d; want both 404 with the same message", outside, a.Code, outsideQuery, b.Code)
			}
		}
	}
}

// TestFaviconRedirects: /favicon.ico leads to the icon the pages name.
func TestFaviconRedirects(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/favicon.ico")
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusMovedPermanently || loc != "/assets/favicon.svg" {
		t.Fatalf("GET /favicon.ico: %d to %q", rec.Code, loc)
	}
	if icon := get(t, s, loc); icon.Code != http.StatusOK || icon.Header().Get("Content-Type") != "image/svg+xml" {
		t.Errorf("GET %s: %d %q", loc, icon.Code, icon.Header().Get("Content-Type"))
	}
}
