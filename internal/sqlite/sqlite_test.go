package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"

	"frontline/data"
	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/sqlite"
)

func open(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func embedded(t *testing.T) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func batchOf(ds *dataset.Dataset) sqlite.Batch {
	return sqlite.Batch{Factions: ds.Factions, Places: ds.Places, Areas: ds.Areas, Events: ds.Events, Coverage: ds.Coverage, Aliases: ds.Aliases, AllAliases: true}
}

// raw opens the file with database/sql to look at it from outside the store.
func raw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenPragmasAndMigrations(t *testing.T) {
	ctx := context.Background()
	db, path := open(t)
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	r := raw(t, path)
	var mode string
	if err := r.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	if got := count(t, r, "PRAGMA user_version"); got < 1 {
		t.Errorf("user_version = %d, want the last migration", got)
	}
	// Reopening applies nothing twice.
	db2, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	db2.Close()
	// Foreign keys are enforced on the store's connections: an event at an
	// unknown place is refused.
	err = db.Import(ctx, sqlite.Batch{Events: []control.Event{{ID: "x", Day: control.MustDay("2024-12-01"), Place: "nowhere",
		Kind: control.KindStatement, Confidence: control.Claimed, Summary: "s"}}}, nil)
	if err == nil {
		t.Error("import of an event at an unknown place succeeded; foreign keys are off")
	}
}

// TestStoreAgreesWithRule checks that what the server indexes (places,
// areas and the control timeline from the store) gives the rule's answer over
// every stored event, for every place on every day of the dataset and around
// it, including a locality that only area events reach.
func TestStoreAgreesWithRule(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	ds := embedded(t)
	if _, err := db.ApplyDataset(ctx, batchOf(ds), "h1"); err != nil {
		t.Fatal(err)
	}
	first, _, ok, err := db.Span(ctx)
	if err != nil || !ok {
		t.Fatalf("span: %v %v", ok, err)
	}
	if got, want := first.String(), "2024-11-26"; got != want {
		t.Errorf("first day %s, want %s", got, want)
	}
	// An editor's area and an area event over it, beside the dataset's.
	area := control.Area{ID: "desk-box", Name: "Desk box", Polygons: [][][][2]float64{{{{36.0, 34.0}, {37.5, 34.0}, {37.5, 35.5}, {36.0, 35.5}, {36.0, 34.0}}}}}
	loc := control.Place{ID: "desk-village", Name: "Desk village", Kind: control.KindLocality, Lat: 34.5, Lon: 36.9, Population: 1200, Ref: "desk:1"}
	ev := control.Event{ID: "desk-box-sdf", Day: control.MustDay("2024-12-03"), Seq: 1, Area: area.ID, Kind: control.KindControl,
		Controller: "sdf", Status: control.StatusHeld, Confidence: control.Claimed, Summary: "s", Sources: []control.Source{{Outlet: "Desk"}}}
	if err := db.Import(ctx, sqlite.Batch{Places: []control.Place{loc}, Areas: []control.Area{area}, Events: []control.Event{ev}}, nil); err != nil {
		t.Fatal(err)
	}
	agrees(t, db)
	places, err := db.Places(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := places[len(places)-1]; !reflect.DeepEqual(got, loc) {
		t.Errorf("locality read back as %+v, want %+v", got, loc)
	}
	areas, err := db.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Areas come back ordered by their position in the batch that wrote
	// them, so the editor's area is found by id, beside the dataset's.
	if got, want := len(areas), len(ds.Areas)+1; got != want {
		t.Errorf("%d areas read back, want %d", got, want)
	}
	var found bool
	for _, got := range areas {
		if got.ID == area.ID {
			found = true
			if !reflect.DeepEqual(got, area) {
				t.Errorf("area read back as %+v, want %+v", got, area)
			}
		}
	}
	if !found {
		t.Errorf("area %s was not read back", area.ID)
	}
	got, err := db.Events(ctx, control.Filter{Area: area.ID})
	if err != nil || len(got) != 1 || got[0].Area != area.ID || got[0].Place != "" {
		t.Errorf("events on the area: %+v %v", got, err)
	}
}

func TestCoverageRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	if got, err := db.Coverage(ctx); err != nil || got != nil {
		t.Fatalf("coverage of an empty database = %+v, %v; want nil", got, err)
	}
	want := &control.Coverage{First: control.MustDay("2024-11-26"), Last: control.MustDay("2024-12-31"), Updated: control.MustDay("2026-11-22")}
	if err := db.Import(ctx, sqlite.Batch{Coverage: want}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Coverage(ctx)
	if err != nil || *got != *want {
		t.Errorf("coverage = %+v, %v; want %+v", got, err, want)
	}
}

func TestImportIsIdempotentAndAtomic(t *testing.T) {
	ctx := context.Background()
	db, path := open(t)
	ds := embedded(t)
	for i := 0; i < 2; i++ {
		if err := db.Import(ctx, batchOf(ds), nil); err != nil {
			t.Fatal(err)
		}
	}
	r := raw(t, path)
	if got, want := count(t, r, "SELECT COUNT(*) FROM events"), len(ds.Events); got != want {
		t.Errorf("after two imports: %d events, want %d", got, want)
	}
	sources := ds.Count().Sources
	if got := count(t, r, "SELECT COUNT(*) FROM sources"); got != sources {
		t.Errorf("after two imports: %d sources, want %d", got, sources)
	}
	// A batch whose last event is bad changes nothing, not even the first ones.
	before := count(t, r, "SELECT COUNT(*) FROM events")
	version, _ := db.Version(ctx)
	bad := sqlite.Batch{Events: []control.Event{
		{ID: "new-good", Day: control.MustDay("2024-12-20"), Place: "homs", Kind: control.KindStatement, Confidence: control.Claimed, Summary: "ok",
			Sources: []control.Source{{Outlet: "o"}}},
		{ID: "new-bad", Day: control.MustDay("2024-12-20"), Place: "homs", Kind: control.KindControl, Controller: "nobody",
			Status: control.StatusHeld, Confidence: control.Claimed, Summary: "bad"},
	}}
	if err := db.Import(ctx, bad, nil); err == nil {
		t.Fatal("import with an unknown faction succeeded")
	}
	if got := count(t, r, "SELECT COUNT(*) FROM events"); got != before {
		t.Errorf("failed import left %d events, want %d", got, before)
	}
	if v, _ := db.Version(ctx); v != version {
		t.Errorf("failed import moved the version from %d to %d", version, v)
	}
}

func TestApplyDatasetKeepsImportedEvents(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	ds := embedded(t)
	if applied, err := db.ApplyDataset(ctx, batchOf(ds), "v1"); err != nil || !applied {
		t.Fatalf("first apply: %v %v", applied, err)
	}
	if applied, err := db.ApplyDataset(ctx, batchOf(ds), "v1"); err != nil || applied {
		t.Fatalf("same hash applied again: %v %v", applied, err)
	}
	// An editor imports an event of their own and corrects one of the dataset's.
	mine := control.Event{ID: "2024-12-12-homs-editor", Day: control.MustDay("2024-12-12"), Place: "homs", Kind: control.KindStatement,
		Confidence: control.Confirmed, Summary: "editor's", Sources: []control.Source{{Outlet: "desk"}}}
	fixed := ds.Events[0]
	fixed.Summary = "corrected by an editor"
	// And one at a place whose only own dataset event goes away below: the
	// area baseline around it (sdf-northeast) then holds it until this day.
	raqqa := control.Event{ID: "2024-12-02-raqqa-editor", Day: control.MustDay("2024-12-02"), Place: "raqqa", Kind: control.KindControl,
		Controller: "sdf", Status: control.StatusHeld, Confidence: control.Confirmed, Summary: "editor's", Sources: []control.Source{{Outlet: "desk"}}}
	if err := db.Import(ctx, sqlite.Batch{Events: []control.Event{mine, fixed, raqqa}}, nil); err != nil {
		t.Fatal(err)
	}
	// A newer dataset drops its last event and changes another.
	next := *ds
	next.Events = nil
	for _, e := range ds.Events[:len(ds.Events)-1] {
		// Dropping Daraa's first SOR row moves the start of the hold it
		// began to the next SOR row's day (2024-12-07-daraa-confirmed).
		if e.ID != "2024-12-06-daraa-sor" && e.ID != "2024-11-26-raqqa-baseline" {
			next.Events = append(next.Events, e)
		}
	}
	dropped := ds.Events[len(ds.Events)-1].ID
	next.Events[0].Summary = "dataset's new text"
	if applied, err := db.ApplyDataset(ctx, batchOf(&next), "v2"); err != nil || !applied {
		t.Fatalf("second apply: %v %v", applied, err)
	}
	all, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]control.Event{}
	for _, e := range all {
		byID[e.ID] = e
	}
	if _, ok := byID[mine.ID]; !ok {
		t.Error("the editor's event was dropped")
	}
	if got := byID[fixed.ID].Summary; got != "corrected by an editor" {
		t.Errorf("editor's correction overwritten: %q", got)
	}
	if _, ok := byID[dropped]; ok {
		t.Errorf("event %s, gone from the dataset, is still there", dropped)
	}
	if got, want := len(all), len(ds.Events)-1; got != want { // -3 dropped, +2 mine
		t.Errorf("%d events, want %d", got, want)
	}
	agrees(t, db)
	// The holds the dropped rows began or ended now follow the rows left.
	places, err := db.Places(ctx)
	if err != nil {
		t.Fatal(err)
	}
	areas, err := db.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := func(id, day string) control.Control {
		for _, p := range places {
			if p.ID == id {
				return control.ControlOn(p, all, areas, control.MustDay(day))
			}
		}
		t.Fatalf("no place %s", id)
		return control.Control{}
	}
	if c := at("daraa", "2024-12-07"); c.Controller != "sor" || c.Since != control.MustDay("2024-12-07") || c.EventID != "2024-12-07-daraa-confirmed" {
		t.Errorf("daraa on 2024-12-07 without the 6 December row: %+v", c)
	}
	if c := at("raqqa", "2024-12-01"); c.Controller != "sdf" || c.EventID != "2024-11-26-sdf-northeast-baseline" {
		t.Errorf("raqqa on 2024-12-01 without its baseline: %+v", c)
	}
	if c := at("raqqa", "2024-12-02"); c.EventID != raqqa.ID || c.Since != control.MustDay("2024-11-26") {
		t.Errorf("raqqa on 2024-12-02: %+v, want the editor's row continuing the SDF hold from 2024-11-26", c)
	}
}

func TestEventsFilterAndSources(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	ds := embedded(t)
	if _, err := db.ApplyDataset(ctx, batchOf(ds), "h"); err != nil {
		t.Fatal(err)
	}
	day := control.MustDay("2024-12-06")
	got, err := db.Events(ctx, control.Filter{From: day, To: day})
	if err != nil {
		t.Fatal(err)
	}
	var want []control.Event
	for _, e := range ds.Events {
		if e.Day == day {
			want = append(want, e)
		}
	}
	dataset.SortEvents(want)
	if len(got) != len(want) {
		t.Fatalf("%d events on %s, want %d", len(got), day, len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	daraa, err := db.Events(ctx, control.Filter{Place: "daraa", Kind: control.KindDisputed})
	if err != nil {
		t.Fatal(err)
	}
	if len(daraa) != 1 || daraa[0].Controller != "hts" {
		t.Errorf("disputed events at daraa: %+v", daraa)
	}
	newest, err := db.Events(ctx, control.Filter{Newest: true, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(newest) != 3 || newest[0].Day < newest[2].Day || len(newest[0].Sources) == 0 {
		t.Errorf("newest 3: %+v", newest)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	if _, err := db.ApplyDataset(ctx, batchOf(embedded(t)), "h"); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, to); err != nil {
		t.Fatal(err)
	}
	r := raw(t, to)
	var ok string
	if err := r.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check of the copy: %q %v", ok, err)
	}
	if got := count(t, r, "SELECT COUNT(*) FROM events"); got == 0 {
		t.Error("the copy holds no events")
	}
	if err := db.Backup(ctx, to); err == nil {
		t.Error("backup over an existing file succeeded")
	}
}

// agrees checks that the index the server builds from the store's places,
// areas and timeline agrees with the rule over every stored event, for every
// day from before the first event to after the last.
func agrees(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	events, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	places, err := db.Places(ctx)
	if err != nil {
		t.Fatal(err)
	}
	areas, err := db.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	timeline, err := db.Timeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ix := control.NewIndex(places, timeline, areas)
	first, last, _, err := db.Span(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// control.Snapshot is ControlOn for each place; each place is asked
	// here over what reaches it (control.Reaching), found once, which gives
	// the same answer without testing every area's outline on every day.
	rules := make([]func(control.Day) control.Control, len(places))
	for i, p := range places {
		reach, in := control.Reaching(p, events, areas)
		rules[i] = func(d control.Day) control.Control { return control.ControlOn(p, reach, in, d) }
	}
	for d := first - 1; d <= last+1; d++ {
		want := make([]control.Control, len(places))
		for i := range places {
			want[i] = rules[i](d)
		}
		if got := ix.At(d); !reflect.DeepEqual(got, want) {
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s %s:\n got %+v\nwant %+v", d, places[i].ID, got[i], want[i])
				}
			}
		}
	}
}

// TestSourcesFileAddsSources: a file of sources alone adds them to stored
// events, once, keeping the sources the events had.
func TestSourcesFileAddsSources(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	ds := embedded(t)
	if _, err := db.ApplyDataset(ctx, batchOf(ds), "h"); err != nil {
		t.Fatal(err)
	}
	// Damascus has two control events on 8 December: the SOR row first, then
	// the HTS row (2024-12-08-damascus-sor, 2024-12-08-damascus-hts). Sources
	// are added to the HTS one; the SOR one keeps its own.
	id, other := "2024-12-08-damascus-hts", "2024-12-08-damascus-sor"
	damascus := func() map[string]control.Event {
		t.Helper()
		evs, err := db.Events(ctx, control.Filter{From: control.MustDay("2024-12-08"), To: control.MustDay("2024-12-08"), Place: "damascus", Kind: control.KindControl})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 2 || evs[0].ID != other || evs[1].ID != id {
			t.Fatalf("damascus on 2024-12-08: %+v, want %s then %s", evs, other, id)
		}
		return map[string]control.Event{evs[0].ID: evs[0], evs[1].ID: evs[1]}
	}
	before := damascus()
	extra := control.Source{Outlet: "Desk", URL: "https://example.org/x", Quote: "an extra source"}
	batch := sqlite.Batch{Sources: map[string][]control.Source{id: {extra, before[id].Sources[0]}}}
	for i := 0; i < 2; i++ {
		if err := db.Import(ctx, batch, nil); err != nil {
			t.Fatal(err)
		}
	}
	after := damascus()
	got := after[id].Sources
	want := append(append([]control.Source(nil), before[id].Sources...), extra)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources after adding one twice:\n got %+v\nwant %+v", got, want)
	}
	if got, want := after[other].Sources, before[other].Sources; !reflect.DeepEqual(got, want) {
		t.Errorf("sources of %s changed:\n got %+v\nwant %+v", other, got, want)
	}
}
