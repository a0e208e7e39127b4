package territory

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// lat0 is the latitude the tests' projection is true at: Syria's middle,
// where their shapes lie.
const lat0 = 35.0

var kx = math.Cos(lat0 * math.Pi / 180)

// syriaOutline reads the Syria feature (properties.focus = true) of the
// committed basemap.
func syriaOutline(t testing.TB) []Polygon {
	t.Helper()
	b, err := os.ReadFile("../../data/basemap.geojson")
	if err != nil {
		t.Fatalf("reading basemap: %v", err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Focus bool `json:"focus"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("decoding basemap: %v", err)
	}
	for _, f := range fc.Features {
		if !f.Properties.Focus {
			continue
		}
		switch f.Geometry.Type {
		case "Polygon":
			var p Polygon
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				t.Fatalf("decoding Syria polygon: %v", err)
			}
			return []Polygon{p}
		case "MultiPolygon":
			var mp []Polygon
			if err := json.Unmarshal(f.Geometry.Coordinates, &mp); err != nil {
				t.Fatalf("decoding Syria multipolygon: %v", err)
			}
			return mp
		}
	}
	t.Fatal("basemap has no feature with focus=true")
	return nil
}

func rect(x0, y0, x1, y1 float64) Ring {
	return Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// Synthetic outlines near Syria's latitude, in degrees.
var (
	square = []Polygon{{rect(36, 33, 40, 37)}}
	// lShape is the square without its upper-right quarter.
	lShape = []Polygon{{Ring{{36, 33}, {40, 33}, {40, 35}, {38, 35}, {38, 37}, {36, 37}}}}
	// uShape is open at the top: two prongs on a bar.
	uShape = []Polygon{{Ring{{36, 33}, {40, 33}, {40, 37}, {39, 37}, {39, 34}, {37, 34}, {37, 37}, {36, 37}, {36, 33}}}}
	// holed is a square with a square lake, plus an island, wound the
	// wrong way round on purpose.
	holed = []Polygon{
		{rect(36, 33, 40, 37), rect(37.5, 34.5, 38.5, 35.5)},
		{Ring{{40.5, 33}, {40.5, 34}, {41.5, 34}, {41.5, 33}}},
	}
)

// randomSites returns n deterministic points in the box.
func randomSites(seed uint64, n int, x0, y0, x1, y1 float64) []Point {
	r := rand.New(rand.NewPCG(seed, 1))
	ps := make([]Point, n)
	for i := range ps {
		ps[i] = Point{x0 + r.Float64()*(x1-x0), y0 + r.Float64()*(y1-y0)}
	}
	return ps
}

func polygonArea(p Polygon) float64 {
	var a float64
	for i, r := range p {
		if i == 0 {
			a += math.Abs(lonLatArea(r))
		} else {
			a -= math.Abs(lonLatArea(r))
		}
	}
	return a
}

func multiArea(ps []Polygon) float64 {
	var a float64
	for _, p := range ps {
		a += polygonArea(p)
	}
	return a
}

func closeRing(r Ring) Ring {
	if len(r) > 0 && r[0] != r[len(r)-1] {
		return append(append(Ring{}, r...), r[0])
	}
	return r
}

// inPolygons is 1 inside, -1 outside, 0 within tol of a boundary.
func inPolygons(ps []Polygon, p Point, tol float64) int {
	for _, poly := range ps {
		for _, r := range poly {
			if distToRing(closeRing(r), p) <= tol {
				return 0
			}
		}
	}
	for _, poly := range ps {
		if pointInRing(closeRing(poly[0]), p) <= 0 {
			continue
		}
		inHole := false
		for _, h := range poly[1:] {
			if pointInRing(closeRing(h), p) > 0 {
				inHole = true
			}
		}
		if !inHole {
			return 1
		}
	}
	return -1
}

func distToRing(r Ring, p Point) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(r); i++ {
		best = min(best, distToSegment(r[i], r[i+1], p))
	}
	return best
}

func distToSegment(a, b, p Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = min(max(((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l, 0), 1)
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// nearestSite is the first site nearest to p in the package's projection.
func nearestSite(sites []Point, p Point) (int, float64) {
	best, bi, second := math.Inf(1), -1, math.Inf(1)
	for i, s := range sites {
		d := math.Hypot((s[0]-p[0])*kx, s[1]-p[1])
		if d < best {
			second = best
			best, bi = d, i
		} else if d < second && d > best {
			second = d
		}
	}
	return bi, second - best
}

func ringCount(ps []Polygon) int {
	n := 0
	for _, p := range ps {
		n += len(p)
	}
	return n
}
