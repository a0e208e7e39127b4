package territory

import (
	"errors"
	"math"
	"slices"
)

// halfArc is an arc walked forwards, or backwards when rev is set, so that
// the face being traced is on its left.
type halfArc struct {
	arc int32
	rev bool
}

func (c *Cells) ends(h halfArc) (from, to int32) {
	ns := c.arcs[h.arc].nodes
	if h.rev {
		return ns[len(ns)-1], ns[0]
	}
	return ns[0], ns[len(ns)-1]
}

// appendNodes appends h's nodes after its first one.
func (c *Cells) appendNodes(ring []int32, h halfArc) []int32 {
	ns := c.arcs[h.arc].nodes
	if h.rev {
		for i := len(ns) - 2; i >= 0; i-- {
			ring = append(ring, ns[i])
		}
		return ring
	}
	return append(ring, ns[1:]...)
}

var errOpenRing = errors.New("territory: a boundary does not close")

// chain joins half-arcs end to start into closed rings of nodes (first node
// repeated at the end). Half-arcs with different tags never join. Where a
// face touches itself at a node, the walk takes the leftmost turn, so that
// every ring is simple.
func (c *Cells) chain(has []halfArc, tags []int32) ([][]int32, error) {
	rings, _, err := c.chainWithStarts(has, tags)
	return rings, err
}

// chainWithStarts is chain that also returns the index in has of the
// half-arc that starts each ring.
func (c *Cells) chainWithStarts(has []halfArc, tags []int32) ([][]int32, []int, error) {
	key := func(i int, node int32) uint64 {
		var t uint64
		if tags != nil {
			t = uint64(uint32(tags[i]))
		}
		return t<<32 | uint64(uint32(node))
	}
	// Half-arcs sorted by the key of their start.
	keys := make([]uint64, len(has))
	order := make([]int32, len(has))
	for i, h := range has {
		from, _ := c.ends(h)
		keys[i] = key(i, from)
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		switch ka, kb := keys[a], keys[b]; {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return int(a - b)
	})
	find := func(k uint64) []int32 {
		lo, hi := 0, len(order)
		for lo < hi {
			m := (lo + hi) / 2
			if keys[order[m]] < k {
				lo = m + 1
			} else {
				hi = m
			}
		}
		e := lo
		for e < len(order) && keys[order[e]] == k {
			e++
		}
		return order[lo:e]
	}
	used := make([]bool, len(has))
	var rings [][]int32
	var starts []int
	var cands []int32
	for i0 := range has {
		if used[i0] {
			continue
		}
		used[i0] = true
		start, end := c.ends(has[i0])
		ring := c.appendNodes([]int32{start}, has[i0])
		for end != start {
			cands = cands[:0]
			for _, j := range find(key(i0, end)) {
				if !used[j] {
					cands = append(cands, j)
				}
			}
			if len(cands) == 0 {
				return nil, nil, errOpenRing
			}
			best := cands[0]
			if len(cands) > 1 {
				bestTurn := c.turn(ring, has[best])
				for _, j := range cands[1:] {
					if t := c.turn(ring, has[j]); t > bestTurn {
						best, bestTurn = j, t
					}
				}
			}
			used[best] = true
			ring = c.appendNodes(ring, has[best])
			_, end = c.ends(has[best])
		}
		rings = append(rings, ring)
		starts = append(starts, i0)
	}
	return rings, starts, nil
}

// turn is the angle from the ring's last direction to h's first, positive to
// the left.
func (c *Cells) turn(ring []int32, h halfArc) float64 {
	end := c.nodes[ring[len(ring)-1]]
	var din vec
	for i := len(ring) - 2; i >= 0; i-- {
		if p := c.nodes[ring[i]]; p != end {
			din = vec{end.x - p.x, end.y - p.y}
			break
		}
	}
	ns := c.arcs[h.arc].nodes
	var dout vec
	for k := 1; k < len(ns); k++ {
		i := k
		if h.rev {
			i = len(ns) - 1 - k
		}
		if p := c.nodes[ns[i]]; p != end {
			dout = vec{p.x - end.x, p.y - end.y}
			break
		}
	}
	return math.Atan2(din.x*dout.y-din.y*dout.x, din.x*dout.x+din.y*dout.y)
}

