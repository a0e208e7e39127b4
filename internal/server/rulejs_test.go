package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"frontline/internal/control"
)

// TestClientRuleAgrees runs assets/js/rule.js in Node over the timeline the
// day page embeds and checks its answer for every place on every day (and a
// day either side) against control.ControlOn.
func TestClientRuleAgrees(t *testing.T) {
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
	// What the rule says, in the client's terms: [controller, status,
	// challenger, confidence, since offset], or null when unknown.
	want := map[string][]any{}
	for day := d.first - 1; day <= d.last+1; day++ {
		for _, p := range d.places {
			c := control.ControlOn(p, events, d.areas, day)
			var v any
			if c.Known {
				v = []any{c.Controller, string(c.Status), c.Challenger, string(c.Confidence), int(c.Since - d.first),
					offsetOr(c.ContestedSince, d.first), offsetOr(c.ClaimedOn, d.first)}
			}
			want[p.ID] = append(want[p.ID], v)
		}
	}
	dir := t.TempDir()
	tl, _ := json.Marshal(d.timeline)
	exp, _ := json.Marshal(want)
	os.WriteFile(filepath.Join(dir, "timeline.json"), tl, 0o644)
	os.WriteFile(filepath.Join(dir, "want.json"), exp, 0o644)
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
    const s = stateOn(p.ev, d);
    const got = s ? [s.controller, s.status, s.challenger, s.confidence, s.since, s.contestedSince, s.claimedOn] : null;
    checked++;
    if (JSON.stringify(got) !== JSON.stringify(w)) bad.push(p.id + " day " + d + ": got " + JSON.stringify(got) + " want " + JSON.stringify(w));
  });
}
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
	if got, want := res.Checked, len(d.places)*(int(d.last-d.first)+3); got != want {
		t.Errorf("node checked %d place-days, want %d", got, want)
	}
	for _, b := range res.Bad {
		t.Error(b)
	}
}
