package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"frontline/internal/sqlite"
)

// TestWriterLockedOut: while another process holds the write lock (a long
// import), opening the database and applying the same embedded dataset
// neither waits nor fails, and a second writer says an import is running.
func TestWriterLockedOut(t *testing.T) {
	// Most of its time is the second writer's wait for the lock, on its own
	// database: the other tests need not wait for it.
	t.Parallel()
	ctx := context.Background()
	db, path := open(t)
	ds := embedded(t)
	if _, err := db.ApplyDataset(ctx, batchOf(ds), "h1"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	other := raw(t, path)
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")

	start := time.Now()
	db2, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open while another process writes: %v", err)
	}
	defer db2.Close()
	if applied, err := db2.ApplyDataset(ctx, batchOf(ds), "h1"); err != nil || applied {
		t.Fatalf("apply the same dataset while another process writes: applied %v, %v", applied, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("open and apply waited %s for the other writer", d.Round(time.Millisecond))
	}
	err = db2.Import(ctx, batchOf(ds), nil)
	if err == nil || !strings.Contains(err.Error(), "another process") || !strings.Contains(err.Error(), path) {
		t.Errorf("a second writer: %v, want an error saying another process is writing %s", err, path)
	}
}
