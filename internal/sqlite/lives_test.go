package sqlite_test

import (
	"context"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// TestSuccessionAndJointRoundTrip: a succession (no place, no area) and a
// joint hold are stored and read back as they were, by Events and by the
// timeline the server builds its index from, packed or not.
func TestSuccessionAndJointRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	if _, err := db.ApplyDataset(ctx, batchOf(embedded(t)), "h1"); err != nil {
		t.Fatal(err)
	}
	src := []control.Source{{Outlet: "SOHR"}}
	want := []control.Event{
		{ID: "desk-joint", Day: control.MustDay("2024-12-30"), Seq: 1, Place: "tishrin-dam", Kind: control.KindControl, Controller: "sdf",
			Status: control.StatusJoint, Challenger: "transitional", Confidence: control.Confirmed, Summary: "joint", Sources: src},
		{ID: "desk-end", Day: control.MustDay("2024-12-31"), Seq: 2, Kind: control.KindControl, Controller: "transitional",
			Status: control.StatusSuccession, Challenger: "hts", Confidence: control.Confirmed, Summary: "end", Sources: src},
	}
	if err := db.Import(ctx, sqlite.Batch{Events: want}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Events(ctx, control.Filter{From: control.MustDay("2024-12-30"), Kind: control.KindControl})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]control.Event{}
	for _, e := range got {
		byID[e.ID] = e
	}
	timeline, err := db.Timeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inTimeline := map[string]control.Event{}
	for _, e := range timeline {
		inTimeline[e.ID] = e
	}
	for _, w := range want {
		g := byID[w.ID]
		if g.Place != w.Place || g.Area != w.Area || g.Status != w.Status || g.Controller != w.Controller || g.Challenger != w.Challenger || g.Day != w.Day {
			t.Errorf("Events read %s back as %+v, want %+v", w.ID, g, w)
		}
		tl := inTimeline[w.ID]
		if tl.Place != w.Place || tl.Area != w.Area || tl.Status != w.Status || tl.Controller != w.Controller || tl.Challenger != w.Challenger || tl.Day != w.Day {
			t.Errorf("Timeline read %s back as %+v, want %+v", w.ID, tl, w)
		}
	}
}
