// Package territory turns places into land: each place (a site, lon/lat)
// owns the part of an outline (a region) nearest to it, its Voronoi cell. A
// day's territory is then the cells grouped by who holds each place: Dissolve
// unions the cells of each group and Fronts draws the lines between groups.
//
// Distances are measured in a local equal-scale projection,
// x = lon·cos(lat0), y = lat, so that a degree of longitude and a degree of
// latitude weigh alike in the middle of the region (lat0 is the region's,
// 35° for Syria); results are converted back to lon/lat. Output coordinates are rounded to 5 decimals
// (about 1 m).
//
// Build runs once per set of sites in about O(n log n):
//
//   - Sites are projected and de-duplicated, and four far corners are added
//     so that every real cell is bounded and one, two or collinear sites
//     still triangulate.
//   - A Delaunay triangulation (delaunay.go, a port of the sweep-hull
//     algorithm of delaunator) gives the Voronoi diagram: a vertex per
//     triangle (its circumcentre) and an edge per pair of neighbours.
//   - Every Voronoi edge is cut where it crosses the outline; the parts
//     inside are the shared boundaries, and the outline, cut at the same
//     crossings, gives each piece of coast or border to the site on whose
//     side it runs. Where an outline vertex lies exactly on a bisector the
//     outline counts as shifted by an infinitesimal, so inside/outside is
//     decided the same way everywhere.
//   - These pieces form a planar graph in which every shared boundary exists
//     once. A cell, a dissolved group and a front are each a walk over it, so
//     neighbouring cells share their vertices exactly and Dissolve drops
//     interior edges by identity, never by comparing coordinates. A cell cut
//     in two by a bay of the outline simply walks into two rings.
//
// Rings are closed explicitly (the first point is repeated at the end, as
// in GeoJSON) and wound as RFC 7946 says: outer rings counter-clockwise,
// holes clockwise. Build accepts outline rings closed or not, in any winding.
//
// Limits: the outline must be valid (rings that do not cross themselves or
// each other). The geometric tests use plain floating point; the
// infinitesimal shift settles exact ties, and Build checks the graph it makes
// and returns an error, rather than wrong cells, if rounding ever left it
// inconsistent. Pieces that rounding to 5 decimals reduces to nothing
// (slivers under about a metre) are dropped from the output.
package territory

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Point is a position as lon, lat in degrees.
type Point = [2]float64

// Ring is a closed line: its last point repeats its first.
type Ring []Point

// Polygon is an outer ring followed by its holes.
type Polygon []Ring

// Edge is the boundary shared by the cells of sites A < B. Line runs with
// A's cell on its left. Two cells may share more than one Edge where the
// outline cuts their boundary into pieces.
type Edge struct {
	A, B int
	Line []Point
}

// Cells is the partition of an outline among sites.
type Cells struct {
	// Cells holds each site's land, in the order of the sites: a
	// MultiPolygon, empty when the site owns no land (it is a duplicate of
	// an earlier site, or it lies outside the outline and no land is nearest
	// to it).
	Cells [][]Polygon
	// Edges holds every boundary of positive length between two cells.
	Edges []Edge

	nodes []vec // projected positions of the graph's nodes
	arcs  []arc
	kx    float64 // cos(lat0): a degree of longitude in the projection
}

// arc is a path of graph nodes with site left on its left and site right
// on its right; right is -1 where the arc is a piece of the outline.
type arc struct {
	left, right int32
	nodes       []int32
}

type vec struct{ x, y float64 }

// project is a position in the local projection, whose scale is true at
// the latitude Build was given.
func (c *Cells) project(p Point) vec { return vec{p[0] * c.kx, p[1]} }

// unproject converts back to lon/lat rounded to 5 decimals.
func (c *Cells) unproject(v vec) Point {
	return Point{round5(v.x / c.kx), round5(v.y)}
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }

func finite(p Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}

// crossing is where a Voronoi edge (Delaunay half-edge ve) crosses outline
// edge oe, at parameter t along the Voronoi edge and s along the outline edge.
type crossing struct {
	ve   int32
	oe   int32
	t, s float64
	node int32
}

