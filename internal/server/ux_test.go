package server

// Issue 13, the server's part: CORS on the public data, absolute canonical
// links, a forgiving changes page, one answer for days outside the data,
// canonical addresses by redirect, and hashed modules all the way down.

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCORSOnPublicData: the API and the data files may be read by any
// site's script; pages and the embed do not say so.
func TestCORSOnPublicData(t *testing.T) {
	s, _ := newTestServer(t)
	d := mustData(t, s)
	data := []string{
		"/api/v1/control", "/api/v1/control?day=2024-12-06", "/api/v1/control.geojson", "/api/v1/territory.geojson",
		"/api/v1/events?limit=2", "/api/v1/events.csv", "/api/v1/factions", "/api/v1/places", "/feed.atom",
		"/territory/" + d.Territory.Name, s.static.url("basemap.geojson"),
		// Errors too, so a script can read what went wrong.
		"/api/v1/control?day=garbage", "/api/v1/nothing",
	}
	for _, target := range data {
		// Twice: the second answer comes from the response cache.
		for i := 0; i < 2; i++ {
			rec := get(t, s, target, "Origin", "https://other.example")
			if got, want := rec.Header().Get("Access-Control-Allow-Origin"), "*"; got != want {
				t.Errorf("GET %s (%d): Access-Control-Allow-Origin %q, want %q", target, i+1, got, want)
			}
			if got := rec.Header().Get("Access-Control-Expose-Headers"); !strings.Contains(got, "Link") || !strings.Contains(got, "ETag") {
				t.Errorf("GET %s: Access-Control-Expose-Headers %q does not expose Link and ETag", target, got)
			}
		}
	}
	for _, target := range []string{"/", "/day/2024-12-06", "/embed/2024-12-06", "/places", "/place/aleppo", "/changes"} {
		rec := get(t, s, target, "Origin", "https://other.example")
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("GET %s: a page says Access-Control-Allow-Origin %q", target, got)
		}
	}
}

// TestCORSPreflight: OPTIONS on the API answers 204 with what may be asked.
func TestCORSPreflight(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/api/v1/control?day=2024-12-06", "/api/v1/events.csv", "/api/v1/territory.geojson"} {
		req := httptest.NewRequest(http.MethodOptions, target, nil)
		req.Header.Set("Origin", "https://other.example")
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", "if-none-match")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if got, want := rec.Code, http.StatusNoContent; got != want {
			t.Errorf("OPTIONS %s: status %d, want %d", target, got, want)
		}
		h := rec.Header()
		if got, want := h.Get("Access-Control-Allow-Origin"), "*"; got != want {
			t.Errorf("OPTIONS %s: Access-Control-Allow-Origin %q, want %q", target, got, want)
		}
		if got := h.Get("Access-Control-Allow-Methods"); !strings.Contains(got, "GET") || !strings.Contains(got, "HEAD") || strings.Contains(got, "POST") {
			t.Errorf("OPTIONS %s: Access-Control-Allow-Methods %q, want GET and HEAD only", target, got)
		}
		if got := strings.ToLower(h.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "if-none-match") {
			t.Errorf("OPTIONS %s: Access-Control-Allow-Headers %q lacks If-None-Match", target, got)
		}
		if h.Get("Access-Control-Max-Age") == "" {
			t.Errorf("OPTIONS %s: no Access-Control-Max-Age", target)
		}
	}
	// A page is not part of the API: no preflight answer there.
	req := httptest.NewRequest(http.MethodOptions, "/day/2024-12-06", nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code == http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("OPTIONS /day/2024-12-06: %d with CORS headers; pages keep no CORS", rec.Code)
	}
}

