package server

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/view"
)

// TestTerritoryAsset: the day page names one content-hashed territory file
// and one history file, both served as immutable, with a cell and a history
// for every tracked place and locality, and carries every cell's state on
// its day; any other name is not found.
func TestTerritoryAsset(t *testing.T) {
	s, db := newTestServer(t)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	url := d.timeline.Territory
	if !strings.HasPrefix(url, "/territory/") || !strings.Contains(get(t, s, "/day/2024-12-06").Body.String(), url) {
		t.Fatalf("the day page does not name the territory file %q", url)
	}
	rec := get(t, s, url)
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s: %d %q", url, rec.Code, rec.Header().Get("Cache-Control"))
	}
	// The file as the browser reads it.
	var tj struct {
		Places []struct{ ID string }
		Cells  [][][][]int
		Ch     [][]int
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tj); err != nil {
		t.Fatal(err)
	}
	if tj.Ch != nil {
		t.Error("the territory file carries the histories, which grow with the days")
	}
	hist := d.timeline.History
	if !strings.HasPrefix(hist, "/territory/history.") || !strings.Contains(get(t, s, "/day/2024-12-06").Body.String(), hist) {
		t.Fatalf("the day page does not name the history file %q", hist)
	}
	rec = get(t, s, hist)
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s: %d %q", hist, rec.Code, rec.Header().Get("Cache-Control"))
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tj); err != nil {
		t.Fatal(err)
	}
	if got, want := dayTimelineOf(t, s, "/day/2024-12-06")["cells"], fmt.Sprint(d.Territory.StatesOn(int(control.MustDay("2024-12-06")-d.First))); got != want {
		t.Errorf("the day page carries the cells' states %s, want %s", got, want)
	}
	places, err := db.Places(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(tj.Places), len(places); got != want {
		t.Errorf("%d places in the territory, want every stored place and locality, %d", got, want)
	}
	if len(tj.Cells) != len(tj.Places) || len(tj.Ch) != len(tj.Places) {
		t.Errorf("cells %d, histories %d, places %d: want one each", len(tj.Cells), len(tj.Ch), len(tj.Places))
	}
	empty := 0
	for _, c := range tj.Cells {
		if len(c) == 0 {
			empty++
		}
	}
	if empty > 0 {
		t.Errorf("%d places own no land", empty)
	}
	for _, name := range []string{"/territory/0000000000000000.json", "/territory/history.0000000000000000.json"} {
		if rec := get(t, s, name); rec.Code != 404 {
			t.Errorf("an unknown territory file %s answers %d, want 404", name, rec.Code)
		}
	}
}

// dayTimelineOf returns the fields of the timeline a page carries, each
// written as fmt.Sprint writes its value decoded from JSON.
func dayTimelineOf(t *testing.T, s *Server, path string) map[string]string {
	t.Helper()
	var tl map[string]any
	if err := json.Unmarshal([]byte(inlineTimeline(t, path, get(t, s, path).Body.String())), &tl); err != nil {
		t.Fatalf("%s: inline timeline: %v", path, err)
	}
	out := map[string]string{}
	for k, v := range tl {
		if xs, ok := v.([]any); ok && k == "cells" {
			ns := make([]int, len(xs))
			for i, x := range xs {
				ns[i] = int(x.(float64))
			}
			v = ns
		}
		out[k] = fmt.Sprint(v)
	}
	return out
}

