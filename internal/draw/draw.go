// Package draw draws the server's maps of one version of the data: the
// land of a day (its holders' areas and front lines) as SVG paths in a
// basemap frame, the same land as GeoJSON positions, and the labels of a
// static map laid out so none covers another. It knows nothing of HTTP,
// languages or the store.
package draw

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/internal/territory"
	"frontline/web"
)

// Outline is the region's own outline (its focus features), for clipping
// cells.
func Outline(countries []basemap.Country) []territory.Polygon {
	var out []territory.Polygon
	for _, c := range countries {
		if !c.Focus {
			continue
		}
		for _, poly := range c.Polygons {
			var p territory.Polygon
			for _, ring := range poly {
				p = append(p, territory.Ring(ring))
			}
			out = append(out, p)
		}
	}
	return out
}

// Pt4 is a position written with at most four decimals (about 11 m).
type Pt4 [2]float64

func (p Pt4) MarshalJSON() ([]byte, error) {
	return []byte("[" + dec4(p[0]) + "," + dec4(p[1]) + "]"), nil
}

// ToPt4 writes polygons with positions of four decimals.
func ToPt4(polys []territory.Polygon) [][][]Pt4 {
	out := make([][][]Pt4, 0, len(polys))
	for _, poly := range polys {
		var rings [][]Pt4
		for _, ring := range poly {
			r := make([]Pt4, len(ring))
			for k, q := range ring {
				r[k] = Pt4(q)
			}
			rings = append(rings, r)
		}
		out = append(out, rings)
	}
	return out
}

func dec4(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e4)/1e4, 'f', -1, 64)
}

// GroupKey is how the land of one day is grouped: by holder, status,
// challenger and confidence, so each group is one fill.
type GroupKey struct {
	Controller, Challenger string
	Status                 control.Status
	Confidence             control.Confidence
}

// DayGroups groups every place's cell by its state on day: the groups in
// first-seen order, and each place's group (-1 when unknown).
func DayGroups(d *snapshot.Data, day control.Day) ([]GroupKey, []int) {
	snap := d.AllIndex.At(day)
	var keys []GroupKey
	idx := map[GroupKey]int{}
	group := make([]int, len(snap))
	for i, st := range snap {
		if !st.Known {
			group[i] = -1
			continue
		}
		k := GroupKey{st.Controller, st.Challenger, st.Status, st.Confidence}
		g, ok := idx[k]
		if !ok {
			g = len(keys)
			idx[k] = g
			keys = append(keys, k)
		}
		group[i] = g
	}
	return keys, group
}

// HolderGroups groups places by holder alone, for front lines.
func HolderGroups(keys []GroupKey, group []int) []int {
	ids := map[string]int{}
	out := make([]int, len(group))
	for i, g := range group {
		if g < 0 {
			out[i] = -1
			continue
		}
		h := keys[g].Controller
		if _, ok := ids[h]; !ok {
			ids[h] = len(ids)
		}
		out[i] = ids[h]
	}
	return out
}

// HolderColor is a faction's colour, or the colour of no known faction.
func HolderColor(d *snapshot.Data, id string) string {
	if f, ok := d.FactionBy[id]; ok {
		return f.Color
	}
	return symbol.NoFaction
}

// Land is the land of one day on a static map drawn in frame: one area
// per group of cells, and the front lines between holders.
func Land(frame basemap.Frame, d *snapshot.Data, day control.Day) ([]web.Area, string) {
	if d.Territory == nil {
		return nil, ""
	}
	keys, group := DayGroups(d, day)
	var areas []web.Area
	for g, polys := range d.Territory.Cells.Dissolve(group) {
		k := keys[g]
		a := web.Area{D: Polys(frame, polys, Step(len(d.All))), Fill: HolderColor(d, k.Controller), Claimed: k.Confidence == control.Claimed, Opacity: symbol.HeldLand}
		switch {
		case k.Confidence == control.Claimed:
			// Claimed land is paler whether or not it is also contested,
			// as on the preview.
			a.Opacity = symbol.ClaimedLand
		case k.Status == control.StatusContested:
			a.Opacity = symbol.ContestedLand
		}
		if k.Status == control.StatusContested {
			a.Contested = true
			a.Hatch = HolderColor(d, k.Challenger)
		}
		if k.Status == control.StatusJoint {
			a.Joint, a.Dots = true, HolderColor(d, k.Challenger)
		}
		areas = append(areas, a)
	}
	// Map iteration order is random; draw in a stable order.
	SortAreas(areas)
	return areas, Fronts(frame, d, keys, group)
}

