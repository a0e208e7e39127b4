package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"frontline/assets"
	"frontline/data"
	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/internal/sqlite"
)

// hostilePayloads go into every path parameter and every query parameter.
var hostilePayloads = []string{
	"<script>alert(1)</script>",
	`"><img src=x onerror=alert(1)>`,
	"' OR '1'='1",
	"1; DROP TABLE events; --",
	`aleppo" OR 1=1 --`,
	"../../../../etc/passwd",
	`..\..\..\windows\win.ini`,
	"%2e%2e%2f%2e%2e%2fetc%2fpasswd",
	"\xff\xfe\xfd",
	"2024-12-06\x00",
	"0000-01-01",
	"0000-00-00",
	"9999-12-31",
	"10000-01-01",
	"-001-01-01",
	"2024-02-30",
	"no-such-place",
	"",
	" ",
	"\u202e2024-12-06",
	strings.Repeat("A", 5000),
}

// hostileParams are tried as query parameters on every route: the ones our
// routes take, and some they do not.
var hostileParams = []string{"day", "from", "to", "place", "id", "limit", "callback"}

// reflected are the fragments of the payloads that must never come back
// unescaped.
var reflected = regexp.MustCompile(`(?i)<script>alert|<img src=x|<svg onload`)

// hostileRoute is a route with its parameters filled with valid values, and
// the positions of its parameters.
type hostileRoute struct {
	method, path string   // as registered, e.g. /day/:day
	params       []string // ":day", "*"
}

// hostileRoutes lists the routes of the running router, so routes added
// later are attacked too.
func hostileRoutes(t *testing.T, s *Server) []hostileRoute {
	t.Helper()
	e, ok := s.Handler().(*echo.Echo)
	if !ok {
		t.Fatalf("Handler() is %T, want *echo.Echo", s.Handler())
	}
	seen := map[string]bool{}
	var out []hostileRoute
	for _, r := range e.Routes() {
		if r.Method == echo.RouteNotFound || seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		hr := hostileRoute{method: r.Method, path: r.Path}
		for _, seg := range strings.Split(r.Path, "/") {
			if strings.HasPrefix(seg, ":") || seg == "*" {
				hr.params = append(hr.params, seg)
			} else if i := strings.Index(seg, ":"); i > 0 {
				// A parameter after a literal prefix in one segment.
				hr.params = append(hr.params, seg[i:])
			}
		}
		out = append(out, hr)
	}
	if len(out) < 5 {
		t.Fatalf("found %d routes, want the real router's", len(out))
	}
	return out
}

// validParam is a value that makes a route answer 200, so that hostile
// query parameters reach the handler's own parsing.
func validParam(route, param string) string {
	switch {
	case param == "*" && strings.HasPrefix(route, "/assets/"):
		return "css/app.css"
	case param == "*":
		return "x"
	case strings.Contains(param, "day"):
		return "2024-12-06"
	default:
		return "aleppo"
	}
}

// fill writes the route's path with the given parameter replaced by value
// (already escaped as it should appear on the wire), others valid.
func (r hostileRoute) fill(param, value string) string {
	segs := strings.Split(r.path, "/")
	for i, seg := range segs {
		name := seg
		prefix := ""
		if j := strings.Index(seg, ":"); j > 0 {
			prefix, name = seg[:j], seg[j:]
		}
		if !strings.HasPrefix(name, ":") && name != "*" {
			continue
		}
		// A parameter ends at the first dot of a literal suffix (/day/:day/preview.png has none, but ":id.json" would).
		v := url.PathEscape(validParam(r.path, name))
		if name == param {
			v = value
		}
		segs[i] = prefix + v
	}
	return strings.Join(segs, "/")
}

