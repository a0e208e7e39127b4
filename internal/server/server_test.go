package server

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/sqlite"
)

func TestControlAPI(t *testing.T) {
	s, db := newTestServer(t)
	rec := get(t, s, "/api/v1/control?day=2024-12-06")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if got, want := rec.Header().Get("Content-Type"), "application/json"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	var body struct {
		Day    string `json:"day"`
		Places []map[string]any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if got, want := body.Day, "2024-12-06"; got != want {
		t.Errorf("day = %q, want %q", got, want)
	}
	homs := map[string]any{"id": "homs", "name": "Homs", "lat": 34.7268, "lon": 36.7234, "controller": "government",
		"status": "held", "challenger": nil, "since": "2024-11-26", "confidence": "confirmed"}
	var found bool
	for _, p := range body.Places {
		if p["id"] == "homs" {
			found = true
			for k, want := range homs {
				if got := p[k]; got != want {
					t.Errorf("homs[%s] = %v, want %v", k, got, want)
				}
			}
			if len(p) != len(homs) {
				t.Errorf("homs has %d fields, want %d: %v", len(p), len(homs), p)
			}
		}
	}
	if !found {
		t.Fatal("no homs in the answer")
	}
	// Every place agrees with the rule applied to the stored events.
	events, err := db.Events(context.Background(), control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range body.Places {
		c := control.ControlOn(placeOf(t, db, p["id"].(string)), events, areasOf(t, db), control.MustDay("2024-12-06"))
		if c.Known != (p["controller"] != nil) || (c.Known && p["controller"] != c.Controller) {
			t.Errorf("%s: API controller %v, rule %+v", p["id"], p["controller"], c)
		}
	}
}

func TestControlAPIUnknownBeforeFirstDay(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/api/v1/control?day=2024-11-01")
	var body struct{ Places []map[string]any }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	for _, p := range body.Places {
		for _, k := range []string{"controller", "status", "since", "confidence", "challenger"} {
			if p[k] != nil {
				t.Errorf("%s before the first event: %s = %v, want null", p["id"], k, p[k])
			}
		}
	}
}

func TestControlAPILatestDay(t *testing.T) {
	// The latest day is the last day the data declares it covers, not the
	// day of its last event. The embedded data, edited to cover ten days
	// past its last event, makes the two answers differ, so this test tells
	// them apart.
	s, db := newTestServerEdited(t, filepath.Join(t.TempDir(), "t.db"), func(ds *dataset.Dataset) {
		ds.Coverage.Last = ds.Coverage.Last.Add(10)
	})
	last := coverageOf(t, db).Last
	_, lastEvent, _, err := db.Span(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if lastEvent >= last {
		t.Fatalf("the embedded coverage ends on %s, not after the last event %s: the test cannot tell them apart", last, lastEvent)
	}
	var body struct{ Day string }
	rec := get(t, s, "/api/v1/control")
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if got, want := body.Day, last.String(); got != want {
		t.Errorf("day without ?day = %s, want the coverage's last day %s", got, want)
	}
}

func TestBadDays(t *testing.T) {
	s, _ := newTestServer(t)
	long := strings.Repeat("x", 10000)
	for _, day := range []string{"2024-13-01", "2024-02-30", "garbage", long, "2024-12-6", "0000-01-01"} {
		for _, target := range []string{"/day/" + day, "/api/v1/control?day=" + day, "/api/v1/control.geojson?day=" + day} {
			rec := get(t, s, target)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("GET %.60s: status %d, want 400", target, rec.Code)
				continue
			}
			body := rec.Body.String()
			if strings.HasPrefix(target, "/api/") {
				var e struct{ Error string }
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
					t.Errorf("GET %.60s: body %.200q is not {\"error\":...}", target, body)
				}
			} else if !strings.Contains(body, "YYYY-MM-DD") || !strings.Contains(body, "2024-12-06") {
				t.Errorf("GET %.60s: the page does not say what a valid day looks like", target)
			}
			if len(body) > 20000 {
				t.Errorf("GET %.60s: error body is %d bytes; the input must not be echoed whole", target, len(body))
			}
		}
	}
}

func TestDayPage(t *testing.T) {
	s, db := newTestServer(t)
	rec := get(t, s, "/day/2024-12-08")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`<link rel="canonical" href="` + DefaultBaseURL + `/day/2024-12-08">`,
		"Sunday 8 December 2024",
		`href="/day/2024-12-07"`, `href="/day/2024-12-09"`,
		`id="row-aleppo"`, `id="row-deir-ez-zor"`,
		`<script id="timeline" type="application/json">`,
		"Assad",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("day page lacks %q", want)
		}
	}
	// One row per tracked place, in the stored order.
	places := trackedOf(t, db)
	if got, want := strings.Count(body, `<tr id="row-`), len(places); got != want {
		t.Errorf("table has %d rows, want %d", got, want)
	}
	at := -1
	for _, p := range places {
		i := strings.Index(body, `<tr id="row-`+p.ID+`"`)
		if i < 0 {
			t.Errorf("no row for %s", p.ID)
			continue
		}
		if i < at {
			t.Errorf("row of %s is out of the stored order", p.ID)
		}
		at = i
	}
}

