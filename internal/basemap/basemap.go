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
// coordinates rounded to a pixel: the reference map under the land needs no
// finer line on a static map drawn at about its own size.
func (c Country) SVGPath(f Frame) string {
	var b strings.Builder
	for _, poly := range c.Polygons {
		for _, ring := range poly {
			f.WritePath(&b, ring, true, 0, Pixel)
		}
	}
	return b.String()
}

// Detail is how finely WritePath rounds a coordinate.
type Detail int64

const (
	// Pixel rounds to a whole pixel: the reference map (countries, lines
	// and boundaries).
	Pixel Detail = 1
	// Tenth rounds to a tenth of a pixel: the land of each holder, whose
	// shapes must meet the places drawn on them.
	Tenth Detail = 10
)

// WritePath is the one writer of SVG paths in frame f: it appends a run of
// [lon, lat] points to b as an absolute M, then relative l steps, with
// coordinates rounded to detail, and Z when closed. Each step is the
// difference of two points rounded in place, so neighbouring shapes that
// share a point still meet exactly; relative steps are short numbers, which
// keeps a page's map about a fifth smaller once gzipped. A point nearer than
// step pixels (on both axes) to the last one drawn adds bytes, not shape,
// and is dropped, except the first and the last; step 0 keeps every point.
// ParsePath reads it back.
func (f Frame) WritePath(b *strings.Builder, pts [][2]float64, closed bool, step float64, detail Detail) {
	var lx, ly float64
	var qx, qy int64
	steps := 0
	for k, pt := range pts {
		x, y := f.Point(pt[0], pt[1])
		if step > 0 && k > 0 && k < len(pts)-1 && math.Abs(x-lx) < step && math.Abs(y-ly) < step {
			continue
		}
		u := float64(detail)
		tx, ty := int64(math.Round(x*u))*int64(10/detail), int64(math.Round(y*u))*int64(10/detail)
		switch k {
		case 0:
			b.WriteByte('M')
			writeTenths(b, tx, false)
			writeTenths(b, ty, true)
		default:
			// The first step after M names l; the rest repeat it.
			if steps == 0 {
				b.WriteByte('l')
			}
			writeTenths(b, tx-qx, steps > 0)
			writeTenths(b, ty-qy, true)
			steps++
		}
		lx, ly, qx, qy = x, y, tx, ty
	}
	if closed {
		b.WriteByte('Z')
	}
}

// writeTenths appends v tenths as a short SVG number ("12", "1.5", ".5",
// "-.5"), after a space when it follows another number and has no minus
// sign to part them.
func writeTenths(b *strings.Builder, v int64, sep bool) {
	if v < 0 {
		b.WriteByte('-')
		v = -v
	} else if sep {
		b.WriteByte(' ')
	}
	if q := v / 10; q > 0 || v%10 == 0 {
		b.WriteString(strconv.FormatInt(q, 10))
	}
	if r := v % 10; r > 0 {
		b.WriteByte('.')
		b.WriteByte(byte('0' + r))
	}
}

// ParsePath reads a path WritePath wrote back into runs of absolute points
// and counts its closed runs; it refuses any other command.
func ParsePath(d string) (runs [][][2]float64, closed int, err error) {
	var x, y float64
	rel := false
	i := 0
	num := func() (float64, error) {
		for i < len(d) && d[i] == ' ' {
			i++
		}
		j := i
		if j < len(d) && d[j] == '-' {
			j++
		}
		for j < len(d) && (d[j] >= '0' && d[j] <= '9' || d[j] == '.') {
			j++
		}
		v, err := strconv.ParseFloat(d[i:j], 64)
		if err != nil {
			return 0, fmt.Errorf("basemap: path number at %d in %q: %w", i, d, err)
		}
		i = j
		return v, nil
	}
	for i < len(d) {
		switch c := d[i]; c {
		case 'Z':
			closed++
			i++
			continue
		case 'M':
			runs = append(runs, nil)
			rel = false
			i++
		case 'l':
			rel = true
			i++
		case ' ', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if len(runs) == 0 || !rel {
				return nil, 0, fmt.Errorf("basemap: path %q: a point at %d without M or l", d, i)
			}
		default:
			return nil, 0, fmt.Errorf("basemap: path %q: unexpected %q at %d", d, c, i)
		}
		a, err := num()
		if err != nil {
			return nil, 0, err
		}
		b, err := num()
		if err != nil {
			return nil, 0, err
		}
		if rel {
			x, y = math.Round((x+a)*10)/10, math.Round((y+b)*10)/10
		} else {
			x, y = a, b
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], [2]float64{x, y})
	}
	return runs, closed, nil
}
