package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// TestPublishedRoundTrip writes sources with and without a publication day
// to a real file and reads them back, through a whole import and through a
// file that only adds sources.
func TestPublishedRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	day := control.MustDay("2024-12-08")
	dated := control.Source{Outlet: "Reuters", Title: "Rebels take Homs", URL: "https://example.org/homs", Quote: "took Homs", Published: "2024-12-08"}
	undated := control.Source{Outlet: "SOHR", Quote: "army left"}
	b := sqlite.Batch{
		Factions: []control.Faction{{ID: "hts", Name: "HTS-led opposition", Short: "HTS", Color: "#119966"}},
		Places:   []control.Place{{ID: "homs", Name: "Homs", Kind: "city", Lat: 34.7268, Lon: 36.7234}},
		Events: []control.Event{{ID: "e1", Day: day, Place: "homs", Kind: control.KindControl, Controller: "hts", Status: control.StatusHeld,
			Confidence: control.Confirmed, Summary: "HTS took Homs.", Sources: []control.Source{dated, undated}}},
	}
	if err := db.Import(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	sources := func(f control.Filter) []control.Source {
		t.Helper()
		es, err := db.Events(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 {
			t.Fatalf("read %d events, want 1", len(es))
		}
		return es[0].Sources
	}
	want := []control.Source{dated, undated}
	if got := sources(control.Filter{}); !reflect.DeepEqual(got, want) {
		t.Errorf("sources = %+v, want %+v", got, want)
	}
	// A filtered read loads sources through another query.
	if got := sources(control.Filter{Place: "homs", Limit: 1}); !reflect.DeepEqual(got, want) {
		t.Errorf("filtered sources = %+v, want %+v", got, want)
	}
	// The same source with a date it lacked is a new source; one already
	// stored with its date is not added twice.
	later := undated
	later.Published = "2024-12-09"
	more := sqlite.Batch{Sources: map[string][]control.Source{"e1": {dated, later}}}
	if err := db.Import(ctx, more, nil); err != nil {
		t.Fatal(err)
	}
	want = append(want, later)
	if got := sources(control.Filter{}); !reflect.DeepEqual(got, want) {
		t.Errorf("after adding sources = %+v, want %+v", got, want)
	}
}

// TestPublishedMigrationKeepsSources builds a database at schema 6 from the
// migration files with a source in it, and checks that opening it adds an
// empty publication day without losing the source.
func TestPublishedMigrationKeepsSources(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	r := raw(t, path)
	names, err := filepath.Glob(filepath.Join("migrations", "00[1-6]_*.sql"))
	if err != nil || len(names) != 6 {
		t.Fatalf("migrations 001 to 006: %v, %v", names, err)
	}
	for _, name := range names {
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, q := range []string{
		"PRAGMA user_version = 6",
		"INSERT INTO events (id, day, seq, kind, confidence, summary, origin) VALUES ('e1', '2024-12-08', 0, 'statement', 'claimed', 'Assad left.', 'import')",
		"INSERT INTO sources (event_id, n, outlet, title, url, seed, quote) VALUES ('e1', 1, 'AFP', '', '', '', 'Assad left')",
	} {
		if _, err := r.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	r.Close()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	es, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []control.Source{{Outlet: "AFP", Quote: "Assad left"}}
	if len(es) != 1 || !reflect.DeepEqual(es[0].Sources, want) {
		t.Errorf("events after migration = %+v, want e1 with source %+v", es, want)
	}
}
