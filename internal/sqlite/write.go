package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"frontline/internal/control"
)

// Batch is what one import writes: records to insert or replace by id, and
// sources for events that are already stored (replacing theirs).
type Batch struct {
	Factions []control.Faction
	Places   []control.Place
	Areas    []control.Area
	Events   []control.Event
	Sources  map[string][]control.Source
	Coverage *control.Coverage // replaces the stored one when set
	Region   *control.Region   // replaces the stored one when set
	// Aliases replace the stored aliases of the places they name; with
	// AllAliases (the batch read an aliases file whole) they replace every
	// stored alias, so a name taken out of the file goes.
	Aliases    []control.Alias
	AllAliases bool
}

// Origins of events: the embedded dataset, or an editor's import.
const (
	OriginDataset = "dataset"
	OriginImport  = "import"
)

// Progress is told how many of the batch's events are written so far.
type Progress func(done, total int)

// Import writes b in one transaction: on any error nothing changes.
// Records replace stored ones with the same id, so importing the same file
// twice leaves one copy of each.
func (db *DB) Import(ctx context.Context, b Batch, progress Progress) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		return writeBatch(ctx, tx, b, OriginImport, progress)
	})
}

// ApplyDataset brings the embedded dataset, identified by hash, into the
// database unless that hash was applied already. It replaces the events that
// came from an earlier embedded dataset, drops those the new one no longer
// has, and never touches events an editor imported.
func (db *DB) ApplyDataset(ctx context.Context, b Batch, hash string) (applied bool, err error) {
	// Compare before taking the write lock: a server starting while a long
	// import runs must not wait for it when there is nothing to write.
	var have string
	err = db.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'dataset'").Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("sqlite: %s: read dataset hash: %w", db.path, err)
	}
	if have == hash {
		return false, nil
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		var have string
		err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'dataset'").Scan(&have)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read dataset hash: %w", err)
		}
		if have == hash {
			return errUnchanged
		}
		keep := map[string]bool{}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM events WHERE origin = ?", OriginImport)
		if err != nil {
			return fmt.Errorf("list imported events: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("list imported events: %w", err)
			}
			keep[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list imported events: %w", err)
		}
		ours := Batch{Factions: b.Factions, Places: b.Places, Areas: b.Areas, Coverage: b.Coverage, Region: b.Region, Aliases: b.Aliases, AllAliases: b.AllAliases}
		inNew := map[string]bool{}
		for _, e := range b.Events {
			inNew[e.ID] = true
			if !keep[e.ID] {
				ours.Events = append(ours.Events, e)
			}
		}
		// Drop embedded events that the new dataset no longer has.
		old, err := tx.QueryContext(ctx, "SELECT id FROM events WHERE origin = ?", OriginDataset)
		if err != nil {
			return fmt.Errorf("list dataset events: %w", err)
		}
		var gone []string
		for old.Next() {
			var id string
			if err := old.Scan(&id); err != nil {
				old.Close()
				return fmt.Errorf("list dataset events: %w", err)
			}
			if !inNew[id] {
				gone = append(gone, id)
			}
		}
		old.Close()
		for _, id := range gone {
			if _, err := tx.ExecContext(ctx, "DELETE FROM events WHERE id = ?", id); err != nil {
				return fmt.Errorf("drop event %s: %w", id, err)
			}
		}
		if err := writeBatch(ctx, tx, ours, OriginDataset, nil); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('dataset', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", hash); err != nil {
			return fmt.Errorf("record dataset hash: %w", err)
		}
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return false, nil
	}
	return err == nil, err
}

var errUnchanged = errors.New("unchanged")

// write runs fn in an immediate transaction and bumps the data version.
func (db *DB) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		if isBusy(err) {
			return fmt.Errorf("sqlite: %s is being written by another process, most likely an import: try again when it has finished: %w", db.path, err)
		}
		return fmt.Errorf("sqlite: %s: begin: %w", db.path, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		if errors.Is(err, errUnchanged) {
			return err
		}
		return fmt.Errorf("sqlite: %w", err)
	}
	var ver int64
	if err := tx.QueryRowContext(ctx, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version' RETURNING CAST(value AS INTEGER)").Scan(&ver); err != nil {
		return fmt.Errorf("sqlite: bump version: %w", err)
	}
	// The server's load reads this one blob instead of every control event.
	if err := packTimeline(ctx, tx, ver); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