// TestCanonicalIsAbsolute: og:url and the canonical link are absolute URLs
// under the configured base, whatever the Host header says.
func TestCanonicalIsAbsolute(t *testing.T) {
	s, _ := newServerWith(t, func(c *Config) { c.BaseURL = "https://frontline.example" })
	canonRE := regexp.MustCompile(`<link rel="canonical" href="([^"]*)"`)
	ogRE := regexp.MustCompile(`<meta property="og:url" content="([^"]*)"`)
	tests := []struct {
		target, want string
		og           bool
	}{
		{"/", "https://frontline.example/day/" + mustData(t, s).Last.String(), true},
		{"/day/2024-12-06", "https://frontline.example/day/2024-12-06", true},
		{"/place/aleppo", "https://frontline.example/place/aleppo", true},
		{"/places", "https://frontline.example/places", true},
		{"/changes?from=2024-11-26&to=2024-12-08", "https://frontline.example/changes/2024-11-26/2024-12-08", true},
		{"/about", "https://frontline.example/about", true},
		{"/embed/2024-12-06", "https://frontline.example/day/2024-12-06", false},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.target, nil)
		req.Host = "evil.example"
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		body := rec.Body.String()
		m := canonRE.FindStringSubmatch(body)
		if m == nil || m[1] != tt.want {
			t.Errorf("GET %s: canonical %v, want %q", tt.target, m, tt.want)
		}
		if !tt.og {
			continue
		}
		if m := ogRE.FindStringSubmatch(body); m == nil || m[1] != tt.want {
			t.Errorf("GET %s: og:url %v, want %q", tt.target, m, tt.want)
		}
		if strings.Contains(body, "evil.example") {
			t.Errorf("GET %s prints the Host header", tt.target)
		}
	}
}

// changesLede returns the changes page's title and notes for a query.
func changesPage(t *testing.T, s *Server, query string) string {
	t.Helper()
	rec := get(t, s, "/changes?"+query)
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Fatalf("GET /changes?%s: status %d, want %d", query, got, want)
	}
	body := rec.Body.String()
	if !strings.Contains(body, `<form class="range"`) {
		t.Errorf("GET /changes?%s: the page has no form", query)
	}
	return body
}

var changedRE = regexp.MustCompile(`<li class="change" id="change-([a-z0-9-]+)"`)

func changedPlaces(body string) []string {
	var out []string
	for _, m := range changedRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestChangesForgivesRanges: reversed days are swapped, a range beyond the
// data is clamped to it, each with a note, and one day compares with the
// day before.
func TestChangesForgivesRanges(t *testing.T) {
	s, _ := newTestServer(t)
	d := mustData(t, s)
	first, last := d.First.String(), d.Last.String()

	ordered := changesPage(t, s, "from=2024-11-26&to=2024-12-08")
	reversed := changesPage(t, s, "from=2024-12-08&to=2024-11-26")
	if got, want := changedPlaces(reversed), changedPlaces(ordered); fmt.Sprint(got) != fmt.Sprint(want) || len(want) == 0 {
		t.Errorf("reversed days list %v, want the ordered answer %v", got, want)
	}
	if !strings.Contains(reversed, "The days were given in reverse order") {
		t.Error("the reversed page does not say it swapped the days")
	}
	if !strings.Contains(reversed, `<link rel="canonical" href="`+DefaultBaseURL+`/changes/2024-11-26/2024-12-08">`) {
		t.Error("the reversed page's canonical is not the ordered address")
	}

	whole := changesPage(t, s, "from="+first+"&to="+last)
	wide := changesPage(t, s, "from=2020-01-01&to=2030-01-01")
	if got, want := changedPlaces(wide), changedPlaces(whole); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a range wider than the data lists %v, want the whole range's %v", got, want)
	}
	if !strings.Contains(wide, "The data covers") || !strings.Contains(wide, "shown from") {
		t.Error("the clamped page does not say it was clamped to the data")
	}

	// One day: what changed on it, against the day before.
	one := changesPage(t, s, "from=2024-12-07&to=2024-12-07")
	pair := changesPage(t, s, "from=2024-12-06&to=2024-12-07")
	if got, want := changedPlaces(one), changedPlaces(pair); fmt.Sprint(got) != fmt.Sprint(want) || len(want) == 0 {
		t.Errorf("one day lists %v, want the changes since the day before %v", got, want)
	}
	if !strings.Contains(one, "What changed on <time datetime=\"2024-12-07\">") {
		t.Error("the one-day page does not say what changed on this day")
	}
	// The first day has no day before: the page says so, and answers.
	firstPage := changesPage(t, s, "from="+first+"&to="+first)
	if !strings.Contains(firstPage, "no day before it") {
		t.Error("the first day's one-day page does not say there is no day before it")
	}
}