// line converts nodes to rounded lon/lat without repeated points.
func (c *Cells) line(ns []int32) []Point {
	out := make([]Point, 0, len(ns))
	for _, n := range ns {
		p := c.unproject(c.nodes[n])
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}

// polygons sorts closed rings into polygons: counter-clockwise rings are
// outer rings, clockwise ones are holes of the smallest outer ring that
// holds them. Rings that rounding reduces to nothing or turns over are
// dropped.
func (c *Cells) polygons(rings [][]int32) []Polygon {
	type outer struct {
		ring                   Ring
		area                   float64
		minX, minY, maxX, maxY float64
		holes                  []Ring
	}
	var outers []outer
	var holes []Ring
	for _, ns := range rings {
		r := Ring(c.line(ns))
		if len(r) < 4 || r[0] != r[len(r)-1] {
			continue
		}
		a := lonLatArea(r)
		if a == 0 {
			continue
		}
		projected := 0.0
		for i := 0; i+1 < len(ns); i++ {
			p, q := c.nodes[ns[i]], c.nodes[ns[i+1]]
			projected += p.x*q.y - q.x*p.y
		}
		if (a > 0) != (projected > 0) {
			continue
		}
		if a < 0 {
			holes = append(holes, r)
			continue
		}
		o := outer{ring: r, area: a}
		o.minX, o.minY, o.maxX, o.maxY = ringBox(r)
		outers = append(outers, o)
	}
	for _, h := range holes {
		best := -1
		for i := range outers {
			o := &outers[i]
			if h[0][0] < o.minX || h[0][0] > o.maxX || h[0][1] < o.minY || h[0][1] > o.maxY {
				continue
			}
			if best >= 0 && o.area >= outers[best].area {
				continue
			}
			for _, p := range h {
				if in := pointInRing(o.ring, p); in != 0 {
					if in > 0 {
						best = i
					}
					break
				}
			}
		}
		if best >= 0 {
			outers[best].holes = append(outers[best].holes, h)
		}
	}
	ps := make([]Polygon, 0, len(outers))
	for _, o := range outers {
		ps = append(ps, append(Polygon{o.ring}, o.holes...))
	}
	return ps
}

func ringBox(r Ring) (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for _, p := range r {
		minX, maxX = min(minX, p[0]), max(maxX, p[0])
		minY, maxY = min(minY, p[1]), max(maxY, p[1])
	}
	return
}

// lonLatArea is the signed area of a closed ring in square degrees,
// positive when counter-clockwise.
func lonLatArea(r Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// pointInRing is 1 when p is inside the closed ring, -1 outside and 0 on
// its boundary.
func pointInRing(r Ring, p Point) int {
	in := false
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if orient(a[0], a[1], b[0], b[1], p[0], p[1]) == 0 &&
			min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
			min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1]) {
			return 0
		}
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])/(b[1]-a[1])*(b[0]-a[0])
			if p[0] < x {
				in = !in
			}
		}
	}
	if in {
		return 1
	}
	return -1
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Dissolve unions the cells of each group: group[i] is site i's group, and
// a site with a group < 0 (or beyond the end of group) is not drawn. The
// result maps each group that owns land to its polygons, which may have
// holes (another group's enclave).
func (c *Cells) Dissolve(group []int) map[int][]Polygon {
	g := func(s int32) int {
		if s < 0 || int(s) >= len(group) {
			return -1
		}
		return group[s]
	}
	var has []halfArc
	var tags []int32
	for i, a := range c.arcs {
		gl, gr := g(a.left), g(a.right)
		if gl == gr {
			continue
		}
		if gl >= 0 {
			has = append(has, halfArc{arc: int32(i)})
			tags = append(tags, int32(gl))
		}
		if gr >= 0 {
			has = append(has, halfArc{arc: int32(i), rev: true})
			tags = append(tags, int32(gr))
		}
	}
	// Group each ring by the tag of its first half-arc: chain never mixes
	// tags within a ring.
	out := make(map[int][]Polygon)
	if len(has) == 0 {
		return out
	}
	rings, tagOf, err := c.chainTagged(has, tags)
	if err != nil {
		// The graph is closed by construction (Build checked every cell),
		// so this cannot happen; draw nothing rather than something wrong.
		return out
	}
	byGroup := make(map[int][][]int32)
	for i, r := range rings {
		byGroup[int(tagOf[i])] = append(byGroup[int(tagOf[i])], r)
	}
	for k, rs := range byGroup {
		if ps := c.polygons(rs); len(ps) > 0 {
			out[k] = ps
		}
	}
	return out
}

// chainTagged is chain that also reports each ring's tag.
func (c *Cells) chainTagged(has []halfArc, tags []int32) ([][]int32, []int32, error) {
	// Sorting by tag first keeps chain's walk inside one tag at a time, and
	// the tag of a ring is then the tag of the half-arc that starts it.
	idx := make([]int, len(has))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return int(tags[a] - tags[b]) })
	h2 := make([]halfArc, len(has))
	t2 := make([]int32, len(has))
	for i, j := range idx {
		h2[i], t2[i] = has[j], tags[j]
	}
	rings, starts, err := c.chainWithStarts(h2, t2)
	if err != nil {
		return nil, nil, err
	}
	rt := make([]int32, len(rings))
	for i, s := range starts {
		rt[i] = t2[s]
	}
	return rings, rt, nil
}