// outlineEdge is the edge from outline vertex p to q (global vertex indices).
type outlineEdge struct {
	p, q                   int32
	ring                   int32
	minX, minY, maxX, maxY float64
}

// Build partitions outline among sites. Sites outside the outline take part
// like any other: they own whatever land is nearest to them, often none.
// Sites at one point (to 1e-9°) are duplicates: the first owns the cell.
// Distances are measured in a projection true at latitude lat0 (degrees),
// the region's middle.
func Build(outline []Polygon, sites []Point, lat0 float64) (*Cells, error) {
	if !(lat0 > -85 && lat0 < 85) {
		return nil, fmt.Errorf("territory: latitude of true scale %g is not between -85 and 85", lat0)
	}
	c := &Cells{Cells: make([][]Polygon, len(sites)), kx: math.Cos(lat0 * math.Pi / 180)}

	// Outline rings, projected, open, without repeated points, outer rings
	// counter-clockwise and holes clockwise so that land is on the left.
	var verts []vec
	var rings [][3]int32 // first vertex, vertex count, polygon
	for pi, poly := range outline {
		for ri, r := range poly {
			if ri > 0 && (len(rings) == 0 || rings[len(rings)-1][2] != int32(pi)) {
				break // the outer ring was dropped, so are its holes
			}
			start := len(verts)
			for _, p := range r {
				if !finite(p) {
					return nil, fmt.Errorf("territory: outline polygon %d ring %d: coordinate %v is not finite", pi, ri, p)
				}
				v := c.project(p)
				if len(verts) > start && verts[len(verts)-1] == v {
					continue
				}
				verts = append(verts, v)
			}
			for len(verts)-start > 1 && verts[len(verts)-1] == verts[start] {
				verts = verts[:len(verts)-1]
			}
			a := 0.0
			if len(verts)-start >= 3 {
				a = ringArea(verts[start:])
			}
			if a == 0 {
				verts = verts[:start] // fewer than three points, or no area
				continue
			}
			if (ri == 0) != (a > 0) {
				slices.Reverse(verts[start:])
			}
			rings = append(rings, [3]int32{int32(start), int32(len(verts) - start), int32(pi)})
		}
	}
	if len(rings) == 0 {
		return nil, errors.New("territory: outline has no ring of three or more points")
	}

	// Unique sites; the first of several at one point wins.
	type key struct{ x, y int64 }
	seen := make(map[key]bool, len(sites))
	var uniq []int32 // original index of each unique site
	var xs, ys []float64
	for i, s := range sites {
		if !finite(s) {
			return nil, fmt.Errorf("territory: site %d: coordinate %v is not finite", i, s)
		}
		k := key{int64(math.Round(s[0] * 1e9)), int64(math.Round(s[1] * 1e9))}
		if seen[k] {
			continue
		}
		seen[k] = true
		v := c.project(s)
		uniq = append(uniq, int32(i))
		xs = append(xs, v.x)
		ys = append(ys, v.y)
	}
	if len(uniq) == 0 {
		return c, nil
	}
	nReal := int32(len(uniq))

	// Four far corners make every real cell bounded and keep the
	// triangulation defined for one, two or collinear sites. They are far
	// enough that no point of the outline's box is nearest to one of them.
	minX, minY, maxX, maxY := bbox(verts)
	oMinX, oMinY, oMaxX, oMaxY := minX, minY, maxX, maxY
	for i := range xs {
		minX, maxX = min(minX, xs[i]), max(maxX, xs[i])
		minY, maxY = min(minY, ys[i]), max(maxY, ys[i])
	}
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	size := max(maxX-minX, maxY-minY, 1)
	for _, g := range [4]vec{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		xs = append(xs, cx+10*size*g.x)
		ys = append(ys, cy+10*size*g.y)
	}

	tr, err := delaunay(xs, ys)
	if err != nil {
		return nil, fmt.Errorf("territory: triangulating %d sites: %w", nReal, err)
	}
	nTri := int32(len(tr.tri) / 3)

	// Nodes: circumcentres (Voronoi vertices) first, then outline vertices,
	// then crossings.
	nodes := make([]vec, nTri, int(nTri)+len(verts)+64)
	for t := range nTri {
		a, b, cc := tr.tri[3*t], tr.tri[3*t+1], tr.tri[3*t+2]
		x, y := circumcenter(xs[a], ys[a], xs[b], ys[b], xs[cc], ys[cc])
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			return nil, fmt.Errorf("territory: degenerate triangle %d of the triangulation", t)
		}
		nodes[t] = vec{x, y}
	}
	vBase := nTri
	nodes = append(nodes, verts...)

	var oedges []outlineEdge
	for ri, r := range rings {
		for j := range r[1] {
			p := r[0] + j
			q := r[0] + (j+1)%r[1]
			a, b := verts[p], verts[q]
			oedges = append(oedges, outlineEdge{
				p: p, q: q, ring: int32(ri),
				minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y),
			})
		}
	}
	grid := newEdgeGrid(oedges, oMinX, oMinY, oMaxX, oMaxY)

	// Crossings of every Voronoi edge (one per Delaunay edge) with the
	// outline. The outline is treated as shifted by an infinitesimal amount
	// so that no outline vertex lies exactly on a Voronoi edge: then every
	// closed path crosses the outline an even number of times, which keeps
	// the inside/outside labels below consistent.
	var cross []crossing
	veStart := make([]int32, len(tr.half)) // crossings of edge e: cross[veStart[e]:veEnd[e]]
	veEnd := make([]int32, len(tr.half))
	var cand []int32
	for e := range int32(len(tr.half)) {
		o := tr.half[e]
		veStart[e] = int32(len(cross))
		veEnd[e] = veStart[e]
		if o < e {
			continue // hull edge (no Voronoi edge) or seen from the other side
		}
		a, b := nodes[e/3], nodes[o/3]
		// The Voronoi edge runs from the left triangle's circumcentre to the
		// right one's, perpendicular to the Delaunay edge p→q. Where rounding
		// makes it point backwards it is a point in truth and crosses nothing.
		sp, sq := tr.tri[e], tr.tri[next(e)]
		if (b.x-a.x)*(ys[sq]-ys[sp])-(b.y-a.y)*(xs[sq]-xs[sp]) <= 0 {
			continue
		}
		if max(a.x, b.x) < oMinX || min(a.x, b.x) > oMaxX || max(a.y, b.y) < oMinY || min(a.y, b.y) > oMaxY {
			continue
		}
		cand = grid.query(cand[:0], min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y))
		for _, k := range cand {
			oe := &oedges[k]
			if oe.maxX < min(a.x, b.x) || oe.minX > max(a.x, b.x) || oe.maxY < min(a.y, b.y) || oe.minY > max(a.y, b.y) {
				continue
			}
			p, q := verts[oe.p], verts[oe.q]
			if sideOfOutlinePoint(a, b, p) == sideOfOutlinePoint(a, b, q) {
				continue
			}
			oa, ob := orient(p.x, p.y, q.x, q.y, a.x, a.y), orient(p.x, p.y, q.x, q.y, b.x, b.y)
			if sideOfVoronoiPoint(p, q, oa) == sideOfVoronoiPoint(p, q, ob) {
				continue
			}
			op, oq := orient(a.x, a.y, b.x, b.y, p.x, p.y), orient(a.x, a.y, b.x, b.y, q.x, q.y)
			t := clamp01(oa / (oa - ob))
			s := clamp01(op / (op - oq))
			if oa == ob {
				t = 0.5
			}
			if op == oq {
				s = 0.5
			}
			cross = append(cross, crossing{ve: e, oe: k, t: t, s: s, node: int32(len(nodes))})
			nodes = append(nodes, vec{p.x + s*(q.x-p.x), p.y + s*(q.y-p.y)})
		}
		veEnd[e] = int32(len(cross))
		if veEnd[e]-veStart[e] > 1 {
			slices.SortFunc(cross[veStart[e]:veEnd[e]], func(x, y crossing) int { return cmpFloat(x.t, y.t) })
		}
	}
	c.nodes = nodes

	// Both half-edges of a Delaunay edge see the same crossings.
	for e := range int32(len(tr.half)) {
		if o := tr.half[e]; o >= 0 && o < e {
			veStart[e], veEnd[e] = veStart[o], veEnd[o]
		}
	}

	// Inside/outside of each Voronoi vertex: a walk over the triangles from
	// one whose circumcentre is outside the outline's box, flipping at every
	// crossing.
	inside := make([]int8, nTri) // 0 unknown, 1 outside, 2 inside
	seed := int32(-1)
	for t := range nTri {
		v := nodes[t]
		if v.x < oMinX || v.x > oMaxX || v.y < oMinY || v.y > oMaxY {
			seed = t
			break
		}
	}
	if seed < 0 {
		return nil, errors.New("territory: no Voronoi vertex outside the outline")
	}
	inside[seed] = 1
	queue := []int32{seed}
	for len(queue) > 0 {
		t := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for k := range int32(3) {
			e := 3*t + k
			o := tr.half[e]
			if o < 0 {
				continue
			}
			st := inside[t]
			if (veEnd[e]-veStart[e])%2 == 1 {
				st = 3 - st
			}
			u := o / 3
			if inside[u] == 0 {
				inside[u] = st
				queue = append(queue, u)
			} else if inside[u] != st {
				return nil, fmt.Errorf("territory: inconsistent inside test at Voronoi vertex %v", c.unproject(nodes[u]))
			}
		}
	}

	// Shared arcs: the parts of each Voronoi edge inside the outline.
	for e := range int32(len(tr.half)) {
		o := tr.half[e]
		if o < e {
			continue
		}
		left, right := tr.tri[next(e)], tr.tri[e]
		t1, t2 := e/3, o/3
		in := inside[t1] == 2
		from := t1
		for _, x := range cross[veStart[e]:veEnd[e]] {
			if in {
				if err := c.addShared(left, right, nReal, uniq, from, x.node); err != nil {
					return nil, err
				}
			} else {
				from = x.node
			}
			in = !in
		}
		if in != (inside[t2] == 2) {
			return nil, fmt.Errorf("territory: inconsistent crossings on the Voronoi edge near %v", c.unproject(nodes[t1]))
		}
		if in {
			if err := c.addShared(left, right, nReal, uniq, from, t2); err != nil {
				return nil, err
			}
		}
	}

	// Outline arcs: each ring cut at its crossings; a piece belongs to the
	// site on whose side of the crossed Voronoi edge it continues.
	byRing := make([][]crossing, len(rings))
	for _, x := range cross {
		r := oedges[x.oe].ring
		byRing[r] = append(byRing[r], x)
	}
	for ri, r := range rings {
		xsOnRing := byRing[ri]
		if len(xsOnRing) == 0 {
			owner := nearest(xs[:nReal], ys[:nReal], verts[r[0]])
			ns := make([]int32, 0, r[1]+1)
			for j := range r[1] {
				ns = append(ns, vBase+r[0]+j)
			}
			ns = append(ns, vBase+r[0])
			c.arcs = append(c.arcs, arc{left: uniq[owner], right: -1, nodes: ns})
			continue
		}
		slices.SortFunc(xsOnRing, func(x, y crossing) int {
			if x.oe != y.oe {
				return int(x.oe - y.oe)
			}
			return cmpFloat(x.s, y.s)
		})
		for k, x := range xsOnRing {
			y := xsOnRing[(k+1)%len(xsOnRing)]
			owner := ownerAfter(tr, nodes, verts, oedges, x, true)
			if o2 := ownerAfter(tr, nodes, verts, oedges, y, false); o2 != owner {
				return nil, fmt.Errorf("territory: inconsistent outline piece near %v", c.unproject(nodes[x.node]))
			}
			if owner >= nReal {
				return nil, fmt.Errorf("territory: outline near %v is nearest to no site", c.unproject(nodes[x.node]))
			}
			ns := []int32{x.node}
			// Outline vertices from the end of x's edge to the start of y's.
			j := x.oe
			if y.oe != x.oe || k+1 == len(xsOnRing) {
				for {
					ns = append(ns, vBase+oedges[j].q)
					j = r[0] + (j-r[0]+1)%r[1]
					if j == y.oe {
						break
					}
				}
			}
			ns = append(ns, y.node)
			c.arcs = append(c.arcs, arc{left: uniq[owner], right: -1, nodes: ns})
		}
	}
	// Per-site cells, chained from the arcs that border them.
	bySite := make([][]halfArc, len(sites))
	for i, a := range c.arcs {
		bySite[a.left] = append(bySite[a.left], halfArc{arc: int32(i)})
		if a.right >= 0 {
			bySite[a.right] = append(bySite[a.right], halfArc{arc: int32(i), rev: true})
		}
	}
	for s, has := range bySite {
		if len(has) == 0 {
			continue
		}
		rs, err := c.chain(has, nil)
		if err != nil {
			return nil, fmt.Errorf("territory: cell of site %d: %w", s, err)
		}
		c.Cells[s] = c.polygons(rs)
	}
	for _, a := range c.arcs {
		if a.right < 0 {
			continue
		}
		ns := a.nodes
		A, B := a.left, a.right
		if A > B {
			A, B = B, A
			ns = reversed(ns)
		}
		if line := c.line(ns); len(line) >= 2 {
			c.Edges = append(c.Edges, Edge{A: int(A), B: int(B), Line: line})
		}
	}
	return c, nil
}

