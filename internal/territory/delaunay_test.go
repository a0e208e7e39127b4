package territory

import (
	"math"
	"slices"
	"testing"
)

// TestDelaunay checks the triangulation's invariants: half-edges pair up,
// triangles are counter-clockwise, no point lies inside a triangle's
// circumcircle, every point is used, and the triangles cover the convex
// hull exactly.
func TestDelaunay(t *testing.T) {
	grid := func(n int) []Point {
		var ps []Point
		for i := range n {
			for j := range n {
				ps = append(ps, Point{float64(i), float64(j)})
			}
		}
		return ps
	}
	tests := []struct {
		name string
		pts  []Point
	}{
		{"triangle", []Point{{0, 0}, {1, 0}, {0, 1}}},
		{"square", []Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}},
		{"random 300", randomSites(11, 300, 0, 0, 1, 1)},
		{"grid 12x12", grid(12)},
		{"circle", func() []Point {
			var ps []Point
			for i := range 40 {
				a := 2 * math.Pi * float64(i) / 40
				ps = append(ps, Point{math.Cos(a), math.Sin(a)})
			}
			return append(ps, Point{0, 0})
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			xs, ys := make([]float64, len(tt.pts)), make([]float64, len(tt.pts))
			for i, p := range tt.pts {
				xs[i], ys[i] = p[0], p[1]
			}
			tr, err := delaunay(xs, ys)
			if err != nil {
				t.Fatalf("delaunay: %v", err)
			}
			used := make([]bool, len(xs))
			var area float64
			for e, o := range tr.half {
				if o >= 0 && tr.half[o] != int32(e) {
					t.Errorf("half[half[%d]] = %d, want %d", e, tr.half[o], e)
				}
				if o >= 0 && (tr.tri[e] != tr.tri[next(o)] || tr.tri[o] != tr.tri[next(int32(e))]) {
					t.Errorf("half-edges %d and %d do not join the same points", e, o)
				}
				used[tr.tri[e]] = true
			}
			for k := 0; k < len(tr.tri); k += 3 {
				a, b, c := tr.tri[k], tr.tri[k+1], tr.tri[k+2]
				o := orient(xs[a], ys[a], xs[b], ys[b], xs[c], ys[c])
				if o <= 0 {
					t.Errorf("triangle %d: orientation %g, want > 0", k/3, o)
				}
				area += o / 2
				for p := range xs {
					if in := inCircle(xs[a], ys[a], xs[b], ys[b], xs[c], ys[c], xs[p], ys[p]); in > 1e-9 {
						t.Errorf("triangle %d: point %d inside its circumcircle (%g)", k/3, p, in)
					}
				}
			}
			for i, u := range used {
				if !u {
					t.Errorf("point %d %v in no triangle", i, tt.pts[i])
				}
			}
			if got, want := area, hullArea(tt.pts); math.Abs(got-want) > 1e-9*want {
				t.Errorf("area of triangles = %g, want hull area %g", got, want)
			}
		})
	}
}

func TestDelaunayCollinear(t *testing.T) {
	if _, err := delaunay([]float64{0, 1, 2, 3}, []float64{0, 1, 2, 3}); err == nil {
		t.Error("collinear points: no error")
	}
}

// hullArea is the area of the convex hull (Andrew's monotone chain).
func hullArea(ps []Point) float64 {
	s := slices.Clone(ps)
	slices.SortFunc(s, func(a, b Point) int {
		if a[0] != b[0] {
			return cmpFloat(a[0], b[0])
		}
		return cmpFloat(a[1], b[1])
	})
	var h []Point
	for pass := range 2 {
		start := len(h)
		for _, p := range s {
			for len(h) >= start+2 && orient(h[len(h)-2][0], h[len(h)-2][1], h[len(h)-1][0], h[len(h)-1][1], p[0], p[1]) <= 0 {
				h = h[:len(h)-1]
			}
			h = append(h, p)
		}
		h = h[:len(h)-1]
		if pass == 0 {
			slices.Reverse(s)
		}
	}
	var a float64
	for i := range h {
		j := (i + 1) % len(h)
		a += h[i][0]*h[j][1] - h[j][0]*h[i][1]
	}
	return a / 2
}
