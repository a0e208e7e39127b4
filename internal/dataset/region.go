package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"path"
	"slices"
	"strings"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/locale"
)

// RegionFile says what land the dataset covers (see control.Region and
// data/README.md). It is read from a directory, before every other file,
// with the outline and layer files it names beside it.
const RegionFile = "region.json"

// MaxRegionFile bounds region.json and each file it names: an outline is
// drawn on every page and kept whole in memory.
const MaxRegionFile = 4 << 20

// regionJSON is the form of region.json.
type regionJSON struct {
	ID      string                       `json:"id"`
	Box     []float64                    `json:"box"`
	View    []float64                    `json:"view"`
	Bounds  []float64                    `json:"bounds"`
	Lat0    *float64                     `json:"lat0"`
	Outline string                       `json:"outline"`
	Layers  map[string]string            `json:"layers,omitempty"`
	Words   map[string]map[string]string `json:"words,omitempty"`
}

// readRegion reads region.json from dir of fsys, when it is there, and the
// files it names. Problems name the file and the line of the field.
func (d *Dataset) readRegion(fsys fs.FS, dir, shown string) (found bool, probs Problems) {
	name := path.Join(shown, RegionFile)
	data, err := readSmall(fsys, path.Join(dir, RegionFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	d.has[RegionFile] = true
	fail := func(line int, format string, args ...any) {
		probs = append(probs, Problem{Pos{name, line}, fmt.Sprintf(format, args...)})
	}
	if err != nil {
		d.broken[RegionFile] = true
		fail(0, "%v", err)
		return true, probs
	}
	// lineOf is the line where a field's key first appears after offset
	// from, or 0 when it does not.
	lineOf := func(key string, from int) int {
		i := bytes.Index(data[from:], []byte(`"`+key+`"`))
		if i < 0 {
			return 0
		}
		return 1 + bytes.Count(data[:from+i], []byte("\n"))
	}
	at := func(key string) int { return lineOf(key, 0) }
	var rj regionJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rj); err != nil {
		d.broken[RegionFile] = true
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			fail(1+bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n")), "JSON syntax: %v", se)
		case errors.As(err, &te):
			fail(at(strings.SplitN(te.Field, ".", 2)[0]), "%s: %s, want %s", te.Field, te.Value, te.Type)
		default:
			// An unknown field: encoding/json names it in quotes.
			msg := err.Error()
			line := 0
			if i := strings.Index(msg, `"`); i >= 0 {
				line = at(strings.Trim(msg[i:], `"`))
			}
			fail(line, "%s (the fields are id, box, view, bounds, lat0, outline, layers, words)", strings.TrimPrefix(msg, "json: "))
		}
		return true, probs
	}
	r := control.Region{ID: rj.ID, Layers: map[string][]byte{}, Words: map[string]map[string]string{}}
	if !control.IsSlug(rj.ID) {
		fail(at("id"), "id %q must be lowercase letters, digits and single hyphens (at most 80)", control.Clip(rj.ID, 40))
	}
	box := func(key string, v []float64) control.Box {
		if v == nil {
			fail(0, "%s is missing: [west, south, east, north] in degrees", key)
			return control.Box{}
		}
		if why := boxProblem(v); why != "" {
			fail(at(key), "%s %v: %s", key, v, why)
			return control.Box{}
		}
		return control.Box(v)
	}
	r.Box, r.View, r.Bounds = box("box", rj.Box), box("view", rj.View), box("bounds", rj.Bounds)
	switch {
	case rj.Lat0 == nil:
		fail(0, "lat0 is missing: the latitude of true scale, near the region's middle")
	case !(*rj.Lat0 >= r.Bounds[1] && *rj.Lat0 <= r.Bounds[3]):
		fail(at("lat0"), "lat0 %g is outside the bounds' latitudes (%g to %g)", *rj.Lat0, r.Bounds[1], r.Bounds[3])
	default:
		r.Lat0 = *rj.Lat0
	}
	for _, inner := range []struct {
		key string
		b   control.Box
	}{{"box", r.Box}, {"view", r.View}} {
		if inner.b != (control.Box{}) && r.Bounds != (control.Box{}) && !(r.Bounds.Contains(inner.b[0], inner.b[1]) && r.Bounds.Contains(inner.b[2], inner.b[3])) {
			fail(at(inner.key), "%s %v is not inside the bounds %v", inner.key, inner.b[:], r.Bounds[:])
		}
	}
	// The outline and the layers are files beside region.json.
	file := func(key, f string) []byte {
		if f == "" || f != path.Base(f) || strings.HasPrefix(f, ".") || !strings.HasSuffix(f, ".geojson") {
			fail(at(key), "%s %q must name a .geojson file beside %s", key, control.Clip(f, 60), RegionFile)
			return nil
		}
		b, err := readSmall(fsys, path.Join(dir, f))
		if err != nil {
			fail(at(key), "%s: %v", key, err)
			return nil
		}
		return b
	}
	if rj.Outline == "" {
		fail(0, "outline is missing: the .geojson file of the region's outline and its neighbours")
	} else if b := file("outline", rj.Outline); b != nil {
		cs, err := basemap.Parse(b)
		focus := slices.ContainsFunc(cs, func(c basemap.Country) bool { return c.Focus })
		switch {
		case err != nil:
			fail(at("outline"), "outline %s: %v", rj.Outline, err)
		case !focus:
			fail(at("outline"), "outline %s has no feature with \"focus\": true (the region itself)", rj.Outline)
		default:
			r.Outline = b
		}
	}
	for _, key := range slices.Sorted(maps.Keys(rj.Layers)) {
		if !slices.Contains(basemap.LayerKeys, key) {
			fail(lineOf(key, max(0, bytes.Index(data, []byte(`"layers"`)))), "layer %q is not one of %s", control.Clip(key, 40), strings.Join(basemap.LayerKeys, ", "))
			continue
		}
		if b := file("layers", rj.Layers[key]); b != nil {
			if _, err := basemap.ParseLayer(b); err != nil {
				fail(at("layers"), "layer %s (%s): %v", key, rj.Layers[key], err)
				continue
			}
			r.Layers[key] = b
		}
	}
	wordsAt := max(0, bytes.Index(data, []byte(`"words"`)))
	for _, tag := range slices.Sorted(maps.Keys(rj.Words)) {
		l := locale.Get(tag)
		langAt := lineOf(tag, wordsAt)
		if l == nil {
			var tags []string
			for _, l := range locale.All() {
				tags = append(tags, l.Tag)
			}
			fail(langAt, "words: no catalogue for language %q (there are %s)", control.Clip(tag, 20), strings.Join(tags, ", "))
			continue
		}
		from := max(0, bytes.Index(data[wordsAt:], []byte(`"`+tag+`"`))) + wordsAt
		for _, key := range slices.Sorted(maps.Keys(rj.Words[tag])) {
			if id, ok := strings.CutPrefix(key, locale.FactionWord); ok && !control.IsSlug(id) {
				fail(lineOf(key, from), "words.%s: %q: a faction's description is keyed %s and the faction's id", tag, control.Clip(key, 60), locale.FactionWord)
				continue
			}
			if why := l.CheckWord(key, rj.Words[tag][key]); why != "" {
				fail(lineOf(key, from), "words.%s: %s", tag, why)
			}
		}
		r.Words[tag] = rj.Words[tag]
	}
	if len(probs) == 0 {
		d.Region = &r
	} else {
		d.broken[RegionFile] = true
	}
	return true, probs
}

// boxProblem says what is wrong with a box, or "".
func boxProblem(v []float64) string {
	if len(v) != 4 {
		return "want four numbers: west, south, east, north"
	}
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "a number is not finite"
		}
	}
	switch {
	case v[0] < -180 || v[2] > 180:
		return "longitudes run from -180 to 180"
	case v[1] < -85 || v[3] > 85:
		return "latitudes run from -85 to 85 (the web map's projection ends there)"
	case v[0] >= v[2]:
		return "west must be less than east"
	case v[1] >= v[3]:
		return "south must be less than north"
	}
	return ""
}

