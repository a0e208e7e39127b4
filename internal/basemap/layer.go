package basemap

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Shape is one named feature of a reference layer (governorates, water,
// roads): its lines and its polygons, in [lon, lat].
type Shape struct {
	ID       string
	Name     string
	NameAr   string
	Lines    [][][2]float64
	Polygons [][][][2]float64
}

// ParseLayer reads a GeoJSON FeatureCollection of LineString,
// MultiLineString, Polygon and MultiPolygon features with "id", "name" and
// "name_ar" properties (each optional).
func ParseLayer(b []byte) ([]Shape, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct {
				ID     string `json:"id"`
				Name   string `json:"name"`
				NameAr string `json:"name_ar"`
			} `json:"properties"`
			Geometry *struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("basemap: layer: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("basemap: layer: type %q, want FeatureCollection", fc.Type)
	}
	out := make([]Shape, 0, len(fc.Features))
	for i, f := range fc.Features {
		s := Shape{ID: f.Properties.ID, Name: f.Properties.Name, NameAr: f.Properties.NameAr}
		label := s.Name
		if label == "" {
			label = "feature " + strconv.Itoa(i)
		}
		if f.Geometry == nil {
			return nil, fmt.Errorf("basemap: layer: %s: no geometry", label)
		}
		var err error
		switch f.Geometry.Type {
		case "LineString":
			var l [][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &l)
			s.Lines = [][][2]float64{l}
		case "MultiLineString":
			err = json.Unmarshal(f.Geometry.Coordinates, &s.Lines)
		case "Polygon":
			var p [][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
			s.Polygons = [][][][2]float64{p}
		case "MultiPolygon":
			err = json.Unmarshal(f.Geometry.Coordinates, &s.Polygons)
		default:
			return nil, fmt.Errorf("basemap: layer: %s: geometry %q, want a line or polygon type", label, f.Geometry.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("basemap: layer: %s: %w", label, err)
		}
		for _, l := range s.Lines {
			if len(l) < 2 {
				return nil, fmt.Errorf("basemap: layer: %s: line of %d points", label, len(l))
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// LinePath returns an open SVG path (no Z) of the lines in frame f, with
// coordinates rounded to a pixel (Pixel).
func LinePath(lines [][][2]float64, f Frame) string {
	var b strings.Builder
	for _, line := range lines {
		f.WritePath(&b, line, false, 0, Pixel)
	}
	return b.String()
}

// SVGPath returns an SVG path of the shape in frame f: its lines open and
// its polygon rings closed.
func (s Shape) SVGPath(f Frame) string {
	var b strings.Builder
	b.WriteString(LinePath(s.Lines, f))
	b.WriteString(Country{Polygons: s.Polygons}.SVGPath(f))
	return b.String()
}
