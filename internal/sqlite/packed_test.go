package sqlite_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// TestPackedTimeline: every write stores the timeline packed for the
// version it makes, Timeline reads that blob, and it gives the same events
// as the rows; a write that did not pack (an older binary's) makes the blob
// stale, and Timeline reads the rows again.
func TestPackedTimeline(t *testing.T) {
	ctx := context.Background()
	db, path := open(t)
	if _, err := db.ApplyDataset(ctx, batchOf(embedded(t)), "h1"); err != nil {
		t.Fatal(err)
	}
	// An editor's streamed import on top, on a place and on an area.
	err := db.ImportStream(ctx, func(w *sqlite.Writer) error {
		for _, e := range []control.Event{
			{ID: "x-place", Day: control.MustDay("2024-12-09"), Seq: 1, Place: "homs", Kind: control.KindControl, Controller: "hts", Status: control.StatusContested, Challenger: "government", Confidence: control.Claimed, Summary: "x"},
			{ID: "x-strike", Day: control.MustDay("2024-12-09"), Seq: 2, Place: "homs", Kind: control.KindStrike, Confidence: control.Claimed, Summary: "x"},
		} {
			if err := w.Event(e, false); err != nil {
				return err
			}
			if err := w.Source(e.ID, 1, control.Source{Outlet: "Desk"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := raw(t, path)
	stored := count(t, r, "SELECT count(*) FROM events WHERE kind = 'control'")
	if got := count(t, r, "SELECT count(*) FROM packed p JOIN meta m ON m.key = 'version' WHERE p.version = CAST(m.value AS INTEGER)"); got != 1 {
		t.Fatalf("%d packed timelines for the current version, want 1", got)
	}
	packed, err := db.Timeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(packed) != stored || !slices.ContainsFunc(packed, func(e control.Event) bool { return e.ID == "x-place" }) {
		t.Fatalf("packed timeline has %d events (x-place in it: %v), want the %d stored control events with x-place",
			len(packed), slices.ContainsFunc(packed, func(e control.Event) bool { return e.ID == "x-place" }), stored)
	}
	// The blob is what Timeline reads: a damaged one is an error.
	if _, err := r.Exec("UPDATE packed SET data = x'00ff'"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Timeline(ctx); err == nil || !strings.Contains(err.Error(), "packed timeline") {
		t.Errorf("Timeline over a damaged blob: %v, want a packed timeline error", err)
	}
	// A write that does not pack bumps the version: the rows are read.
	if _, err := r.Exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version'"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Timeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := func(a, b control.Event) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(packed, byID)
	slices.SortFunc(rows, byID)
	if !reflect.DeepEqual(packed, rows) {
		t.Errorf("the packed timeline differs from the rows:\npacked %+v\n  rows %+v", packed[:min(3, len(packed))], rows[:min(3, len(rows))])
	}
}