// readSmall reads a file of at most MaxRegionFile bytes.
func readSmall(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxRegionFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path.Base(name), err)
	}
	if len(b) > MaxRegionFile {
		return nil, fmt.Errorf("%s is larger than %d MiB", path.Base(name), MaxRegionFile>>20)
	}
	return b, nil
}

// ReadRegion reads region.json from dir of fsys and the files it names;
// shown is the directory's name in messages. It returns Problems when the
// region is broken and an error wrapping fs.ErrNotExist when there is none.
func ReadRegion(fsys fs.FS, dir, shown string) (*control.Region, error) {
	d := newDataset()
	found, probs := d.readRegion(fsys, dir, shown)
	if !found {
		return nil, fmt.Errorf("dataset: %s: %w", path.Join(shown, RegionFile), fs.ErrNotExist)
	}
	if len(probs) > 0 {
		return nil, probs.sorted()
	}
	return d.Region, nil
}

// RegionFiles are the files that say r, as export writes them beside the
// CSV files: region.json, and the outline and layers it names
// (basemap.geojson, and admin1.geojson and the like by layer).
func RegionFiles(r *control.Region) (map[string][]byte, error) {
	rj := regionJSON{ID: r.ID, Box: r.Box[:], View: r.View[:], Bounds: r.Bounds[:], Lat0: &r.Lat0, Outline: "basemap.geojson", Words: r.Words}
	files := map[string][]byte{rj.Outline: r.Outline}
	if len(r.Layers) > 0 {
		rj.Layers = map[string]string{}
		for k, b := range r.Layers {
			rj.Layers[k] = k + ".geojson"
			files[k+".geojson"] = b
		}
	}
	b, err := json.MarshalIndent(rj, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("dataset: write %s: %w", RegionFile, err)
	}
	files[RegionFile] = append(b, '\n')
	return files, nil
}