// TestOutOfRangeDaysAgree: a day outside the data is 404 everywhere, and
// the answer names the range the data covers.
func TestOutOfRangeDaysAgree(t *testing.T) {
	s, _ := newTestServer(t)
	d := mustData(t, s)
	covers := d.First.String() + " to " + d.Last.String()
	for _, day := range []string{"2030-01-01", "2020-01-01", (d.Last + 1).String(), (d.First - 1).String()} {
		for _, target := range []string{"/api/v1/control?day=" + day, "/api/v1/control.geojson?day=" + day, "/api/v1/territory.geojson?day=" + day} {
			rec := get(t, s, target)
			if got, want := rec.Code, http.StatusNotFound; got != want {
				t.Errorf("GET %s: status %d, want %d", target, got, want)
				continue
			}
			var body struct{ Error, Hint string }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("GET %s: %v", target, err)
			}
			if !strings.Contains(body.Error+" "+body.Hint, covers) {
				t.Errorf("GET %s: %+v does not name the covered range %q", target, body, covers)
			}
		}
		for _, target := range []string{"/day/" + day, "/embed/" + day} {
			rec := get(t, s, target)
			if got, want := rec.Code, http.StatusNotFound; got != want {
				t.Errorf("GET %s: status %d, want %d", target, got, want)
			}
			if !strings.Contains(rec.Body.String(), covers) {
				t.Errorf("GET %s does not name the covered range %q", target, covers)
			}
		}
	}
	// The ends of the range answer.
	for _, day := range []string{d.First.String(), d.Last.String()} {
		if rec := get(t, s, "/api/v1/control?day="+day); rec.Code != http.StatusOK {
			t.Errorf("GET /api/v1/control?day=%s: status %d, want 200", day, rec.Code)
		}
	}
}

// TestCanonicalRedirects: upper-case and trailing-slash forms of an address
// redirect permanently to it, and nothing redirects off the site.
func TestCanonicalRedirects(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct{ target, want string }{
		{"/place/Aleppo", "/place/aleppo"},
		{"/place/ALEPPO", "/place/aleppo"},
		{"/place/aleppo/", "/place/aleppo"},
		{"/place/Aleppo/", "/place/aleppo"},
		{"/places/", "/places"},
		{"/Places", "/places"},
		{"/places//", "/places"},
		{"/day/2024-12-06/", "/day/2024-12-06"},
		{"/changes/?from=2024-11-26&to=2024-12-08", "/changes?from=2024-11-26&to=2024-12-08"},
		{"/feed.atom/", "/feed.atom"},
		{"/api/v1/control/?day=2024-12-06", "/api/v1/control?day=2024-12-06"},
	}
	for _, tt := range tests {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			req := httptest.NewRequest(method, tt.target, nil)
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if got, want := rec.Code, http.StatusMovedPermanently; got != want {
				t.Errorf("%s %s: status %d, want %d", method, tt.target, got, want)
				continue
			}
			if got := rec.Header().Get("Location"); got != tt.want {
				t.Errorf("%s %s: Location %q, want %q", method, tt.target, got, tt.want)
			}
		}
		// The redirect's target answers.
		if rec := get(t, s, tt.want); rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", tt.want, rec.Code)
		}
	}
	// Never off the site, and nothing that is not an address of ours.
	for _, target := range []string{"//evil.example/", "//evil.example/places/", "/%2Fevil.example/", "/\\evil.example/", "/nothing/", "/place/", "/assets/js/MAP.js"} {
		rec := get(t, s, target)
		loc := rec.Header().Get("Location")
		if strings.HasPrefix(loc, "//") || strings.Contains(loc, "evil") || strings.Contains(loc, "://") || strings.Contains(loc, "\\") {
			t.Errorf("GET %s redirects off the site: %d %q", target, rec.Code, loc)
		}
		if rec.Code == http.StatusMovedPermanently {
			t.Errorf("GET %s: redirected to %q, want no redirect", target, loc)
		}
	}
	// The canonical address itself does not redirect.
	for _, target := range []string{"/", "/places", "/place/aleppo", "/day/2024-12-06"} {
		if rec := get(t, s, target); rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", target, rec.Code)
		}
	}
}

// testImportRE finds a module specifier after from or import anywhere: the
// modules are served minified, several statements to a line.
var testImportRE = regexp.MustCompile(`(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']`)

