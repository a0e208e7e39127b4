package snapshot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"frontline/internal/territory"
)

// Territory is the land of every place, built once per data version: the
// cells of the tracked places and localities inside the region's outline,
// and the asset the browser draws them from.
type Territory struct {
	Cells *territory.Cells
	Area  []int  // each cell's land in km², rounded: the legend's shares add these up, here and in the browser
	Asset []byte // the JSON the browser loads once: geometry and the table of states
	Name  string // its content-hashed file name under /territory/
	// History is every cell's changes of state ({"ch": …}, see
	// territoryJSON), a file of its own that the browser fetches only when
	// the reader moves to another day: it grows with the days, and a first
	// visit paints its one day from StatesOn, which the page carries.
	History     []byte
	HistoryName string // its content-hashed file name under /territory/

	ch [][]int // what History holds, for StatesOn
}

// StatesOn returns every cell's state on day offset d (days after the
// data's first day), as indexes into the asset's states (-1: unknown): the
// same lookup the browser makes in History (territory.js's stateIndexOn).
func (t *Territory) StatesOn(d int) []int {
	out := make([]int, len(t.ch))
	for i, ch := range t.ch {
		out[i] = StateIndexOn(ch, d)
	}
	return out
}

// StateIndexOn is the state in force on day offset d in a cell's flat
// changes [day, state, day, state…]: the state of the last change not
// after d, or -1 before the first.
func StateIndexOn(ch []int, d int) int {
	n := sort.Search(len(ch)/2, func(k int) bool { return ch[2*k] > d })
	if n == 0 {
		return -1
	}
	return ch[2*n-1]
}

// territoryJSON is the browser's copy of the territory. Cells are in the
// order of places.
type territoryJSON struct {
	First  string      `json:"first"`
	States [][4]string `json:"states"` // controller, status, challenger, confidence
	Places []terrPlace `json:"places"`
	Cells  [][][][]int `json:"cells"` // per place: polygons of rings, each a delta line (see deltaLine)

	Area []int  `json:"area"` // per place, its cell's land in km² (rounded)
	Note string `json:"note"`
}

// historyJSON is the browser's copy of every cell's history, in the order
// of places. A place's changes are flat pairs [day offset, state], where
// state indexes the territory file's states and -1 means unknown; the last
// pair not after a day is that day's state.
type historyJSON struct {
	Ch [][]int `json:"ch"`
}

type terrPlace struct {
	ID string `json:"id"`
}

// deltaLine writes positions as whole units of 1e-4 degrees (about 11 m):
// the first position whole, [lon, lat], then each as the difference from the
// one before. Neighbouring vertices are close, so the numbers are short:
// at 10,000 places this halves the file against four-decimal pairs.
func deltaLine(pts []territory.Point) []int {
	out := make([]int, 0, 2*len(pts))
	var px, py int
	for k, q := range pts {
		x, y := int(math.Round(q[0]*1e4)), int(math.Round(q[1]*1e4))
		if k == 0 {
			out = append(out, x, y)
		} else {
			out = append(out, x-px, y-py)
		}
		px, py = x, y
	}
	return out
}

// TerritoryNote says on every map what the shading is.
const TerritoryNote = "Shading: the land nearest each tracked place or locality, coloured by who held it; an approximation, not a surveyed front line."

// BuildTerritory computes the cells of every place inside outline, in a
// projection true at latitude lat0 (the region's), and the browser's asset.
func (d *Data) BuildTerritory(outline []territory.Polygon, lat0 float64) (*Territory, error) {
	sites := make([]territory.Point, len(d.All))
	for i, p := range d.All {
		sites[i] = territory.Point{p.Lon, p.Lat}
	}
	cells, err := territory.Build(outline, sites, lat0)
	if err != nil {
		return nil, fmt.Errorf("snapshot: territory: %w", err)
	}
	var hj historyJSON
	tj := territoryJSON{First: d.First.String(), States: [][4]string{}, Note: TerritoryNote, Area: make([]int, len(d.All))}
	stateIdx := map[[4]string]int{}
	for i, p := range d.All {
		tj.Places = append(tj.Places, terrPlace{ID: p.ID})
		// A place with no land (outside the outline, or on another place's spot)
		// has an empty list, never null: the script reads every entry's length.
		polys := [][][]int{}
		for _, poly := range cells.Cells[i] {
			rings := make([][]int, len(poly))
			for k, ring := range poly {
				rings[k] = deltaLine(ring)
			}
			polys = append(polys, rings)
		}
		tj.Cells = append(tj.Cells, polys)
		tj.Area[i] = int(math.Round(territory.AreaKm2(cells.Cells[i])))
		ch := []int{}
		last := -2
		changes := d.AllIndex.Changes(i)
		for k, c := range changes {
			if k+1 < len(changes) && changes[k+1].Day == c.Day {
				continue // only a day's last state shows
			}
			idx := -1 // unknown, after a withdrawal: no fill
			if c.Known {
				key := [4]string{c.Controller, string(c.Status), c.Challenger, string(c.Confidence)}
				var ok bool
				if idx, ok = stateIdx[key]; !ok {
					idx = len(tj.States)
					stateIdx[key] = idx
					tj.States = append(tj.States, key)
				}
			}
			if idx == last {
				continue
			}
			ch = append(ch, int(c.Day-d.First), idx)
			last = idx
		}
		hj.Ch = append(hj.Ch, ch)
	}

	b, err := json.Marshal(tj)
	if err != nil {
		return nil, fmt.Errorf("snapshot: territory: %w", err)
	}
	h, err := json.Marshal(hj)
	if err != nil {
		return nil, fmt.Errorf("snapshot: territory history: %w", err)
	}
	sum := sha256.Sum256(b)
	// The history's state indexes mean something only with this asset's
	// states, so its name hashes both.
	hsum := sha256.Sum256(append(append([]byte{}, b...), h...))
	return &Territory{Cells: cells, Area: tj.Area, Asset: b, Name: hex.EncodeToString(sum[:8]) + ".json",
		History: h, HistoryName: "history." + hex.EncodeToString(hsum[:8]) + ".json", ch: hj.Ch}, nil
}
