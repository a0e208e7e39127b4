package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// TestArabicTextRoundTrip writes factions, an area and events with and
// without their Arabic text to a real file, reads them back, then writes new
// Arabic text over them, as a corrected dataset would.
func TestArabicTextRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	day := control.MustDay("2024-12-07")
	area := control.Area{ID: "homs-north", Name: "North of Homs", NameAR: "شمال حمص", Note: "a box",
		Polygons: [][][][2]float64{{{{36.5, 34.8}, {37, 34.8}, {37, 35.1}, {36.5, 35.1}, {36.5, 34.8}}}}}
	b := sqlite.Batch{
		Factions: []control.Faction{
			{ID: "government", Name: "Syrian government", Short: "Government", Color: "#772233", NameAR: "الحكومة السورية", ShortAR: "الحكومة"},
			{ID: "hts", Name: "HTS-led opposition", Short: "HTS", Color: "#119966"},
		},
		Places: []control.Place{{ID: "homs", Name: "Homs", NameAR: "حمص", Kind: "city", Lat: 34.7268, Lon: 36.7234}},
		Areas:  []control.Area{area},
		Events: []control.Event{
			{ID: "e-ar", Day: day, Place: "homs", Kind: control.KindStatement, Confidence: control.Claimed,
				Summary: "Rebels said they were on the city's walls.", SummaryAR: "قال المعارضون إنهم على أسوار المدينة.",
				Sources: []control.Source{{Outlet: "SOHR"}}},
			{ID: "e-en", Day: day, Area: "homs-north", Kind: control.KindControl, Controller: "hts", Status: control.StatusHeld,
				Confidence: control.Claimed, Summary: "HTS took the countryside.", Sources: []control.Source{{Outlet: "SOHR"}}},
		},
	}
	if err := db.Import(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	check := func(wantShortAR, wantSummaryAR, wantAreaAR string) {
		t.Helper()
		fs, err := db.Factions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 2 {
			t.Fatalf("read %d factions, want 2", len(fs))
		}
		if got, want := fs[0].ShortAR, wantShortAR; got != want {
			t.Errorf("government short_ar = %q, want %q", got, want)
		}
		if got, want := fs[0].NameAR, "الحكومة السورية"; got != want {
			t.Errorf("government name_ar = %q, want %q", got, want)
		}
		if got := fs[1].ShortAR; got != "" {
			t.Errorf("hts short_ar = %q, want empty", got)
		}
		es, err := db.Events(ctx, control.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		ar := map[string]string{}
		for _, e := range es {
			ar[e.ID] = e.SummaryAR
		}
		if got, want := ar["e-ar"], wantSummaryAR; got != want {
			t.Errorf("e-ar summary_ar = %q, want %q", got, want)
		}
		if got := ar["e-en"]; got != "" {
			t.Errorf("e-en summary_ar = %q, want empty", got)
		}
		// A filtered read goes through the query that joins sources.
		es, err = db.Events(ctx, control.Filter{Place: "homs", Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].SummaryAR != wantSummaryAR || len(es[0].Sources) != 1 {
			t.Errorf("filtered events = %+v, want e-ar with summary_ar %q and its source", es, wantSummaryAR)
		}
		as, err := db.Areas(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].NameAR != wantAreaAR {
			t.Errorf("areas = %+v, want one with name_ar %q", as, wantAreaAR)
		}
	}
	check("الحكومة", "قال المعارضون إنهم على أسوار المدينة.", "شمال حمص")

	b.Factions[0].ShortAR = "النظام"
	b.Events[0].SummaryAR = "قال مقاتلو المعارضة إنهم على أسوار المدينة."
	b.Areas[0].NameAR = "ريف حمص الشمالي"
	if err := db.Import(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	check("النظام", "قال مقاتلو المعارضة إنهم على أسوار المدينة.", "ريف حمص الشمالي")
}

// TestArabicMigrationKeepsRows builds a database at schema 4 from the
// migration files, with a faction and an event in it, and checks that
// opening it adds the Arabic columns empty without losing the rows.
func TestArabicMigrationKeepsRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	r := raw(t, path)
	for _, name := range []string{"001_init.sql", "002_snapshot_index.sql", "003_territory.sql", "004_kind_index.sql"} {
		body, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, q := range []string{
		"PRAGMA user_version = 4",
		"INSERT INTO factions (id, name, short, color, name_ar) VALUES ('hts', 'HTS-led opposition', 'HTS', '#119966', 'إدارة العمليات العسكرية')",
		"INSERT INTO events (id, day, seq, kind, confidence, summary, origin) VALUES ('e1', '2024-12-08', 0, 'statement', 'claimed', 'Assad left.', 'dataset')",
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
	fs, err := db.Factions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].NameAR != "إدارة العمليات العسكرية" || fs[0].ShortAR != "" {
		t.Errorf("factions after migration = %+v, want hts with its name_ar and an empty short_ar", fs)
	}
	es, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Summary != "Assad left." || es[0].SummaryAR != "" {
		t.Errorf("events after migration = %+v, want e1 with an empty summary_ar", es)
	}
}