// TestClientTerritoryRuleAgrees runs assets/js/territory.js in Node over the
// territory file and its history and checks the state it gives every place
// and locality on every day (and a day either side) against
// control.ControlOn over every stored event and area; and checks the states
// a page carries for its own day (Territory.StatesOn, which the map paints
// before it has the history) against the same rule.
func TestClientTerritoryRuleAgrees(t *testing.T) {
	s, db := newTestServer(t)
	ctx := context.Background()
	d, err := s.loadData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]any{}
	for _, p := range d.All {
		rule := referenceRule(p, events, d.Areas)
		for day := d.First - 1; day <= d.Last+1; day++ {
			c := rule(day)
			var v any
			if c.Known {
				v = []string{c.Controller, string(c.Status), c.Challenger, string(c.Confidence)}
			}
			want[p.ID] = append(want[p.ID], v)
		}
	}
	var tj struct{ States [][4]string }
	if err := json.Unmarshal(d.Territory.Asset, &tj); err != nil {
		t.Fatal(err)
	}
	for day := d.First; day <= d.Last; day++ {
		for i, s := range d.Territory.StatesOn(int(day - d.First)) {
			var got any
			if s >= 0 {
				got = tj.States[s][:]
			}
			if w := want[d.All[i].ID][day-d.First+1]; fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s on %s: the page carries %v, the rule says %v", d.All[i].ID, day, got, w)
			}
		}
	}
	dir := t.TempDir()
	exp, _ := json.Marshal(want)
	os.WriteFile(filepath.Join(dir, "territory.json"), d.Territory.Asset, 0o644)
	os.WriteFile(filepath.Join(dir, "history.json"), d.Territory.History, 0o644)
	os.WriteFile(filepath.Join(dir, "want.json"), exp, 0o644)
	mod, err := filepath.Abs("../../assets/js/territory.js")
	if err != nil {
		t.Fatal(err)
	}
	script := `
import { readFileSync } from "node:fs";
import { stateIndexOn } from "file://` + mod + `";
const t = JSON.parse(readFileSync(process.argv[1] + "/territory.json", "utf8"));
const h = JSON.parse(readFileSync(process.argv[1] + "/history.json", "utf8"));
const want = JSON.parse(readFileSync(process.argv[1] + "/want.json", "utf8"));
let checked = 0, bad = [];
t.places.forEach((p, i) => {
  want[p.id].forEach((w, k) => {
    const s = stateIndexOn(h.ch[i], k - 1);
    const got = s < 0 ? null : t.states[s];
    checked++;
    if (JSON.stringify(got) !== JSON.stringify(w)) bad.push(p.id + " day " + (k - 1) + ": got " + JSON.stringify(got) + " want " + JSON.stringify(w));
  });
});
console.log(JSON.stringify({ checked, bad: bad.slice(0, 20) }));
`
	out := runNode(t, script, dir)
	var res struct {
		Checked int
		Bad     []string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	if got, want := res.Checked, len(d.All)*(int(d.Last-d.First)+3); got != want {
		t.Errorf("node checked %d place-days, want %d", got, want)
	}
	for _, b := range res.Bad {
		t.Error(b)
	}
}

// TestTerritoryGeoJSON: the land of a day is one MultiPolygon per holder
// state, with closed rings inside Syria's box, holders the rule gives some
// place that day, and a front line where holders meet.
func TestTerritoryGeoJSON(t *testing.T) {
	s, _ := newTestServer(t)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2024-11-26", "2024-12-08"} {
		rec := get(t, s, "/api/v1/territory.geojson?day="+day)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/geo+json" {
			t.Fatalf("%s: %d %s", day, rec.Code, rec.Header().Get("Content-Type"))
		}
		var fc struct {
			Type     string
			Features []struct {
				Geometry struct {
					Type        string
					Coordinates json.RawMessage
				}
				Properties map[string]any
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
			t.Fatal(err)
		}
		holders := map[string]bool{}
		for _, st := range d.AllIndex.At(control.MustDay(day)) {
			if st.Known {
				holders[st.Controller] = true
			}
		}
		seen, fronts := map[string]bool{}, 0
		for _, f := range fc.Features {
			switch f.Properties["kind"] {
			case "territory":
				var mp [][][][2]float64
				if err := json.Unmarshal(f.Geometry.Coordinates, &mp); err != nil || f.Geometry.Type != "MultiPolygon" || len(mp) == 0 {
					t.Fatalf("%s: territory geometry %s: %v", day, f.Geometry.Type, err)
				}
				for _, poly := range mp {
					for _, ring := range poly {
						if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
							t.Fatalf("%s: a ring of %d positions is not closed", day, len(ring))
						}
						for _, p := range ring {
							if p[0] < 35 || p[0] > 43 || p[1] < 32 || p[1] > 38 {
								t.Fatalf("%s: position %v is outside Syria's box", day, p)
							}
						}
					}
				}
				c, _ := f.Properties["controller"].(string)
				if !holders[c] {
					t.Errorf("%s: land of %q, who holds no place that day", day, c)
				}
				seen[c] = true
			case "front":
				fronts++
			}
		}
		for h := range holders {
			if !seen[h] {
				t.Errorf("%s: %s holds places but has no land", day, h)
			}
		}
		if len(holders) > 1 && fronts != 1 {
			t.Errorf("%s: %d front features, want 1", day, fronts)
		}
	}
}

