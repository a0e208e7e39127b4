package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"frontline/assets"
	"frontline/data"
	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/sqlite"
)

// newTestServer returns a server over a real SQLite file in t.TempDir(),
// loaded with the embedded dataset, as `frontline serve` runs it.
func newTestServer(t testing.TB) (*Server, *sqlite.DB) {
	t.Helper()
	return newTestServerAt(t, filepath.Join(t.TempDir(), "test.db"))
}

// newTestServerAt is newTestServer on the database file at path.
func newTestServerAt(t testing.TB, path string) (*Server, *sqlite.DB) {
	t.Helper()
	return newTestServerEdited(t, path, nil)
}

// newTestServerEdited is newTestServerAt over the embedded dataset as edit
// changes it (nil: unchanged), once it has passed the checks.
func newTestServerEdited(t testing.TB, path string, edit func(*dataset.Dataset)) (*Server, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ds, err := dataset.ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := dataset.Check(ds, dataset.Known{}); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(ds)
	}
	if _, err := db.ApplyDataset(ctx, sqlite.Batch{Factions: ds.Factions, Places: ds.Places, Areas: ds.Areas, Events: ds.Events, Coverage: ds.Coverage, Aliases: ds.Aliases, AllAliases: true}, "test"); err != nil {
		t.Fatal(err)
	}
	s := newServerOn(t, db)
	return s, db
}

// newServerOn builds a server over any store.
func newServerOn(t testing.TB, store Store) *Server {
	t.Helper()
	s, err := New(Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Assets: assets.FS, Region: testRegion(t, true)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get sends one request through the server and returns the recorded response.
func get(t testing.TB, s *Server, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

// placeOf reads one stored place.
func placeOf(t *testing.T, db *sqlite.DB, id string) control.Place {
	t.Helper()
	places, err := db.Places(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range places {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no place %q", id)
	return control.Place{}
}

// areasOf reads the stored areas.
func areasOf(t *testing.T, db *sqlite.DB) []control.Area {
	t.Helper()
	areas, err := db.Areas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return areas
}

// coverageOf reads the days the stored data declares it covers. Pages and
// the API offer exactly these days, so tests over the embedded dataset
// (which declares them in data/coverage.csv) take their range from here.
func coverageOf(t testing.TB, db *sqlite.DB) control.Coverage {
	t.Helper()
	c, err := db.Coverage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		t.Fatal("the stored data declares no coverage")
	}
	return *c
}

// trackedOf reads the stored tracked places (not localities): the rows of
// the tables, lists and timeline, in their stored order.
func trackedOf(t testing.TB, db *sqlite.DB) []control.Place {
	t.Helper()
	places, err := db.Places(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []control.Place
	for _, p := range places {
		if p.Tracked() {
			out = append(out, p)
		}
	}
	return out
}

// newServerWith builds a server over the embedded dataset with its
// configuration changed by edit.
func newServerWith(t testing.TB, edit func(*Config)) (*Server, *sqlite.DB) {
	t.Helper()
	_, db := newTestServer(t)
	cfg := Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Assets: assets.FS, Region: testRegion(t, false)}
	edit(&cfg)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

// httpRequest is a GET request for target.
func httpRequest(t testing.TB, target string) *http.Request {
	t.Helper()
	return httptest.NewRequest(http.MethodGet, target, nil)
}

// mustData loads the server's per-version data.
func mustData(t testing.TB, s *Server) *snapshotData {
	t.Helper()
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// testRegion is the embedded region, as serve passes it; without layers
// it has only its outline.
func testRegion(t testing.TB, layers bool) *control.Region {
	t.Helper()
	r, err := dataset.ReadRegion(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if !layers {
		r.Layers = nil
	}
	return r
}

// runNode runs an ES module script in Node with dir as its argument and
// returns what it printed. Node is one of the two things the README asks a
// machine to have, so a missing one fails the test.
func runNode(t *testing.T, script, dir string) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: the README's commands need Go and Node")
	}
	cmd := exec.Command(node, "--no-warnings", "--input-type=module", "-e", script, dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	return out
}

// referenceRule is control.ControlOn for one place over what reaches it,
// found once (control.Reaching): the same answer, without testing every
// area's outline on every day.
func referenceRule(p control.Place, events []control.Event, areas []control.Area) func(control.Day) control.Control {
	reach, in := control.Reaching(p, events, areas)
	return func(day control.Day) control.Control { return control.ControlOn(p, reach, in, day) }
}
