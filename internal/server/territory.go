package server

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/web"
)

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
		keys, group := draw.DayGroups(d.Data, day)
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
			coords := draw.ToPt4(polys)
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
		var lines [][]draw.Pt4
		for _, line := range d.Territory.Cells.Fronts(draw.HolderGroups(keys, group)) {
			l := make([]draw.Pt4, len(line))
			for i, p := range line {
				l[i] = draw.Pt4(p)
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
	areas, fronts := s.landOf(d, day)
	return web.MapSVG{Width: mapW, Height: mapH, Land: s.land, Areas: areas, Fronts: fronts, Layers: s.layers, Points: points}
}

// landOf is the land and front lines of day's map. A quiet day's are its
// last change's (snapshot.Data.MapDay: no place's holder, status or
// confidence differs), and a day page, its panel and its embed each ask in
// every language, so d keeps the last few map days' drawings instead of
// drawing them again; a few, so memory does not grow with days.
func (s *Server) landOf(d *snapshotData, day control.Day) ([]web.Area, string) {
	mday := d.MapDay(day)
	d.landMu.Lock()
	for _, l := range d.lands {
		if l.day == mday {
			d.landMu.Unlock()
			return l.areas, l.fronts
		}
	}
	d.landMu.Unlock()
	areas, fronts := draw.Land(s.frame, d.Data, mday)
	d.landMu.Lock()
	defer d.landMu.Unlock()
	if len(d.lands) == keptLands {
		copy(d.lands, d.lands[1:])
		d.lands = d.lands[:keptLands-1]
	}
	d.lands = append(d.lands, drawnLand{day: mday, areas: areas, fronts: fronts})
	return areas, fronts
}

// keptLands is how many map days' land a data version keeps drawn: enough
// for the days publishing workers ask for at once, which come in order.
const keptLands = 8

// drawnLand is the land of one map day, as draw.Land draws it. Its areas
// are shared by every page of the day's map and never changed.
type drawnLand struct {
	day    control.Day
	areas  []web.Area
	fronts string
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
		return draw.HolderColor(d.Data, gainer)
	}
	for g, polys := range d.Territory.Cells.Dissolve(group) {
		m.Areas = append(m.Areas, web.Area{D: draw.Polys(s.frame, polys, draw.Step(len(d.All))), Fill: gainColor(pairs[g].gainer), Opacity: symbol.ContestedLand})
	}
	draw.SortAreas(m.Areas)
	keys, dg := draw.DayGroups(d.Data, to)
	m.Fronts = draw.Fronts(s.frame, d.Data, keys, dg)
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