// TestStaticMapDrawsLand: the map before JavaScript draws the land of the
// day, the front lines and the governorates, rivers, lakes and roads.
func TestStaticMapDrawsLand(t *testing.T) {
	s, _ := newTestServer(t)
	body := get(t, s, "/day/2024-12-08").Body.String()
	for _, want := range []string{`class="area`, `class="front"`, `class="layer water"`, `class="layer roads"`, `Shaded land:`} {
		if !strings.Contains(body, want) {
			t.Errorf("the day page lacks %s", want)
		}
	}
	if got, want := strings.Count(body, `class="layer admin1"`), 14; got != want {
		t.Errorf("%d governorate outlines, want %d", got, want)
	}
	// Lake Qattinah and Lake Assad are filled; the four rivers are lines.
	if got, want := strings.Count(body, `class="layer water lake"`), 2; got != want {
		t.Errorf("%d lakes, want %d", got, want)
	}
	if got, want := strings.Count(body, `class="layer water"`), 4; got != want {
		t.Errorf("%d rivers, want %d", got, want)
	}
}

// TestChangesMap: /changes draws the land whose holder changed in the new
// holder's colour (grey where the holder withdrew and no one is named) and
// counts, per gainer and loser, exactly the places and localities the rule
// says changed.
func TestChangesMap(t *testing.T) {
	s, _ := newTestServer(t)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	from, to := control.MustDay("2024-11-26"), control.MustDay("2024-12-08")
	body := get(t, s, "/changes?from=2024-11-26&to=2024-12-08").Body.String()
	if !strings.Contains(body, "Land that changed hands") || !strings.Contains(body, `class="area`) {
		t.Fatal("the changes page has no map of the land that changed hands")
	}
	before, after := d.AllIndex.At(from), d.AllIndex.At(to)
	want := map[[2]string]int{}
	for i := range after {
		switch {
		case after[i].Known && (!before[i].Known || before[i].Controller != after[i].Controller):
			want[[2]string{after[i].Controller, before[i].Controller}]++
		case !after[i].Known && after[i].Left != "" && before[i].Known:
			want[[2]string{"", before[i].Controller}]++ // left, and no one named
		}
	}
	gains := view.Changes(s.env(locale.English(), d), view.Range{From: from, To: to}, nil, "").Gains
	got := map[[2]string]int{}
	for _, g := range gains {
		got[[2]string{g.Gainer.ID, g.Loser.ID}] = g.Cells
	}
	if len(got) != len(want) {
		t.Errorf("gains %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s from %q: %d cells, want %d", k[0], k[1], got[k], n)
		}
	}
	if want[[2]string{"hts", "government"}] == 0 || !strings.Contains(body, "<strong>HTS</strong> took from <strong>Government</strong>") {
		t.Error("no land went from the government to HTS by 8 December, or the page does not say so")
	}
	if want[[2]string{"", "government"}] == 0 || !strings.Contains(body, "<strong>Government</strong> withdrew from the land of") {
		t.Error("no land was left by the government to no one named on 8 December, or the page does not say so")
	}
	// The same day on both ends changes nothing.
	if g := view.Changes(s.env(locale.English(), d), view.Range{From: to, To: to}, nil, "").Gains; len(g) != 0 {
		t.Errorf("from = to gives gains %+v", g)
	}
}