func TestHomeIsLatestDay(t *testing.T) {
	s, db := newTestServer(t)
	last := coverageOf(t, db).Last
	body := get(t, s, "/").Body.String()
	if want := `<link rel="canonical" href="` + DefaultBaseURL + `/day/` + last.String() + `">`; !strings.Contains(body, want) {
		t.Errorf("home page lacks %s", want)
	}
}

func TestDayOutsideData(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/day/2023-01-01")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status %d, want 404", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "26 November 2024") {
		t.Error("404 page does not say which days have data")
	}
}

func TestConditionalAndGzip(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/day/2024-12-06", "/api/v1/control?day=2024-12-06", "/api/v1/control.geojson?day=2024-12-06"} {
		first := get(t, s, target, "Accept-Encoding", "gzip")
		etag := first.Header().Get("ETag")
		if etag == "" || !strings.HasPrefix(etag, `"`) {
			t.Fatalf("%s: ETag %q, want a strong ETag", target, etag)
		}
		if first.Header().Get("Cache-Control") == "" {
			t.Errorf("%s: no Cache-Control", target)
		}
		if got := first.Header().Get("Content-Encoding"); got != "gzip" {
			t.Fatalf("%s: Content-Encoding %q, want gzip", target, got)
		}
		zr, err := gzip.NewReader(first.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		raw := get(t, s, target)
		if raw.Header().Get("Content-Encoding") != "" || raw.Body.String() != string(plain) {
			t.Errorf("%s: gzipped and plain bodies differ", target)
		}
		again := get(t, s, target, "If-None-Match", etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("%s with If-None-Match: status %d, %d bytes; want 304 and no body", target, again.Code, again.Body.Len())
		}
	}
}

// TestCacheFollowsData proves a write changes the answer: the response cache
// is keyed by the data version.
func TestCacheFollowsData(t *testing.T) {
	s, db := newTestServer(t)
	before := get(t, s, "/api/v1/control?day=2024-12-20")
	ev := control.Event{ID: "2024-12-20-homs-test", Day: control.MustDay("2024-12-20"), Place: "homs", Kind: control.KindControl,
		Controller: "sdf", Status: control.StatusHeld, Confidence: control.Claimed, Summary: "test",
		Sources: []control.Source{{Outlet: "test", URL: "https://example.org/a"}}}
	if err := db.Import(context.Background(), sqlite.Batch{Events: []control.Event{ev}}, nil); err != nil {
		t.Fatal(err)
	}
	after := get(t, s, "/api/v1/control?day=2024-12-20")
	if before.Header().Get("ETag") == after.Header().Get("ETag") {
		t.Fatal("ETag did not change after an import")
	}
	if !strings.Contains(after.Body.String(), `"id":"homs","name":"Homs","lat":34.7268,"lon":36.7234,"controller":"sdf"`) {
		t.Errorf("answer after import does not show the new holder: %.300s", after.Body.String())
	}
}

