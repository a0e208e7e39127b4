package control

import (
	"math"
	"sort"
)

// Area is a named polygon. A control event that names an area sets the
// control of every place and locality whose point lies inside it.
type Area struct {
	ID       string
	Name     string
	NameAR   string
	Note     string           // how the polygon was drawn
	Polygons [][][][2]float64 // polygons of rings of [lon, lat]; each polygon's first ring is its outline, the rest are holes
}

// Contains reports whether the point lies inside the area. A point on an
// edge is inside, so a place on a shared border belongs to both areas and
// the order of events decides.
func (a Area) Contains(lon, lat float64) bool {
	for _, poly := range a.Polygons {
		if len(poly) == 0 {
			continue
		}
		if onRing(poly[0], lon, lat) {
			return true
		}
		if !inRing(poly[0], lon, lat) {
			continue
		}
		inHole := false
		for _, hole := range poly[1:] {
			if onRing(hole, lon, lat) {
				return true
			}
			if inRing(hole, lon, lat) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// Size is the area's planar size in square degrees (outlines minus holes).
// Only its order matters: within one day a larger area applies first.
func (a Area) Size() float64 {
	var s float64
	for _, poly := range a.Polygons {
		for i, ring := range poly {
			v := math.Abs(ringArea(ring))
			if i == 0 {
				s += v
			} else {
				s -= v
			}
		}
	}
	return s
}

func ringArea(ring [][2]float64) float64 {
	var s float64
	for i := range ring {
		j := (i + 1) % len(ring)
		s += ring[i][0]*ring[j][1] - ring[j][0]*ring[i][1]
	}
	return s / 2
}

// inRing is the even-odd test: a ray to the east crosses the ring an odd
// number of times.
func inRing(ring [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		xi, yi, xj, yj := ring[i][0], ring[i][1], ring[j][0], ring[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// onEdgeTolerance is how close to an edge counts as on it: about a millimetre.
const onEdgeTolerance = 1e-8

func onRing(ring [][2]float64, x, y float64) bool {
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		ax, ay, bx, by := ring[j][0], ring[j][1], ring[i][0], ring[i][1]
		dx, dy := bx-ax, by-ay
		l2 := dx*dx + dy*dy
		t := 0.0
		if l2 > 0 {
			t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/l2))
		}
		px, py := ax+t*dx-x, ay+t*dy-y
		if px*px+py*py <= onEdgeTolerance*onEdgeTolerance {
			return true
		}
	}
	return false
}

// areaRanks orders areas for the rule: within one day, events apply from the
// largest area to the smallest (ties by id), then a place's own events. The
// rank of an area is its position in that order; place events rank after
// every area.
func areaRanks(areas []Area) map[string]int {
	order := make([]int, len(areas))
	size := make([]float64, len(areas))
	for i := range areas {
		order[i] = i
		size[i] = areas[i].Size()
	}
	sort.SliceStable(order, func(a, b int) bool {
		if size[order[a]] != size[order[b]] {
			return size[order[a]] > size[order[b]]
		}
		return areas[order[a]].ID < areas[order[b]].ID
	})
	rank := make(map[string]int, len(areas))
	for r, i := range order {
		rank[areas[i].ID] = r
	}
	return rank
}
