package territory

import (
	"math"
	"math/rand/v2"
	"testing"
)

// outlineCase is an outline with sites scattered over its box.
type outlineCase struct {
	name    string
	outline []Polygon
	sites   []Point
}

func outlineCases(t testing.TB) []outlineCase {
	syria := syriaOutline(t)
	return []outlineCase{
		{"square 40", square, randomSites(1, 40, 36, 33, 40, 37)},
		{"L 60", lShape, randomSites(2, 60, 36, 33, 40, 37)},
		{"U 25", uShape, randomSites(3, 25, 36, 33, 40, 37)},
		{"holed 50", holed, randomSites(4, 50, 36, 33, 41.5, 37)},
		{"Syria 300", syria, randomSites(5, 300, 35.7, 32.3, 42.4, 37.3)},
		{"Syria 3", syria, []Point{{36.72, 34.73}, {37.16, 36.2}, {40.14, 35.33}}},
	}
}

func outlineArea(outline []Polygon) float64 {
	var a float64
	for _, p := range outline {
		var q Polygon
		for _, r := range p {
			q = append(q, closeRing(r))
		}
		a += polygonArea(q)
	}
	return a
}

// TestCellsTileOutline checks that the cells cover the outline once: their
// areas add up to the outline's, every vertex lies in or on the outline,
// and sample points fall in exactly one cell, that of their nearest site.
func TestCellsTileOutline(t *testing.T) {
	for _, tc := range outlineCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Build(tc.outline, tc.sites, lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if got, want := len(c.Cells), len(tc.sites); got != want {
				t.Fatalf("len(Cells) = %d, want %d", got, want)
			}
			var sum float64
			for i, cell := range c.Cells {
				sum += multiArea(cell)
				for _, poly := range cell {
					for _, r := range poly {
						if r[0] != r[len(r)-1] {
							t.Errorf("cell %d: ring not closed: %v … %v", i, r[0], r[len(r)-1])
						}
						for _, p := range r {
							if inPolygons(tc.outline, p, 2e-5) < 0 {
								t.Errorf("cell %d: vertex %v outside the outline", i, p)
							}
						}
					}
					if a := lonLatArea(poly[0]); a <= 0 {
						t.Errorf("cell %d: outer ring area %g, want counter-clockwise", i, a)
					}
					for _, h := range poly[1:] {
						if a := lonLatArea(h); a >= 0 {
							t.Errorf("cell %d: hole area %g, want clockwise", i, a)
						}
					}
				}
			}
			want := outlineArea(tc.outline)
			if math.Abs(sum-want) > 1e-3*want {
				t.Errorf("sum of cell areas = %.6f, want %.6f (±0.1%%)", sum, want)
			}

			// Sample points: exactly one cell holds each, and it is the
			// cell of the nearest site.
			minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			for _, p := range tc.outline {
				x0, y0, x1, y1 := ringBox(p[0])
				minX, minY, maxX, maxY = min(minX, x0), min(minY, y0), max(maxX, x1), max(maxY, y1)
			}
			r := rand.New(rand.NewPCG(99, 2))
			checked := 0
			for range 2000 {
				p := Point{minX + r.Float64()*(maxX-minX), minY + r.Float64()*(maxY-minY)}
				if inPolygons(tc.outline, p, 1e-4) <= 0 {
					continue
				}
				near, margin := nearestSite(tc.sites, p)
				if margin < 1e-4 {
					continue // too close to a bisector to tell after rounding
				}
				var holders []int
				onEdge := false
				for i, cell := range c.Cells {
					switch inPolygons(cell, p, 2e-5) {
					case 1:
						holders = append(holders, i)
					case 0:
						onEdge = true
					}
				}
				if onEdge {
					continue
				}
				checked++
				if len(holders) != 1 || holders[0] != near {
					t.Errorf("point %v: in cells %v, want only [%d] (nearest site %v)", p, holders, near, tc.sites[near])
				}
			}
			if checked < 100 {
				t.Errorf("only %d sample points checked", checked)
			}
		})
	}
}

