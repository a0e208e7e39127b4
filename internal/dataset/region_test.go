package dataset

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"frontline/data"
	"frontline/internal/control"
)

// testRegionJSON is a region for the test directories: Syria's boxes and
// bounds, a square outline, no layers.
const testRegionJSON = `{
  "id": "test",
  "box": [35.4, 32.2, 42.5, 37.5],
  "view": [35.7, 32.3, 42.4, 37.3],
  "bounds": [32, 29, 46, 40],
  "lat0": 35,
  "outline": "outline.geojson",
  "words": {
    "en": {"site.subtitle": "Control in the test region"}
  }
}
`

const testOutline = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Test","focus":true},"geometry":{"type":"Polygon","coordinates":[[[36,33],[42,33],[42,37],[36,37],[36,33]]]}}]}`

// withRegion adds the test region to a directory, then applies edits.
func withRegion(edits ...func(map[string]string)) func(map[string]string) {
	return func(m map[string]string) {
		m[RegionFile] = testRegionJSON
		m["outline.geojson"] = testOutline
		for _, e := range edits {
			e(m)
		}
	}
}

// TestRegionRead: the embedded region reads whole, and a test region gives
// its bounds to the places and areas beside it.
func TestRegionRead(t *testing.T) {
	r, err := ReadRegion(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.ID, "syria"; got != want {
		t.Errorf("id: got %q, want %q", got, want)
	}
	if got, want := r.Box, (control.Box{35.4, 32.2, 42.5, 37.5}); got != want {
		t.Errorf("box: got %v, want %v", got, want)
	}
	if got, want := len(r.Layers), 3; got != want {
		t.Errorf("layers: got %d, want %d", got, want)
	}
	if got, want := r.Words["en"]["site.subtitle"], "Control in Syria"; got != want {
		t.Errorf("English subtitle: got %q, want %q", got, want)
	}
	ds, err := ReadDir(dir(withRegion()), ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Region == nil || ds.Region.ID != "test" || ds.Region.Lat0 != 35 || len(ds.Region.Layers) != 0 {
		t.Errorf("region: got %+v, want the test region without layers", ds.Region)
	}
	if _, err := ReadRegion(dir(nil), ".", "data"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a directory without region: got %v, want fs.ErrNotExist", err)
	}
}

// TestBadRegion: each broken region is refused with the file, the line of
// its field and what is wrong, by ReadDir and Stream alike.
func TestBadRegion(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]string)
		want string
	}{
		{"syntax", replace(RegionFile, `"lat0": 35,`, `"lat0": 35`), "data/region.json:7: JSON syntax"},
		{"unknown field", replace(RegionFile, `"lat0": 35,`, `"lat0": 35, "zoom": 7,`), `data/region.json:6: unknown field "zoom"`},
		{"wrong type", replace(RegionFile, `"lat0": 35,`, `"lat0": "35",`), "data/region.json:6: lat0"},
		{"bad id", replace(RegionFile, `"id": "test"`, `"id": "Test Region"`), `data/region.json:2: id "Test Region" must be lowercase`},
		{"west past east", replace(RegionFile, `"box": [35.4, 32.2, 42.5, 37.5]`, `"box": [42.5, 32.2, 35.4, 37.5]`), "data/region.json:3: box [42.5 32.2 35.4 37.5]: west must be less than east"},
		{"three numbers", replace(RegionFile, `"view": [35.7, 32.3, 42.4, 37.3]`, `"view": [35.7, 32.3, 42.4]`), "data/region.json:4: view [35.7 32.3 42.4]: want four numbers"},
		{"view outside bounds", replace(RegionFile, `"view": [35.7, 32.3, 42.4, 37.3]`, `"view": [25.7, 32.3, 42.4, 37.3]`), "data/region.json:4: view [25.7 32.3 42.4 37.3] is not inside the bounds"},
		{"no bounds", replace(RegionFile, `"bounds": [32, 29, 46, 40],`, ``), "data/region.json: bounds is missing"},
		{"lat0 outside", replace(RegionFile, `"lat0": 35,`, `"lat0": 55,`), "data/region.json:6: lat0 55 is outside the bounds' latitudes (29 to 40)"},
		{"outline missing", replace(RegionFile, `"outline.geojson"`, `"nowhere.geojson"`), "data/region.json:7: outline: open nowhere.geojson"},
		{"outline outside the folder", replace(RegionFile, `"outline.geojson"`, `"../outline.geojson"`), `data/region.json:7: outline "../outline.geojson" must name a .geojson file beside region.json`},
		{"outline without focus", replace("outline.geojson", `"focus":true`, `"focus":false`), `data/region.json:7: outline outline.geojson has no feature with "focus": true`},
		{"unknown layer", replace(RegionFile, `"outline": "outline.geojson",`, `"outline": "outline.geojson", "layers": {"rails": "outline.geojson"},`), `data/region.json:7: layer "rails" is not one of admin1, water, roads`},
		{"unknown language", replace(RegionFile, `"en": {`, `"xx": {`), `data/region.json:9: words: no catalogue for language "xx"`},
		{"unknown message", replace(RegionFile, `"site.subtitle"`, `"site.subtitel"`), `data/region.json:9: words.en: no message "site.subtitel"`},
		{"unknown placeholder", replace(RegionFile, `"Control in the test region"`, `"Control in {country}"`), `data/region.json:9: words.en: message "site.subtitle" has placeholder {country}`},
		{"faction word", replace(RegionFile, `"site.subtitle"`, `"faction.Side One"`), `data/region.json:9: words.en: "faction.Side One": a faction's description is keyed faction. and the faction's id`},
		{"empty word", replace(RegionFile, `"Control in the test region"`, `" "`), `data/region.json:9: words.en: message "site.subtitle" is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := dir(withRegion(tt.edit))
			ds, err := ReadDir(fsys, ".", "data")
			err = CheckAfterRead(ds, err, Known{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadDir and Check gave %v, want a line containing %q", err, tt.want)
			}
			if _, err := Stream(fsys, ".", "data", Known{}, newRecordSink(), nil); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Stream gave %v, want a line containing %q", err, tt.want)
			}
		})
	}
}

// TestRegionBoundsKnown: a places file without its own region is checked
// against the stored region's bounds, and against the globe when none is.
func TestRegionBoundsKnown(t *testing.T) {
	swapped := replace(PlacesFile, "34.7268,36.7234", "36.7234,-34.7268")
	known := Known{Region: &control.Region{Bounds: control.Box{32, 29, 46, 40}}}
	want := "data/places.csv:2: coordinates 36.7234,-34.7268 are outside the region's bounds in region.json (latitude 29 to 40, longitude 32 to 46)"
	if _, err := Stream(dir(swapped), ".", "data", known, newRecordSink(), nil); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("with a stored region: got %v, want %q", err, want)
	}
	if _, err := Stream(dir(swapped), ".", "data", Known{}, newRecordSink(), nil); err != nil {
		t.Errorf("with no region known: got %v, want none (the position is on the globe)", err)
	}
	off := replace(PlacesFile, "34.7268,36.7234", "94.7268,36.7234")
	if _, err := Stream(dir(off), ".", "data", Known{}, newRecordSink(), nil); err == nil || !strings.Contains(err.Error(), "outside the globe") {
		t.Errorf("latitude 94 with no region known: got %v, want outside the globe", err)
	}
}
