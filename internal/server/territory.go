package server

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/internal/territory"
	"frontline/web"
)

// outline is the region's own outline (its focus features), for clipping
// cells.
func outline(countries []basemap.Country) []territory.Polygon {
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

// pt4 is a position written with at most four decimals (about 11 m).
type pt4 [2]float64

func (p pt4) MarshalJSON() ([]byte, error) {
	return []byte("[" + dec4(p[0]) + "," + dec4(p[1]) + "]"), nil
}

// toPt4 writes polygons with positions of four decimals.
func toPt4(polys []territory.Polygon) [][][]pt4 {
	out := make([][][]pt4, 0, len(polys))
	for _, poly := range polys {
		var rings [][]pt4
		for _, ring := range poly {
			r := make([]pt4, len(ring))
			for k, q := range ring {
				r[k] = pt4(q)
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

// handleTerritory serves the territory asset under its content-hashed name,
// so it is cached for good and a new data version gets a new address.
func (s *Server) handleTerritory(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	name := c.Param("file")
	if rest, ok := strings.CutPrefix(name, "timeline."); ok {
		// A language's timeline file: timeline.TAG.HASH.json.
		tag, _, _ := strings.Cut(rest, ".")
		if l := locale.Get(tag); l != nil {
			ld, err := s.langData(c.Request().Context(), d, s.loc(l))
			if err != nil {
				return nil, err
			}
			if name == ld.fileName {
				return newResponse(http.StatusOK, echo.MIMEApplicationJSON, immutable, ld.file), nil
			}
		}
	}
	if d.Territory != nil && name == d.Territory.HistoryName {
		return answer(c, d.Territory.History), nil
	}
	if d.Territory == nil || name != d.Territory.Name {
		return nil, &problem{status: http.StatusNotFound, message: "No such territory file.",
			hint: "The day page names the current territory and timeline files; old ones are not kept."}
	}
	return answer(c, d.Territory.Asset), nil
}

// groupKey is how the land of one day is grouped: by holder, status,
// challenger and confidence, so each group is one fill.
type groupKey struct {
	Controller, Challenger string
	Status                 control.Status
	Confidence             control.Confidence
}

// dayGroups groups every place's cell by its state on day: the groups in
// first-seen order, and each place's group (-1 when unknown).
func dayGroups(d *snapshotData, day control.Day) ([]groupKey, []int) {
	snap := d.AllIndex.At(day)
	var keys []groupKey
	idx := map[groupKey]int{}
	group := make([]int, len(snap))
	for i, st := range snap {
		if !st.Known {
			group[i] = -1
			continue
		}
		k := groupKey{st.Controller, st.Challenger, st.Status, st.Confidence}
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

// holderGroups groups places by holder alone, for front lines.
func holderGroups(keys []groupKey, group []int) []int {
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

// staticTerritory is the land of one day on the server-drawn map.
func (s *Server) staticTerritory(d *snapshotData, day control.Day) ([]web.Area, string) {
	if d.Territory == nil {
		return nil, ""
	}
	keys, group := dayGroups(d, day)
	var areas []web.Area
	for g, polys := range d.Territory.Cells.Dissolve(group) {
		k := keys[g]
		a := web.Area{D: svgPolys(s.frame, polys, svgStep(len(d.All))), Fill: holderColor(d, k.Controller), Claimed: k.Confidence == control.Claimed, Opacity: symbol.HeldLand}
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
			a.Hatch = holderColor(d, k.Challenger)
		}
		if k.Status == control.StatusJoint {
			a.Joint, a.Dots = true, holderColor(d, k.Challenger)
		}
		areas = append(areas, a)
	}
	// Map iteration order is random; draw in a stable order.
	sortAreas(areas)
	return areas, s.frontsPath(d, keys, group)
}

// svgStep is how close, in pixels, a vertex may be to the last one drawn
// before it is dropped from the server-drawn map: a pixel, or more where
// thousands of cells would make the map larger than the rest of the page.
func svgStep(cells int) float64 {
	if cells > 2000 {
		return 2.5
	}
	return 1
}

func svgPolys(f basemap.Frame, polys []territory.Polygon, step float64) string {
	var b strings.Builder
	for _, poly := range polys {
		for _, ring := range poly {
			f.WritePath(&b, ring, true, step)
		}
	}
	return b.String()
}

func sortAreas(a []web.Area) {
	sort.Slice(a, func(i, j int) bool { return a[i].D < a[j].D })
}

// handleTerritoryGeoJSON answers the land of one day: one feature per
// holder, status, challenger and confidence, its cells dissolved into
// polygons (RFC 7946), and the front lines between holders.
func (s *Server) handleTerritoryGeoJSON(c echo.Context) (*response, error) {
	q := params(c)
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	day, err := queryDay(q, "day", d.Last)
	if err != nil {
		return nil, err
	}
	if !d.HasDays && !q.Has("day") {
		return nil, notFound("There are no events in the database yet.", "")
	}
	return jsonResponse(c, s.territoryGeoJSON(d, day))
}

// geoFeature is one GeoJSON feature with free-form geometry and properties.
type geoFeature struct {
	Type       string         `json:"type"`
	Geometry   map[string]any `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// territoryGeoJSON is the land of one day as a FeatureCollection.
func (s *Server) territoryGeoJSON(d *snapshotData, day control.Day) any {
	features := []geoFeature{}
	if d.Territory != nil {
		keys, group := dayGroups(d, day)
		dissolved := d.Territory.Cells.Dissolve(group)
		groupArea := make([]int, len(keys))
		for i, g := range group {
			if g >= 0 {
				groupArea[g] += d.Territory.Area[i]
			}
		}
		for g, k := range keys {
			polys := dissolved[g]
			if len(polys) == 0 {
				continue
			}
			coords := toPt4(polys)
			fv := s.factionView(locale.English(), d, k.Controller) // the API speaks the default language
			props := map[string]any{"kind": "territory", "day": day.String(), "controller": k.Controller, "controller_name": fv.Name,
				"controller_color": fv.Color, "area_km2": groupArea[g], "status": string(k.Status), "challenger": nil, "confidence": string(k.Confidence), "note": snapshot.TerritoryNote}
			if k.Status == control.StatusJoint {
				props["partner"] = k.Challenger
			} else if k.Challenger != "" {
				props["challenger"] = k.Challenger
			}
			features = append(features, geoFeature{Type: "Feature", Geometry: map[string]any{"type": "MultiPolygon", "coordinates": coords}, Properties: props})
		}
		var lines [][]pt4
		for _, line := range d.Territory.Cells.Fronts(holderGroups(keys, group)) {
			l := make([]pt4, len(line))
			for i, p := range line {
				l[i] = pt4(p)
			}
			lines = append(lines, l)
		}
		if len(lines) > 0 {
			features = append(features, geoFeature{Type: "Feature", Geometry: map[string]any{"type": "MultiLineString", "coordinates": lines},
				Properties: map[string]any{"kind": "front", "day": day.String(), "note": snapshot.TerritoryNote}})
		}
	}
	return struct {
		Type     string       `json:"type"`
		Features []geoFeature `json:"features"`
	}{"FeatureCollection", features}
}

// mapSVG is the server-drawn map of one day: land, front lines and points.
func (s *Server) mapSVG(d *snapshotData, day control.Day, points []web.Point) web.MapSVG {
	areas, fronts := s.staticTerritory(d, day)
	return web.MapSVG{Width: mapW, Height: mapH, Land: s.land, Areas: areas, Fronts: fronts, Layers: s.layers, Points: points}
}

// addLayers parses the region's reference layers once (by key, drawn in
// basemap.LayerKeys' order): SVG paths for the static map and hashed
// addresses for the live map.
func (s *Server) addLayers(layers map[string][]byte) error {
	s.layerURLs = map[string]string{}
	for _, key := range basemap.LayerKeys {
		b, ok := layers[key]
		if !ok {
			continue
		}
		shapes, err := basemap.ParseLayer(b)
		if err != nil {
			return fmt.Errorf("server: layer %s: %w", key, err)
		}
		for _, sh := range shapes {
			d := sh.SVGPath(s.frame)
			if d == "" {
				continue
			}
			class := key
			// Lakes are filled; rivers, borders and roads are lines.
			if key == "water" && len(sh.Polygons) > 0 {
				class = "water lake"
			}
			s.layers = append(s.layers, web.LayerPath{D: d, Class: class, Name: sh.Name})
		}
		s.layerURLs[key] = s.static.url(key + ".geojson")
	}
	return nil
}

// leftLand is the grey of land its holder left and no source gives to
// anyone, on the map of what changed.
const leftLand = symbol.LeftLand

// changesMap draws the land whose holder differs between two days, in the
// new holder's colour (grey where the holder withdrew and no one is named),
// with the front lines of the second day, and counts who took land from whom.
func (s *Server) changesMap(l *locale.Locale, d *snapshotData, from, to control.Day) (*web.MapSVG, []web.Gain) {
	if d.Territory == nil {
		return nil, nil
	}
	before, after := d.AllIndex.At(from), d.AllIndex.At(to)
	type pair struct{ gainer, loser string }
	var pairs []pair
	idx := map[pair]int{}
	count := map[pair]int{}
	group := make([]int, len(after))
	for i, a := range after {
		b := before[i]
		group[i] = -1
		var k pair
		switch {
		case a.Known && b.Known && d.Succeeded(b.Controller, a.Controller, from, to):
			// Passed to a successor: the same hands under a new name.
			continue
		case a.Known && !(b.Known && b.Controller == a.Controller):
			k = pair{a.Controller, ""}
			if b.Known {
				k.loser = b.Controller
			}
		case !a.Known && a.Left != "" && b.Known:
			// Left by its holder, taken by no one a source names.
			k = pair{"", b.Controller}
		default:
			continue
		}
		g, ok := idx[k]
		if !ok {
			g = len(pairs)
			idx[k] = g
			pairs = append(pairs, k)
		}
		group[i] = g
		count[k]++
	}
	m := &web.MapSVG{Width: mapW, Height: mapH, Land: s.land, Layers: s.layers,
		Label: l.T("changes.map_label", "from", shortDay(l, from), "to", shortDay(l, to))}
	// Land left to no one named is grey.
	gainColor := func(gainer string) string {
		if gainer == "" {
			return leftLand
		}
		return holderColor(d, gainer)
	}
	for g, polys := range d.Territory.Cells.Dissolve(group) {
		m.Areas = append(m.Areas, web.Area{D: svgPolys(s.frame, polys, svgStep(len(d.All))), Fill: gainColor(pairs[g].gainer), Opacity: symbol.ContestedLand})
	}
	sortAreas(m.Areas)
	keys, dg := dayGroups(d, to)
	m.Fronts = s.frontsPath(d, keys, dg)
	var gains []web.Gain
	for _, k := range pairs {
		gn := web.Gain{Cells: count[k]}
		if k.gainer != "" {
			gn.Gainer = s.factionView(l, d, k.gainer)
		}
		gn.Gainer.Color = gainColor(k.gainer)
		if k.loser != "" {
			gn.Loser = s.factionView(l, d, k.loser)
		}
		gains = append(gains, gn)
	}
	sort.SliceStable(gains, func(i, j int) bool { return gains[i].Cells > gains[j].Cells })
	return m, gains
}

// labelBox is the room a static map label takes: 11 px text starting 9 px
// right of its point (or ending 9 px left of it), measured generously
// (about 6.3 px a character).
func labelBox(p web.Point) [4]float64 {
	w := 6.3 * float64(utf8.RuneCountInString(p.Label))
	if p.LabelLeft {
		return [4]float64{p.X - 10 - w, p.Y - 8, p.X - 8, p.Y + 6}
	}
	return [4]float64{p.X + 8, p.Y - 8, p.X + 10 + w, p.Y + 6}
}

// placeLabels places each point's label right of it or else left of it,
// where its box overlaps no label kept before it nor another place's dot
// (a city's label may cover a dot when nothing else fits), taking cities
// first, then the rest in list order; a label with no room is dropped, so
// labels never cover each other on the server-drawn map. Points are in the
// order of d.Places.
func placeLabels(d *snapshotData, points []web.Point) []web.Point {
	order := make([]int, len(points))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return d.Places[order[a]].Kind == "city" && d.Places[order[b]].Kind != "city"
	})
	overlap := func(a, b [4]float64) bool { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] }
	var kept [][4]float64
	fits := func(i int, dots bool) bool {
		box := labelBox(points[i])
		if box[0] < 0 || box[2] > mapW || box[1] < 0 || box[3] > mapH {
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
		city := d.Places[i].Kind == "city"
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
			kept = append(kept, labelBox(points[i]))
		} else {
			points[i].Label, points[i].LabelLeft = "", false
		}
	}
	return points
}

// frontsPath is the SVG path of the lines between holders for a day's
// groups, on the server-drawn map.
func (s *Server) frontsPath(d *snapshotData, keys []groupKey, group []int) string {
	var b strings.Builder
	for _, line := range d.Territory.Cells.Fronts(holderGroups(keys, group)) {
		s.frame.WritePath(&b, line, false, 0)
	}
	return b.String()
}

// landOn is the land each faction holds on day, in km² (the sum of its
// places' cells), the land no known faction holds, and all the land.
func landOn(d *snapshotData, day control.Day) (by map[string]int, unknown, total int) {
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

// sharePct is a part of the land as the legend writes it: whole percent,
// and "<1" for land that rounds to none; the browser's map.js writes the same.
func sharePct(l *locale.Locale, part, total int) string {
	if total <= 0 {
		return ""
	}
	pct := math.Round(100 * float64(part) / float64(total))
	if pct == 0 && part > 0 {
		return l.T("js.share_small")
	}
	return l.T("js.share", "pct", l.Digits(strconv.Itoa(int(pct))))
}