// TestSiteInOwnCell checks one cell per site and that a site inside the
// outline lies in its own cell.
func TestSiteInOwnCell(t *testing.T) {
	for _, tc := range outlineCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Build(tc.outline, tc.sites, lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			for i, s := range tc.sites {
				if inPolygons(tc.outline, s, 1e-4) <= 0 {
					continue
				}
				if len(c.Cells[i]) == 0 {
					t.Errorf("site %d %v inside the outline has no cell", i, s)
					continue
				}
				if got := inPolygons(c.Cells[i], s, 2e-5); got < 0 {
					t.Errorf("site %d %v: not in its own cell", i, s)
				}
			}
		})
	}
}

func TestDuplicateSites(t *testing.T) {
	sites := []Point{{37, 34}, {39, 36}, {37, 34}, {38, 35.5}, {39, 36}}
	c, err := Build(square, sites, lat0)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	ref, err := Build(square, []Point{{37, 34}, {39, 36}, {38, 35.5}}, lat0)
	if err != nil {
		t.Fatalf("Build without duplicates: %v", err)
	}
	tests := []struct {
		site int
		want float64
	}{
		{0, multiArea(ref.Cells[0])},
		{1, multiArea(ref.Cells[1])},
		{2, 0},
		{3, multiArea(ref.Cells[2])},
		{4, 0},
	}
	for _, tt := range tests {
		if got := multiArea(c.Cells[tt.site]); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("area of cell %d = %g, want %g", tt.site, got, tt.want)
		}
	}
	for _, e := range c.Edges {
		if e.A == 2 || e.A == 4 || e.B == 2 || e.B == 4 {
			t.Errorf("edge %d–%d touches a duplicate", e.A, e.B)
		}
	}
}

func TestSitesOutside(t *testing.T) {
	inside := []Point{{37, 34}, {39, 36}, {37.5, 36.5}}
	ref, err := Build(square, inside, lat0)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	tests := []struct {
		name      string
		extra     Point
		wantEmpty bool
	}{
		{"far away", Point{0, 0}, true},
		{"across the world", Point{-120, -40}, true},
		{"just over the border", Point{40.05, 33.5}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Build(square, append(append([]Point{}, inside...), tt.extra), lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			got := len(c.Cells[3]) == 0
			if got != tt.wantEmpty {
				t.Fatalf("cell of %v empty = %v, want %v", tt.extra, got, tt.wantEmpty)
			}
			var sum float64
			for i, cell := range c.Cells {
				sum += multiArea(cell)
				if tt.wantEmpty && i < 3 {
					if g, w := multiArea(cell), multiArea(ref.Cells[i]); math.Abs(g-w) > 1e-9 {
						t.Errorf("cell %d area = %g, want %g as without the far site", i, g, w)
					}
				}
			}
			if want := outlineArea(square); math.Abs(sum-want) > 1e-6 {
				t.Errorf("sum of areas = %g, want %g", sum, want)
			}
		})
	}
}

func TestFewAndCollinearSites(t *testing.T) {
	tests := []struct {
		name      string
		sites     []Point
		wantCells int // non-empty cells
	}{
		{"none", nil, 0},
		{"one", []Point{{38, 35}}, 1},
		{"one outside", []Point{{30, 30}}, 1},
		{"two", []Point{{37, 34}, {39, 36}}, 2},
		{"collinear horizontal", []Point{{36.5, 35}, {37.5, 35}, {38.5, 35}, {39.5, 35}}, 4},
		{"collinear diagonal", []Point{{36.5, 33.5}, {37.5, 34.5}, {38.5, 35.5}, {39.5, 36.5}}, 4},
		{"grid", func() []Point {
			var ps []Point
			for x := 36.5; x < 40; x++ {
				for y := 33.5; y < 37; y++ {
					ps = append(ps, Point{x, y})
				}
			}
			return ps
		}(), 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Build(square, tt.sites, lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			n := 0
			var sum float64
			for _, cell := range c.Cells {
				if len(cell) > 0 {
					n++
				}
				sum += multiArea(cell)
			}
			if n != tt.wantCells {
				t.Errorf("non-empty cells = %d, want %d", n, tt.wantCells)
			}
			want := outlineArea(square)
			if tt.wantCells == 0 {
				want = 0
			}
			if math.Abs(sum-want) > 1e-6 {
				t.Errorf("sum of areas = %g, want %g", sum, want)
			}
			if tt.wantCells > 1 {
				all := make([]int, len(tt.sites))
				d := c.Dissolve(all)
				if got := multiArea(d[0]); math.Abs(got-want) > 1e-6 {
					t.Errorf("dissolved area = %g, want %g", got, want)
				}
				if got := ringCount(d[0]); got != 1 {
					t.Errorf("dissolved rings = %d, want 1", got)
				}
			}
		})
	}
}

