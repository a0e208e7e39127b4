package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// TestOpenEscapesPath: characters that mean something in an SQLite URI
// (# ? %) are part of the file name, not cut or decoded.
func TestOpenEscapesPath(t *testing.T) {
	for _, name := range []string{"a#b.db", "r?x.db", "p%41.db", "s p.db"} {
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %q: %v", name, err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("open %q did not write that file: %v", name, err)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), name) {
				t.Errorf("open %q wrote %q", name, e.Name())
			}
		}
	}
}

// TestOpenReadOnly: a database on a read-only file is served without a
// write: no migration, no -wal or -shm, the file unchanged; writes fail.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	db, path := open(t)
	ds := embedded(t)
	if err := db.Import(ctx, batchOf(ds), nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer ro.Close()
	events, err := ro.Events(ctx, control.Filter{})
	if err != nil || len(events) != len(ds.Events) {
		t.Fatalf("read-only events: %d, %v; want %d", len(events), err, len(ds.Events))
	}
	if err := ro.Import(ctx, batchOf(ds), nil); err == nil {
		t.Error("an import into a read-only database succeeded")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the read-only database file changed")
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("read-only open left %s", filepath.Base(path+suffix))
		}
	}
}

// TestOpenRefusesDamagedDatabase: one overwritten page is found at start,
// and the error names the file.
func TestOpenRefusesDamagedDatabase(t *testing.T) {
	ctx := context.Background()
	db, path := open(t)
	if err := db.Import(ctx, batchOf(embedded(t)), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, path+".bak"); err != nil { // checkpointed, no -wal
		t.Fatal(err)
	}
	db.Close()
	path += ".bak"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 5*4096 {
		t.Fatalf("database of %d bytes is too small to damage one page in its middle", len(b))
	}
	page := len(b) / 4096 / 2 * 4096
	for i := page; i < page+4096; i++ {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = sqlite.Open(ctx, path)
	if err == nil {
		t.Fatal("a damaged database opened without error")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
}

// TestOpenErrorNamesFile: whatever goes wrong, the file is named.
func TestOpenErrorNamesFile(t *testing.T) {
	dir := t.TempDir() // a directory is not a database
	for _, path := range []string{dir, filepath.Join(dir, "missing", "f.db")} {
		_, err := sqlite.Open(context.Background(), path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("open %s: %v, want an error naming it", path, err)
		}
	}
}
