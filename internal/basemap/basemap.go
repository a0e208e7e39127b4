// Package basemap reads the offline country outlines and projects them, and
// places, onto a flat picture in Web Mercator (the projection of the web map),
// for the static map on the page and the preview image.
package basemap

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Country is one outline: its polygons, each a list of rings of [lon, lat].
type Country struct {
	Name     string
	NameAR   string // the Arabic name; empty when the file has none
	Focus    bool
	Polygons [][][][2]float64
}

// Parse reads a GeoJSON FeatureCollection of Polygon and MultiPolygon
// features with "name", "focus" and optional "name_ar" properties.
func Parse(b []byte) ([]Country, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct {
				Name   string `json:"name"`
				NameAR string `json:"name_ar"`
				Focus  bool   `json:"focus"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("basemap: type %q, want FeatureCollection", fc.Type)
	}
	var out []Country
	for _, f := range fc.Features {
		c := Country{Name: f.Properties.Name, NameAR: f.Properties.NameAR, Focus: f.Properties.Focus}
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("basemap: %s: %w", c.Name, err)
			}
			c.Polygons = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &c.Polygons); err != nil {
				return nil, fmt.Errorf("basemap: %s: %w", c.Name, err)
			}
		default:
			return nil, fmt.Errorf("basemap: %s: geometry %q, want Polygon or MultiPolygon", c.Name, f.Geometry.Type)
		}
		out = append(out, c)
	}
	return out, nil
}

// Frame maps longitude and latitude to pixels of a W×H picture that shows
// the box [West, East]×[South, North], centred, in Web Mercator.
type Frame struct {
	W, H              float64
	scale, offX, offY float64
}

// LayerKeys are the reference layers a region may have, in drawing order:
// governorate borders, water (rivers and lakes) and roads.
var LayerKeys = []string{"admin1", "water", "roads"}

// NewFrame fits box (west, south, east, north) into w×h pixels with pad
// pixels of margin.
func NewFrame(w, h, pad float64, box [4]float64) Frame {
	x0, x1 := mercX(box[0]), mercX(box[2])
	y0, y1 := mercY(box[3]), mercY(box[1]) // north is up
	scale := math.Min((w-2*pad)/(x1-x0), (h-2*pad)/(y1-y0))
	return Frame{
		W: w, H: h, scale: scale,
		offX: (w-(x1-x0)*scale)/2 - x0*scale,
		offY: (h-(y1-y0)*scale)/2 - y0*scale,
	}
}

// Point returns the pixel of a longitude and latitude.
func (f Frame) Point(lon, lat float64) (x, y float64) {
	return mercX(lon)*f.scale + f.offX, mercY(lat)*f.scale + f.offY
}

func mercX(lon float64) float64 { return lon * math.Pi / 180 }

// mercY grows southwards, like pixel rows.
func mercY(lat float64) float64 {
	return -math.Log(math.Tan(math.Pi/4 + lat*math.Pi/360))
}

// SVGPath returns an SVG path of the country's rings in frame f, with
// coordinates rounded to a tenth of a pixel.
func (c Country) SVGPath(f Frame) string {
	var b strings.Builder
	for _, poly := range c.Polygons {
		for _, ring := range poly {
			f.WritePath(&b, ring, true, 0)
		}
	}
	return b.String()
}

// WritePath is the one writer of SVG paths in frame f: it appends a run of
// [lon, lat] points to b as M, then L, with coordinates to a tenth of a
// pixel, and Z when closed. A point nearer than step pixels (on both axes)
// to the last one drawn adds bytes, not shape, and is dropped, except the
// first and the last; step 0 keeps every point.
func (f Frame) WritePath(b *strings.Builder, pts [][2]float64, closed bool, step float64) {
	var lx, ly float64
	for k, pt := range pts {
		x, y := f.Point(pt[0], pt[1])
		if step > 0 && k > 0 && k < len(pts)-1 && math.Abs(x-lx) < step && math.Abs(y-ly) < step {
			continue
		}
		if k == 0 {
			b.WriteByte('M')
		} else {
			b.WriteByte('L')
		}
		b.WriteString(strconv.FormatFloat(x, 'f', 1, 64))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(y, 'f', 1, 64))
		lx, ly = x, y
	}
	if closed {
		b.WriteByte('Z')
	}
}
