package basemap

import (
	"io/fs"
	"math"
	"strings"
	"testing"

	"frontline/data"
)

func TestParseLayer(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantErr   string
		wantNames []string
		wantLines []int // lines per shape
		wantPolys []int // polygons per shape
	}{
		{
			name: "all four geometry types",
			in: `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"m5","name":"M5","schematic":true},"geometry":{"type":"LineString","coordinates":[[36,33],[37,34]]}},
{"type":"Feature","properties":{"name":"Orontes","name_ar":"العاصي"},"geometry":{"type":"MultiLineString","coordinates":[[[36,35],[36.1,35.1]],[[36.2,35.2],[36.3,35.3],[36.4,35.4]]]}},
{"type":"Feature","properties":{"id":"hama","name":"Hama","name_ar":"حماة"},"geometry":{"type":"Polygon","coordinates":[[[36,35],[37,35],[37,36],[36,35]]]}},
{"type":"Feature","properties":{"name":"Lakes"},"geometry":{"type":"MultiPolygon","coordinates":[[[[36,35],[37,35],[37,36],[36,35]]],[[[38,35],[39,35],[39,36],[38,35]]]]}}
]}`,
			wantNames: []string{"M5", "Orontes", "Hama", "Lakes"},
			wantLines: []int{1, 2, 0, 0},
			wantPolys: []int{0, 0, 1, 2},
		},
		{name: "empty collection", in: `{"type":"FeatureCollection","features":[]}`},
		{name: "not a collection", in: `{"type":"Feature"}`, wantErr: "want FeatureCollection"},
		{name: "bad JSON", in: `{"type":`, wantErr: "basemap: layer"},
		{
			name:    "point geometry",
			in:      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Aleppo"},"geometry":{"type":"Point","coordinates":[37,36]}}]}`,
			wantErr: `Aleppo: geometry "Point"`,
		},
		{
			name:    "missing geometry",
			in:      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}`,
			wantErr: "feature 0: no geometry",
		},
		{
			name:    "one-point line",
			in:      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"LineString","coordinates":[[37,36]]}}]}`,
			wantErr: "line of 1 points",
		},
		{
			name:    "coordinates of the wrong depth",
			in:      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[37,36],[38,36]]}}]}`,
			wantErr: "basemap: layer: x:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLayer([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLayer error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLayer: %v", err)
			}
			if len(got) != len(tt.wantNames) {
				t.Fatalf("got %d shapes, want %d", len(got), len(tt.wantNames))
			}
			for i, s := range got {
				if s.Name != tt.wantNames[i] {
					t.Errorf("shape %d name = %q, want %q", i, s.Name, tt.wantNames[i])
				}
				if len(s.Lines) != tt.wantLines[i] {
					t.Errorf("%s: %d lines, want %d", s.Name, len(s.Lines), tt.wantLines[i])
				}
				if len(s.Polygons) != tt.wantPolys[i] {
					t.Errorf("%s: %d polygons, want %d", s.Name, len(s.Polygons), tt.wantPolys[i])
				}
			}
		})
	}
}

func TestParseLayerProperties(t *testing.T) {
	got, err := ParseLayer([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"hama","name":"Hama","name_ar":"حماة"},"geometry":{"type":"LineString","coordinates":[[36.5,35.25],[36.75,35]]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := got[0]
	if s.ID != "hama" || s.Name != "Hama" || s.NameAr != "حماة" {
		t.Errorf("properties = %q %q %q, want hama Hama حماة", s.ID, s.Name, s.NameAr)
	}
	if want := [2]float64{36.75, 35}; s.Lines[0][1] != want {
		t.Errorf("second point = %v, want %v", s.Lines[0][1], want)
	}
}

// pathPoints parses a path WritePath wrote into runs of absolute points.
func pathPoints(t *testing.T, p string) (runs [][][2]float64, closed int) {
	t.Helper()
	runs, closed, err := ParsePath(p)
	if err != nil {
		t.Fatal(err)
	}
	return runs, closed
}

func TestLinePath(t *testing.T) {
	f := NewFrame(700, 500, 10, [4]float64{35.4, 32.2, 42.5, 37.5}) // Syria's box (data/region.json)
	// Lines are drawn to the pixel.
	round := math.Round
	tests := []struct {
		name  string
		lines [][][2]float64
	}{
		{name: "none"},
		{name: "one line", lines: [][][2]float64{{{36.2913, 33.5102}, {36.7234, 34.7268}, {37.1612, 36.2012}}}},
		{name: "two lines", lines: [][][2]float64{{{38.0, 36.8}, {39.0, 35.95}}, {{40.75, 36.5}, {40.43, 35.16}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := LinePath(tt.lines, f)
			runs, closed := pathPoints(t, p)
			if closed != 0 {
				t.Errorf("path %q has %d Z, want an open path", p, closed)
			}
			if len(runs) != len(tt.lines) {
				t.Fatalf("path has %d runs, want %d", len(runs), len(tt.lines))
			}
			for i, line := range tt.lines {
				if len(runs[i]) != len(line) {
					t.Fatalf("run %d has %d points, want %d", i, len(runs[i]), len(line))
				}
				for k, pt := range line {
					x, y := f.Point(pt[0], pt[1])
					if got, want := runs[i][k], [2]float64{round(x), round(y)}; got != want {
						t.Errorf("run %d point %d = %v, want %v", i, k, got, want)
					}
				}
			}
		})
	}
	// North is up and east is right: Aleppo is above and right of Damascus.
	runs, _ := pathPoints(t, LinePath([][][2]float64{{{36.2913, 33.5102}, {37.1612, 36.2012}}}, f))
	if d, a := runs[0][0], runs[0][1]; !(a[0] > d[0] && a[1] < d[1]) {
		t.Errorf("Damascus %v, Aleppo %v: want Aleppo right of and above Damascus", d, a)
	}
}

func TestShapeSVGPath(t *testing.T) {
	f := NewFrame(700, 500, 10, [4]float64{35.4, 32.2, 42.5, 37.5}) // Syria's box (data/region.json)
	poly := [][][2]float64{{{36, 35}, {37, 35}, {37, 36}, {36, 35}}}
	line := [][2]float64{{36, 33}, {37, 34}}
	s := Shape{Lines: [][][2]float64{line}, Polygons: [][][][2]float64{poly}}
	got := s.SVGPath(f)
	want := LinePath(s.Lines, f) + Country{Polygons: s.Polygons}.SVGPath(f)
	if got != want {
		t.Errorf("SVGPath = %q, want %q", got, want)
	}
	if n := strings.Count(got, "Z"); n != 1 {
		t.Errorf("SVGPath has %d Z, want 1 (the polygon ring only)", n)
	}
	if n := strings.Count(got, "M"); n != 2 {
		t.Errorf("SVGPath has %d M, want 2", n)
	}
}

// The committed layers parse and carry what the map needs.
func TestEmbeddedLayers(t *testing.T) {
	read := func(name string) []Shape {
		t.Helper()
		b, err := fs.ReadFile(data.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ParseLayer(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	admin := read("admin1.geojson")
	if len(admin) != 14 {
		t.Errorf("admin1: %d governorates, want 14", len(admin))
	}
	ids := map[string]bool{}
	for _, g := range admin {
		if g.ID == "" || g.Name == "" || g.NameAr == "" || len(g.Polygons) == 0 || len(g.Lines) != 0 {
			t.Errorf("admin1: %+v: want id, name, name_ar and polygons only", g.ID)
		}
		ids[g.ID] = true
	}
	for _, id := range []string{"aleppo", "idlib", "hama", "homs", "damascus", "rif-dimashq", "daraa", "suwayda", "quneitra", "latakia", "tartus", "raqqa", "deir-ez-zor", "hasakah"} {
		if !ids[id] {
			t.Errorf("admin1: no governorate %q", id)
		}
	}
	water := read("water.geojson")
	names := map[string]bool{}
	for _, w := range water {
		names[w.Name] = true
	}
	for _, n := range []string{"Euphrates", "Tigris", "Khabur", "Orontes"} {
		if !names[n] {
			t.Errorf("water: no %s", n)
		}
	}
	roads := read("roads.geojson")
	got := []string{}
	for _, r := range roads {
		got = append(got, r.ID)
		if len(r.Lines) != 1 || len(r.Lines[0]) < 2 {
			t.Errorf("road %s: want one line", r.ID)
		}
	}
	if strings.Join(got, ",") != "m4,m5" {
		t.Errorf("roads = %v, want [m4 m5]", got)
	}
	// Both highways meet at Saraqib.
	saraqib := [2]float64{36.806, 35.865}
	for _, r := range roads {
		found := false
		for _, p := range r.Lines[0] {
			if p == saraqib {
				found = true
			}
		}
		if !found {
			t.Errorf("road %s does not pass Saraqib %v", r.ID, saraqib)
		}
	}
}

// TestWritePathRelative: after the first point, steps are relative and
// short, a step's minus sign parts it from the last number, and the path
// reads back to the points rounded in place.
func TestWritePathRelative(t *testing.T) {
	f := NewFrame(700, 500, 10, [4]float64{35.4, 32.2, 42.5, 37.5})
	var b strings.Builder
	tests := []struct {
		v    int64
		sep  bool
		want string
	}{
		{0, false, "0"},
		{5, true, " .5"},
		{-5, true, "-.5"},
		{10, true, " 1"},
		{-123, false, "-12.3"},
		{1234, true, " 123.4"},
	}
	for _, tt := range tests {
		b.Reset()
		writeTenths(&b, tt.v, tt.sep)
		if got := b.String(); got != tt.want {
			t.Errorf("writeTenths(%d, %v) = %q, want %q", tt.v, tt.sep, got, tt.want)
		}
	}
	ring := [][2]float64{{36, 35}, {36.001, 35.0005}, {37, 35}, {37, 36}, {36, 35}}
	b.Reset()
	f.WritePath(&b, ring, true, 0, Tenth)
	p := b.String()
	if !strings.HasPrefix(p, "M") || strings.Count(p, "l") != 1 || !strings.HasSuffix(p, "Z") {
		t.Errorf("path %q: want one M, one l and a Z", p)
	}
	runs, closed, err := ParsePath(p)
	if err != nil {
		t.Fatal(err)
	}
	if closed != 1 || len(runs) != 1 || len(runs[0]) != len(ring) {
		t.Fatalf("ParsePath(%q) = %v, %d closed; want one closed run of %d points", p, runs, closed, len(ring))
	}
	for k, pt := range ring {
		x, y := f.Point(pt[0], pt[1])
		if got, want := runs[0][k], [2]float64{math.Round(x*10) / 10, math.Round(y*10) / 10}; got != want {
			t.Errorf("point %d = %v, want %v", k, got, want)
		}
	}
	// To the pixel, the same ring reads back rounded to whole pixels.
	b.Reset()
	f.WritePath(&b, ring, true, 0, Pixel)
	if p := b.String(); strings.Contains(p, ".") {
		t.Errorf("path to the pixel %q has a fraction", p)
	}
	whole, _, err := ParsePath(b.String())
	if err != nil {
		t.Fatal(err)
	}
	for k, pt := range ring {
		x, y := f.Point(pt[0], pt[1])
		if got, want := whole[0][k], [2]float64{math.Round(x), math.Round(y)}; got != want {
			t.Errorf("whole point %d = %v, want %v", k, got, want)
		}
	}
	for _, bad := range []string{"L1 2", "M1 2 3 4", "M1 2lx"} {
		if _, _, err := ParsePath(bad); err == nil {
			t.Errorf("ParsePath(%q) took it, want an error", bad)
		}
	}
}

// TestWritePathDropsSecondPoint: a path whose second point is dropped as
// too near still names l before its first step.
func TestWritePathDropsSecondPoint(t *testing.T) {
	f := NewFrame(700, 500, 10, [4]float64{35.4, 32.2, 42.5, 37.5})
	ring := [][2]float64{{36, 35}, {36.0001, 35.0001}, {37, 35}, {37, 36}, {36, 35}}
	var b strings.Builder
	f.WritePath(&b, ring, true, 1, Tenth)
	runs, closed, err := ParsePath(b.String())
	if err != nil {
		t.Fatalf("ParsePath(%q): %v", b.String(), err)
	}
	if got, want := len(runs[0]), len(ring)-1; closed != 1 || got != want {
		t.Errorf("path %q: %d points, %d closed; want %d points, 1 closed", b.String(), got, closed, want)
	}
}