// Fronts returns the boundaries between cells of two different drawn groups
// (both >= 0), joined into as few polylines as the graph allows: a line
// ends only where three or more fronts meet or at the outline.
func (c *Cells) Fronts(group []int) [][]Point {
	g := func(s int32) int {
		if s < 0 || int(s) >= len(group) {
			return -1
		}
		return group[s]
	}
	var sel []int32
	for i, a := range c.arcs {
		if a.right < 0 {
			continue
		}
		gl, gr := g(a.left), g(a.right)
		if gl >= 0 && gr >= 0 && gl != gr {
			sel = append(sel, int32(i))
		}
	}
	if len(sel) == 0 {
		return nil
	}
	// Node → incident selected arcs, as sorted (node, arc) pairs.
	type inc struct{ node, k int32 }
	incs := make([]inc, 0, 2*len(sel))
	for k, i := range sel {
		ns := c.arcs[i].nodes
		incs = append(incs, inc{ns[0], int32(k)}, inc{ns[len(ns)-1], int32(k)})
	}
	slices.SortFunc(incs, func(a, b inc) int {
		if a.node != b.node {
			return int(a.node - b.node)
		}
		return int(a.k - b.k)
	})
	around := func(node int32) []inc {
		lo, _ := slices.BinarySearchFunc(incs, node, func(a inc, n int32) int { return int(a.node - n) })
		hi := lo
		for hi < len(incs) && incs[hi].node == node {
			hi++
		}
		return incs[lo:hi]
	}
	used := make([]bool, len(sel))
	var lines [][]Point
	walk := func(k int32, from int32) {
		var ns []int32
		for {
			used[k] = true
			a := c.arcs[sel[k]].nodes
			if a[0] != from {
				a = reversed(a)
			}
			if len(ns) == 0 {
				ns = append(ns, a...)
			} else {
				ns = append(ns, a[1:]...)
			}
			end := a[len(a)-1]
			nb := around(end)
			if len(nb) != 2 {
				break
			}
			nk := nb[0].k
			if nk == k {
				nk = nb[1].k
			}
			if used[nk] {
				break
			}
			k, from = nk, end
		}
		if l := c.line(ns); len(l) >= 2 {
			lines = append(lines, l)
		}
	}
	// Open lines start where the degree is not two; what is left are loops.
	for k, i := range sel {
		if used[k] {
			continue
		}
		for _, end := range [2]int32{c.arcs[i].nodes[0], c.arcs[i].nodes[len(c.arcs[i].nodes)-1]} {
			if len(around(end)) != 2 && !used[k] {
				walk(int32(k), end)
			}
		}
	}
	for k, i := range sel {
		if !used[k] {
			walk(int32(k), c.arcs[i].nodes[0])
		}
	}
	return lines
}

// edgeGrid finds outline edges near a box.
type edgeGrid struct {
	minX, minY, cw, ch float64
	nx, ny             int
	cells              [][]int32
	stamp              []int32
	gen                int32
}

func newEdgeGrid(es []outlineEdge, minX, minY, maxX, maxY float64) *edgeGrid {
	n := max(1, int(math.Sqrt(float64(len(es)))))
	g := &edgeGrid{minX: minX, minY: minY, nx: n, ny: n,
		cw: max((maxX-minX)/float64(n), 1e-12), ch: max((maxY-minY)/float64(n), 1e-12),
		stamp: make([]int32, len(es))}
	g.cells = make([][]int32, n*n)
	for k, e := range es {
		x0, y0, x1, y1 := g.span(e.minX, e.minY, e.maxX, e.maxY)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				g.cells[y*n+x] = append(g.cells[y*n+x], int32(k))
			}
		}
	}
	return g
}

func (g *edgeGrid) span(minX, minY, maxX, maxY float64) (x0, y0, x1, y1 int) {
	cl := func(v float64, n int) int { return min(max(int(math.Floor(v)), 0), n-1) }
	return cl((minX-g.minX)/g.cw, g.nx), cl((minY-g.minY)/g.ch, g.ny),
		cl((maxX-g.minX)/g.cw, g.nx), cl((maxY-g.minY)/g.ch, g.ny)
}

// query appends the edges in the grid cells that the box touches, once each.
func (g *edgeGrid) query(dst []int32, minX, minY, maxX, maxY float64) []int32 {
	g.gen++
	x0, y0, x1, y1 := g.span(minX, minY, maxX, maxY)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, k := range g.cells[y*g.nx+x] {
				if g.stamp[k] != g.gen {
					g.stamp[k] = g.gen
					dst = append(dst, k)
				}
			}
		}
	}
	return dst
}

// AreaKm2 is the area of a MultiPolygon of lon/lat rings in square
// kilometres: each ring's area in square degrees, scaled by the length of a
// degree of latitude and of longitude at the ring's mean latitude (within
// a fraction of a percent of the geodesic area at Syria's size).
func AreaKm2(polys []Polygon) float64 {
	const kmPerDeg = 111.32
	var a float64
	for _, poly := range polys {
		for k, r := range poly {
			if len(r) < 4 {
				continue
			}
			var lat float64
			for _, p := range r {
				lat += p[1]
			}
			lat /= float64(len(r))
			ra := math.Abs(lonLatArea(r)) * kmPerDeg * kmPerDeg * math.Cos(lat*math.Pi/180)
			if k == 0 {
				a += ra
			} else {
				a -= ra // a hole
			}
		}
	}
	return a
}