// TestConcaveSplit puts a site whose nearest land is both prongs of a U:
// its cell is two polygons.
func TestConcaveSplit(t *testing.T) {
	tests := []struct {
		name      string
		sites     []Point
		split     int
		wantParts int
	}{
		// A is in the top of the left prong, B in the middle of the bar:
		// the tops of both prongs are nearer to A.
		{"site inside", []Point{{36.5, 36.8}, {38, 33.2}}, 0, 2},
		// A stands in the gap between the prongs, outside the outline.
		{"site in the gap", []Point{{38, 36.5}, {38, 33.2}}, 0, 2},
		{"bar only", []Point{{38, 33.2}}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Build(uShape, tt.sites, lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if got := len(c.Cells[tt.split]); got != tt.wantParts {
				t.Errorf("cell %d has %d polygons, want %d: %v", tt.split, got, tt.wantParts, c.Cells[tt.split])
			}
			var sum float64
			for _, cell := range c.Cells {
				sum += multiArea(cell)
			}
			if want := outlineArea(uShape); math.Abs(sum-want) > 1e-6 {
				t.Errorf("sum of areas = %g, want %g", sum, want)
			}
			d := c.Dissolve(make([]int, len(tt.sites)))
			if got, want := ringCount(d[0]), 1; got != want {
				t.Errorf("dissolved rings = %d, want %d", got, want)
			}
		})
	}
}

// TestEdgesShared checks that every edge joins two non-empty cells and that
// its points are vertices of both cells.
func TestEdgesShared(t *testing.T) {
	for _, tc := range outlineCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Build(tc.outline, tc.sites, lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			verts := make([]map[Point]bool, len(c.Cells))
			for i, cell := range c.Cells {
				verts[i] = map[Point]bool{}
				for _, poly := range cell {
					for _, r := range poly {
						for _, p := range r {
							verts[i][p] = true
						}
					}
				}
			}
			if len(tc.sites) > 3 && len(c.Edges) == 0 {
				t.Fatal("no edges")
			}
			for _, e := range c.Edges {
				if e.A >= e.B {
					t.Errorf("edge %d–%d: want A < B", e.A, e.B)
				}
				for _, p := range e.Line {
					if !verts[e.A][p] || !verts[e.B][p] {
						t.Errorf("edge %d–%d: point %v not a vertex of both cells", e.A, e.B, p)
					}
				}
			}
		})
	}
}