// TestModulesHashedAllTheWayDown: every module a page loads, and every
// module those import, is served under a content-hashed, immutable name.
func TestModulesHashedAllTheWayDown(t *testing.T) {
	s, _ := newTestServer(t)
	hashed := regexp.MustCompile(`\.[0-9a-f]{8}\.js$`)
	seen := map[string]bool{}
	var walk func(url string)
	walk = func(url string) {
		if seen[url] {
			return
		}
		seen[url] = true
		if !hashed.MatchString(url) {
			t.Errorf("module %s is not content-hashed", url)
		}
		rec := get(t, s, url)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", url, rec.Code)
			return
		}
		if got := rec.Header().Get("Cache-Control"); got != immutable {
			t.Errorf("GET %s: Cache-Control %q, want %q", url, got, immutable)
		}
		for _, m := range testImportRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			spec := m[1]
			if !strings.HasPrefix(spec, "./") {
				t.Errorf("%s imports %q, not a relative module", url, spec)
				continue
			}
			walk(url[:strings.LastIndex(url, "/")+1] + strings.TrimPrefix(spec, "./"))
		}
	}
	walk(s.assets.MapJS)
	walk(s.static.url("js/embed.js"))
	for _, name := range []string{"rule", "places-map", "territory", "layers"} {
		found := false
		for url := range seen {
			found = found || strings.HasPrefix(url, "/assets/js/"+name+".")
		}
		if !found {
			t.Errorf("no page loads js/%s.js under a hashed name; loaded: %v", name, seen)
		}
	}
}

// TestDayPagePreloadsMapModules: the day page's boot script is given, to
// ask for as modulepreload, every module its map script imports, directly
// or through another, each once, and nothing else; a page without the
// boot script names none.
func TestDayPagePreloadsMapModules(t *testing.T) {
	s, _ := newTestServer(t)
	reached := map[string]bool{}
	var walk func(url string)
	walk = func(url string) {
		for _, m := range testImportRE.FindAllStringSubmatch(get(t, s, url).Body.String(), -1) {
			dep := url[:strings.LastIndex(url, "/")+1] + strings.TrimPrefix(m[1], "./")
			if !reached[dep] {
				reached[dep] = true
				walk(dep)
			}
		}
	}
	walk(s.assets.MapJS)
	boot := regexp.MustCompile(`<script data-preload="([^"]*)">`)
	for _, target := range []string{"/day/2024-12-06", "/ar/day/2024-12-06"} {
		head, _, _ := strings.Cut(get(t, s, target).Body.String(), "</head>")
		m := boot.FindStringSubmatch(head)
		if m == nil {
			t.Errorf("GET %s: no boot script with data-preload in the head", target)
			continue
		}
		got := map[string]bool{}
		for _, u := range strings.Fields(m[1]) {
			if got[u] {
				t.Errorf("GET %s preloads %s twice", target, u)
			}
			got[u] = true
		}
		if len(reached) == 0 || !maps.Equal(got, reached) {
			t.Errorf("GET %s preloads %v, want the modules map.js reaches: %v", target, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(reached)))
		}
	}
	for _, target := range []string{"/places", "/place/aleppo", "/about", "/embed/2024-12-06"} {
		if body := get(t, s, target).Body.String(); strings.Contains(body, "data-preload") || strings.Contains(body, "modulepreload") {
			t.Errorf("GET %s names modules to preload", target)
		}
	}
}

// TestFavicon: the layout links an SVG icon under a hashed, immutable name.
func TestFavicon(t *testing.T) {
	s, _ := newTestServer(t)
	re := regexp.MustCompile(`<link rel="icon" href="(/assets/favicon\.[0-9a-f]{8}\.svg)" type="image/svg\+xml">`)
	for _, target := range []string{"/day/2024-12-06", "/places", "/place/aleppo", "/changes", "/nothing"} {
		m := re.FindStringSubmatch(get(t, s, target).Body.String())
		if m == nil {
			t.Errorf("GET %s links no hashed SVG favicon", target)
			continue
		}
		rec := get(t, s, m[1])
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" || rec.Header().Get("Cache-Control") != immutable {
			t.Errorf("GET %s: %d %q %q", m[1], rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
		}
	}
}