// hostileRequest builds a request from a raw target without the checks of
// httptest.NewRequest, so invalid UTF-8 and odd bytes reach the router as a
// real server would pass them.
func hostileRequest(t *testing.T, method, target string, body []byte) *http.Request {
	t.Helper()
	path, rawQuery, _ := strings.Cut(target, "?")
	u := &url.URL{RawQuery: rawQuery}
	if p, err := url.PathUnescape(path); err == nil {
		u.Path = p
		if u.EscapedPath() != path {
			u.RawPath = path
		}
	} else {
		// A bad escape: a real server answers 400 before routing; keep it raw.
		u.Path = path
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequest(http.MethodGet, "/", rd)
	req.Method = method
	req.URL = u
	req.RequestURI = target
	if body != nil {
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

// checkHostile asserts what every response must be, whatever was asked.
func checkHostile(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	what := fmt.Sprintf("%s %s", req.Method, control.Clip(req.RequestURI, 120))
	if req.Host != "example.com" {
		what += " (Host " + control.Clip(req.Host, 40) + ")"
	}
	res := rec.Result()
	body := rec.Body.Bytes()
	if res.StatusCode >= 500 {
		t.Errorf("%s: status %d, want < 500; body %.200s", what, res.StatusCode, body)
		return
	}
	h := res.Header
	csp := h.Get("Content-Security-Policy")
	if csp == "" {
		t.Errorf("%s: no Content-Security-Policy", what)
	}
	if script := directive(csp, "script-src"); script == "" || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") {
		t.Errorf("%s: script-src is %q, want one without unsafe-inline/eval", what, script)
	}
	if _, rest := locale.ForPath(req.URL.Path); strings.HasPrefix(rest, "/embed/") {
		if fa := directive(csp, "frame-ancestors"); fa == "'none'" {
			t.Errorf("%s: embed route forbids framing", what)
		}
	} else {
		if got, want := directive(csp, "frame-ancestors"), "frame-ancestors 'none'"; got != want {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
		if got, want := h.Get("X-Frame-Options"), "DENY"; got != want {
			t.Errorf("%s: X-Frame-Options %q, want %q", what, got, want)
		}
	}
	if got, want := h.Get("X-Content-Type-Options"), "nosniff"; got != want {
		t.Errorf("%s: X-Content-Type-Options %q, want %q", what, got, want)
	}
	if h.Get("Referrer-Policy") == "" {
		t.Errorf("%s: no Referrer-Policy", what)
	}
	// Content-Type describes a body: an answer to HEAD, a 204, a 304 or an
	// empty redirect has none.
	noBody := len(body) == 0 && (req.Method == http.MethodHead || res.StatusCode == http.StatusNoContent ||
		res.StatusCode == http.StatusNotModified || res.StatusCode/100 == 3)
	ct := h.Get("Content-Type")
	if ct == "" && !noBody {
		t.Errorf("%s: status %d with no Content-Type", what, res.StatusCode)
	}
	if reflected.Match(body) {
		m := reflected.FindIndex(body)
		t.Errorf("%s: payload reflected unescaped: …%s…", what, body[max(0, m[0]-60):min(len(body), m[1]+60)])
	}
	if res.StatusCode >= 400 && req.Method != http.MethodHead {
		if strings.HasPrefix(req.URL.Path, "/api/") {
			var e struct {
				Error string `json:"error"`
			}
			if !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s: API error with Content-Type %q, want application/json", what, ct)
			} else if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Errorf("%s: API error body %.200q, want {\"error\": ...} (%v)", what, body, err)
			}
		} else if !strings.HasPrefix(ct, "text/html") || !bytes.Contains(body, []byte("<h1>")) {
			t.Errorf("%s: status %d with Content-Type %q and body %.200q, want an HTML error page", what, res.StatusCode, ct, body)
		}
	}
}

// directive returns one directive of a CSP, e.g. "script-src 'self'".
func directive(csp, name string) string {
	for _, d := range strings.Split(csp, ";") {
		d = strings.TrimSpace(d)
		if d == name || strings.HasPrefix(d, name+" ") {
			return d
		}
	}
	return ""
}

func serveHostile(t *testing.T, s *Server, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	if req.Host == "" {
		req.Host = "example.com"
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	checkHostile(t, req, rec)
	return rec
}

// TestHostileCorpus throws malformed and malicious requests at every route
// of the real router over a real store.
func TestHostileCorpus(t *testing.T) {
	s, _ := newTestServer(t)
	routes := hostileRoutes(t, s)
	n := 0
	do := func(method, target string, body []byte, header ...string) *httptest.ResponseRecorder {
		req := hostileRequest(t, method, target, body)
		for i := 0; i+1 < len(header); i += 2 {
			if header[i] == "Host" {
				req.Host = header[i+1]
				continue
			}
			req.Header.Set(header[i], header[i+1])
		}
		n++
		return serveHostile(t, s, req)
	}

	t.Run("path parameters", func(t *testing.T) {
		for _, r := range routes {
			for _, p := range r.params {
				for _, v := range hostilePayloads {
					do(http.MethodGet, r.fill(p, url.PathEscape(v)), nil)
					// Raw, as a client that does not escape would send it.
					if !strings.ContainsAny(v, "?#") {
						do(http.MethodGet, r.fill(p, v), nil)
					}
				}
			}
		}
	})

	t.Run("query parameters", func(t *testing.T) {
		for _, r := range routes {
			base := r.fill("", "")
			for _, name := range hostileParams {
				for _, v := range hostilePayloads {
					do(http.MethodGet, base+"?"+name+"="+url.QueryEscape(v), nil)
				}
				do(http.MethodGet, base+"?"+name+"=%ff%fe", nil)
				do(http.MethodGet, base+"?"+name+"=\xff", nil)
				do(http.MethodGet, base+"?"+name+"=2024-12-06&"+name+"=2024-12-07", nil)
				do(http.MethodGet, base+"?"+name+"=%zz", nil)
			}
			do(http.MethodGet, base+"?from=2024-12-07&to=2024-12-01", nil)
			do(http.MethodGet, base+"?day="+strings.Repeat("9", 100<<10), nil)
			do(http.MethodGet, base+"?"+strings.Repeat("a=1&", 25<<10), nil)
			do(http.MethodGet, base+"?<script>alert(1)</script>=1", nil)
			do(http.MethodGet, base+"?%3Cscript%3Ealert(1)%3C/script%3E=1", nil)
		}
	})

	t.Run("long query strings", func(t *testing.T) {
		// Empty pairs parse to nothing, so only the length limit refuses these.
		long := "?day=2024-12-06" + strings.Repeat("&", 3000)
		for _, p := range []string{"/api/v1/control", "/api/v1/control.geojson", "/api/v1/factions"} {
			rec := do(http.MethodGet, p+long, nil)
			if got, want := rec.Code, http.StatusBadRequest; got != want || !strings.Contains(rec.Body.String(), "too long") {
				t.Errorf("GET %s with a %d-byte query: status %d %.100q, want %d \"too long\"", p, len(long), got, rec.Body.String(), want)
			}
		}
	})

	t.Run("asset traversal", func(t *testing.T) {
		for _, target := range []string{
			"/assets/../../etc/passwd",
			"/assets/%2e%2e/%2e%2e/etc/passwd",
			"/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
			"/assets/..%2f..%2fgo.mod",
			"/assets/..%5c..%5cgo.mod",
			`/assets/..\..\go.mod`,
			"/assets/css/../../assets.go",
			"/assets/assets.go",
			"/assets//etc/passwd",
			"/assets/%00",
			"/assets/css/app.css%00.html",
			"/assets/.%2e/.%2e/data/events.csv",
			"/assets/" + strings.Repeat("../", 200) + "etc/passwd",
			"/assets/css/\xff.css",
		} {
			rec := do(http.MethodGet, target, nil)
			if body := rec.Body.String(); strings.Contains(body, "root:") || strings.Contains(body, "module frontline") || strings.Contains(body, "package assets") {
				t.Errorf("GET %s: served a file outside the assets: %.100q", target, body)
			}
			if rec.Code == http.StatusOK {
				t.Errorf("GET %s: status 200, want a 4xx", target)
			}
		}
	})

	t.Run("invalid UTF-8 and odd paths", func(t *testing.T) {
		for _, target := range []string{
			"/\xff", "/day/\xff\xfe", "/day/%ff%fe", "/api/v1/\xff", "/api/v1/events/%ff",
			"/%00", "/day/%00", "//day//2024-12-06", "/day/2024-12-06/", "/DAY/2024-12-06",
			"/" + strings.Repeat("a/", 5000), "/api/v1/" + strings.Repeat("%ff", 3000),
		} {
			do(http.MethodGet, target, nil)
		}
	})

	t.Run("hostile Host headers", func(t *testing.T) {
		for _, host := range []string{
			strings.Repeat("h", 100<<10),
			`evil.example"><script>alert(1)</script>`,
			"evil.example/<img src=x onerror=alert(1)>",
			"\xff\xfe",
			"",
		} {
			for _, r := range routes {
				rec := do(http.MethodGet, r.fill("", ""), nil, "Host", host)
				if len(host) > 100 && strings.Contains(rec.Body.String(), host[:100]) {
					t.Errorf("GET %s with a huge Host: the host is printed in the page", r.path)
				}
			}
		}
	})

	t.Run("odd methods", func(t *testing.T) {
		for _, r := range routes {
			for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "TRACE", "CONNECT", "PROPFIND", http.MethodHead} {
				rec := do(m, r.fill("", ""), []byte("day=2024-12-06"))
				if m != http.MethodHead && m != http.MethodOptions && rec.Code < 400 {
					t.Errorf("%s %s: status %d, want 4xx: no route writes", m, r.path, rec.Code)
				}
			}
		}
	})

	t.Run("bodies over the limit", func(t *testing.T) {
		big := bytes.Repeat([]byte("x"), 200<<10)
		for _, r := range routes {
			for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodGet} {
				rec := do(m, r.fill("", ""), big)
				if got, want := rec.Code, http.StatusRequestEntityTooLarge; got != want {
					t.Errorf("%s %s with a 200 kB body: status %d, want %d", m, r.path, got, want)
				}
			}
		}
	})
	t.Logf("%d routes, %d hostile requests", len(routes), n)
}

