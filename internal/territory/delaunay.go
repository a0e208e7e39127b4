package territory

import (
	"errors"
	"math"
	"slices"
)

// triangulation is a Delaunay triangulation in the layout of delaunator:
// triangle t has the half-edges 3t, 3t+1, 3t+2; tri[e] is the point where
// half-edge e starts, and half[e] is the opposite half-edge in the
// neighbouring triangle, or -1 on the convex hull. Triangles are
// counter-clockwise (y up).
type triangulation struct {
	tri  []int32
	half []int32
}

// next returns the half-edge after e in its triangle.
func next(e int32) int32 {
	if e%3 == 2 {
		return e - 2
	}
	return e + 1
}

// orient is twice the signed area of (a, b, c): positive when c lies left of
// the directed line a→b.
func orient(ax, ay, bx, by, cx, cy float64) float64 {
	return (bx-ax)*(cy-ay) - (by-ay)*(cx-ax)
}

// inCircle is positive when d lies inside the circumcircle of the
// counter-clockwise triangle (a, b, c).
func inCircle(ax, ay, bx, by, cx, cy, dx, dy float64) float64 {
	adx, ady := ax-dx, ay-dy
	bdx, bdy := bx-dx, by-dy
	cdx, cdy := cx-dx, cy-dy
	ad := adx*adx + ady*ady
	bd := bdx*bdx + bdy*bdy
	cd := cdx*cdx + cdy*cdy
	return adx*(bdy*cd-bd*cdy) - ady*(bdx*cd-bd*cdx) + ad*(bdx*cdy-bdy*cdx)
}

func circumradius2(ax, ay, bx, by, cx, cy float64) float64 {
	dx, dy := bx-ax, by-ay
	ex, ey := cx-ax, cy-ay
	bl := dx*dx + dy*dy
	cl := ex*ex + ey*ey
	d := 0.5 / (dx*ey - dy*ex)
	x := (ey*bl - dy*cl) * d
	y := (dx*cl - ex*bl) * d
	return x*x + y*y
}

func circumcenter(ax, ay, bx, by, cx, cy float64) (float64, float64) {
	dx, dy := bx-ax, by-ay
	ex, ey := cx-ax, cy-ay
	bl := dx*dx + dy*dy
	cl := ex*ex + ey*ey
	d := 0.5 / (dx*ey - dy*ex)
	return ax + (ey*bl-dy*cl)*d, ay + (dx*cl-ex*bl)*d
}

// errCollinear is returned when all points lie on one line, so that no
// triangle exists. Build never meets it because it adds four corner points.
var errCollinear = errors.New("territory: points are collinear")

