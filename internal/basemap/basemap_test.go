package basemap

import (
	"encoding/csv"
	"strings"
	"testing"

	"frontline/data"
)

func TestParseCountryNames(t *testing.T) {
	const ring = `[[[35.7,32.3],[42.4,32.3],[42.4,37.3],[35.7,32.3]]]`
	tests := []struct {
		name       string
		props      string
		wantName   string
		wantNameAR string
		wantFocus  bool
	}{
		{"with name_ar", `{"name":"Syria","name_ar":"سوريا","iso":"SYR","focus":true}`, "Syria", "سوريا", true},
		{"without name_ar", `{"name":"Iraq","iso":"IRQ","focus":false}`, "Iraq", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":` + tt.props +
				`,"geometry":{"type":"Polygon","coordinates":` + ring + `}}]}`
			cs, err := Parse([]byte(b))
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 {
				t.Fatalf("%d countries, want 1", len(cs))
			}
			if got, want := cs[0].Name+"|"+cs[0].NameAR, tt.wantName+"|"+tt.wantNameAR; got != want {
				t.Errorf("name|name_ar = %q, want %q", got, want)
			}
			if got, want := cs[0].Focus, tt.wantFocus; got != want {
				t.Errorf("focus = %v, want %v", got, want)
			}
		})
	}
}

// TestEmbeddedArabicNames checks that every country of the embedded basemap
// has an Arabic name, and that each governorate named like a tracked place
// has the Arabic name places.csv gives that place.
func TestEmbeddedArabicNames(t *testing.T) {
	b, err := data.FS.ReadFile("basemap.geojson")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.NameAR == "" || c.NameAR == c.Name {
			t.Errorf("country %s: name_ar %q, want its Arabic name", c.Name, c.NameAR)
		}
	}
	pb, err := data.FS.ReadFile("places.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(pb))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	placeAR := map[string]string{}
	for _, r := range rows[1:] {
		placeAR[r[0]] = r[2] // id, name, name_ar
	}
	ab, err := data.FS.ReadFile("admin1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	govs, err := ParseLayer(ab)
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for _, g := range govs {
		want, ok := placeAR[g.ID]
		if !ok {
			continue
		}
		same++
		if g.NameAr != want {
			t.Errorf("governorate %s: name_ar %q, want %q as places.csv names the city", g.ID, g.NameAr, want)
		}
	}
	if same < 10 {
		t.Errorf("only %d governorates share an id with a tracked place; want the 10 or more governorate seats", same)
	}
}
