package server

import (
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/locale"
)

// TestRegionWords: the region's words name it on the pages, and a page's
// language switch offers only the other languages (the region's copy of a
// language is still that language).
func TestRegionWords(t *testing.T) {
	s, db := newTestServer(t)
	last := coverageOf(t, db).Last.String()
	tests := []struct {
		path, title, other, self string
	}{
		{"/day/" + last, "<title>Control in Syria on ", `id="lang-ar"`, `id="lang-en"`},
		{"/ar/day/" + last, "<title>السيطرة في سوريا يوم ", `id="lang-en"`, `id="lang-ar"`},
	}
	for _, tt := range tests {
		body := get(t, s, tt.path).Body.String()
		if !strings.Contains(body, tt.title) {
			t.Errorf("%s: no %q, the region's title", tt.path, tt.title)
		}
		if !strings.Contains(body, tt.other) || strings.Contains(body, tt.self) {
			t.Errorf("%s: the language switch should have %s and not %s", tt.path, tt.other, tt.self)
		}
	}
}

// TestRegionFrames: another region's box frames the preview and the static
// map, and its words replace Syria's.
func TestRegionFrames(t *testing.T) {
	far := &control.Region{ID: "far", Box: control.Box{-60, -20, -50, -10}, View: control.Box{-60, -20, -50, -10}, Bounds: control.Box{-61, -21, -49, -9}, Lat0: -15,
		Outline: []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Far","focus":true},"geometry":{"type":"Polygon","coordinates":[[[-60,-20],[-50,-20],[-50,-10],[-60,-10],[-60,-20]]]}}]}`),
		Words:   map[string]map[string]string{"en": {"site.subtitle": "Control far away"}}}
	s, db := newServerWith(t, func(c *Config) { c.Region = far })
	d := mustData(t, s)
	day := coverageOf(t, db).Last
	in := s.previewInput(s.loc(locale.English()), d, day, d.Index.At(day))
	if got, want := control.Box(in.Box), far.Box; got != want {
		t.Errorf("preview box = %v, want %v", got, want)
	}
	if got, want := in.Subtitle, "Control far away"; got != want {
		t.Errorf("preview subtitle = %q, want %q", got, want)
	}
	// The outline, the box itself, fills the static map's height.
	x, y := s.frame.Point(-60, -10)
	if y < 11.9 || y > 12.1 || x < 12 {
		t.Errorf("the box's north-west corner is drawn at (%g, %g), want y 12 (the margin)", x, y)
	}
	if body := get(t, s, "/day/"+day.String()).Body.String(); !strings.Contains(body, "<title>Control on ") {
		t.Errorf("a region without its own page title gets the catalogue's neutral one; the page has none")
	}
}