// TestChangesPageIDsUnique: an area's record listed under several places
// keeps its anchor once, so the page never holds one id twice.
func TestChangesPageIDsUnique(t *testing.T) {
	s, _ := newTestServer(t)
	for _, q := range []string{"", "?from=2024-12-01&to=2024-12-10"} {
		body := get(t, s, "/changes"+q).Body.String()
		seen := map[string]int{}
		for _, m := range regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(body, -1) {
			seen[m[1]]++
		}
		for id, n := range seen {
			if n > 1 {
				t.Errorf("/changes%s: id %q appears %d times", q, id, n)
			}
		}
	}
}

// slowStore counts and slows the reads of one day's events, so concurrent
// requests overlap while one of them builds the page.
type slowStore struct {
	Store
	mu    sync.Mutex
	calls int
}

func (s *slowStore) Events(ctx context.Context, f control.Filter) ([]control.Event, error) {
	if f.From != 0 && f.From == f.To {
		s.mu.Lock()
		s.calls++
		s.mu.Unlock()
		time.Sleep(100 * time.Millisecond)
	}
	return s.Store.Events(ctx, f)
}

// TestConcurrentColdRequestsBuildOnce: eight requests at once for one
// uncached day page build it once and all get the same page.
func TestConcurrentColdRequestsBuildOnce(t *testing.T) {
	_, db := newTestServer(t)
	store := &slowStore{Store: db}
	s := newServerOn(t, store)
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bodies[i] = get(t, s, "/day/2024-12-06").Body.String()
		}()
	}
	wg.Wait()
	if store.calls != 1 {
		t.Errorf("the day's events were read %d times for 8 concurrent requests, want 1", store.calls)
	}
	for i, b := range bodies {
		if b != bodies[0] || !strings.Contains(b, "6 December 2024") {
			t.Fatalf("request %d got a different or empty page", i)
		}
	}
}

// TestDayPageBoundedAtScale: with more tracked places than a page lists, the
// day page lists, marks and embeds the first snapshot.ShownMax, says so, and still
// counts every place in its headline and in the per-day counts it embeds.
func TestDayPageBoundedAtScale(t *testing.T) {
	const n = snapshot.ShownMax + 150
	s := syntheticServer(t, n)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	body := get(t, s, "/day/2024-12-06").Body.String()
	if got := strings.Count(body, `<tr id="row-`); got != snapshot.ShownMax {
		t.Errorf("%d table rows, want %d", got, snapshot.ShownMax)
	}
	if !strings.Contains(body, fmt.Sprintf("The table lists the first %d of %d places", snapshot.ShownMax, n)) {
		t.Error("the page does not say it lists only the first places")
	}
	if got := len(d.timeline.Places); got != snapshot.ShownMax {
		t.Errorf("the embedded timeline holds %d places, want %d", got, snapshot.ShownMax)
	}
	if d.timeline.Tracked != n {
		t.Errorf("tracked = %d, want %d", d.timeline.Tracked, n)
	}
	day := control.MustDay("2024-12-06")
	want := map[string]int{}
	for _, st := range d.Index.At(day) {
		if st.Known {
			want[st.Controller]++
		}
	}
	got := d.timeline.Counts[day-d.First]
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("embedded counts %v, want %v", got, want)
	}
	top, most := "", 0
	for f, c := range want {
		if c > most || (c == most && f < top) {
			top, most = f, c
		}
	}
	if !strings.Contains(body, fmt.Sprintf("holds %d of %d places", most, n)) {
		t.Errorf("the headline does not count all %d places (%s holds %d)", n, top, most)
	}
}

