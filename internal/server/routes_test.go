package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"frontline/assets"
	"frontline/internal/control"
	"frontline/internal/sqlite"
	"frontline/web"
)

func TestHeadAnswersLikeGet(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/", "/day/2024-12-06", "/day/2024-12-06/preview.png", "/api/v1/control?day=2024-12-06", "/feed.atom", "/healthz"} {
		req := httptest.NewRequest(http.MethodHead, target, nil)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		getRec := get(t, s, target)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != getRec.Header().Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q, want 200 %q", target, rec.Code, rec.Header().Get("Content-Type"), getRec.Header().Get("Content-Type"))
		}
		if target != "/healthz" && rec.Body.Len() != 0 {
			t.Errorf("HEAD %s sent %d bytes of body", target, rec.Body.Len())
		}
	}
}

// TestPagesIgnoreTrackingParameters: shared links gain parameters such as
// fbclid; pages still answer, from the same cache entry.
func TestPagesIgnoreTrackingParameters(t *testing.T) {
	s, _ := newTestServer(t)
	plain := get(t, s, "/day/2024-12-06")
	tracked := get(t, s, "/day/2024-12-06?fbclid=abc&utm_source=x")
	if tracked.Code != 200 || tracked.Header().Get("ETag") != plain.Header().Get("ETag") {
		t.Errorf("tracked link: %d, ETag %q vs %q", tracked.Code, tracked.Header().Get("ETag"), plain.Header().Get("ETag"))
	}
	if rec := get(t, s, "/changes?from=2024-11-26&to=2024-12-08&ref=x"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Aleppo") {
		t.Errorf("changes with an extra parameter: %d", rec.Code)
	}
}

// TestAPIRefusesUnknownParametersEvenWhenCached: the cache must not turn a
// 400 into a 200.
func TestAPIRefusesUnknownParametersEvenWhenCached(t *testing.T) {
	s, _ := newTestServer(t)
	if rec := get(t, s, "/api/v1/control?day=2024-12-06"); rec.Code != 200 {
		t.Fatalf("plain: %d", rec.Code)
	}
	for _, target := range []string{"/api/v1/control?day=2024-12-06&x=1", "/api/v1/control?day=2024-12-06&day=2024-12-07", "/api/v1/factions?a=b"} {
		if rec := get(t, s, target); rec.Code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", target, rec.Code)
		}
	}
}

// TestVersionTTL: with a TTL the data version is reused, so an import shows
// only after it; without one (the default) it shows at once.
func TestVersionTTL(t *testing.T) {
	s, db := newTestServer(t)
	s.cfg.VersionTTL = time.Hour
	before := get(t, s, "/api/v1/control?day=2024-12-20").Body.String()
	ev := control.Event{ID: "2024-12-20-hama-ttl", Day: control.MustDay("2024-12-20"), Place: "hama", Kind: control.KindControl,
		Controller: "sdf", Status: control.StatusHeld, Confidence: control.Claimed, Summary: "ttl", Sources: []control.Source{{Outlet: "t"}}}
	if err := db.Import(context.Background(), sqlite.Batch{Events: []control.Event{ev}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := get(t, s, "/api/v1/control?day=2024-12-20").Body.String(); got != before {
		t.Error("the answer changed within the version TTL")
	}
	s.cfg.VersionTTL = 0
	if got := get(t, s, "/api/v1/control?day=2024-12-20").Body.String(); got == before {
		t.Error("the answer did not change once the version was asked again")
	}
}

func TestTileLayerOption(t *testing.T) {
	_, db := newTestServer(t)
	cfg := Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Assets: assets.FS, Region: testRegion(t, false),
		Tiles: web.Tiles{URL: "https://{s}.tiles.example.org/{z}/{x}/{y}.png", Attribution: "© Example contributors"}}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rec := get(t, s, "/day/2024-12-06")
	body := rec.Body.String()
	for _, want := range []string{`data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"`, `data-tiles-attribution="© Example contributors"`} {
		if !strings.Contains(body, want) {
			t.Errorf("day page lacks %s", want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://*.tiles.example.org;") {
		t.Errorf("CSP %q does not allow the tile host", csp)
	}
	for _, bad := range []string{"javascript:alert(1)", "tiles.example.org/{z}/{x}/{y}.png", "ftp://x/{z}", "https://user@x.org/{z}", "https://x{s}.org/{z}"} {
		cfg.Tiles.URL = bad
		if _, err := New(cfg); err == nil {
			t.Errorf("New accepted the tile URL %q", bad)
		}
	}
}
