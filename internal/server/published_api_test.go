package server

import (
	"context"
	"encoding/json"
	"testing"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/sqlite"
)

// TestSourcePublishedAPI checks that /api/v1/events gives each source's
// publication day as published (null when unknown) and /api/v1/sources.csv
// exports it in the column sources.csv reads.
func TestSourcePublishedAPI(t *testing.T) {
	s, db := newTestServer(t)
	ctx := context.Background()
	err := db.Import(ctx, sqlite.Batch{Events: []control.Event{
		{ID: "t-published", Day: control.MustDay("2024-12-07"), Place: "homs", Kind: control.KindStatement, Confidence: control.Claimed,
			Summary: "Rebels said they were on the city's walls.", Sources: []control.Source{
				{Outlet: "Dated", Quote: "on its walls", Published: "2024-12-07"},
				{Outlet: "Undated", Quote: "on its walls"},
			}},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const q = "?place=homs&from=2024-12-07&to=2024-12-07"
	rec := get(t, s, "/api/v1/events"+q)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body struct {
		Events []struct {
			ID      string           `json:"id"`
			Sources []map[string]any `json:"sources"`
		} `json:"events"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	// A source without a day has the key with null, not no key.
	want := map[string]any{"Dated": "2024-12-07", "Undated": nil}
	seen := 0
	for _, e := range body.Events {
		if e.ID != "t-published" {
			continue
		}
		for _, src := range e.Sources {
			seen++
			outlet, _ := src["outlet"].(string)
			got, ok := src["published"]
			if !ok {
				t.Errorf("source %s has no published key", outlet)
			} else if got != want[outlet] {
				t.Errorf("source %s: published = %v, want %v", outlet, got, want[outlet])
			}
		}
	}
	if seen != 2 {
		t.Fatalf("saw %d sources of t-published, want 2 in %s", seen, rec.Body)
	}

	rec = get(t, s, "/api/v1/sources.csv"+q)
	if rec.Code != 200 {
		t.Fatalf("sources.csv: status %d: %s", rec.Code, rec.Body)
	}
	ds, err := dataset.ReadFile("sources.csv", rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, src := range ds.Orphans()["t-published"] {
		got[src.Outlet] = src.Published
	}
	if got["Dated"] != "2024-12-07" || got["Undated"] != "" || len(got) != 2 {
		t.Errorf("sources.csv published by outlet = %q, want Dated 2024-12-07 and Undated empty", got)
	}
}