func (c *Cells) addShared(left, right, nReal int32, uniq []int32, from, to int32) error {
	if left >= nReal || right >= nReal {
		return fmt.Errorf("territory: a far corner's cell reaches the outline near %v", c.unproject(c.nodes[from]))
	}
	c.arcs = append(c.arcs, arc{left: uniq[left], right: uniq[right], nodes: []int32{from, to}})
	return nil
}

// ownerAfter returns the (unique) site whose cell the outline enters at
// crossing x (after is true) or leaves it at (after is false).
func ownerAfter(tr *triangulation, nodes []vec, verts []vec, oedges []outlineEdge, x crossing, after bool) int32 {
	e := x.ve
	o := tr.half[e]
	a, b := nodes[e/3], nodes[o/3]
	oe := oedges[x.oe]
	p := verts[oe.p]
	if after {
		p = verts[oe.q]
	}
	if sideOfOutlinePoint(a, b, p) {
		return tr.tri[next(e)] // left of the Voronoi edge
	}
	return tr.tri[e]
}

// sideOfOutlinePoint reports whether outline vertex p, shifted by the
// infinitesimal (ε, ε²), lies left of the line a→b.
func sideOfOutlinePoint(a, b, p vec) bool {
	o := orient(a.x, a.y, b.x, b.y, p.x, p.y)
	if o != 0 {
		return o > 0
	}
	if b.y != a.y {
		return b.y < a.y
	}
	return b.x > a.x
}

