package server

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"net/http"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/preview"
)

func TestPreviewImage(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/day/2024-12-08/preview.png", "Accept-Encoding", "gzip")
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Fatalf("status: got %d, want %d; body %.200s", got, want, rec.Body.String())
	}
	h := rec.Header()
	if got, want := h.Get("Content-Type"), "image/png"; got != want {
		t.Errorf("Content-Type: got %q, want %q", got, want)
	}
	// A PNG is compressed already: it goes out as it is.
	if got := h.Get("Content-Encoding"); got != "" {
		t.Errorf("Content-Encoding: got %q, want none", got)
	}
	if got, want := h.Get("Cache-Control"), pageCache; got != want {
		t.Errorf("Cache-Control: got %q, want %q", got, want)
	}
	etag := h.Get("ETag")
	if etag == "" {
		t.Fatal("ETag: got none")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got, want := format, "png"; got != want {
		t.Errorf("format: got %q, want %q", got, want)
	}
	if got, want := image.Pt(cfg.Width, cfg.Height), image.Pt(1200, 630); got != want {
		t.Errorf("size: got %v, want %v", got, want)
	}
	if _, err := png.Decode(bytes.NewReader(rec.Body.Bytes())); err != nil {
		t.Errorf("decode the whole PNG: %v", err)
	}

	again := get(t, s, "/day/2024-12-08/preview.png", "If-None-Match", etag)
	if got, want := again.Code, http.StatusNotModified; got != want {
		t.Errorf("with If-None-Match: got %d, want %d", got, want)
	}
	if got := again.Body.Len(); got != 0 {
		t.Errorf("304 body: got %d bytes, want none", got)
	}
}

// TestPreviewDiffers checks that each day gets its own picture: the first
// and last days of the data hold different maps.
func TestPreviewDiffers(t *testing.T) {
	s, _ := newTestServer(t)
	a := get(t, s, "/day/2024-11-27/preview.png")
	b := get(t, s, "/day/2024-12-08/preview.png")
	if a.Code != http.StatusOK || b.Code != http.StatusOK {
		t.Fatalf("status: got %d and %d, want 200 and 200", a.Code, b.Code)
	}
	if a.Header().Get("ETag") == b.Header().Get("ETag") || bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) {
		t.Errorf("the previews of 27 November and 8 December are the same image")
	}
}

func TestPreviewErrors(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path string
		want int
	}{
		{"/day/2024-13-01/preview.png", http.StatusBadRequest},
		{"/day/yesterday/preview.png", http.StatusBadRequest},
		{"/day/2024-02-30/preview.png", http.StatusBadRequest},
		{"/day/2023-01-01/preview.png", http.StatusNotFound},
		{"/day/2030-01-01/preview.png", http.StatusNotFound},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.path)
		if got := rec.Code; got != tt.want {
			t.Errorf("GET %s: got %d, want %d", tt.path, got, tt.want)
		}
		if got := rec.Header().Get("Content-Type"); strings.HasPrefix(got, "image/") {
			t.Errorf("GET %s: Content-Type %q, want an error page", tt.path, got)
		}
	}
}

func TestDayPageLinksPreview(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/day/2024-12-08")
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Fatalf("status: got %d, want %d", got, want)
	}
	want := `<meta property="og:image" content="http://localhost:8080/day/2024-12-08/preview.png"`
	if !strings.Contains(rec.Body.String(), want) {
		t.Errorf("day page: want %s", want)
	}
}

// TestPreviewRendersOncePerDay checks that URLs that differ only in their
// query cost one render per day.
func TestPreviewRendersOncePerDay(t *testing.T) {
	s, _ := newTestServer(t)
	var etags []string
	for _, q := range []string{"", "?a=1", "?a=2", "?utm_source=chat"} {
		rec := get(t, s, "/day/2024-12-06/preview.png"+q)
		if got, want := rec.Code, http.StatusOK; got != want {
			t.Fatalf("GET %q: got %d, want %d", q, got, want)
		}
		etags = append(etags, rec.Header().Get("ETag"))
	}
	for _, e := range etags[1:] {
		if e != etags[0] {
			t.Errorf("ETags: got %q, want all alike", etags)
			break
		}
	}
	if got, want := s.previewRenders.Load(), int64(1); got != want {
		t.Errorf("renders for one day asked four ways: got %d, want %d", got, want)
	}
	get(t, s, "/day/2024-12-07/preview.png")
	if got, want := s.previewRenders.Load(), int64(2); got != want {
		t.Errorf("renders after a second day: got %d, want %d", got, want)
	}
}

// TestPreviewTerritory checks that the preview draws the land, not only the
// dots: on 26 November HTS held the Idlib pocket (an area event), so a point
// deep inside it, away from every dot and label, is HTS's colour blended
// over the white of Syria.
func TestPreviewTerritory(t *testing.T) {
	s, _ := newTestServer(t)
	d, err := s.loadData(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	hts, err := preview.ParseColor(draw.HolderColor(d.Data, "hts"))
	if err != nil {
		t.Fatal(err)
	}
	rec := get(t, s, "/day/2024-11-26/preview.png")
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Fatalf("status: got %d, want %d", got, want)
	}
	img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	// West of Idlib city, inside the pocket's outline in
	// data/areas.geojson, clear of the city's label (which, with the dots
	// of the places added nearby, sits south-west of the city).
	x, y := preview.Input{Box: s.cfg.Region.Box}.Pixel(36.40, 35.95)
	t.Logf("the Idlib pocket at pixel (%.0f, %.0f)", x, y)
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			px, py := int(x)+dx, int(y)+dy
			r, g, b, _ := img.At(px, py).RGBA()
			got := [3]float64{float64(r >> 8), float64(g >> 8), float64(b >> 8)}
			// A blend of white and HTS's colour is the same fraction of the
			// way from white in every channel; white would be 0.
			var ts []float64
			for k, c := range [3]uint8{hts.R, hts.G, hts.B} {
				ts = append(ts, (255-got[k])/(255-float64(c)))
			}
			for _, tk := range ts {
				if tk < 0.3 || tk > 0.8 || math.Abs(tk-ts[0]) > 0.05 {
					t.Fatalf("pixel (%d, %d): got %v, want HTS's colour %v blended over white (fractions %.2f)", px, py, got, hts, ts)
				}
			}
		}
	}
}

// BenchmarkPreview is one uncached preview of the embedded data: the day's
// land dissolved, its fronts found and the PNG drawn and encoded.
func BenchmarkPreview(b *testing.B) {
	s, _ := newTestServer(b)
	d, err := s.loadData(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	day, err := control.ParseDay("2024-12-08")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := preview.Render(&buf, s.previewInput(locale.English(), d, day, d.Index.At(day))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/png")
}

// TestPreviewSameBytes checks that two servers over the same data draw a
// day with land, stripes and fronts to the same bytes, so the ETag of a
// preview does not change with a restart.
func TestPreviewSameBytes(t *testing.T) {
	var bodies [][]byte
	for range 2 {
		s, _ := newTestServer(t)
		rec := get(t, s, "/day/2024-12-06/preview.png")
		if got, want := rec.Code, http.StatusOK; got != want {
			t.Fatalf("status: got %d, want %d", got, want)
		}
		bodies = append(bodies, rec.Body.Bytes())
	}
	if !bytes.Equal(bodies[0], bodies[1]) {
		t.Errorf("two servers drew 6 December differently: %d and %d bytes", len(bodies[0]), len(bodies[1]))
	}
}