func TestGeoJSON(t *testing.T) {
	s, db := newTestServer(t)
	rec := get(t, s, "/api/v1/control.geojson?day=2024-12-10")
	if got, want := rec.Header().Get("Content-Type"), "application/geo+json"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	places := trackedOf(t, db)
	if fc.Type != "FeatureCollection" || len(fc.Features) != len(places) {
		t.Fatalf("type %q with %d features, want FeatureCollection with %d", fc.Type, len(fc.Features), len(places))
	}
	ctx := context.Background()
	events, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	factions, err := db.Factions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	color := map[string]string{}
	for _, f := range factions {
		color[f.ID] = f.Color
	}
	areas := areasOf(t, db)
	day := control.MustDay("2024-12-10")
	for i, f := range fc.Features {
		c := f.Geometry.Coordinates
		if f.Type != "Feature" || f.Geometry.Type != "Point" || len(c) != 2 || c[0] < 35 || c[0] > 42.5 || c[1] < 32 || c[1] > 37.5 {
			t.Errorf("feature %v: want a Point with [lon, lat] inside Syria", f.Properties["id"])
		}
		// Features follow the stored order and the rule, coloured by the holder's faction.
		p := places[i]
		if got := f.Properties["id"]; got != p.ID {
			t.Errorf("feature %d is %v, want %s", i, got, p.ID)
			continue
		}
		rule := control.ControlOn(p, events, areas, day)
		if !rule.Known {
			if f.Properties["controller"] != nil || f.Properties["controller_color"] != nil {
				t.Errorf("%s: unknown by the rule, feature says %v", p.ID, f.Properties)
			}
			continue
		}
		if f.Properties["controller"] != rule.Controller || f.Properties["controller_color"] != color[rule.Controller] ||
			f.Properties["confidence"] != string(rule.Confidence) {
			t.Errorf("%s on %s: feature %v, rule %+v", p.ID, day, f.Properties, rule)
		}
	}
	// A sourced fact: HTS takes Deir ez-Zor on 10 December as the SDF
	// leaves, which SOHR confirms (event 2024-12-10-deir-ez-zor-hts).
	for _, f := range fc.Features {
		if f.Properties["id"] == "deir-ez-zor" && (f.Properties["controller"] != "hts" || f.Properties["confidence"] != "confirmed" ||
			f.Properties["controller_color"] != color["hts"]) {
			t.Errorf("deir-ez-zor on 2024-12-10: %v", f.Properties)
		}
	}
}