// sideOfVoronoiPoint reports whether a point with orientation o against the
// outline edge p→q lies left of that edge once the outline is shifted by
// (ε, ε²).
func sideOfVoronoiPoint(p, q vec, o float64) bool {
	if o != 0 {
		return o > 0
	}
	if q.y != p.y {
		return q.y > p.y
	}
	return q.x < p.x
}

func clamp01(f float64) float64 { return min(max(f, 0), 1) }

func nearest(xs, ys []float64, v vec) int32 {
	best, bi := math.Inf(1), int32(0)
	for i := range xs {
		dx, dy := xs[i]-v.x, ys[i]-v.y
		if d := dx*dx + dy*dy; d < best {
			best, bi = d, int32(i)
		}
	}
	return bi
}

func bbox(vs []vec) (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for _, v := range vs {
		minX, maxX = min(minX, v.x), max(maxX, v.x)
		minY, maxY = min(minY, v.y), max(maxY, v.y)
	}
	return
}

// ringArea is the signed area of an open ring, positive when
// counter-clockwise.
func ringArea(vs []vec) float64 {
	var a float64
	for i := range vs {
		j := (i + 1) % len(vs)
		a += vs[i].x*vs[j].y - vs[j].x*vs[i].y
	}
	return a / 2
}

func reversed(s []int32) []int32 {
	r := make([]int32, len(s))
	for i, v := range s {
		r[len(s)-1-i] = v
	}
	return r
}