func writeBatch(ctx context.Context, tx *sql.Tx, b Batch, origin string, progress Progress) error {
	w, err := newWriter(ctx, tx, origin)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.Base(b.Factions, b.Places, b.Areas, b.Coverage); err != nil {
		return err
	}
	if err := w.Region(b.Region); err != nil {
		return err
	}
	if err := writeAliases(ctx, tx, b.Aliases, b.AllAliases); err != nil {
		return err
	}
	// Which batch events are already stored: their sources are replaced.
	exists := map[string]bool{}
	if len(b.Events) <= 200 {
		for _, e := range b.Events {
			var one int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM events WHERE id = ?", e.ID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("read event %s: %w", e.ID, err)
			}
			exists[e.ID] = true
		}
	} else if err := eachRow(ctx, tx, "SELECT id FROM events", func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		exists[id] = true
		return nil
	}); err != nil {
		return fmt.Errorf("read stored events: %w", err)
	}
	for i, e := range b.Events {
		if err := w.Event(e, exists[e.ID]); err != nil {
			return err
		}
		if progress != nil && (i+1)%1000 == 0 {
			progress(i+1, len(b.Events))
		}
	}
	for _, e := range b.Events {
		for n, s := range e.Sources {
			if err := w.Source(e.ID, n+1, s); err != nil {
				return err
			}
		}
	}
	// Sources for events already stored are added to theirs; one the event
	// has already is not added twice, so importing the file again changes
	// nothing.
	for id, ss := range b.Sources {
		if err := w.MoreSources(id, ss); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if progress != nil {
		progress(len(b.Events), len(b.Events))
	}
	return nil
}

// addSources appends to an event's sources those it does not have yet.
func addSources(ctx context.Context, tx *sql.Tx, ins *sql.Stmt, id string, ss []control.Source) error {
	have := map[control.Source]bool{}
	n := 0
	err := eachRow(ctx, tx, "SELECT n, outlet, title, url, seed, quote, published FROM sources WHERE event_id = ?", func(rows *sql.Rows) error {
		var s control.Source
		var k int
		if err := rows.Scan(&k, &s.Outlet, &s.Title, &s.URL, &s.Seed, &s.Quote, &s.Published); err != nil {
			return err
		}
		have[s] = true
		n = max(n, k)
		return nil
	}, id)
	if err != nil {
		return fmt.Errorf("read sources of %s: %w", id, err)
	}
	for _, s := range ss {
		if have[s] {
			continue
		}
		have[s] = true
		n++
		if _, err := ins.ExecContext(ctx, id, n, s.Outlet, s.Title, s.URL, s.Seed, s.Quote, s.Published); err != nil {
			return fmt.Errorf("write source %d of %s: %w", n, id, err)
		}
	}
	return nil
}

// eachRow runs a query and calls fn for each row.
func eachRow(ctx context.Context, tx *sql.Tx, q string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// isBusy reports an SQLITE_BUSY error: another connection holds the write
// lock past the busy timeout.
func isBusy(err error) bool {
	var se interface{ Code() int }
	return errors.As(err, &se) && se.Code()&0xff == 5
}

// writeAliases replaces the stored aliases of the places in as (of every
// place when all is set) with as.
func writeAliases(ctx context.Context, tx *sql.Tx, as []control.Alias, all bool) error {
	if all {
		if _, err := tx.ExecContext(ctx, "DELETE FROM aliases"); err != nil {
			return fmt.Errorf("clear aliases: %w", err)
		}
	} else {
		done := map[string]bool{}
		for _, a := range as {
			if done[a.Place] {
				continue
			}
			done[a.Place] = true
			if _, err := tx.ExecContext(ctx, "DELETE FROM aliases WHERE place = ?", a.Place); err != nil {
				return fmt.Errorf("clear aliases of %s: %w", a.Place, err)
			}
		}
	}
	for i, a := range as {
		if _, err := tx.ExecContext(ctx, `INSERT INTO aliases (place, name, source, ord) VALUES (?, ?, ?, ?)
			ON CONFLICT (place, name) DO UPDATE SET source = excluded.source, ord = excluded.ord`, a.Place, a.Name, a.Source, i+1); err != nil {
			return fmt.Errorf("write alias %q of %s: %w", a.Name, a.Place, err)
		}
	}
	return nil
}
