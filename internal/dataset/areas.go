package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"frontline/internal/control"
)

// MaxRingPoints bounds one ring of an area, which keeps the self-crossing
// check (quadratic in the ring's points) quick.
const MaxRingPoints = 5000

type featureJSON struct {
	Type       string `json:"type"`
	Properties struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		NameAR string `json:"name_ar"`
		Note   string `json:"note"`
	} `json:"properties"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// readAreas reads areas.geojson: an RFC 7946 FeatureCollection of Polygon
// and MultiPolygon features, each with properties id, name and optionally
// name_ar and note. Problems name the line where the feature starts.
func (d *Dataset) readAreas(shown string, r io.Reader) Problems {
	d.has[AreasFile] = true
	// Every early return leaves features unread: the file is broken.
	whole := false
	defer func() {
		if !whole {
			d.broken[AreasFile] = true
		}
	}()
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return Problems{{Pos{shown, 0}, fmt.Sprintf("read: %v", err)}}
	}
	if len(data) > MaxFileSize {
		return Problems{{Pos{shown, 0}, fmt.Sprintf("larger than %d MiB", MaxFileSize>>20)}}
	}
	lineAt := func(off int64) int {
		for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
			off++
		}
		return 1 + bytes.Count(data[:off], []byte("\n"))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	syntax := func(err error) Problems {
		var se *json.SyntaxError
		if ok := asSyntax(err, &se); ok {
			return Problems{{Pos{shown, lineAt(se.Offset - 1)}, "JSON syntax: " + se.Error()}}
		}
		return Problems{{Pos{shown, lineAt(dec.InputOffset())}, "not a GeoJSON FeatureCollection: " + err.Error()}}
	}
	if tok, err := dec.Token(); err != nil {
		return syntax(err)
	} else if tok != json.Delim('{') {
		return Problems{{Pos{shown, 1}, "not a GeoJSON FeatureCollection: it must be a JSON object"}}
	}
	var probs Problems
	sawType, sawFeatures := false, false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			var t string
			if err := dec.Decode(&t); err != nil {
				return syntax(err)
			}
			if t != "FeatureCollection" {
				probs = append(probs, Problem{Pos{shown, lineAt(dec.InputOffset())}, fmt.Sprintf("type %q, want FeatureCollection", control.Clip(t, 40))})
			}
			sawType = true
		case "features":
			sawFeatures = true
			if tok, err := dec.Token(); err != nil {
				return syntax(err)
			} else if tok != json.Delim('[') {
				return Problems{{Pos{shown, lineAt(dec.InputOffset())}, "features must be an array"}}
			}
			for dec.More() {
				at := Pos{shown, lineAt(dec.InputOffset())}
				var f featureJSON
				if err := dec.Decode(&f); err != nil {
					return append(probs, syntax(err)...)
				}
				probs = append(probs, d.readArea(at, f)...)
			}
			if _, err := dec.Token(); err != nil {
				return syntax(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
		}
	}
	if !sawType || !sawFeatures {
		probs = append(probs, Problem{Pos{shown, 1}, `a FeatureCollection needs "type" and "features"`})
	}
	whole = sawFeatures
	return probs
}

func asSyntax(err error, se **json.SyntaxError) bool {
	s, ok := err.(*json.SyntaxError)
	if ok {
		*se = s
	}
	return ok
}

func (d *Dataset) readArea(at Pos, f featureJSON) Problems {
	var probs Problems
	bad := func(format string, args ...any) { probs = append(probs, Problem{at, fmt.Sprintf(format, args...)}) }
	a := control.Area{ID: f.Properties.ID, Name: f.Properties.Name, NameAR: f.Properties.NameAR, Note: f.Properties.Note}
	if f.Type != "Feature" {
		bad("type %q, want Feature", control.Clip(f.Type, 40))
	}
	probs = append(probs, checkID(at, "area id", a.ID)...)
	// The text properties obey the limits of a CSV field; name_ar and note
	// may be empty.
	probs = append(probs, checkCells(at, []string{"name", "name_ar", "note"}, []string{a.Name, a.NameAR, a.Note})...)
	if strings.TrimSpace(a.Name) == "" {
		bad("area %q needs a name", control.Clip(a.ID, 40))
	}
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
			bad("area %q: Polygon coordinates must be an array of rings of [lon, lat]", control.Clip(a.ID, 40))
			break
		}
		a.Polygons = [][][][2]float64{toRings(p)}
		probs = append(probs, d.checkPolygon(at, a.ID, 1, p)...)
	case "MultiPolygon":
		var mp [][][][]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &mp); err != nil {
			bad("area %q: MultiPolygon coordinates must be an array of polygons", control.Clip(a.ID, 40))
			break
		}
		if len(mp) == 0 {
			bad("area %q: MultiPolygon has no polygons", control.Clip(a.ID, 40))
		}
		for i, p := range mp {
			a.Polygons = append(a.Polygons, toRings(p))
			probs = append(probs, d.checkPolygon(at, a.ID, i+1, p)...)
		}
	default:
		bad("area %q: geometry %q, want Polygon or MultiPolygon", control.Clip(a.ID, 40), control.Clip(f.Geometry.Type, 40))
	}
	if prev, dup := d.areaAt[a.ID]; dup {
		bad("duplicate area id %q (first at line %d)", a.ID, prev.Line)
		return probs
	}
	if len(probs) > 0 {
		return probs
	}
	d.areaAt[a.ID] = at
	d.Areas = append(d.Areas, a)
	return nil
}

func toRings(p [][][]float64) [][][2]float64 {
	out := make([][][2]float64, len(p))
	for i, ring := range p {
		out[i] = make([][2]float64, len(ring))
		for k, pt := range ring {
			if len(pt) >= 2 {
				out[i][k] = [2]float64{pt[0], pt[1]}
			}
		}
	}
	return out
}

// checkPolygon checks one polygon of an area: at least one ring; each ring
// closed, of at least four positions of [lon, lat] inside the region's
// bounds, enclosing some area and never crossing itself.
func (d *Dataset) checkPolygon(at Pos, id string, n int, p [][][]float64) Problems {
	var probs Problems
	bad := func(ring int, format string, args ...any) {
		probs = append(probs, Problem{at, fmt.Sprintf("area %q, polygon %d, ring %d: ", control.Clip(id, 40), n, ring) + fmt.Sprintf(format, args...)})
	}
	if len(p) == 0 {
		probs = append(probs, Problem{at, fmt.Sprintf("area %q, polygon %d: no rings", control.Clip(id, 40), n)})
	}
	for r, ring := range p {
		r++
		if len(ring) < 4 {
			bad(r, "%d positions, a ring needs at least 4 (the last repeating the first)", len(ring))
			continue
		}
		if len(ring) > MaxRingPoints {
			bad(r, "%d positions, at most %d", len(ring), MaxRingPoints)
			continue
		}
		ok := true
		for k, pt := range ring {
			if len(pt) < 2 || len(pt) > 3 {
				bad(r, "position %d must be [lon, lat]", k+1)
				ok = false
				break
			}
			lon, lat := pt[0], pt[1]
			if why := d.boundsProblem(lon, lat); why != "" {
				bad(r, "position %d (%s, %s) is %s: is it [lon, lat]?", k+1, num(lon), num(lat), why)
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		first, last := ring[0], ring[len(ring)-1]
		if first[0] != last[0] || first[1] != last[1] {
			bad(r, "not closed: the last position must repeat the first")
			continue
		}
		if i, j, crosses := selfCrossing(ring); crosses {
			bad(r, "crosses itself (edges %d and %d)", i+1, j+1)
			continue
		}
		if math.Abs(shoelace(ring)) < 1e-9 {
			bad(r, "encloses no area")
		}
	}
	return probs
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func shoelace(ring [][]float64) float64 {
	var s float64
	for i := 0; i+1 < len(ring); i++ {
		s += ring[i][0]*ring[i+1][1] - ring[i+1][0]*ring[i][1]
	}
	return s / 2
}

// selfCrossing finds two edges of a closed ring that cross or touch other
// than where neighbours share their end.
func selfCrossing(ring [][]float64) (int, int, bool) {
	n := len(ring) - 1 // edges
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if j == i+1 || (i == 0 && j == n-1) {
				continue // neighbours share a point
			}
			if segmentsMeet(ring[i], ring[i+1], ring[j], ring[j+1]) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

func segmentsMeet(a, b, c, d []float64) bool {
	o := func(p, q, r []float64) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	on := func(p, q, r []float64) bool {
		return math.Min(p[0], q[0]) <= r[0] && r[0] <= math.Max(p[0], q[0]) && math.Min(p[1], q[1]) <= r[1] && r[1] <= math.Max(p[1], q[1])
	}
	d1, d2, d3, d4 := o(c, d, a), o(c, d, b), o(a, b, c), o(a, b, d)
	if (d1 > 0 && d2 < 0 || d1 < 0 && d2 > 0) && (d3 > 0 && d4 < 0 || d3 < 0 && d4 > 0) {
		return true
	}
	return d1 == 0 && on(c, d, a) || d2 == 0 && on(c, d, b) || d3 == 0 && on(a, b, c) || d4 == 0 && on(a, b, d)
}

// writeAreas writes the areas as a FeatureCollection, one feature per line,
// so that export then import gives the same areas.
func writeAreas(w io.Writer, areas []control.Area) error {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for i, a := range areas {
		props, err := json.Marshal(map[string]string{"id": a.ID, "name": a.Name, "name_ar": a.NameAR, "note": a.Note})
		if err != nil {
			return fmt.Errorf("dataset: write areas: %w", err)
		}
		coords, err := json.Marshal(a.Polygons)
		if err != nil {
			return fmt.Errorf("dataset: write areas: %w", err)
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":%s,"geometry":{"type":"MultiPolygon","coordinates":%s}}`, props, coords)
		if i < len(areas)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("dataset: write areas: %w", err)
	}
	return nil
}