// TestRowsSayWhenEachPartHolds: a contested row says since when the contest
// runs and a claimed row on which day the claim was made, from the rule,
// beside since when the holder holds the place.
func TestRowsSayWhenEachPartHolds(t *testing.T) {
	s, _ := newTestServer(t)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var sawContest, sawClaim bool
	for day := d.First; day <= d.Last && !(sawContest && sawClaim); day++ {
		body := ""
		for _, st := range d.Index.At(day) {
			if !(st.ContestedSince != 0 && !sawContest) && !(st.ClaimedOn != 0 && !sawClaim) {
				continue
			}
			if body == "" {
				body = get(t, s, "/day/"+day.String()).Body.String()
			}
			i := strings.Index(body, `<tr id="row-`+st.Place+`"`)
			if i < 0 {
				t.Fatalf("%s: no row for %s", day, st.Place)
			}
			row := body[i : i+strings.Index(body[i:], "</tr>")]
			if st.ContestedSince != 0 && !sawContest {
				sawContest = true
				if want := `since <time datetime="` + st.ContestedSince.String() + `"`; !strings.Contains(row, want) {
					t.Errorf("%s %s: contested row lacks %s:\n%s", day, st.Place, want, row)
				}
			}
			if st.ClaimedOn != 0 && !sawClaim {
				sawClaim = true
				if want := `on <time datetime="` + st.ClaimedOn.String() + `"`; !strings.Contains(row, want) {
					t.Errorf("%s %s: claimed row lacks %s:\n%s", day, st.Place, want, row)
				}
			}
		}
	}
	if !sawContest || !sawClaim {
		t.Fatalf("the data has no contested (%v) or no claimed (%v) place on any day", sawContest, sawClaim)
	}
}

// TestDayPageDataLinksNameTheDay: a day page's data links give that day's
// data, and each answers.
func TestDayPageDataLinksNameTheDay(t *testing.T) {
	s, _ := newTestServer(t)
	body := get(t, s, "/day/2024-12-06").Body.String()
	for _, link := range []string{"/api/v1/control/2024-12-06.json", "/api/v1/control/2024-12-06.geojson", "/api/v1/territory/2024-12-06.geojson"} {
		if !strings.Contains(body, `href="`+link+`"`) {
			t.Errorf("the day page does not link %s", link)
		}
		if rec := get(t, s, link); rec.Code != 200 {
			t.Errorf("GET %s: %d", link, rec.Code)
		}
	}
	if !strings.Contains(get(t, s, "/places").Body.String(), `href="/api/v1/control"`) {
		t.Error("a page without a day lost its data links")
	}
}

// TestStaticMapLabelsDoNotCollide: on the server-drawn map of every day no
// two labels overlap and no label but a city's covers another place's dot;
// the five main cities keep theirs.
func TestStaticMapLabelsDoNotCollide(t *testing.T) {
	s, _ := newTestServer(t)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for day := d.First; day <= d.Last; day += 7 {
		page, err := s.dayPage(httpRequest(t, "/day/"+day.String()), d, day)
		if err != nil {
			t.Fatal(err)
		}
		pts := page.MapSVG.Points
		labelled := map[string]bool{}
		for i, p := range pts {
			if p.Label == "" {
				continue
			}
			labelled[strings.SplitN(p.Label, " · ", 2)[0]] = true
			a := draw.LabelBox(p)
			for j, q := range pts {
				if j == i {
					continue
				}
				if q.Label != "" && j > i {
					b := draw.LabelBox(q)
					if a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] {
						t.Errorf("%s: labels %q and %q overlap", day, p.Label, q.Label)
					}
				}
				city := d.Places[i].Kind == "city"
				if !city && a[0] < q.X+6 && q.X-6 < a[2] && a[1] < q.Y+6 && q.Y-6 < a[3] {
					t.Errorf("%s: label %q covers the dot of %q", day, p.Label, q.Label)
				}
			}
		}
		for _, city := range []string{"Aleppo", "Hama", "Homs", "Daraa", "Deir ez-Zor"} {
			if !labelled[city] {
				t.Errorf("%s: %s has no label", day, city)
			}
		}
	}
}