// delaunay triangulates the points (x[i], y[i]) with the sweep-hull algorithm
// of delaunator (Agafonkin): points are added in order of distance from a seed
// circle, each joins the convex hull it sees, and edges are flipped until the
// Delaunay condition holds. It runs in about O(n log n). Points must be
// distinct; an exact duplicate is left out of every triangle.
func delaunay(xs, ys []float64) (*triangulation, error) {
	n := len(xs)
	if n < 3 {
		return nil, errCollinear
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := range n {
		minX, maxX = min(minX, xs[i]), max(maxX, xs[i])
		minY, maxY = min(minY, ys[i]), max(maxY, ys[i])
	}
	cx, cy := (minX+maxX)/2, (minY+maxY)/2

	// The seed triangle: the point nearest the centre, its nearest
	// neighbour, and the point making the smallest circumcircle with them.
	dist2 := func(i int, x, y float64) float64 {
		dx, dy := xs[i]-x, ys[i]-y
		return dx*dx + dy*dy
	}
	i0, i1, i2 := -1, -1, -1
	best := math.Inf(1)
	for i := range n {
		if d := dist2(i, cx, cy); d < best {
			i0, best = i, d
		}
	}
	best = math.Inf(1)
	for i := range n {
		if i == i0 {
			continue
		}
		if d := dist2(i, xs[i0], ys[i0]); d < best && d > 0 {
			i1, best = i, d
		}
	}
	if i1 < 0 {
		return nil, errCollinear
	}
	best = math.Inf(1)
	for i := range n {
		if i == i0 || i == i1 {
			continue
		}
		r := circumradius2(xs[i0], ys[i0], xs[i1], ys[i1], xs[i], ys[i])
		if r < best {
			i2, best = i, r
		}
	}
	if i2 < 0 || math.IsInf(best, 0) || math.IsNaN(best) {
		return nil, errCollinear
	}
	if orient(xs[i0], ys[i0], xs[i1], ys[i1], xs[i2], ys[i2]) < 0 {
		i1, i2 = i2, i1
	}
	scx, scy := circumcenter(xs[i0], ys[i0], xs[i1], ys[i1], xs[i2], ys[i2])

	ids := make([]int32, n)
	dists := make([]float64, n)
	for i := range n {
		ids[i] = int32(i)
		dists[i] = dist2(i, scx, scy)
	}
	slices.SortFunc(ids, func(a, b int32) int {
		switch da, db := dists[a], dists[b]; {
		case da < db:
			return -1
		case da > db:
			return 1
		}
		return int(a - b)
	})

	maxTri := max(2*n-5, 1)
	d := &sweep{
		xs: xs, ys: ys,
		tri:      make([]int32, 0, maxTri*3),
		half:     make([]int32, 0, maxTri*3),
		hullPrev: make([]int32, n),
		hullNext: make([]int32, n),
		hullTri:  make([]int32, n),
		hashSize: int(math.Ceil(math.Sqrt(float64(n)))),
		cx:       scx, cy: scy,
	}
	d.hullHash = make([]int32, d.hashSize)
	for i := range d.hullHash {
		d.hullHash[i] = -1
	}
	d.hullNext[i0], d.hullPrev[i2] = int32(i1), int32(i1)
	d.hullNext[i1], d.hullPrev[i0] = int32(i2), int32(i2)
	d.hullNext[i2], d.hullPrev[i1] = int32(i0), int32(i0)
	d.hullTri[i0], d.hullTri[i1], d.hullTri[i2] = 0, 1, 2
	d.hullHash[d.hashKey(xs[i0], ys[i0])] = int32(i0)
	d.hullHash[d.hashKey(xs[i1], ys[i1])] = int32(i1)
	d.hullHash[d.hashKey(xs[i2], ys[i2])] = int32(i2)
	d.addTriangle(int32(i0), int32(i1), int32(i2), -1, -1, -1)

	xp, yp := math.NaN(), math.NaN()
	for _, i := range ids {
		x, y := xs[i], ys[i]
		if x == xp && y == yp {
			continue // an exact duplicate of the previous point
		}
		xp, yp = x, y
		if int(i) == i0 || int(i) == i1 || int(i) == i2 {
			continue
		}
		// Find a hull edge visible from the point, starting near its angle.
		var start int32
		key := d.hashKey(x, y)
		for j := range d.hashSize {
			start = d.hullHash[(key+j)%d.hashSize]
			if start != -1 && start != d.hullNext[start] {
				break
			}
		}
		start = d.hullPrev[start]
		e := start
		for {
			q := d.hullNext[e]
			if orient(xs[e], ys[e], xs[q], ys[q], x, y) < 0 {
				break // e→q is visible
			}
			e = q
			if e == start {
				e = -1
				break
			}
		}
		if e == -1 {
			continue // on the hull within rounding: a near-duplicate
		}

		t := d.addTriangle(e, i, d.hullNext[e], -1, -1, d.hullTri[e])
		d.hullTri[i] = t + 1
		d.hullTri[e] = t
		d.legalize(t + 2)

		// Walk forward along the hull, adding triangles while edges are visible.
		nn := d.hullNext[e]
		for {
			q := d.hullNext[nn]
			if orient(xs[nn], ys[nn], xs[q], ys[q], x, y) >= 0 {
				break
			}
			t = d.addTriangle(nn, i, q, d.hullTri[i], -1, d.hullTri[nn])
			d.hullTri[i] = t + 1
			d.legalize(t + 2)
			d.hullNext[nn] = nn // removed from the hull
			nn = q
		}
		// Walk backward from the other side.
		if e == start {
			for {
				q := d.hullPrev[e]
				if orient(xs[q], ys[q], xs[e], ys[e], x, y) >= 0 {
					break
				}
				t = d.addTriangle(q, i, e, -1, d.hullTri[e], d.hullTri[q])
				d.hullTri[q] = t
				d.legalize(t + 2)
				d.hullNext[e] = e
				e = q
			}
		}
		d.hullPrev[i], d.hullNext[e] = e, i
		d.hullPrev[nn], d.hullNext[i] = i, nn
		d.hullHash[d.hashKey(x, y)] = i
		d.hullHash[d.hashKey(xs[e], ys[e])] = e
	}
	return &triangulation{tri: d.tri, half: d.half}, nil
}

type sweep struct {
	xs, ys                      []float64
	tri, half                   []int32
	hullPrev, hullNext, hullTri []int32
	hullHash                    []int32
	hashSize                    int
	cx, cy                      float64
	stack                       []int32
}

func (d *sweep) hashKey(x, y float64) int {
	dx, dy := x-d.cx, y-d.cy
	p := dx / (math.Abs(dx) + math.Abs(dy))
	var a float64
	if dy > 0 {
		a = (3 - p) / 4
	} else {
		a = (1 + p) / 4
	}
	if math.IsNaN(a) {
		a = 0
	}
	return int(math.Floor(a*float64(d.hashSize))) % d.hashSize
}

func (d *sweep) link(a, b int32) {
	d.half[a] = b
	if b != -1 {
		d.half[b] = a
	}
}

// addTriangle appends the triangle (i0, i1, i2) whose half-edges face the
// given opposite half-edges, and returns its first half-edge.
func (d *sweep) addTriangle(i0, i1, i2, a, b, c int32) int32 {
	t := int32(len(d.tri))
	d.tri = append(d.tri, i0, i1, i2)
	d.half = append(d.half, -1, -1, -1)
	d.link(t, a)
	d.link(t+1, b)
	d.link(t+2, c)
	return t
}

// legalize flips edges, starting at half-edge a, until the triangles around
// it meet the Delaunay condition. Where a flip moves a hull edge to another
// half-edge index, hullTri follows it.
func (d *sweep) legalize(a int32) {
	d.stack = d.stack[:0]
	const maxStack = 1 << 12
	for {
		b := d.half[a]
		a0 := a - a%3
		ar := a0 + (a+2)%3
		if b == -1 {
			if len(d.stack) == 0 {
				return
			}
			a = d.stack[len(d.stack)-1]
			d.stack = d.stack[:len(d.stack)-1]
			continue
		}
		b0 := b - b%3
		al := a0 + (a+1)%3
		bl := b0 + (b+2)%3
		// Triangle a is (pr, pl, p0) and triangle b is (pl, pr, p1).
		pr, pl, p0, p1 := d.tri[a], d.tri[al], d.tri[ar], d.tri[bl]
		xs, ys := d.xs, d.ys
		if inCircle(xs[pr], ys[pr], xs[pl], ys[pl], xs[p0], ys[p0], xs[p1], ys[p1]) > 0 {
			d.tri[a] = p1
			d.tri[b] = p0
			hbl, har := d.half[bl], d.half[ar]
			// After the flip, a runs p1→pl (formerly bl) and b runs p0→pr
			// (formerly ar).
			if hbl == -1 {
				d.hullTri[p1] = a
			}
			if har == -1 {
				d.hullTri[p0] = b
			}
			d.link(a, hbl)
			d.link(b, har)
			d.link(ar, bl)
			if len(d.stack) < maxStack {
				d.stack = append(d.stack, b0+(b+1)%3)
			}
			continue
		}
		if len(d.stack) == 0 {
			return
		}
		a = d.stack[len(d.stack)-1]
		d.stack = d.stack[:len(d.stack)-1]
	}
}
