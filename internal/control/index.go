package control

import "sort"

// Index answers the rule for every place on any day by binary search over
// each place's control events, its own and its areas' merged in the order
// they apply: a snapshot costs N log M for N places and M events, whatever
// the day. Build it once per version of the data.
type Index struct {
	places []string
	events [][]indexed // per place, in the order they apply
}

type indexed struct {
	day Day
	c   Control // the state from day on
}

// NewIndex indexes the control events of the given places and areas; events
// of other kinds, unknown places and unknown areas are ignored.
func NewIndex(places []Place, events []Event, areas []Area) *Index {
	ix := &Index{places: make([]string, len(places)), events: make([][]indexed, len(places))}
	pos := make(map[string]int, len(places))
	for i, p := range places {
		ix.places[i] = p.ID
		pos[p.ID] = i
	}
	rank := areaRanks(areas)
	inside := InsideAreas(places, areas)
	lists := make([][]ranked, len(places))
	for i := range events {
		e := &events[i]
		if e.Kind != KindControl {
			continue
		}
		if e.IsSuccession() {
			// A succession reaches every place; next skips the places it
			// does not touch, so their histories do not grow.
			for j := range lists {
				lists[j] = append(lists[j], ranked{e, successionRank})
			}
			continue
		}
		if e.Area != "" {
			for _, j := range inside[e.Area] {
				lists[j] = append(lists[j], ranked{e, rank[e.Area]})
			}
			continue
		}
		if j, ok := pos[e.Place]; ok {
			lists[j] = append(lists[j], ranked{e, len(areas)})
		}
	}
	for j, list := range lists {
		sortRanked(list)
		out := make([]indexed, 0, len(list))
		prev := Control{Place: ix.places[j]}
		for _, x := range list {
			c, ok := next(prev, x.e)
			if !ok {
				continue // a withdrawal or succession that does not touch the place
			}
			prev = c
			out = append(out, indexed{day: x.e.Day, c: prev})
		}
		ix.events[j] = out
	}
	return ix
}

// InsideAreas returns, for each area id, the positions of the places inside
// it. A bounding box skips most of the point-in-polygon tests.
func InsideAreas(places []Place, areas []Area) map[string][]int {
	out := make(map[string][]int, len(areas))
	for _, a := range areas {
		minX, minY, maxX, maxY := bounds(a)
		var in []int
		for i, p := range places {
			if p.Lon < minX || p.Lon > maxX || p.Lat < minY || p.Lat > maxY {
				continue
			}
			if a.Contains(p.Lon, p.Lat) {
				in = append(in, i)
			}
		}
		out[a.ID] = in
	}
	return out
}

func bounds(a Area) (minX, minY, maxX, maxY float64) {
	minX, minY, maxX, maxY = 1e9, 1e9, -1e9, -1e9
	for _, poly := range a.Polygons {
		for _, ring := range poly {
			for _, pt := range ring {
				minX, maxX = min(minX, pt[0]), max(maxX, pt[0])
				minY, maxY = min(minY, pt[1]), max(maxY, pt[1])
			}
		}
	}
	// The edge tolerance of Contains reaches this far outside the box.
	return minX - onEdgeTolerance, minY - onEdgeTolerance, maxX + onEdgeTolerance, maxY + onEdgeTolerance
}

// At returns the control of every place on day d, in the order of places.
func (ix *Index) At(d Day) []Control {
	out := make([]Control, len(ix.places))
	for i := range ix.events {
		out[i] = ix.on(i, d)
	}
	return out
}

// on returns the control of the place at position i (in the order of places) on day d.
func (ix *Index) on(i int, d Day) Control {
	list := ix.events[i]
	// The first event dated after d; the one before it applies.
	k := sort.Search(len(list), func(k int) bool { return list[k].day > d })
	if k == 0 {
		return Control{Place: ix.places[i]}
	}
	return list[k-1].c
}

// Change is the state an applying event sets, from its day on.
type Change struct {
	Day Day
	Control
}

// Changes returns, for the place at position i, every state it takes in
// order. Several on one day are all returned; the last of a day is the
// day's state.
func (ix *Index) Changes(i int) []Change {
	list := ix.events[i]
	out := make([]Change, len(list))
	for k, x := range list {
		out[k] = Change{Day: x.day, Control: x.c}
	}
	return out
}

// Subset is the index of the places at the given positions, in that order,
// sharing this index's histories rather than building them again.
func (ix *Index) Subset(pos []int) *Index {
	out := &Index{places: make([]string, len(pos)), events: make([][]indexed, len(pos))}
	for k, i := range pos {
		out.places[k], out.events[k] = ix.places[i], ix.events[i]
	}
	return out
}
