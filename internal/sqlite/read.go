package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"frontline/internal/control"
)

// Factions returns every faction in the order they were first written.
func (db *DB) Factions(ctx context.Context) ([]control.Faction, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, short, color, name_ar, short_ar FROM factions ORDER BY rowid")
	if err != nil {
		return nil, fmt.Errorf("sqlite: load factions: %w", err)
	}
	defer rows.Close()
	var out []control.Faction
	for rows.Next() {
		var f control.Faction
		if err := rows.Scan(&f.ID, &f.Name, &f.Short, &f.Color, &f.NameAR, &f.ShortAR); err != nil {
			return nil, fmt.Errorf("sqlite: load factions: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: load factions: %w", err)
	}
	return out, nil
}

// Places returns every place in list order.
func (db *DB) Places(ctx context.Context) ([]control.Place, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, name_ar, kind, lat, lon, population, ref FROM places ORDER BY ord, id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: load places: %w", err)
	}
	defer rows.Close()
	var out []control.Place
	for rows.Next() {
		var p control.Place
		if err := rows.Scan(&p.ID, &p.Name, &p.NameAR, &p.Kind, &p.Lat, &p.Lon, &p.Population, &p.Ref); err != nil {
			return nil, fmt.Errorf("sqlite: load places: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: load places: %w", err)
	}
	aliases, err := db.Aliases(ctx)
	if err != nil {
		return nil, err
	}
	byPlace := map[string][]string{}
	for _, a := range aliases {
		byPlace[a.Place] = append(byPlace[a.Place], a.Name)
	}
	for i := range out {
		out[i].Aliases = byPlace[out[i].ID]
	}
	return out, nil
}

// Aliases returns every place's other names, in the order they were written.
func (db *DB) Aliases(ctx context.Context) ([]control.Alias, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT place, name, source FROM aliases ORDER BY ord, place, name")
	if err != nil {
		return nil, fmt.Errorf("sqlite: load aliases: %w", err)
	}
	defer rows.Close()
	var out []control.Alias
	for rows.Next() {
		var a control.Alias
		if err := rows.Scan(&a.Place, &a.Name, &a.Source); err != nil {
			return nil, fmt.Errorf("sqlite: load aliases: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: load aliases: %w", err)
	}
	return out, nil
}

// Events returns the events that match f, with their sources, in the order
// they apply (or the reverse when f.Newest).
func (db *DB) Events(ctx context.Context, f control.Filter) ([]control.Event, error) {
	return db.events(ctx, f, nil)
}

// EventsAfter is Events in the order they apply, starting after the event
// at day, seq and id (as a page of answers ends), at most f.Limit of them.
func (db *DB) EventsAfter(ctx context.Context, f control.Filter, day control.Day, seq int, id string) ([]control.Event, error) {
	f.Newest = false
	return db.events(ctx, f, []any{day.String(), seq, id})
}

func (db *DB) events(ctx context.Context, f control.Filter, after []any) ([]control.Event, error) {
	var where []string
	var args []any
	if after != nil {
		where = append(where, "(e.day, e.seq, e.id) > (?, ?, ?)")
		args = append(args, after...)
	}
	if f.From != 0 {
		where = append(where, "e.day >= ?")
		args = append(args, f.From.String())
	}
	if f.To != 0 {
		where = append(where, "e.day <= ?")
		args = append(args, f.To.String())
	}
	if f.Place != "" {
		where = append(where, "e.place_id = ?")
		args = append(args, f.Place)
	}
	if f.Area != "" {
		where = append(where, "e.area_id = ?")
		args = append(args, f.Area)
	}
	if f.Kind != "" {
		where = append(where, "e.kind = ?")
		args = append(args, string(f.Kind))
	}
	// The selection without its columns: the sources' query below selects
	// the same events' ids through it.
	sel := " FROM events e"
	if len(where) > 0 {
		sel += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Newest {
		sel += " ORDER BY e.day DESC, e.seq DESC, e.id DESC"
	} else {
		sel += " ORDER BY e.day, e.seq, e.id"
	}
	if f.Limit > 0 {
		sel += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	q := "SELECT e.id, e.day, e.seq, COALESCE(e.place_id, ''), COALESCE(e.area_id, ''), e.kind, COALESCE(e.controller, ''), COALESCE(e.status, ''), COALESCE(e.challenger, ''), e.confidence, e.summary, e.summary_ar" + sel
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: load events: %w", err)
	}
	var out []control.Event
	index := map[string]int{}
	for rows.Next() {
		var e control.Event
		var day, kind, status, conf string
		if err := rows.Scan(&e.ID, &day, &e.Seq, &e.Place, &e.Area, &kind, &e.Controller, &status, &e.Challenger, &conf, &e.Summary, &e.SummaryAR); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: load events: %w", err)
		}
		if e.Day, err = control.ParseDay(day); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: event %s: %w", e.ID, err)
		}
		e.Kind, e.Status, e.Confidence = control.Kind(kind), control.Status(status), control.Confidence(conf)
		index[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: load events: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// Sources of the selected events, in one query.
	sq := "SELECT s.event_id, s.outlet, s.title, s.url, s.seed, s.quote, s.published FROM sources s"
	if len(where) > 0 || f.Limit > 0 {
		// IN drives the read from the few selected events through the
		// sources' key; a join let the planner scan every source.
		sq += " WHERE s.event_id IN (SELECT e.id" + sel + ")"
	}
	sq += " ORDER BY s.event_id, s.n"
	srows, err := db.db.QueryContext(ctx, sq, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: load sources: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id string
		var s control.Source
		if err := srows.Scan(&id, &s.Outlet, &s.Title, &s.URL, &s.Seed, &s.Quote, &s.Published); err != nil {
			return nil, fmt.Errorf("sqlite: load sources: %w", err)
		}
		if i, ok := index[id]; ok {
			out[i].Sources = append(out[i].Sources, s)
		}
	}
	if err := srows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: load sources: %w", err)
	}
	return out, nil
}

// Timeline returns every control event, on places and on areas, without
// summaries or sources, in no particular order (control.NewIndex orders
// them). The server indexes it once per data version to answer the rule for
// any day.
//
// Each row comes back as one packed string: with modernc.org/sqlite the
// driver's cost per row and column outweighs reading the table, and with a
// million events nine columns a row took twice as long as one. The fields
// are ids (slugs), a day, a number and enums, which cannot hold the unit
// separator; a row that does not split into its nine fields is an error.
//
// Every write stores the timeline packed into one blob for the data version
// it makes (see packTimeline); when the stored blob is for the current
// version, Timeline decodes it instead of reading every row, which at a
// million events is the difference between seconds and a tenth of one.
func (db *DB) Timeline(ctx context.Context) ([]control.Event, error) {
	var blob []byte
	err := db.db.QueryRowContext(ctx, `SELECT p.data FROM packed p JOIN meta m ON m.key = 'version'
		WHERE p.name = 'timeline' AND p.version = CAST(m.value AS INTEGER)`).Scan(&blob)
	switch {
	case err == nil:
		out, err := unpackTimeline(blob)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: packed timeline: %w", db.path, err)
		}
		return out, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("sqlite: load packed timeline: %w", err)
	}
	var out []control.Event
	err = eachTimelineRow(ctx, db.db, func(e control.Event) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachTimelineRow reads every control event, on places and on areas,
// without summaries or sources, and calls fn with each.
func eachTimelineRow(ctx context.Context, q querier, fn func(control.Event) error) error {
	rows, err := q.QueryContext(ctx, `
		SELECT id || char(31) || day || char(31) || seq || char(31) || COALESCE(place_id, '') || char(31) || COALESCE(area_id, '') || char(31) ||
			controller || char(31) || status || char(31) || COALESCE(challenger, '') || char(31) || confidence
		FROM events WHERE kind = 'control'`)
	if err != nil {
		return fmt.Errorf("sqlite: load timeline: %w", err)
	}
	defer rows.Close()
	var f [9]string
	for rows.Next() {
		var packed string
		if err := rows.Scan(&packed); err != nil {
			return fmt.Errorf("sqlite: load timeline: %w", err)
		}
		rest := packed
		for i := range f {
			var ok bool
			if i == len(f)-1 {
				f[i], ok = rest, !strings.Contains(rest, "\x1f")
			} else {
				f[i], rest, ok = strings.Cut(rest, "\x1f")
			}
			if !ok {
				return fmt.Errorf("sqlite: load timeline: control event %q does not split into its fields", packed)
			}
		}
		e := control.Event{ID: f[0], Place: f[3], Area: f[4], Kind: control.KindControl, Controller: f[5],
			Status: control.Status(f[6]), Challenger: f[7], Confidence: control.Confidence(f[8])}
		if e.Day, err = control.ParseDay(f[1]); err != nil {
			return fmt.Errorf("sqlite: event %s: %w", e.ID, err)
		}
		if e.Seq, err = strconv.Atoi(f[2]); err != nil {
			return fmt.Errorf("sqlite: event %s: seq: %w", e.ID, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: load timeline: %w", err)
	}
	return nil
}

// Areas returns every area in the order they were written.
func (db *DB) Areas(ctx context.Context) ([]control.Area, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, name_ar, note, geometry FROM areas ORDER BY ord, id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: load areas: %w", err)
	}
	defer rows.Close()
	var out []control.Area
	for rows.Next() {
		var a control.Area
		var geom string
		if err := rows.Scan(&a.ID, &a.Name, &a.NameAR, &a.Note, &geom); err != nil {
			return nil, fmt.Errorf("sqlite: load areas: %w", err)
		}
		if err := json.Unmarshal([]byte(geom), &a.Polygons); err != nil {
			return nil, fmt.Errorf("sqlite: geometry of area %s: %w", a.ID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: load areas: %w", err)
	}
	return out, nil
}

// Coverage returns the days the data declares it covers and when it was last
// updated; nil when no dataset declared them.
func (db *DB) Coverage(ctx context.Context) (*control.Coverage, error) {
	var first, last, updated sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT
		(SELECT value FROM meta WHERE key = 'coverage_first'),
		(SELECT value FROM meta WHERE key = 'coverage_last'),
		(SELECT value FROM meta WHERE key = 'updated')`).Scan(&first, &last, &updated)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read coverage: %w", err)
	}
	if !first.Valid || !last.Valid || !updated.Valid {
		return nil, nil
	}
	var c control.Coverage
	for _, f := range []struct {
		name, s string
		to      *control.Day
	}{{"first", first.String, &c.First}, {"last", last.String, &c.Last}, {"updated", updated.String, &c.Updated}} {
		if *f.to, err = control.ParseDay(f.s); err != nil {
			return nil, fmt.Errorf("sqlite: %s: the stored coverage %s is %q, not a day (YYYY-MM-DD): import coverage.csv again or restore a backup", db.path, f.name, control.Clip(f.s, 40))
		}
	}
	return &c, nil
}

// Span returns the first and last days that have events; ok is false when
// there are none. MIN and MAX each in their own query are one seek on
// events_day; together in one they scanned every event.
func (db *DB) Span(ctx context.Context) (first, last control.Day, ok bool, err error) {
	var lo, hi sql.NullString
	if err := db.db.QueryRowContext(ctx, "SELECT (SELECT MIN(day) FROM events), (SELECT MAX(day) FROM events)").Scan(&lo, &hi); err != nil {
		return 0, 0, false, fmt.Errorf("sqlite: span: %w", err)
	}
	if !lo.Valid {
		return 0, 0, false, nil
	}
	if first, err = control.ParseDay(lo.String); err != nil {
		return 0, 0, false, fmt.Errorf("sqlite: span: %w", err)
	}
	if last, err = control.ParseDay(hi.String); err != nil {
		return 0, 0, false, fmt.Errorf("sqlite: span: %w", err)
	}
	return first, last, true, nil
}

// Known returns the ids of stored factions, places, areas and events, so a
// file being imported may refer to them.
func (db *DB) Known(ctx context.Context) (factions, places, areas, events map[string]bool, err error) {
	load := func(q string) (map[string]bool, error) {
		rows, err := db.db.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("sqlite: known ids: %w", err)
		}
		defer rows.Close()
		m := map[string]bool{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, fmt.Errorf("sqlite: known ids: %w", err)
			}
			m[id] = true
		}
		return m, rows.Err()
	}
	if factions, err = load("SELECT id FROM factions"); err != nil {
		return
	}
	if places, err = load("SELECT id FROM places"); err != nil {
		return
	}
	if areas, err = load("SELECT id FROM areas"); err != nil {
		return
	}
	events, err = load("SELECT id FROM events")
	return
}