// TestHostileCorpusFiles replays the committed corpus of raw request
// targets in testdata/hostile, one per line.
func TestHostileCorpusFiles(t *testing.T) {
	s, _ := newTestServer(t)
	files, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus in testdata/hostile")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			method, target, ok := strings.Cut(line, " ")
			if !ok {
				t.Fatalf("%s: line %q is not METHOD TARGET", f, line)
			}
			serveHostile(t, s, hostileRequest(t, method, target, nil))
		}
	}
}

// TestEventTextIsEscaped imports an event whose text is markup: a
// javascript: URL is refused with its file and line; with an http URL the
// page shows the text as text.
func TestEventTextIsEscaped(t *testing.T) {
	ctx := context.Background()
	s, db := newTestServer(t)
	const script = `<script>alert(1)</script>`
	const img = `"><img src=x onerror=alert(1)>`
	write := func(url string) string {
		dir := t.TempDir()
		events := "id,day,place,kind,controller,status,challenger,confidence,summary\n" +
			`hostile-1,2024-12-06,aleppo,strike,,,,claimed,"` + strings.ReplaceAll(script+" "+img, `"`, `""`) + `"` + "\n"
		sources := "event,outlet,title,url,seed,quote\n" +
			`hostile-1,"` + strings.ReplaceAll(img, `"`, `""`) + `","` + strings.ReplaceAll(script, `"`, `""`) + `",` + url + `,,"` + strings.ReplaceAll(script+img, `"`, `""`) + `"` + "\n"
		for name, body := range map[string]string{"events.csv": events, "sources.csv": sources} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	dir := write("javascript:alert(1)")
	_, err := dataset.ReadDir(os.DirFS(dir), ".", dir)
	if err == nil {
		t.Fatal("a javascript: source URL was accepted")
	}
	if got, want := err.Error(), filepath.Join(dir, "sources.csv")+":2: url \"javascript:alert(1)\" is not an http(s) address"; !strings.Contains(got, want) {
		t.Errorf("error %q, want it to contain %q", got, want)
	}

	dir = write("https://example.org/report?a=1&b=2")
	ds, err := dataset.ReadDir(os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	f, p, a, e, err := db.Known(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := dataset.Check(ds, dataset.Known{Factions: f, Places: p, Areas: a, Events: e}); err != nil {
		t.Fatal(err)
	}
	if err := db.Import(ctx, sqlite.Batch{Factions: ds.Factions, Places: ds.Places, Events: ds.Events, Sources: ds.Orphans()}, nil); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/day/2024-12-06", "/day/2024-12-06/panel"} {
		rec := serveHostile(t, s, httptest.NewRequest(http.MethodGet, target, nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, rec.Code)
		}
		for _, want := range []string{
			"&lt;script&gt;alert(1)&lt;/script&gt;",
			"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
			`href="https://example.org/report?a=1&amp;b=2"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: page lacks %q", target, want)
			}
		}
	}
}

// TestStoredScriptURLNeverLinks puts a javascript: URL straight into the
// database, as an old or hand-edited file might hold, and checks that no
// page or API answer offers it.
func TestStoredScriptURLNeverLinks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ds, err := dataset.ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApplyDataset(ctx, sqlite.Batch{Factions: ds.Factions, Places: ds.Places, Areas: ds.Areas, Events: ds.Events, Coverage: ds.Coverage}, "test"); err != nil {
		t.Fatal(err)
	}
	raw := hostileRawDB(t, path)
	if _, err := raw.ExecContext(ctx, "UPDATE sources SET url = 'javascript:alert(1)'"); err != nil {
		t.Fatal(err)
	}
	s := newServerOn(t, db)
	for _, target := range []string{"/day/2024-12-06", "/api/v1/events", "/api/v1/events?from=2024-12-06&to=2024-12-06"} {
		rec := serveHostile(t, s, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, rec.Code)
		}
		if strings.Contains(strings.ToLower(rec.Body.String()), "javascript:") {
			t.Errorf("GET %s: a javascript: URL is served", target)
		}
	}
}

// TestHSTSOnlyOverTLS checks Strict-Transport-Security is sent only when
// the flag is set and the request came over TLS.
func TestHSTSOnlyOverTLS(t *testing.T) {
	_, db := newTestServer(t)
	for _, tc := range []struct {
		hsts, tls bool
		want      bool
	}{
		{hsts: true, tls: true, want: true},
		{hsts: true, tls: false, want: false},
		{hsts: false, tls: true, want: false},
		{hsts: false, tls: false, want: false},
	} {
		s, err := New(Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Assets: assets.FS, Region: testRegion(t, false), HSTS: tc.hsts})
		if err != nil {
			t.Fatal(err)
		}
		var ts *httptest.Server
		if tc.tls {
			ts = httptest.NewTLSServer(s.Handler())
		} else {
			ts = httptest.NewServer(s.Handler())
		}
		for _, p := range []string{"/healthz", "/day/2024-12-06", "/no-such-page"} {
			res, err := ts.Client().Get(ts.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			got := res.Header.Get("Strict-Transport-Security")
			if (got != "") != tc.want {
				t.Errorf("hsts=%v tls=%v GET %s: Strict-Transport-Security %q, want present=%v", tc.hsts, tc.tls, p, got, tc.want)
			}
			if tc.want && !strings.Contains(got, "max-age=") {
				t.Errorf("GET %s: Strict-Transport-Security %q has no max-age", p, got)
			}
		}
		ts.Close()
	}
}

// TestNoWriteEndpoint checks that no route of the router takes a method that
// writes: the data changes only through the command line.
func TestNoWriteEndpoint(t *testing.T) {
	s, _ := newTestServer(t)
	e := s.Handler().(*echo.Echo)
	for _, r := range e.Routes() {
		switch r.Method {
		case http.MethodGet, http.MethodHead, echo.RouteNotFound:
		default:
			// The catch-all under /api answers every method with 404.
			if r.Path != "/api/*" {
				t.Errorf("route %s %s writes", r.Method, r.Path)
			}
		}
	}
}

// hostileRawDB opens the database file with plain SQL, to write what the
// store's own checks would refuse.
func hostileRawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}
