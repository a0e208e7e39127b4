package control

import (
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Index answers the rule for every place on any day by binary search over
// each place's control events, its own and its areas' merged in the order
// they apply: a snapshot costs N log M for N places and M events, whatever
// the day. Build it once per version of the data.
type Index struct {
	places []string
	events [][]Change // per place, the states in the order they apply
}

// NewIndex indexes the control events of the given places and areas; events
// of other kinds, unknown places and unknown areas are ignored.
func NewIndex(places []Place, events []Event, areas []Area) *Index {
	ix := &Index{places: make([]string, len(places)), events: make([][]Change, len(places))}
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
	// Each place's history depends on its own list alone: the places are
	// shared among the cores (at 10,000 places and a million events this
	// halves the longest step of loading the data).
	workers := min(runtime.GOMAXPROCS(0), max(1, len(lists)/256))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := w; j < len(lists); j += workers {
				ix.events[j] = history(ix.places[j], lists[j])
			}
		}()
	}
	wg.Wait()
	return ix
}

// history is the states a place takes from the events that reach it.
func history(place string, list []ranked) []Change {
	sortRanked(list)
	out := make([]Change, 0, len(list))
	prev := Control{Place: place}
	for _, x := range list {
		c, ok := next(prev, x.e)
		if !ok {
			continue // a withdrawal or succession that does not touch the place
		}
		prev = c
		out = append(out, Change{Day: x.e.Day, Control: prev})
	}
	return out
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
	k := sort.Search(len(list), func(k int) bool { return list[k].Day > d })
	if k == 0 {
		return Control{Place: ix.places[i]}
	}
	return list[k-1].Control
}

// Change is the state an applying event sets, from its day on.
type Change struct {
	Day Day
	Control
}

// Changes returns, for the place at position i, every state it takes in
// order. Several on one day are all returned; the last of a day is the
// day's state. The slice is the index's own, not a copy (at 10,000 places
// copying every history cost a loaded server a tenth of a second each
// time): read it, never change it.
func (ix *Index) Changes(i int) []Change {
	return slices.Clip(ix.events[i])
}

// Held counts, for every day from first to last, how many places each
// faction holds on it (a place whose state is unknown counts for none): the
// same as counting At(day) day by day, in one pass over the histories
// instead of a binary search per place per day.
func (ix *Index) Held(first, last Day) []map[string]int {
	if last < first {
		return nil
	}
	n := int(last-first) + 1
	// delta[k] is what changes in the counts at the start of day first+k.
	delta := make([]map[string]int, n)
	move := func(k int, from, to Control) {
		if from.Known == to.Known && from.Controller == to.Controller {
			return
		}
		if delta[k] == nil {
			delta[k] = map[string]int{}
		}
		if from.Known {
			delta[k][from.Controller]--
		}
		if to.Known {
			delta[k][to.Controller]++
		}
	}
	for _, list := range ix.events {
		var prev Control // unknown before the first event
		for j, c := range list {
			if j+1 < len(list) && list[j+1].Day == c.Day {
				continue // only the last state of a day counts
			}
			if c.Day > last {
				break
			}
			move(int(max(c.Day, first)-first), prev, c.Control)
			prev = c.Control
		}
	}
	out := make([]map[string]int, n)
	held := map[string]int{}
	for k := range n {
		for f, dn := range delta[k] {
			held[f] += dn
		}
		c := make(map[string]int, len(held))
		for f, m := range held {
			if m > 0 {
				c[f] = m
			}
		}
		out[k] = c
	}
	return out
}

// Subset is the index of the places at the given positions, in that order,
// sharing this index's histories rather than building them again.
func (ix *Index) Subset(pos []int) *Index {
	out := &Index{places: make([]string, len(pos)), events: make([][]Change, len(pos))}
	for k, i := range pos {
		out.places[k], out.events[k] = ix.places[i], ix.events[i]
	}
	return out
}
