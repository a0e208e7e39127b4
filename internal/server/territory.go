package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/view"
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
	// A language's timeline file: timeline.TAG.HASH.json.
	ld, err := s.langDataOfFile(c.Request().Context(), d, "timeline", name)
	if err != nil {
		return nil, err
	}
	if ld != nil && name == ld.fileName {
		return newResponse(http.StatusOK, echo.MIMEApplicationJSON, immutable, ld.file), nil
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
			fv := view.Faction(locale.English(), d.Data, k.Controller) // the API speaks the default language
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

// handleStrip answers a language's timeline strip (strip.TAG.HASH.svg), the
// file every day page of the current version loads into its strip.
func (s *Server) handleStrip(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	name := c.Param("file")
	ld, err := s.langDataOfFile(c.Request().Context(), d, "strip", name)
	if err != nil {
		return nil, err
	}
	if ld != nil && ld.strip != nil && name == ld.strip.fileName {
		return answer(c, ld.strip.file), nil
	}
	return nil, &problem{status: http.StatusNotFound, message: "No such timeline strip.",
		hint: "The day page names the current strip; old ones are not kept."}
}