func TestDissolve(t *testing.T) {
	for _, tc := range outlineCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Build(tc.outline, tc.sites, lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			// Everything in one group gives back the outline.
			d := c.Dissolve(make([]int, len(tc.sites)))
			if got, want := len(d), 1; got != want {
				t.Fatalf("groups = %d, want %d", got, want)
			}
			if got, want := multiArea(d[0]), outlineArea(tc.outline); math.Abs(got-want) > 1e-4*want {
				t.Errorf("one group: area = %g, want %g", got, want)
			}
			if got, want := ringCount(d[0]), ringCount(tc.outline); got != want {
				t.Errorf("one group: rings = %d, want %d", got, want)
			}
			if got, want := len(d[0]), len(tc.outline); got != want {
				t.Errorf("one group: polygons = %d, want %d", got, want)
			}

			// Three groups by longitude with random strays, and some sites
			// not drawn: each group's area is the sum of its cells'.
			r := rand.New(rand.NewPCG(7, 7))
			group := make([]int, len(tc.sites))
			for i, s := range tc.sites {
				group[i] = int(3 * (s[0] - 35.7) / 6.7)
				if r.IntN(10) == 0 {
					group[i] = r.IntN(4) - 1
				}
			}
			want := map[int]float64{}
			for i, cell := range c.Cells {
				if group[i] >= 0 {
					want[group[i]] += multiArea(cell)
				}
			}
			d = c.Dissolve(group)
			for g, w := range want {
				if w == 0 {
					continue
				}
				if got := multiArea(d[g]); math.Abs(got-w) > 1e-4*w+1e-9 {
					t.Errorf("group %d: area = %g, want %g", g, got, w)
				}
			}
			for g := range d {
				if g < 0 {
					t.Errorf("undrawn group %d in the result", g)
				}
				if want[g] == 0 {
					t.Errorf("group %d has land but no cell", g)
				}
			}
		})
	}
}

func TestFronts(t *testing.T) {
	for _, tc := range outlineCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Build(tc.outline, tc.sites, lat0)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if got := c.Fronts(make([]int, len(tc.sites))); len(got) != 0 {
				t.Errorf("one group: %d fronts, want none", len(got))
			}
			group := make([]int, len(tc.sites))
			for i, s := range tc.sites {
				group[i] = 0
				if s[1] > 35 {
					group[i] = 1
				}
				if i%7 == 3 {
					group[i] = -1
				}
			}
			// The edges between different drawn groups, and their length.
			var between [][]Point
			var wantLen float64
			for _, e := range c.Edges {
				if group[e.A] >= 0 && group[e.B] >= 0 && group[e.A] != group[e.B] {
					between = append(between, e.Line)
					wantLen += lineLength(e.Line)
				}
			}
			fronts := c.Fronts(group)
			var gotLen float64
			for _, f := range fronts {
				gotLen += lineLength(f)
				for _, p := range f {
					onEdge := false
					for _, l := range between {
						if distToRing(Ring(l), p) < 1e-9 {
							onEdge = true
							break
						}
					}
					if !onEdge {
						t.Errorf("front point %v is on no edge between groups", p)
					}
				}
			}
			if math.Abs(gotLen-wantLen) > 1e-9*max(1, wantLen) {
				t.Errorf("front length = %g, want %g", gotLen, wantLen)
			}
			if len(between) > 0 && len(fronts) == 0 {
				t.Error("no fronts although groups meet")
			}
			if len(fronts) > len(between) {
				t.Errorf("%d fronts from %d edges: not joined", len(fronts), len(between))
			}
		})
	}
}

func lineLength(l []Point) float64 {
	var s float64
	for i := 0; i+1 < len(l); i++ {
		s += math.Hypot(l[i+1][0]-l[i][0], l[i+1][1]-l[i][1])
	}
	return s
}

func TestBuildRejectsBadInput(t *testing.T) {
	tests := []struct {
		name    string
		outline []Polygon
		sites   []Point
	}{
		{"empty outline", nil, []Point{{38, 35}}},
		{"degenerate ring", []Polygon{{Ring{{36, 33}, {37, 33}, {36, 33}}}}, []Point{{38, 35}}},
		{"flat ring", []Polygon{{Ring{{36, 33}, {37, 33}, {38, 33}}}}, []Point{{38, 35}}},
		{"NaN site", square, []Point{{math.NaN(), 35}}},
		{"infinite outline", []Polygon{{Ring{{36, 33}, {math.Inf(1), 33}, {36, 37}}}}, []Point{{38, 35}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Build(tt.outline, tt.sites, lat0); err == nil {
				t.Error("Build succeeded, want an error")
			}
		})
	}
}