// Step is how close, in pixels, a vertex may be to the last one drawn
// before it is dropped from a static map: a pixel, or more where
// thousands of cells would make the map larger than the rest of the page.
func Step(cells int) float64 {
	if cells > 2000 {
		return 2.5
	}
	return 1
}

// Polys is the SVG path of polygons in frame.
func Polys(f basemap.Frame, polys []territory.Polygon, step float64) string {
	var b strings.Builder
	for _, poly := range polys {
		for _, ring := range poly {
			f.WritePath(&b, ring, true, step, basemap.Tenth)
		}
	}
	return b.String()
}

// SortAreas puts areas in a stable order.
func SortAreas(a []web.Area) {
	sort.Slice(a, func(i, j int) bool { return a[i].D < a[j].D })
}

// Fronts is the SVG path of the lines between holders for a day's groups.
func Fronts(frame basemap.Frame, d *snapshot.Data, keys []GroupKey, group []int) string {
	var b strings.Builder
	for _, line := range d.Territory.Cells.Fronts(HolderGroups(keys, group)) {
		frame.WritePath(&b, line, false, 0, basemap.Tenth)
	}
	return b.String()
}

// LandOn is the land each faction holds on day, in km² (the sum of its
// places' cells), the land no known faction holds, and all the land.
func LandOn(d *snapshot.Data, day control.Day) (by map[string]int, unknown, total int) {
	by = map[string]int{}
	if d.Territory == nil {
		return by, 0, 0
	}
	for i, st := range d.AllIndex.At(day) {
		a := d.Territory.Area[i]
		total += a
		if st.Known {
			by[st.Controller] += a
		} else {
			unknown += a
		}
	}
	return by, unknown, total
}

// LabelBox is the room a static map label takes: 11 px text starting 9 px
// right of its point (or ending 9 px left of it), measured generously
// (about 6.3 px a character).
func LabelBox(p web.Point) [4]float64 {
	w := 6.3 * float64(utf8.RuneCountInString(p.Label))
	if p.LabelLeft {
		return [4]float64{p.X - 10 - w, p.Y - 8, p.X - 8, p.Y + 6}
	}
	return [4]float64{p.X + 8, p.Y - 8, p.X + 10 + w, p.Y + 6}
}

// Labels places each point's label right of it or else left of it, inside
// a map of w × h, where its box overlaps no label kept before it nor
// another place's dot (a city's label may cover a dot when nothing else
// fits), taking cities first, then the rest in list order; a label with no
// room is dropped, so labels never cover each other on a static map.
// Points are in the order of places.
func Labels(places []control.Place, points []web.Point, w, h float64) []web.Point {
	order := make([]int, len(points))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return places[order[a]].Kind == "city" && places[order[b]].Kind != "city"
	})
	overlap := func(a, b [4]float64) bool { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] }
	var kept [][4]float64
	fits := func(i int, dots bool) bool {
		box := LabelBox(points[i])
		if box[0] < 0 || box[2] > w || box[1] < 0 || box[3] > h {
			return false
		}
		for _, k := range kept {
			if overlap(box, k) {
				return false
			}
		}
		for j, q := range points {
			if dots && j != i && overlap(box, [4]float64{q.X - 6, q.Y - 6, q.X + 6, q.Y + 6}) {
				return false
			}
		}
		return true
	}
	for _, i := range order {
		city := places[i].Kind == "city"
		placed := false
		for _, dots := range []bool{true, false} {
			if !dots && !city {
				break
			}
			for _, left := range []bool{false, true} {
				points[i].LabelLeft = left
				if fits(i, dots) {
					placed = true
					break
				}
			}
			if placed {
				break
			}
		}
		if placed {
			kept = append(kept, LabelBox(points[i]))
		} else {
			points[i].Label, points[i].LabelLeft = "", false
		}
	}
	return points
}