// TestClientFindsTheBoundaries runs assets/js/territory.js's sharedSegments
// in Node over the territory file and checks that it finds exactly the
// pairs of neighbouring cells the server's cells have, so the browser's
// front lines need no edges in the file.
func TestClientFindsTheBoundaries(t *testing.T) {
	s, _ := newTestServer(t)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, e := range d.Territory.Cells.Edges {
		want[fmt.Sprintf("%d-%d", min(e.A, e.B), max(e.A, e.B))] = true
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "territory.json"), d.Territory.Asset, 0o644)
	mod, err := filepath.Abs("../../assets/js/territory.js")
	if err != nil {
		t.Fatal(err)
	}
	script := `
import { readFileSync } from "node:fs";
import { sharedSegments } from "file://` + mod + `";
const t = JSON.parse(readFileSync(process.argv[1] + "/territory.json", "utf8"));
const pairs = new Set(sharedSegments(t.cells).map(([a, b]) => Math.min(a, b) + "-" + Math.max(a, b)));
console.log(JSON.stringify([...pairs]));
`
	out := runNode(t, script, dir)
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	gotSet := map[string]bool{}
	for _, p := range got {
		gotSet[p] = true
		if !want[p] {
			t.Errorf("the browser finds cells %s neighbours; the server does not", p)
		}
	}
	for p := range want {
		if !gotSet[p] {
			t.Errorf("the browser misses the boundary of cells %s", p)
		}
	}
	if len(want) < len(d.All) {
		t.Errorf("%d boundaries for %d cells: too few", len(want), len(d.All))
	}
}

// Places outside Syria's outline own no land; their entry in the browser's
// territory file is an empty list, never null, which the script could not
// read (the land then failed to draw at all).
func TestTerritoryAssetHasNoNullCells(t *testing.T) {
	s := syntheticServer(t, 400)
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Cells []json.RawMessage `json:"cells"`
	}
	if err := json.Unmarshal(get(t, s, d.timeline.Territory).Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	empty := 0
	for i, c := range raw.Cells {
		switch string(c) {
		case "null":
			t.Fatalf("cell %d is null", i)
		case "[]":
			empty++
		}
	}
	if empty == 0 {
		t.Error("no place without land: the test data no longer puts places outside the outline")
	}
	t.Logf("%d of %d cells empty", empty, len(raw.Cells))
}

// TestLandOfQuietDayIsItsLastChange: the static map's land a day page is
// drawn with, which a quiet day takes from its last change, is what
// draw.Land draws for that very day, asked in any order, and a data
// version keeps only a few drawings.
func TestLandOfQuietDayIsItsLastChange(t *testing.T) {
	s, _ := newTestServer(t)
	d := mustData(t, s)
	var days []control.Day
	quiet := 0
	for day := range d.Days() {
		days = append(days, day)
		if d.MapDay(day) != day {
			quiet++
		}
	}
	if quiet == 0 || quiet == len(days) {
		t.Fatalf("%d quiet days of %d: the data cannot tell a drawing shared from one drawn", quiet, len(days))
	}
	// Forward, as publishing asks, then backward and one by one from both ends.
	order := append([]control.Day{}, days...)
	for i := len(days) - 1; i >= 0; i-- {
		order = append(order, days[i])
	}
	for i, j := 0, len(days)-1; i < j; i, j = i+1, j-1 {
		order = append(order, days[i], days[j])
	}
	for _, day := range order {
		gotAreas, gotFronts := s.landOf(d, day)
		wantAreas, wantFronts := draw.Land(s.frame, d.Data, day)
		if fmt.Sprint(gotAreas) != fmt.Sprint(wantAreas) || gotFronts != wantFronts {
			t.Fatalf("the land of %s (map day %s) is not draw.Land's for that day", day, d.MapDay(day))
		}
	}
	if got := len(d.lands); got > keptLands {
		t.Errorf("%d drawings kept, want at most %d", got, keptLands)
	}
}