func TestEventsAPI(t *testing.T) {
	s, db := newTestServer(t)
	tests := []struct {
		target string
		status int
		filter control.Filter // the stored events the answer must hold
	}{
		{"/api/v1/events", 200, control.Filter{}},
		{"/api/v1/events?place=daraa", 200, control.Filter{Place: "daraa"}},
		{"/api/v1/events?from=2024-12-08&to=2024-12-08", 200, control.Filter{From: control.MustDay("2024-12-08"), To: control.MustDay("2024-12-08")}},
		{"/api/v1/events?place=atlantis", 404, control.Filter{}},
		{"/api/v1/events?from=2024-12-09&to=2024-12-01", 400, control.Filter{}},
		{"/api/v1/events?from=yesterday", 400, control.Filter{}},
		{"/api/v1/events?color=red", 400, control.Filter{}},
		{"/api/v1/events?place=homs&place=hama", 400, control.Filter{}},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.target)
		if rec.Code != tt.status {
			t.Errorf("GET %s: status %d, want %d: %s", tt.target, rec.Code, tt.status, rec.Body)
			continue
		}
		if tt.status != 200 {
			continue
		}
		var body struct {
			Events []struct {
				ID, Day string
				Place   *string
				Sources []struct{ Outlet string }
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		want, err := db.Events(context.Background(), tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		// Every filter of the table selects several events of the dataset.
		if len(want) < 3 {
			t.Fatalf("%+v selects %d stored events; the test needs several", tt.filter, len(want))
		}
		if got := len(body.Events); got != len(want) {
			t.Errorf("GET %s: %d events, want %d", tt.target, got, len(want))
			continue
		}
		for i, e := range body.Events {
			if e.ID != want[i].ID {
				t.Errorf("GET %s: event %d is %s, want %s", tt.target, i, e.ID, want[i].ID)
			}
			if len(e.Sources) == 0 {
				t.Errorf("event %s has no sources", e.ID)
			}
		}
	}
}

func TestFactionsAndPlaces(t *testing.T) {
	s, db := newTestServer(t)
	ctx := context.Background()
	stored, err := db.Factions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Factions []struct{ ID, Color string } }
	if err := json.Unmarshal(get(t, s, "/api/v1/factions").Body.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if got, want := len(f.Factions), len(stored); got != want {
		t.Errorf("%d factions, want %d", got, want)
	}
	for i := 0; i < len(f.Factions) && i < len(stored); i++ {
		if got, want := f.Factions[i].ID+" "+f.Factions[i].Color, stored[i].ID+" "+stored[i].Color; got != want {
			t.Errorf("faction %d = %s, want %s", i, got, want)
		}
	}
	// The six factions of the offensive lead, in the file's order (data/factions.csv).
	var ids []string
	for _, x := range f.Factions {
		ids = append(ids, x.ID)
	}
	if got, want := strings.Join(ids, ","), "government,hts,sor,sna,sdf,sfa,"; !strings.HasPrefix(got+",", want) {
		t.Errorf("factions = %s, want them to start with %s", got, want)
	}
	var p struct {
		Places []struct {
			ID     string `json:"id"`
			NameAR string `json:"name_ar"`
		}
	}
	if err := json.Unmarshal(get(t, s, "/api/v1/places").Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	places := trackedOf(t, db)
	if len(p.Places) != len(places) || len(p.Places) == 0 || p.Places[0].ID != "aleppo" || p.Places[0].NameAR != "حلب" {
		t.Fatalf("places: %d, want %d led by aleppo (حلب): %+v", len(p.Places), len(places), p.Places)
	}
	for i := range places {
		if got, want := p.Places[i].ID+" "+p.Places[i].NameAR, places[i].ID+" "+places[i].NameAR; got != want {
			t.Errorf("place %d = %s, want %s", i, got, want)
		}
	}
}

func TestHealthAndNotFound(t *testing.T) {
	s, db := newTestServer(t)
	if rec := get(t, s, "/healthz"); rec.Code != 200 {
		t.Errorf("healthz: %d", rec.Code)
	}
	rec := get(t, s, "/no/such/page")
	if rec.Code != 404 || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("unknown page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	rec = get(t, s, "/api/v1/nothing")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("unknown api: %d %s", rec.Code, rec.Body)
	}
	db.Close()
	if rec := get(t, s, "/healthz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz with a closed database: %d, want 503", rec.Code)
	}
	rec = get(t, s, "/day/2024-12-06")
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "sql") {
		t.Errorf("page with a closed database: %d; the body must not leak internals", rec.Code)
	}
}

func TestAssetsHashedAndImmutable(t *testing.T) {
	s, _ := newTestServer(t)
	page := get(t, s, "/day/2024-12-06").Body.String()
	i := strings.Index(page, `href="/assets/css/app.`)
	if i < 0 {
		t.Fatal("no hashed stylesheet link")
	}
	href := page[i+6:]
	href = href[:strings.IndexByte(href, '"')]
	rec := get(t, s, href, "Accept-Encoding", "gzip")
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("GET %s: %d, Cache-Control %q, Content-Encoding %q", href, rec.Code, rec.Header().Get("Cache-Control"), rec.Header().Get("Content-Encoding"))
	}
	if rec := get(t, s, "/assets/js/rule.js"); rec.Code != 200 || rec.Header().Get("Cache-Control") != "public, no-cache" {
		t.Errorf("plain module name: %d %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
}
