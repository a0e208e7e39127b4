package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestEmbed(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/embed/2024-12-06")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors *") && !strings.Contains(csp, "frame-ancestors *;") {
		t.Errorf("CSP %q, want frame-ancestors *", csp)
	}
	if got := rec.Header().Get("X-Frame-Options"); got != "" {
		t.Errorf("X-Frame-Options = %q, want none", got)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`<a href="/day/2024-12-06" target="_blank" rel="noopener">Open in Frontline</a>`,
		`<link rel="canonical" href="` + DefaultBaseURL + `/day/2024-12-06">`,
		`<svg class="staticmap"`,
		`id="legend"`,
		`datetime="2024-12-06">Friday 6 December 2024</time>`,
		`<script id="timeline" type="application/json">`,
		`/assets/js/embed.`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the embed does not contain %q", want)
		}
	}
	for _, chrome := range []string{"<header", "<footer", `class="holds"`, `id="day-slider"`, " style="} {
		if strings.Contains(body, chrome) {
			t.Errorf("the embed contains %q", chrome)
		}
	}
}

// TestOnlyEmbedMayBeFramed checks the other pages keep refusing frames.
func TestOnlyEmbedMayBeFramed(t *testing.T) {
	s, _ := newTestServer(t)
	for _, path := range []string{"/day/2024-12-06", "/place/homs", "/places", "/changes", "/place/nowhere"} {
		rec := get(t, s, path)
		if got, want := rec.Header().Get("X-Frame-Options"), "DENY"; got != want {
			t.Errorf("GET %s: X-Frame-Options = %q, want %q", path, got, want)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q, want frame-ancestors 'none'", path, csp)
		}
	}
}

func TestEmbedErrors(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path string
		want int
	}{
		{"/embed/garbage", http.StatusBadRequest},
		{"/embed/2024-02-30", http.StatusBadRequest},
		{"/embed/2030-01-01", http.StatusNotFound},
		// Echo gives the rest of the path to the last parameter: not a day.
		{"/embed/2024-12-06/extra", http.StatusBadRequest},
	}
	for _, tt := range tests {
		if got := get(t, s, tt.path).Code; got != tt.want {
			t.Errorf("GET %s: status %d, want %d", tt.path, got, tt.want)
		}
	}
}
