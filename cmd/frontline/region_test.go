package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"frontline/assets"
	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/server"
	"frontline/internal/sqlite"
)

// TestSynthRegionFarAway: a synthetic dataset in South America, imported
// into a database of its own and served, shows its own box and outline and
// no word of Syria on any page, in either language.
func TestSynthRegionFarAway(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	var out bytes.Buffer
	args := []string{"synth", "--places", "30", "--events", "300", "--seed", "5", "--bbox", "-60,-20,-50,-10", "--out", dir}
	if err := run(ctx, args, nil, &out, &out); err != nil {
		t.Fatalf("synth: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"check", dir}, nil, &out, &out); err != nil {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	ds, err := dataset.ReadDir(os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	box := control.Box{-60, -20, -50, -10}
	if ds.Region == nil || ds.Region.Box != box || ds.Region.Lat0 != -15 {
		t.Fatalf("region = %+v, want the box %v at latitude -15", ds.Region, box)
	}
	for _, p := range ds.Places {
		if !box.Contains(p.Lon, p.Lat) {
			t.Errorf("place %s at %g,%g is outside the box", p.ID, p.Lat, p.Lon)
		}
	}

	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "far.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Import(ctx, batch(ds), nil); err != nil {
		t.Fatalf("import: %v", err)
	}
	files, err := readEmbedded(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if files.region.ID != "synthetic" {
		t.Fatalf("the server gets region %q, want the stored synthetic one", files.region.ID)
	}
	// The synthetic dataset has no log of corrections (the embedded one
	// is Syria's).
	srv, err := server.New(server.Config{Store: db, Logger: slog.New(slog.DiscardHandler), Assets: assets.FS, Region: files.region,
		BaseURL: "https://frontline.example"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	get := func(path string) []byte {
		t.Helper()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d, want 200", path, res.StatusCode)
		}
		return b
	}

	first, last := ds.Coverage.First.String(), ds.Coverage.Last.String()
	syria := regexp.MustCompile(`(?i)syria|سوري`)
	pages := []string{"/", "/day/" + first, "/day/" + last, "/ar/day/" + last, "/about", "/ar/about", "/feed.atom",
		"/embed/" + last, "/ar/embed/" + last, "/places", "/place/p1", "/ar/place/p1", "/changes/" + first + "/" + last,
		"/day/" + last + "/panel", "/api/v1/control/" + last + ".json", "/api/v1/territory/" + last + ".geojson"}
	bodies := map[string][]byte{}
	for _, p := range pages {
		b := get(p)
		bodies[p] = b
		if m := syria.Find(b); m != nil {
			i := bytes.Index(b, m)
			t.Errorf("%s names Syria: …%s…", p, b[max(0, i-80):min(len(b), i+80)])
		}
	}
	for _, p := range []string{"/", "/day/" + first, "/ar/day/" + last} {
		if !bytes.Contains(bodies[p], []byte("synthetic")) && !bytes.Contains(bodies[p], []byte("التجريبية")) {
			t.Errorf("%s does not say the region's words (synthetic)", p)
		}
	}
	// The credits are the region's: none of Syria's layers is drawn.
	for _, p := range []string{"/day/" + last, "/embed/" + last} {
		if bytes.Contains(bodies[p], []byte("OpenStreetMap")) || !bytes.Contains(bodies[p], []byte("Synthetic")) {
			t.Errorf("%s credits Syria's layers, or not the synthetic outline", p)
		}
	}
	if !strings.Contains(string(bodies["/feed.atom"]), "<title>Frontline: the synthetic region, day by day</title>") {
		t.Errorf("the feed's title is not the region's")
	}

	// The live map opens on the region's box and pans a little past it.
	for _, p := range []string{"/day/" + last, "/embed/" + last} {
		if want := `"region":{"view":[[-20,-60],[-10,-50]],"pan":[[-22,-62],[-8,-48]]}`; !bytes.Contains(bodies[p], []byte(want)) {
			t.Errorf("%s does not hand the map the region's box %s", p, want)
		}
	}
	// The basemap the page loads is the region's outline.
	m := regexp.MustCompile(`/assets/basemap\.[0-9a-f]+\.geojson`).Find(bodies["/day/"+last])
	if m == nil {
		t.Fatal("the day page names no basemap")
	}
	var outline struct {
		Features []struct {
			Properties struct{ Name string }
			Geometry   struct{ Coordinates [][][2]float64 }
		}
	}
	if err := json.Unmarshal(get(string(m)), &outline); err != nil {
		t.Fatal(err)
	}
	if len(outline.Features) != 1 || outline.Features[0].Properties.Name != "Synthetic region" {
		t.Fatalf("basemap = %+v, want the one synthetic feature", outline)
	}
	// The static map frames the box: the outline (the box itself) spans
	// the picture's height (640×520 less a margin of 12), centred across.
	land := regexp.MustCompile(`<path d="([^"]+)" class="land focus"`).FindSubmatch(bodies["/day/"+last])
	if land == nil {
		t.Fatalf("no outline on the static map of /day/%s", last)
	}
	runs, _, err := basemap.ParsePath(string(land[1]))
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := [2]float64{1e9, 1e9}, [2]float64{-1e9, -1e9}
	for _, run := range runs {
		for _, pt := range run {
			for i, v := range pt {
				lo[i], hi[i] = min(lo[i], v), max(hi[i], v)
			}
		}
	}
	if math.Abs(lo[1]-12) > 0.2 || math.Abs(hi[1]-508) > 0.2 || math.Abs(lo[0]+hi[0]-640) > 0.4 {
		t.Errorf("the outline spans x %g to %g, y %g to %g; want y 12 to 508, centred on x 320", lo[0], hi[0], lo[1], hi[1])
	}
	// The preview image is drawn.
	img, err := png.Decode(bytes.NewReader(get("/day/" + last + "/preview.png")))
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	if got, want := img.Bounds().Dx()*1000+img.Bounds().Dy(), 1200*1000+630; got != want {
		t.Errorf("preview is %v, want 1200×630", img.Bounds())
	}
}

// TestImportRegion: `frontline import` of a directory with a region.json
// stores that region; a broken one is refused with its file and line, and
// changes nothing.
func TestImportRegion(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	if _, _, err := runCmd(t, "synth", "--places", "5", "--events", "20", "--bbox", "10,40,20,50", "--out", dir); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "f.db")
	if _, _, err := runCmd(t, "import", "--db", dbPath, dir); err != nil {
		t.Fatalf("import: %v", err)
	}
	region := func() *control.Region {
		db, err := sqlite.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		r, err := db.Region(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := region(); r == nil || r.ID != "synthetic" || r.Box != (control.Box{10, 40, 20, 50}) {
		t.Fatalf("stored region = %+v, want the synthetic one", r)
	}
	b, err := os.ReadFile(filepath.Join(dir, dataset.RegionFile))
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(`"id": "synthetic"`), []byte(`"id": "Other"`), 1)
	if err := os.WriteFile(filepath.Join(dir, dataset.RegionFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCmd(t, "import", "--db", dbPath, dir)
	want := filepath.Join(dir, dataset.RegionFile) + `:`
	if err == nil || !strings.Contains(stderr, want) || !strings.Contains(stderr, `id "Other" must be lowercase`) {
		t.Errorf("import of a broken region: %v\n%s\nwant a problem at %s", err, stderr, want)
	}
	if r := region(); r == nil || r.ID != "synthetic" {
		t.Errorf("after a refused import the stored region is %+v, want the synthetic one still", r)
	}
}
