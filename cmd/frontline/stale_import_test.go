package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStaleImportsCleared: the temporary files a killed import into a new
// database leaves beside it are removed by the next start and the next
// import, while the file of an import still running is left alone.
func TestStaleImportsCleared(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "f.db")
	plant := func() []string {
		var names []string
		for _, n := range []string{".f.db.import-111", ".f.db.import-111-wal", ".f.db.import-222-shm"} {
			p := filepath.Join(dir, n)
			if err := os.WriteFile(p, []byte("left by a killed import"), 0o644); err != nil {
				t.Fatal(err)
			}
			names = append(names, p)
		}
		return names
	}
	gone := func(when string, names []string) {
		t.Helper()
		for _, n := range names {
			if _, err := os.Stat(n); err == nil {
				t.Errorf("%s: %s is still there", when, filepath.Base(n))
			}
		}
	}
	live, err := newImportTarget(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer live.drop()

	stale := plant()
	db, err := openServed(context.Background(), dbPath, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	gone("after a start", stale)
	if _, err := os.Stat(live.path); err != nil {
		t.Errorf("the running import's file was removed: %v", err)
	}

	stale = plant()
	other := filepath.Join(dir, "new.db")
	for i, n := range stale {
		stale[i] = filepath.Join(dir, ".new.db"+filepath.Base(n)[len(".f.db"):])
		if err := os.Rename(n, stale[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(context.Background(), []string{"import", "--db", other, writeImportDir(t, 5, false)}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	gone("after an import", stale)
}

// TestTamperedCoverageRefusedAtStart: a stored "updated" that is not a
// date stops the start with an error naming it, instead of a server whose
// every page fails.
func TestTamperedCoverageRefusedAtStart(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "f.db")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := openServed(context.Background(), dbPath, false, log)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	other, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec("UPDATE meta SET value = 'last Tuesday' WHERE key = 'updated'"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	for _, readOnly := range []bool{false, true} {
		db, err := openServed(context.Background(), dbPath, readOnly, log)
		if err == nil {
			db.Close()
			t.Errorf("read-only %v: a database whose updated is %q was opened", readOnly, "last Tuesday")
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "updated") || !strings.Contains(msg, "last Tuesday") || !strings.Contains(msg, dbPath) {
			t.Errorf("read-only %v: error %q does not name the file, the field and its value", readOnly, msg)
		}
	}
}