// TestAPIIgnoresCacheBuster: `_`, the cache-buster scripts add, is ignored
// by the API; it neither fails the request nor splits the cache.
func TestAPIIgnoresCacheBuster(t *testing.T) {
	s, _ := newTestServer(t)
	plain := get(t, s, "/api/v1/control?day=2024-12-06")
	for _, target := range []string{"/api/v1/control?day=2024-12-06&_=1733443200000", "/api/v1/control?_=x&day=2024-12-06", "/api/v1/control?day=2024-12-06&_="} {
		before := s.cache.bytes()
		rec := get(t, s, target)
		if got, want := rec.Code, http.StatusOK; got != want {
			t.Errorf("GET %s: status %d, want %d: %s", target, got, want, rec.Body.String())
			continue
		}
		if got, want := rec.Header().Get("ETag"), plain.Header().Get("ETag"); got != want {
			t.Errorf("GET %s: ETag %s, want the plain answer's %s", target, got, want)
		}
		if got := s.cache.bytes(); got != before {
			t.Errorf("GET %s grew the cache from %d to %d bytes", target, before, got)
		}
	}
	// Other unknown parameters are still refused.
	if rec := get(t, s, "/api/v1/control?day=2024-12-06&x=1"); rec.Code != http.StatusBadRequest {
		t.Errorf("GET /api/v1/control?x=1: status %d, want 400", rec.Code)
	}
}

// TestRewriteImports: every relative import form names the hashed module,
// a module's name changes when a module it imports changes, and an import
// cycle keeps plain names instead of failing.
func TestRewriteImports(t *testing.T) {
	build := func(leaf string) *static {
		t.Helper()
		fsys := fstest.MapFS{
			"js/a.js":     {Data: []byte("import { b } from \"./b.js\";\nimport {\n  c,\n} from './lib/c.js';\nimport \"./b.js\";\nexport { d } from \"./d.js\";\nconst e = () => import(\"./lib/c.js\");\n// import \"./nothing.js\"\nconst s = \"from './b.js'\";\n")},
			"js/b.js":     {Data: []byte("export const b = 1;\n")},
			"js/lib/c.js": {Data: []byte("import { b } from \"../b.js\";\nexport const c = " + leaf + ";\n")},
			"js/d.js":     {Data: []byte("export const d = 1;\n")},
			"js/x.js":     {Data: []byte("import { y } from \"./y.js\";\nexport const x = 1;\n")},
			"js/y.js":     {Data: []byte("import { x } from \"./x.js\";\nexport const y = 1;\n")},
		}
		st, err := newStatic(fsys, nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := build("1")
	base := func(name string) string { return path.Base(st.url(name)) }
	a := string(st.byName[strings.TrimPrefix(st.url("js/a.js"), "/assets/")].body)
	// Modules are served minified, so the expected forms are the
	// minifier's; the comment naming nothing.js is gone.
	for _, want := range []string{
		`import{b}from"./` + base("js/b.js") + `";`,
		`}from"./lib/` + base("js/lib/c.js") + `";`,
		`import"./` + base("js/b.js") + `";`,
		`export{d}from"./` + base("js/d.js") + `";`,
		`import("./lib/` + base("js/lib/c.js") + `")`,
		`"from './b.js'"`,
	} {
		if !strings.Contains(a, want) {
			t.Errorf("a.js lacks %q:\n%s", want, a)
		}
	}
	c := string(st.byName[strings.TrimPrefix(st.url("js/lib/c.js"), "/assets/")].body)
	if want := `from"../` + base("js/b.js") + `"`; !strings.Contains(c, want) {
		t.Errorf("lib/c.js lacks %q:\n%s", want, c)
	}
	// A change two imports down renames the module at the top.
	st2 := build("2")
	if st.url("js/a.js") == st2.url("js/a.js") || st.url("js/b.js") != st2.url("js/b.js") {
		t.Errorf("a.js %s -> %s, b.js %s -> %s: want a.js renamed and b.js kept", st.url("js/a.js"), st2.url("js/a.js"), st.url("js/b.js"), st2.url("js/b.js"))
	}
	// The cycle x <-> y is served, one side importing the other by plain name.
	for _, name := range []string{"js/x.js", "js/y.js"} {
		if st.url(name) == "" {
			t.Errorf("%s is not served", name)
		}
	}
}
