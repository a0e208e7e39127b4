package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// concDay is the day of every event the long import writes: outside the
// embedded dataset, so counting the events of that day counts the import.
var concDay = control.MustDay("2024-12-20")

// concBatch is an import of n control events on the dataset's places and
// factions, each with a source.
func concBatch(t *testing.T, n int) sqlite.Batch {
	t.Helper()
	ds := embedded(t)
	var b sqlite.Batch
	for i := 0; i < n; i++ {
		p := ds.Places[i%len(ds.Places)]
		f := ds.Factions[i%len(ds.Factions)]
		b.Events = append(b.Events, control.Event{
			ID: fmt.Sprintf("conc-%06d", i), Day: concDay, Seq: i + 1, Place: p.ID, Kind: control.KindControl,
			Controller: f.ID, Status: control.StatusHeld, Confidence: control.Claimed,
			Summary: "Concurrency test event " + strings.Repeat("x", 1500),
			Sources: []control.Source{{Outlet: "Test", URL: "https://example.org/" + fmt.Sprint(i)}},
		})
	}
	return b
}

// TestReadersDuringLongImport reads while one long import is being written:
// no read fails (no "database is locked"), and every read sees either none
// of the import or all of it.
func TestReadersDuringLongImport(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	if _, err := db.ApplyDataset(ctx, batchOf(embedded(t)), "test"); err != nil {
		t.Fatal(err)
	}
	const n = 2500
	b := concBatch(t, n)

	// imported counts the import's events as one reader sees them.
	imported := func() (int, error) {
		evs, err := db.Events(ctx, control.Filter{From: concDay, To: concDay})
		if err != nil {
			return 0, err
		}
		return len(evs), nil
	}

	var (
		stop      atomic.Bool
		wg        sync.WaitGroup
		mu        sync.Mutex
		errs      []error
		seen      = map[int]int{} // events of the import seen -> how often
		duringTx  atomic.Int32
		inTx      atomic.Bool
		readsInTx atomic.Int64
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for !stop.Load() {
				in := inTx.Load()
				if r%2 == 0 {
					if _, err := db.Timeline(ctx); err != nil {
						fail(fmt.Errorf("timeline: %w", err))
						return
					}
				}
				got, err := imported()
				if err != nil {
					fail(fmt.Errorf("events: %w", err))
					return
				}
				mu.Lock()
				seen[got]++
				mu.Unlock()
				if in && inTx.Load() {
					readsInTx.Add(1)
				}
			}
		}(r)
	}

	// The progress callback runs inside the write transaction: a read made
	// there proves readers go on while the import holds the write lock.
	progress := func(done, total int) {
		if done >= total {
			return
		}
		inTx.Store(true)
		duringTx.Add(1)
		got, err := imported()
		if err != nil {
			fail(fmt.Errorf("read inside the import at %d/%d: %w", done, total, err))
			return
		}
		if got != 0 {
			fail(fmt.Errorf("read inside the import at %d/%d sees %d of its events, want 0", done, total, got))
		}
		if _, err := db.Timeline(ctx); err != nil {
			fail(fmt.Errorf("timeline inside the import: %w", err))
		}
	}
	err := db.Import(ctx, b, progress)
	inTx.Store(false)
	if err != nil {
		t.Fatal(err)
	}
	// Let the readers see the committed state at least once.
	for {
		mu.Lock()
		all := seen[n]
		mu.Unlock()
		if all > 0 || len(errs) > 0 {
			break
		}
		got, err := imported()
		if err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Fatalf("after the import: %d events, want %d", got, n)
		}
	}
	stop.Store(true)
	wg.Wait()

	for _, err := range errs {
		if strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy") {
			t.Errorf("a reader was locked out: %v", err)
		} else {
			t.Error(err)
		}
	}
	for got, times := range seen {
		if got != 0 && got != n {
			t.Errorf("a reader saw %d of the import's %d events (%d times): a half-imported state", got, n, times)
		}
	}
	if duringTx.Load() == 0 {
		t.Error("no read ran inside the import's transaction")
	}
	t.Logf("reads seen: %v; reads inside the transaction: %d by the callback, %d by the loops", seen, duringTx.Load(), readsInTx.Load())
}

// TestBackupDuringImport copies the database while a long import is being
// written: the copy opens, passes integrity_check and holds either none or
// all of the import.
func TestBackupDuringImport(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	if _, err := db.ApplyDataset(ctx, batchOf(embedded(t)), "test"); err != nil {
		t.Fatal(err)
	}
	const n = 3000
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	var backupErr error
	done := false
	progress := func(d, total int) {
		if done || d >= total {
			return
		}
		done = true
		backupErr = db.Backup(ctx, copyPath)
	}
	if err := db.Import(ctx, concBatch(t, n), progress); err != nil {
		t.Fatal(err)
	}
	if backupErr != nil {
		t.Fatalf("backup during the import: %v", backupErr)
	}
	c := raw(t, copyPath)
	var check string
	if err := c.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil {
		t.Fatal(err)
	}
	if got, want := check, "ok"; got != want {
		t.Errorf("integrity_check of the copy = %q, want %q", got, want)
	}
	if got, want := count(t, c, "SELECT COUNT(*) FROM events WHERE day = '"+concDay.String()+"'"), 0; got != want {
		t.Errorf("the copy made inside the import holds %d of its events, want %d", got, want)
	}
	if got := count(t, c, "SELECT COUNT(*) FROM events"); got == 0 {
		t.Error("the copy holds no events")
	}
}
