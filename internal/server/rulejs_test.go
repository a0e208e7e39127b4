package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/sqlite"
)

// TestClientRuleAgrees runs assets/js/rule.js in Node over the places'
// histories (the timeline file) and checks its answer for every place on
// every day (and a day either side) against control.ControlOn; and over the
// one state each day page carries for its own day, which the map paints
// before it has fetched the histories.
func TestClientRuleAgrees(t *testing.T) {
	s, db := newTestServer(t)
	clientRuleAgrees(t, s, db)
}

// TestClientRuleAgreesWithSuccessions is TestClientRuleAgrees over the
// embedded dataset with successions and joint holds added: a fixed set (two
// successions on one day, one the day of a place event, a joint hold whose
// partner ends, a contest whose challenger ends) and random ones.
func TestClientRuleAgreesWithSuccessions(t *testing.T) {
	for seed := int64(0); seed < 4; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			s, db := newTestServerEdited(t, filepath.Join(t.TempDir(), "test.db"), func(ds *dataset.Dataset) {
				ds.Events = append(ds.Events, successionEvents(ds, seed)...)
			})
			clientRuleAgrees(t, s, db)
		})
	}
}

// successionEvents are events to add to ds: with seed 0 a fixed set, with
// another seed random joint holds, contests and successions.
func successionEvents(ds *dataset.Dataset, seed int64) []control.Event {
	day := func(s string) control.Day { return control.MustDay(s) }
	ev := func(id string, d control.Day, place, controller string, st control.Status, challenger string) control.Event {
		return control.Event{ID: id, Day: d, Seq: 100000, Place: place, Kind: control.KindControl, Controller: controller, Status: st,
			Challenger: challenger, Confidence: control.Confirmed, Summary: id}
	}
	var tracked []string
	for _, p := range ds.Places {
		if p.Tracked() {
			tracked = append(tracked, p.ID)
		}
	}
	if seed == 0 {
		return []control.Event{
			ev("t-joint", day("2024-12-02"), tracked[0], "sdf", control.StatusJoint, "hts"),
			ev("t-contest", day("2024-12-03"), tracked[1], "sdf", control.StatusContested, "sna"),
			ev("t-claim", day("2024-12-04"), tracked[2], "hts", control.StatusContested, "government"),
			ev("t-end-hts", day("2024-12-10"), "", "transitional", control.StatusSuccession, "hts"),
			ev("t-end-sna", day("2024-12-10"), "", "transitional", control.StatusSuccession, "sna"),
			ev("t-same-day", day("2024-12-10"), tracked[3], "sdf", control.StatusHeld, ""),
			ev("t-later", day("2024-12-15"), tracked[0], "transitional", control.StatusContested, "sdf"),
			ev("t-end-sor", day("2024-12-20"), "", "transitional", control.StatusSuccession, "sor"),
		}
	}
	r := rand.New(rand.NewSource(seed))
	var factions []string
	for _, f := range ds.Factions {
		factions = append(factions, f.ID)
	}
	pick := func() string { return factions[r.Intn(len(factions))] }
	var out []control.Event
	for i := 0; i < 30; i++ {
		d := ds.Coverage.First.Add(r.Intn(int(ds.Coverage.Last-ds.Coverage.First) + 1))
		a, b := pick(), pick()
		for b == a {
			b = pick()
		}
		id := fmt.Sprintf("r%d-%d", seed, i)
		switch r.Intn(4) {
		case 0:
			out = append(out, ev(id, d, "", a, control.StatusSuccession, b))
		case 1:
			out = append(out, ev(id, d, tracked[r.Intn(len(tracked))], a, control.StatusJoint, b))
		case 2:
			out = append(out, ev(id, d, tracked[r.Intn(len(tracked))], a, control.StatusContested, b))
		default:
			out = append(out, ev(id, d, tracked[r.Intn(len(tracked))], a, control.StatusHeld, ""))
		}
		out[len(out)-1].Seq = r.Intn(3)
	}
	return out
}

func clientRuleAgrees(t *testing.T, s *Server, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	d, err := s.loadData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// What the rule says, in the client's terms: [controller, status,
	// challenger, confidence, since offset], or null when unknown.
	want := map[string][]any{}
	for _, p := range d.Places {
		rule := referenceRule(p, events, d.Areas)
		for day := d.First - 1; day <= d.Last+1; day++ {
			c := rule(day)
			var v any
			if c.Known {
				v = []any{c.Controller, string(c.Status), c.Challenger, string(c.Confidence), int(c.Since - d.First),
					snapshot.OffsetOr(c.ContestedSince, d.First), snapshot.OffsetOr(c.ClaimedOn, d.First)}
			}
			want[p.ID] = append(want[p.ID], v)
		}
	}
	// What each day page carries: per day, per place, its events.
	ld, err := s.langData(ctx, d, locale.Get("en"))
	if err != nil {
		t.Fatal(err)
	}
	var pages [][][][]any
	for day := d.First; day <= d.Last; day++ {
		var evs [][][]any
		for _, p := range dayTimeline(d, ld, day).Places {
			evs = append(evs, p.Events)
		}
		pages = append(pages, evs)
	}
	dir := t.TempDir()
	tl, _ := json.Marshal(d.timeline)
	exp, _ := json.Marshal(want)
	pg, _ := json.Marshal(pages)
	os.WriteFile(filepath.Join(dir, "timeline.json"), tl, 0o644)
	os.WriteFile(filepath.Join(dir, "want.json"), exp, 0o644)
	os.WriteFile(filepath.Join(dir, "pages.json"), pg, 0o644)
	rule, err := filepath.Abs("../../assets/js/rule.js")
	if err != nil {
		t.Fatal(err)
	}
	script := `
import { readFileSync } from "node:fs";
import { stateOn } from "file://` + rule + `";
const tl = JSON.parse(readFileSync(process.argv[1] + "/timeline.json", "utf8"));
const want = JSON.parse(readFileSync(process.argv[1] + "/want.json", "utf8"));
let checked = 0, bad = [];
for (const p of tl.places) {
  want[p.id].forEach((w, i) => {
    const d = i - 1;
    const s = stateOn(p.ev, d, tl.successions);
    const got = s ? [s.controller, s.status, s.challenger, s.confidence, s.since, s.contestedSince, s.claimedOn] : null;
    checked++;
    if (JSON.stringify(got) !== JSON.stringify(w)) bad.push(p.id + " day " + d + ": got " + JSON.stringify(got) + " want " + JSON.stringify(w));
  });
}
// The page of day d carries one place's state in force on d.
const pages = JSON.parse(readFileSync(process.argv[1] + "/pages.json", "utf8"));
pages.forEach((evs, d) => {
  tl.places.forEach((p, i) => {
    const s = stateOn(evs[i], d, tl.successions);
    const got = s ? [s.controller, s.status, s.challenger, s.confidence, s.since, s.contestedSince, s.claimedOn] : null;
    const w = want[p.id][d + 1];
    checked++;
    if (JSON.stringify(got) !== JSON.stringify(w)) bad.push(p.id + " on its page of day " + d + ": got " + JSON.stringify(got) + " want " + JSON.stringify(w));
  });
});
console.log(JSON.stringify({ checked, bad }));
`
	out := runNode(t, script, dir)
	var res struct {
		Checked int
		Bad     []string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	if got, want := res.Checked, len(d.Places)*(int(d.Last-d.First)+3)+len(d.timeline.Places)*(int(d.Last-d.First)+1); got != want {
		t.Errorf("node checked %d place-days, want %d", got, want)
	}
	for _, b := range res.Bad {
		t.Error(b)
	}
}
