package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"frontline/internal/control"
)

// Writer writes records into one write transaction as they come, so an
// import never holds its files whole. Events and sources are buffered and
// written many rows to a statement: with modernc.org/sqlite the cost of a
// statement call outweighs that of a row. Flush writes what is buffered;
// nothing is visible to others until the transaction commits.
type Writer struct {
	ctx     context.Context
	tx      *sql.Tx
	origin  string
	events  *rowBatch
	sources *rowBatch
	delSrc  *sql.Stmt
	insSrc  *sql.Stmt
}

// Rows per multi-row statement: events have 13 columns and sources 8, so
// both stay far below SQLite's limit of 32766 parameters.
const (
	eventRows  = 128
	sourceRows = 128
)

// ImportStream runs fill in one write transaction, with a Writer that puts
// records into it as an import reads them. When fill returns an error, or
// anything fails, the transaction is rolled back and nothing changes; on
// success the data version is bumped, as Import does.
func (db *DB) ImportStream(ctx context.Context, fill func(w *Writer) error) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		w, err := newWriter(ctx, tx, OriginImport)
		if err != nil {
			return err
		}
		defer w.close()
		if err := fill(w); err != nil {
			return err
		}
		return w.Flush()
	})
}

func newWriter(ctx context.Context, tx *sql.Tx, origin string) (*Writer, error) {
	w := &Writer{ctx: ctx, tx: tx, origin: origin}
	w.events = &rowBatch{tx: tx, cols: 13, size: eventRows,
		head: "INSERT INTO events (id, day, seq, place_id, area_id, kind, controller, status, challenger, confidence, summary, summary_ar, origin) VALUES ",
		tail: ` ON CONFLICT (id) DO UPDATE SET day = excluded.day, seq = excluded.seq, place_id = excluded.place_id, area_id = excluded.area_id, kind = excluded.kind,
			controller = excluded.controller, status = excluded.status, challenger = excluded.challenger,
			confidence = excluded.confidence, summary = excluded.summary, summary_ar = excluded.summary_ar, origin = excluded.origin`}
	w.sources = &rowBatch{tx: tx, cols: 8, size: sourceRows,
		head: "INSERT INTO sources (event_id, n, outlet, title, url, seed, quote, published) VALUES "}
	var err error
	if w.delSrc, err = tx.PrepareContext(ctx, "DELETE FROM sources WHERE event_id = ?"); err != nil {
		return nil, fmt.Errorf("prepare source delete: %w", err)
	}
	if w.insSrc, err = tx.PrepareContext(ctx, "INSERT INTO sources (event_id, n, outlet, title, url, seed, quote, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"); err != nil {
		w.delSrc.Close()
		return nil, fmt.Errorf("prepare source insert: %w", err)
	}
	return w, nil
}

func (w *Writer) close() {
	w.delSrc.Close()
	w.insSrc.Close()
	w.events.close()
	w.sources.close()
}

// Base writes factions, places, areas and the coverage (when not nil),
// each replacing the stored record with its id.
func (w *Writer) Base(factions []control.Faction, places []control.Place, areas []control.Area, cov *control.Coverage) error {
	ctx, tx := w.ctx, w.tx
	for _, f := range factions {
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
	if len(places) > 0 {
		insPlace, err := tx.PrepareContext(ctx, `INSERT INTO places (id, name, name_ar, kind, lat, lon, population, ref, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_ar = excluded.name_ar, kind = excluded.kind, lat = excluded.lat, lon = excluded.lon,
				population = excluded.population, ref = excluded.ref`+
			map[bool]string{true: ", ord = excluded.ord", false: ""}[w.origin == OriginDataset])
		if err != nil {
			return fmt.Errorf("prepare place insert: %w", err)
		}
		defer insPlace.Close()
		for i, p := range places {
			pos := ord + i + 1
			if w.origin == OriginDataset {
				pos = i + 1
			}
			if _, err := insPlace.ExecContext(ctx, p.ID, p.Name, p.NameAR, p.Kind, p.Lat, p.Lon, p.Population, p.Ref, pos); err != nil {
				return fmt.Errorf("write place %s: %w", p.ID, err)
			}
		}
	}
	for i, a := range areas {
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
	if c := cov; c != nil {
		for k, v := range map[string]string{"coverage_first": c.First.String(), "coverage_last": c.Last.String(), "updated": c.Updated.String()} {
			if _, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return fmt.Errorf("write coverage: %w", err)
			}
		}
	}
	return nil
}

// Event writes an event (its sources come through Source), replacing the
// stored one with its id; stored says there is one, whose sources are then
// dropped for the new ones.
func (w *Writer) Event(e control.Event, stored bool) error {
	if stored {
		if _, err := w.delSrc.ExecContext(w.ctx, e.ID); err != nil {
			return fmt.Errorf("replace sources of %s: %w", e.ID, err)
		}
	}
	if err := w.events.add(w.ctx, e.ID, e.Day.String(), e.Seq, null(e.Place), null(e.Area), string(e.Kind), null(e.Controller),
		null(string(e.Status)), null(e.Challenger), string(e.Confidence), e.Summary, e.SummaryAR, w.origin); err != nil {
		return fmt.Errorf("write events up to %s: %w", e.ID, err)
	}
	return nil
}

// Source writes the n-th source (from 1) of an event written before.
func (w *Writer) Source(event string, n int, s control.Source) error {
	// A source refers to its event, so the events go first.
	if err := w.events.flush(w.ctx); err != nil {
		return fmt.Errorf("write events: %w", err)
	}
	if err := w.sources.add(w.ctx, event, n, s.Outlet, s.Title, s.URL, s.Seed, s.Quote, s.Published); err != nil {
		return fmt.Errorf("write sources up to %d of %s: %w", n, event, err)
	}
	return nil
}

// MoreSources adds to a stored event the sources it does not have yet.
func (w *Writer) MoreSources(event string, ss []control.Source) error {
	if err := w.Flush(); err != nil {
		return err
	}
	return addSources(w.ctx, w.tx, w.insSrc, event, ss)
}

// Flush writes every buffered row.
func (w *Writer) Flush() error {
	if err := w.events.flush(w.ctx); err != nil {
		return fmt.Errorf("write events: %w", err)
	}
	if err := w.sources.flush(w.ctx); err != nil {
		return fmt.Errorf("write sources: %w", err)
	}
	return nil
}

// rowBatch gathers rows for one multi-row INSERT: head, then size tuples
// of cols parameters, then tail. A full batch runs a prepared statement; the
// last, shorter one is prepared once when flushed.
type rowBatch struct {
	tx         *sql.Tx
	head, tail string
	cols, size int
	full       *sql.Stmt
	args       []any
}

func (b *rowBatch) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) >= b.cols*b.size {
		return b.flush(ctx)
	}
	return nil
}

func (b *rowBatch) flush(ctx context.Context) error {
	n := len(b.args) / b.cols
	if n == 0 {
		return nil
	}
	var err error
	if n == b.size {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(ctx, b.query(n)); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(ctx, b.query(n), b.args...)
	}
	clear(b.args)
	b.args = b.args[:0]
	return err
}

func (b *rowBatch) query(rows int) string {
	tuple := "(" + strings.Repeat("?, ", b.cols-1) + "?)"
	var q strings.Builder
	q.Grow(len(b.head) + rows*(len(tuple)+2) + len(b.tail))
	q.WriteString(b.head)
	for i := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(tuple)
	}
	q.WriteString(b.tail)
	return q.String()
}

func (b *rowBatch) close() {
	if b.full != nil {
		b.full.Close()
	}
}
