package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// The benchmarks' databases are built once per size and kept under one
// directory for the whole run: building the largest takes far longer than
// measuring it. FRONTLINE_BENCH_DIR keeps them across runs as well.
var bench struct {
	mu   sync.Mutex
	dir  string
	temp bool
	dbs  map[string]string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.temp {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchFirst is the first day of the synthetic events; they span benchDays.
var benchFirst = control.MustDay("2024-11-26")

const benchDays = 20

// benchBatch makes a batch of places and events spread evenly over them:
// mostly control events (holds, contests, changes of hands), some strikes.
func benchBatch(places, events int) sqlite.Batch {
	rng := rand.New(rand.NewPCG(uint64(places), uint64(events)))
	factions := []string{"government", "hts", "sor", "sna", "sdf", "sfa"}
	var b sqlite.Batch
	for _, f := range factions {
		b.Factions = append(b.Factions, control.Faction{ID: f, Name: f, Short: f, Color: "#123456"})
	}
	for i := range places {
		b.Places = append(b.Places, control.Place{
			ID: fmt.Sprintf("p%d", i+1), Name: fmt.Sprintf("Place %d", i+1), NameAR: "بلدة", Kind: "town",
			Lat: 32.4 + rng.Float64()*4.8, Lon: 35.8 + rng.Float64()*6.4,
		})
	}
	b.Events = make([]control.Event, 0, events)
	for i := range events {
		e := control.Event{
			ID:         fmt.Sprintf("e%d", i+1),
			Day:        benchFirst.Add(rng.IntN(benchDays)),
			Seq:        i,
			Place:      b.Places[i%places].ID,
			Kind:       control.KindControl,
			Controller: factions[rng.IntN(len(factions))],
			Status:     control.StatusHeld,
			Confidence: control.Confirmed,
			Summary:    "Synthetic event.",
			Sources:    []control.Source{{Outlet: "Synthetic Wire", URL: "https://example.org/" + fmt.Sprint(i)}},
		}
		switch r := rng.IntN(10); {
		case r == 0:
			e.Kind, e.Controller, e.Status = control.KindStrike, "", ""
		case r < 4:
			e.Status, e.Challenger = control.StatusContested, factions[(1+rng.IntN(len(factions)-1)+indexOf(factions, e.Controller))%len(factions)]
		case r < 6:
			e.Confidence = control.Claimed
		}
		b.Events = append(b.Events, e)
	}
	return b
}

func indexOf(ss []string, s string) int {
	for i, v := range ss {
		if v == s {
			return i
		}
	}
	return -1
}

// benchDB opens the database of the given size, building it on first use.
func benchDB(b *testing.B, places, events int) *sqlite.DB {
	b.Helper()
	ctx := context.Background()
	bench.mu.Lock()
	defer bench.mu.Unlock()
	if bench.dbs == nil {
		bench.dbs = map[string]string{}
		bench.dir = os.Getenv("FRONTLINE_BENCH_DIR")
		if bench.dir == "" {
			dir, err := os.MkdirTemp("", "frontline-bench-")
			if err != nil {
				b.Fatal(err)
			}
			bench.dir, bench.temp = dir, true
		} else if err := os.MkdirAll(bench.dir, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	// The name carries a version so a kept file is rebuilt when benchBatch
	// changes; Open migrates a kept file to the current schema.
	path := filepath.Join(bench.dir, fmt.Sprintf("v2-p%d-e%d.db", places, events))
	if _, built := bench.dbs[path]; !built {
		if _, err := os.Stat(path); err != nil {
			start := time.Now()
			tmp := path + ".building"
			os.Remove(tmp)
			os.Remove(tmp + "-wal")
			os.Remove(tmp + "-shm")
			db, err := sqlite.Open(ctx, tmp)
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Import(ctx, benchBatch(places, events), nil); err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				b.Fatal(err)
			}
			b.Logf("built %d places, %d events in %s", places, events, time.Since(start).Round(time.Millisecond))
		}
		bench.dbs[path] = path
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkTimeline measures loading every control event, which the server
// does once per data version to build its index (the target at 10,000
// places and a million events is under 2 s with everything else it loads).
func BenchmarkTimeline(b *testing.B) {
	for _, size := range []struct{ places, events int }{
		{5, 100},
		{1_000, 100_000},
		{10_000, 1_000_000},
	} {
		b.Run(fmt.Sprintf("places=%d/events=%d", size.places, size.events), func(b *testing.B) {
			db := benchDB(b, size.places, size.events)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				events, err := db.Timeline(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if len(events) == 0 {
					b.Fatal("no events")
				}
			}
		})
	}
}