// TestDegenerateSites uses grids, whose bisectors run along outline edges,
// through outline corners and meet four at a time, and many random sets: the
// cells still tile the outline and dissolve back into it.
func TestDegenerateSites(t *testing.T) {
	grid := func(x0, y0, step float64, nx, ny int) []Point {
		var ps []Point
		for i := range nx {
			for j := range ny {
				ps = append(ps, Point{x0 + float64(i)*step, y0 + float64(j)*step})
			}
		}
		return ps
	}
	syria := syriaOutline(t)
	cases := []outlineCase{
		{"grid L", lShape, grid(36.5, 33.5, 1, 4, 4)},
		{"grid L on its corners", lShape, grid(36, 33, 0.5, 9, 9)},
		{"grid U", uShape, grid(36.25, 33.25, 0.5, 8, 8)},
		{"grid Syria", syria, grid(35.7, 32.3, 0.1, 67, 50)},
		{"dense grid Syria", syria, grid(36, 33, 0.001, 60, 60)},
		{"random Syria 10k", syria, randomSites(8, 10000, 35.7, 32.3, 42.4, 37.3)},
	}
	for seed := range uint64(20) {
		cases = append(cases,
			outlineCase{"random Syria", syria, randomSites(seed+100, 50+int(seed)*100, 35.7, 32.3, 42.4, 37.3)},
			outlineCase{"random U", uShape, randomSites(seed+100, 5+int(seed)*3, 36, 33, 40, 37)})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Build(tc.outline, tc.sites, lat0)
			if err != nil {
				t.Fatalf("Build with %d sites: %v", len(tc.sites), err)
			}
			var sum float64
			for _, cell := range c.Cells {
				sum += multiArea(cell)
			}
			want := outlineArea(tc.outline)
			if math.Abs(sum-want) > 1e-3*want {
				t.Errorf("sum of cell areas = %g, want %g", sum, want)
			}
			d := c.Dissolve(make([]int, len(tc.sites)))
			if got := multiArea(d[0]); math.Abs(got-want) > 1e-4*want {
				t.Errorf("dissolved area = %g, want %g", got, want)
			}
			if got, want := ringCount(d[0]), ringCount(tc.outline); got != want {
				t.Errorf("dissolved rings = %d, want %d", got, want)
			}
		})
	}
}

// TestOutlineCleanup checks that a flat outer ring is dropped with its holes
// while the rest of the outline stays.
func TestOutlineCleanup(t *testing.T) {
	outline := []Polygon{
		{Ring{{36, 33}, {37, 33}, {38, 33}}, rect(36.5, 33.5, 37, 34)},
		{Ring{{36, 33}, {36, 37}, {40, 37}, {40, 33}}}, // clockwise, not closed
	}
	c, err := Build(outline, []Point{{37, 34}, {39, 36}}, lat0)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	d := c.Dissolve([]int{0, 0})
	if got, want := multiArea(d[0]), 16.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("area = %g, want %g", got, want)
	}
	if got, want := ringCount(d[0]), 1; got != want {
		t.Errorf("rings = %d, want %d", got, want)
	}
}

func TestAreaKm2(t *testing.T) {
	// One degree square at the equator, with a hole of a quarter of it.
	sq := func(x0, y0, s float64) Ring {
		return Ring{{x0, y0}, {x0 + s, y0}, {x0 + s, y0 + s}, {x0, y0 + s}, {x0, y0}}
	}
	got := AreaKm2([]Polygon{{sq(0, -0.5, 1), sq(0.25, -0.25, 0.5)}})
	want := 111.32 * 111.32 * 0.75
	if math.Abs(got-want) > want*1e-3 {
		t.Errorf("AreaKm2 = %.1f, want %.1f", got, want)
	}
	// At 60°N a degree of longitude is half as long.
	if got, want := AreaKm2([]Polygon{{sq(0, 59.95, 0.1)}}), 111.32*111.32*0.01*0.5; math.Abs(got-want) > want*1e-2 {
		t.Errorf("AreaKm2 at 60°N = %.2f, want %.2f", got, want)
	}
}
