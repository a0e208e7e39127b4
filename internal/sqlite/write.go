package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
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
		ours := Batch{Factions: b.Factions, Places: b.Places, Areas: b.Areas, Coverage: b.Coverage}
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
	if _, err := tx.ExecContext(ctx, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version'"); err != nil {
		return fmt.Errorf("sqlite: bump version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

func writeBatch(ctx context.Context, tx *sql.Tx, b Batch, origin string, progress Progress) error {
	for _, f := range b.Factions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO factions (id, name, short, color, name_ar, short_ar) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, short = excluded.short, color = excluded.color, name_ar = excluded.name_ar, short_ar = excluded.short_ar`,
			f.ID, f.Name, f.Short, f.Color, f.NameAR, f.ShortAR); err != nil {
			return fmt.Errorf("write faction %s: %w", f.ID, err)
		}
	}
	var ord int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(ord), 0) FROM places").Scan(&ord); err != nil {
		return fmt.Errorf("read place order: %w", err)
	}
	for i, p := range b.Places {
		pos := ord + i + 1
		if origin == OriginDataset {
			pos = i + 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO places (id, name, name_ar, kind, lat, lon, population, ref, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_ar = excluded.name_ar, kind = excluded.kind, lat = excluded.lat, lon = excluded.lon,
				population = excluded.population, ref = excluded.ref`+
			map[bool]string{true: ", ord = excluded.ord", false: ""}[origin == OriginDataset],
			p.ID, p.Name, p.NameAR, p.Kind, p.Lat, p.Lon, p.Population, p.Ref, pos); err != nil {
			return fmt.Errorf("write place %s: %w", p.ID, err)
		}
	}
	for i, a := range b.Areas {
		geom, err := json.Marshal(a.Polygons)
		if err != nil {
			return fmt.Errorf("write area %s: %w", a.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO areas (id, name, name_ar, note, geometry, ord) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_ar = excluded.name_ar, note = excluded.note, geometry = excluded.geometry, ord = excluded.ord`,
			a.ID, a.Name, a.NameAR, a.Note, string(geom), i+1); err != nil {
			return fmt.Errorf("write area %s: %w", a.ID, err)
		}
	}
	if c := b.Coverage; c != nil {
		for k, v := range map[string]string{"coverage_first": c.First.String(), "coverage_last": c.Last.String(), "updated": c.Updated.String()} {
			if _, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return fmt.Errorf("write coverage: %w", err)
			}
		}
	}
	insEvent, err := tx.PrepareContext(ctx, `INSERT INTO events (id, day, seq, place_id, area_id, kind, controller, status, challenger, confidence, summary, summary_ar, origin)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET day = excluded.day, seq = excluded.seq, place_id = excluded.place_id, area_id = excluded.area_id, kind = excluded.kind,
			controller = excluded.controller, status = excluded.status, challenger = excluded.challenger,
			confidence = excluded.confidence, summary = excluded.summary, summary_ar = excluded.summary_ar, origin = excluded.origin`)
	if err != nil {
		return fmt.Errorf("prepare event insert: %w", err)
	}
	defer insEvent.Close()
	delSources, err := tx.PrepareContext(ctx, "DELETE FROM sources WHERE event_id = ?")
	if err != nil {
		return fmt.Errorf("prepare source delete: %w", err)
	}
	defer delSources.Close()
	insSource, err := tx.PrepareContext(ctx, "INSERT INTO sources (event_id, n, outlet, title, url, seed, quote) VALUES (?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return fmt.Errorf("prepare source insert: %w", err)
	}
	defer insSource.Close()
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
	writeSources := func(id string, ss []control.Source) error {
		if exists[id] {
			if _, err := delSources.ExecContext(ctx, id); err != nil {
				return fmt.Errorf("replace sources of %s: %w", id, err)
			}
		}
		for n, s := range ss {
			if _, err := insSource.ExecContext(ctx, id, n+1, s.Outlet, s.Title, s.URL, s.Seed, s.Quote); err != nil {
				return fmt.Errorf("write source %d of %s: %w", n+1, id, err)
			}
		}
		return nil
	}
	for i, e := range b.Events {
		if _, err := insEvent.ExecContext(ctx, e.ID, e.Day.String(), e.Seq, null(e.Place), null(e.Area), string(e.Kind), null(e.Controller),
			null(string(e.Status)), null(e.Challenger), string(e.Confidence), e.Summary, e.SummaryAR, origin); err != nil {
			return fmt.Errorf("write event %s: %w", e.ID, err)
		}
		if err := writeSources(e.ID, e.Sources); err != nil {
			return err
		}
		if progress != nil && (i+1)%1000 == 0 {
			progress(i+1, len(b.Events))
		}
	}
	// Sources for events already stored are added to theirs; one the event
	// has already is not added twice, so importing the file again changes
	// nothing.
	for id, ss := range b.Sources {
		if err := addSources(ctx, tx, insSource, id, ss); err != nil {
			return err
		}
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
	err := eachRow(ctx, tx, "SELECT n, outlet, title, url, seed, quote FROM sources WHERE event_id = ?", func(rows *sql.Rows) error {
		var s control.Source
		var k int
		if err := rows.Scan(&k, &s.Outlet, &s.Title, &s.URL, &s.Seed, &s.Quote); err != nil {
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
		if _, err := ins.ExecContext(ctx, id, n, s.Outlet, s.Title, s.URL, s.Seed, s.Quote); err != nil {
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
