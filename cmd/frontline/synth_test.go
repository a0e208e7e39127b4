package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/sqlite"
)

// TestSynth checks that synthetic data directories of several sizes are
// valid data, import, and give the snapshots the rule gives.
func TestSynth(t *testing.T) {
	ctx := context.Background()
	// Synthetic data uses the real factions, those of the embedded dataset.
	real, _, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		places, events int
	}{
		{1, 0},
		{7, 3}, // fewer events than places: some places stay unknown
		{5, 100},
		{40, 3000},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.places)+"x"+strconv.Itoa(tt.events), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			var out bytes.Buffer
			args := []string{"synth", "--places", strconv.Itoa(tt.places), "--events", strconv.Itoa(tt.events), "--seed", "7", "--out", dir}
			if err := run(ctx, args, nil, &out, &out); err != nil {
				t.Fatalf("synth: %v\n%s", err, out.String())
			}
			ds, err := dataset.ReadDir(os.DirFS(dir), ".", dir)
			if err != nil {
				t.Fatalf("read synthetic data: %v", err)
			}
			if err := dataset.Check(ds, dataset.Known{}); err != nil {
				t.Fatalf("check synthetic data: %v", err)
			}
			if got, want := ds.Count(), (dataset.Counts{Factions: len(real.Factions), Places: tt.places, Events: tt.events, Sources: tt.events}); got != want {
				t.Errorf("counts = %+v, want %+v", got, want)
			}
			// Arabic names are not written; the rest of each faction is.
			var ids, want []string
			for _, f := range ds.Factions {
				ids = append(ids, f.ID+" "+f.Short+" "+f.Color)
			}
			for _, f := range real.Factions {
				want = append(want, f.ID+" "+f.Short+" "+f.Color)
			}
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("factions = %q, want the embedded ones %q", ids, want)
			}
			kinds := map[control.Kind]int{}
			for _, e := range ds.Events {
				kinds[e.Kind]++
				if len(e.Sources) != 1 || dataset.CheckURL(e.Sources[0].URL) != "" || e.Sources[0].URL[:8] != "https://" {
					t.Fatalf("event %s has sources %+v, want one with an https URL", e.ID, e.Sources)
				}
			}
			if tt.events >= 100 && kinds[control.KindControl] < tt.events*3/4 {
				t.Errorf("%d of %d events are control events, want most", kinds[control.KindControl], tt.events)
			}

			db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "f.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Import(ctx, batch(ds), nil); err != nil {
				t.Fatalf("import synthetic data: %v", err)
			}
			timeline, err := db.Timeline(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ix := control.NewIndex(ds.Places, timeline, nil)
			for _, day := range []string{"2024-11-25", "2024-11-26", "2024-12-01", "2024-12-15"} {
				d := control.MustDay(day)
				got := ix.At(d)
				want := control.Snapshot(ds.Places, ds.Events, nil, d)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("snapshot of %s from the database differs from the rule:\n got %+v\nwant %+v", day, got, want)
				}
			}
		})
	}
}

// TestSynthDeterministic checks that a seed always writes the same bytes
// and another seed writes others.
func TestSynthDeterministic(t *testing.T) {
	ctx := context.Background()
	gen := func(seed string) []byte {
		dir := filepath.Join(t.TempDir(), "data")
		var out bytes.Buffer
		if err := run(ctx, []string{"synth", "--places", "20", "--events", "500", "--seed", seed, "--out", dir}, nil, &out, &out); err != nil {
			t.Fatalf("synth: %v\n%s", err, out.String())
		}
		var all []byte
		for _, f := range []string{dataset.FactionsFile, dataset.PlacesFile, dataset.EventsFile, dataset.SourcesFile} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	a, b, c := gen("3"), gen("3"), gen("4")
	if !bytes.Equal(a, b) {
		t.Error("two runs with seed 3 wrote different files")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 3 and 4 wrote the same files")
	}
}

// TestSynthDays checks that --days spreads the events over that many days
// from 26 November 2024 and that coverage.csv says so.
func TestSynthDays(t *testing.T) {
	tests := []struct {
		args []string
		last string
	}{
		{nil, "2024-12-31"}, // 36 days by default
		{[]string{"--days", "741"}, "2026-12-06"},
		{[]string{"--days", "1"}, "2024-11-26"},
	}
	for _, tt := range tests {
		t.Run(tt.last, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			var out bytes.Buffer
			args := append([]string{"synth", "--places", "30", "--events", "3000", "--out", dir}, tt.args...)
			if err := run(context.Background(), args, nil, &out, &out); err != nil {
				t.Fatalf("synth: %v\n%s", err, out.String())
			}
			ds, err := dataset.ReadDir(os.DirFS(dir), ".", dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := dataset.Check(ds, dataset.Known{}); err != nil {
				t.Fatalf("check synthetic data: %v", err)
			}
			if ds.Coverage == nil {
				t.Fatal("no coverage.csv written")
			}
			if got, want := ds.Coverage.First.String()+" "+ds.Coverage.Last.String(), "2024-11-26 "+tt.last; got != want {
				t.Errorf("coverage = %s, want %s", got, want)
			}
			lo, hi := ds.Events[0].Day, ds.Events[0].Day
			for _, e := range ds.Events {
				lo, hi = min(lo, e.Day), max(hi, e.Day)
			}
			span := int(ds.Coverage.Last-ds.Coverage.First) + 1
			if lo != ds.Coverage.First || hi > ds.Coverage.Last || int(hi-lo)+1 < span*9/10 {
				t.Errorf("events from %s to %s, want them spread over %s to %s", lo, hi, ds.Coverage.First, ds.Coverage.Last)
			}
		})
	}
}

func TestSynthUsage(t *testing.T) {
	tests := [][]string{
		{"synth"},
		{"synth", "--places", "0", "--out", "x"},
		{"synth", "--events", "-1", "--out", "x"},
		{"synth", "--out", "x", "extra"},
		{"synth", "--days", "0", "--out", "x"},
		{"synth", "--bbox", "-60,-20,-50", "--out", "x"},
		{"synth", "--bbox", "-50,-20,-60,-10", "--out", "x"},
		{"synth", "--bbox", "-60,-89,-50,-10", "--out", "x"},
		{"synth", "--bbox", "a,b,c,d", "--out", "x"},
	}
	for _, args := range tests {
		var out bytes.Buffer
		err := run(context.Background(), args, nil, &out, &out)
		if _, ok := err.(usageError); !ok {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}

// embeddedFactions are the factions synth uses: the real ones.
func embeddedFactions(t *testing.T) []control.Faction {
	t.Helper()
	ds, _, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	return ds.Factions
}
