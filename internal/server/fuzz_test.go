package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzQuery sends fuzzed raw query strings to the API routes that read
// parameters, and a fuzzed day segment to the day routes, through the real
// handler over a real store: nothing may answer 5xx, and every answer must
// pass the checks of the hostile corpus.
func FuzzQuery(f *testing.F) {
	for _, seed := range []struct{ query, day string }{
		{"day=2024-12-06", "2024-12-06"},
		{"from=2024-12-01&to=2024-12-08&place=aleppo", "2024-11-26"},
		{"day=0000-01-01", "0000-01-01"},
		{"day=9999-12-31", "9999-12-31"},
		{"day=10000-01-01", "10000-01-01"},
		{"from=2024-12-08&to=2024-12-01", "2024-02-30"},
		{"place=%3Cscript%3Ealert(1)%3C/script%3E", "<script>alert(1)</script>"},
		{"place=aleppo'%20OR%201=1--", "2024-12-06' OR 1=1--"},
		{"day=%ff%fe", "\xff\xfe"},
		{"day=1&day=2", "%2e%2e"},
		{"%zz", "../../etc/passwd"},
		{";;&&==", ""},
		{"day", "2024-12-06/panel"},
	} {
		f.Add(seed.query, seed.day)
	}
	s, _ := newTestServer(f)
	f.Fuzz(func(t *testing.T, rawQuery, day string) {
		if strings.ContainsAny(rawQuery, "#") {
			return // a fragment never reaches a server
		}
		for _, target := range []string{
			"/api/v1/control?" + rawQuery,
			"/api/v1/control.geojson?" + rawQuery,
			"/api/v1/events?" + rawQuery,
			"/day/" + url.PathEscape(day),
			"/day/" + url.PathEscape(day) + "/panel",
			"/day?day=" + url.QueryEscape(day),
		} {
			serveHostile(t, s, hostileRequest(t, http.MethodGet, target, nil))
		}
		if !strings.ContainsAny(day, "?#") {
			serveHostile(t, s, hostileRequest(t, http.MethodGet, "/day/"+day, nil))
		}
	})
}
