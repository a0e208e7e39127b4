package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// TestCacheBoundedInBytes: a flood of distinct answers never takes the
// cache past its budget, and an answer larger than an eighth of it is not
// kept at all.
func TestCacheBoundedInBytes(t *testing.T) {
	const budget = 1 << 20
	c := newCache(budget)
	body := bytes.Repeat([]byte("x"), 10<<10)
	for i := 0; i < 1000; i++ {
		c.put(1, fmt.Sprintf("/flood/%d", i), &response{status: 200, body: body})
		if got := c.bytes(); got > budget {
			t.Fatalf("after %d puts the cache holds %d bytes, want at most %d", i+1, got, budget)
		}
	}
	c.put(1, "/big", &response{status: 200, body: make([]byte, budget/8+1)})
	if c.get(1, "/big") != nil {
		t.Error("an answer larger than an eighth of the budget was kept")
	}
}

// TestCacheKeepsPopularEntries: entries asked for more than once survive a
// flood of entries asked for once.
func TestCacheKeepsPopularEntries(t *testing.T) {
	c := newCache(1 << 20)
	body := bytes.Repeat([]byte("p"), 10<<10)
	var popular []string
	for i := 0; i < 20; i++ {
		key := fmt.Sprintf("/day/%d", i)
		popular = append(popular, key)
		c.put(1, key, &response{status: 200, body: body})
		c.get(1, key)
	}
	for i := 0; i < 5000; i++ {
		c.put(1, fmt.Sprintf("/flood/%d", i), &response{status: 200, body: body})
	}
	for _, key := range popular {
		if c.get(1, key) == nil {
			t.Errorf("%s was evicted by a flood of one-time entries", key)
		}
	}
}

// TestCacheKeyIgnoresHostAndUnreadParameters: one representation, one
// entry, whatever the Host header, unread parameters or repetitions.
func TestCacheKeyIgnoresHostAndUnreadParameters(t *testing.T) {
	s, _ := newTestServer(t)
	send := func(target, host string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s (Host %s): %d", target, host, rec.Code)
		}
		return rec
	}
	send("/day/2024-12-06", "example.com")
	send("/changes?from=2024-11-30&to=2024-12-06", "example.com")
	before := s.cache.bytes()
	for i := 0; i < 20; i++ {
		send("/day/2024-12-06", fmt.Sprintf("h%d.evil.example", i))
		send(fmt.Sprintf("/changes?from=2024-11-30&to=2024-12-06&from=2024-11-29&pad%d=%s", i, strings.Repeat("z", 500)), fmt.Sprintf("h%d.evil.example", i))
		send(fmt.Sprintf("/day/2024-12-06?utm_source=%d", i), "example.com")
	}
	if got := s.cache.bytes(); got != before {
		t.Errorf("the cache grew from %d to %d bytes on requests for the same two answers", before, got)
	}
}

// TestAbsoluteLinksIgnoreHost: og:image and the Atom links come from the
// configuration, never from the Host header or an absolute request target.
func TestAbsoluteLinksIgnoreHost(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/day/2024-12-06", "/feed.atom", "http://evil.example/feed.atom"} {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Host = "evil.example"
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
		if strings.Contains(body, "evil.example") {
			t.Errorf("GET %s with Host evil.example prints that host", target)
		}
		if !strings.Contains(body, DefaultBaseURL+"/") {
			t.Errorf("GET %s: no link under the default base %s", target, DefaultBaseURL)
		}
	}
	cfgd, _ := newServerWith(t, func(c *Config) { c.BaseURL = "https://frontline.example/" })
	if body := get(t, cfgd, "/feed.atom").Body.String(); !strings.Contains(body, `href="https://frontline.example/feed.atom"`) {
		t.Error("the feed does not link under the configured base URL")
	}
	for _, bad := range []string{"frontline.example", "javascript:alert(1)", "https://u@x.example", "https://x.example/?a=b"} {
		if _, err := checkBaseURL(bad); err == nil {
			t.Errorf("checkBaseURL accepted %q", bad)
		}
	}
}

// failingWriter fails every body write, as a connection past its write
// deadline does.
type failingWriter struct{ *httptest.ResponseRecorder }

func (f failingWriter) Write([]byte) (int, error) { return 0, errors.New("write deadline exceeded") }

// TestUnsentAnswerNotCached: an answer whose body could not be sent is not
// kept.
func TestUnsentAnswerNotCached(t *testing.T) {
	s, _ := newTestServer(t)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/events", nil)
	s.Handler().ServeHTTP(failingWriter{httptest.NewRecorder()}, req)
	if got := s.cache.bytes(); got != 0 {
		t.Errorf("the cache holds %d bytes after an answer that was not sent", got)
	}
	get(t, s, "/api/v1/events")
	if s.cache.bytes() == 0 {
		t.Error("a sent answer was not cached: the test above proves nothing")
	}
}

// TestMessagesKeepUTF8: a long parameter quoted back in an error message
// is shortened on a character boundary.
func TestMessagesKeepUTF8(t *testing.T) {
	s, _ := newTestServer(t)
	place := "a" + strings.Repeat("ح", 40) // bytes 40 and 41 are one character
	rec := get(t, s, "/api/v1/events?place="+url.QueryEscape(place))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("unknown place: %d, want 404", rec.Code)
	}
	if body := rec.Body.String(); strings.Contains(body, `\\x`) || !strings.Contains(body, "…") {
		t.Errorf("the message cuts a character in half or is not shortened: %s", body)
	}
}

// TestCSVAnswersNeutralizeFormulas: no cell of events.csv or sources.csv,
// whatever its column, starts a spreadsheet formula.
func TestCSVAnswersNeutralizeFormulas(t *testing.T) {
	s, db := newTestServer(t)
	evil := `=HYPERLINK("http://evil.example","x")`
	ev := control.Event{ID: "2024-12-06-csv", Day: control.MustDay("2024-12-06"), Place: "hama", Kind: control.KindStatement,
		Confidence: control.Claimed, Summary: "\t=1+1",
		Sources: []control.Source{{Outlet: evil, Title: "\r=2", Quote: "@SUM(A1)", Seed: "+cmd|' /C calc'!A0"}}}
	if err := db.Import(context.Background(), sqlite.Batch{Events: []control.Event{ev}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/api/v1/events.csv?from=2024-12-06&to=2024-12-06", "/api/v1/sources.csv?from=2024-12-06&to=2024-12-06"} {
		rec := get(t, s, target)
		recs, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		found := false
		for _, r := range recs {
			for i, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("GET %s: column %d holds the formula %q", target, i, cell)
				}
				found = found || strings.Contains(cell, "HYPERLINK") || strings.Contains(cell, "=1+1")
			}
		}
		if !found {
			t.Errorf("GET %s: the test event is not in the answer", target)
		}
	}
}
