package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"frontline/internal/control"
)

// Factions returns every faction in the order they were first written.
func (db *DB) Factions(ctx context.Context) ([]control.Faction, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, short, color FROM factions ORDER BY rowid")
	if err != nil {
		return nil, fmt.Errorf("sqlite: load factions: %w", err)
	}
	defer rows.Close()
	var out []control.Faction
	for rows.Next() {
		var f control.Faction
		if err := rows.Scan(&f.ID, &f.Name, &f.Short, &f.Color); err != nil {
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
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, name_ar, kind, lat, lon FROM places ORDER BY ord, id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: load places: %w", err)
	}
	defer rows.Close()
	var out []control.Place
	for rows.Next() {
		var p control.Place
		if err := rows.Scan(&p.ID, &p.Name, &p.NameAR, &p.Kind, &p.Lat, &p.Lon); err != nil {
			return nil, fmt.Errorf("sqlite: load places: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: load places: %w", err)
	}
	return out, nil
}

// Snapshot returns the control of every place on day d, in list order: the
// rule of control.ControlOn, answered with one seek per place in the
// covering index events_snapshot.
//
// The whole snapshot comes back as one packed string (fields split by US,
// places by RS) because the driver's cost per row and column, not SQLite's
// seeks, dominated with ten thousand places. The separators the query adds
// are counted, so a stored value that holds one is noticed and the snapshot
// is read row by row instead. The inner ORDER BY keeps SQLite from
// flattening the inner select, which would run the seek once for each use of s.
func (db *DB) Snapshot(ctx context.Context, d control.Day) ([]control.Control, error) {
	var n, known int
	var packed sql.NullString
	err := db.db.QueryRowContext(ctx, `
		SELECT count(*), count(s), group_concat(p.id || char(31) || COALESCE(s, ''), char(30) ORDER BY p.ord, p.id)
		FROM (SELECT p.id, p.ord, (
			SELECT x.id || char(31) || COALESCE(x.controller, '') || char(31) || COALESCE(x.status, '') || char(31) ||
				COALESCE(x.challenger, '') || char(31) || x.confidence || char(31) || COALESCE(x.since, '')
			FROM events x
			WHERE x.place_id = p.id AND x.kind = 'control' AND x.day <= ?
			ORDER BY x.day DESC, x.seq DESC, x.id DESC LIMIT 1) AS s
			FROM places p ORDER BY p.ord, p.id) p`, d.String()).Scan(&n, &known, &packed)
	if err != nil {
		return nil, fmt.Errorf("sqlite: snapshot %s: %w", d, err)
	}
	if n == 0 {
		return nil, nil
	}
	all := packed.String
	if strings.Count(all, "\x1e") != n-1 || strings.Count(all, "\x1f") != n+5*known {
		return db.snapshotRows(ctx, d)
	}
	out := make([]control.Control, 0, n)
	for len(out) < n {
		var rec string
		rec, all, _ = strings.Cut(all, "\x1e")
		var c control.Control
		var rest string
		c.Place, rest, _ = strings.Cut(rec, "\x1f")
		if rest != "" {
			f := strings.SplitN(rest, "\x1f", 6)
			c.Known = true
			c.EventID, c.Controller, c.Status, c.Challenger, c.Confidence = f[0], f[1], control.Status(f[2]), f[3], control.Confidence(f[4])
			if c.Since, err = control.ParseDay(f[5]); err != nil {
				return nil, fmt.Errorf("sqlite: snapshot %s: since of %s: %w", d, c.EventID, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// snapshotRows is Snapshot read row by row, for stored values that hold the
// packed form's separators.
func (db *DB) snapshotRows(ctx context.Context, d control.Day) ([]control.Control, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT p.id, e.id, e.controller, e.status, e.challenger, e.confidence, e.since
		FROM places p
		LEFT JOIN events e ON e.rowid = (
			SELECT x.rowid FROM events x
			WHERE x.place_id = p.id AND x.kind = 'control' AND x.day <= ?
			ORDER BY x.day DESC, x.seq DESC, x.id DESC LIMIT 1)
		ORDER BY p.ord, p.id`, d.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: snapshot %s: %w", d, err)
	}
	defer rows.Close()
	var out []control.Control
	for rows.Next() {
		var c control.Control
		var id, controller, status, challenger, confidence, since sql.NullString
		if err := rows.Scan(&c.Place, &id, &controller, &status, &challenger, &confidence, &since); err != nil {
			return nil, fmt.Errorf("sqlite: snapshot %s: %w", d, err)
		}
		if id.Valid {
			c.Known = true
			c.EventID = id.String
			c.Controller = controller.String
			c.Status = control.Status(status.String)
			c.Challenger = challenger.String
			c.Confidence = control.Confidence(confidence.String)
			if c.Since, err = control.ParseDay(since.String); err != nil {
				return nil, fmt.Errorf("sqlite: snapshot %s: since of %s: %w", d, id.String, err)
			}
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: snapshot %s: %w", d, err)
	}
	return out, nil
}

// Events returns the events that match f, with their sources, in the order
// they apply (or the reverse when f.Newest).
func (db *DB) Events(ctx context.Context, f control.Filter) ([]control.Event, error) {
	var where []string
	var args []any
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
	if f.Kind != "" {
		where = append(where, "e.kind = ?")
		args = append(args, string(f.Kind))
	}
	q := "SELECT e.id, e.day, e.seq, COALESCE(e.place_id, ''), e.kind, COALESCE(e.controller, ''), COALESCE(e.status, ''), COALESCE(e.challenger, ''), e.confidence, e.summary FROM events e"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Newest {
		q += " ORDER BY e.day DESC, e.seq DESC, e.id DESC"
	} else {
		q += " ORDER BY e.day, e.seq, e.id"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: load events: %w", err)
	}
	var out []control.Event
	index := map[string]int{}
	for rows.Next() {
		var e control.Event
		var day, kind, status, conf string
		if err := rows.Scan(&e.ID, &day, &e.Seq, &e.Place, &kind, &e.Controller, &status, &e.Challenger, &conf, &e.Summary); err != nil {
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
	sq := "SELECT s.event_id, s.outlet, s.title, s.url, s.seed, s.quote FROM sources s"
	if len(where) > 0 || f.Limit > 0 {
		sq += " JOIN (" + strings.Replace(q, "SELECT e.id, e.day, e.seq, COALESCE(e.place_id, ''), e.kind, COALESCE(e.controller, ''), COALESCE(e.status, ''), COALESCE(e.challenger, ''), e.confidence, e.summary", "SELECT e.id", 1) + ") sel ON sel.id = s.event_id"
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
		if err := srows.Scan(&id, &s.Outlet, &s.Title, &s.URL, &s.Seed, &s.Quote); err != nil {
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

// Timeline returns every control event, without summaries or sources but
// with the since-day each one starts or continues, ordered by place list
// order, then in the order they apply. The day page embeds it so the slider
// can redraw any day without a request.
func (db *DB) Timeline(ctx context.Context) ([]control.Event, map[string]control.Day, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT e.id, e.day, e.seq, e.place_id, e.controller, e.status, COALESCE(e.challenger, ''), e.confidence, e.since
		FROM events e JOIN places p ON p.id = e.place_id
		WHERE e.kind = 'control'
		ORDER BY p.ord, p.id, e.day, e.seq, e.id`)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: load timeline: %w", err)
	}
	defer rows.Close()
	var out []control.Event
	since := map[string]control.Day{}
	for rows.Next() {
		e := control.Event{Kind: control.KindControl}
		var day, status, conf, s string
		if err := rows.Scan(&e.ID, &day, &e.Seq, &e.Place, &e.Controller, &status, &e.Challenger, &conf, &s); err != nil {
			return nil, nil, fmt.Errorf("sqlite: load timeline: %w", err)
		}
		if e.Day, err = control.ParseDay(day); err != nil {
			return nil, nil, fmt.Errorf("sqlite: event %s: %w", e.ID, err)
		}
		sd, err := control.ParseDay(s)
		if err != nil {
			return nil, nil, fmt.Errorf("sqlite: since of event %s: %w", e.ID, err)
		}
		since[e.ID] = sd
		e.Status, e.Confidence = control.Status(status), control.Confidence(conf)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("sqlite: load timeline: %w", err)
	}
	return out, since, nil
}

// Span returns the first and last days that have events; ok is false when
// there are none.
func (db *DB) Span(ctx context.Context) (first, last control.Day, ok bool, err error) {
	var lo, hi sql.NullString
	if err := db.db.QueryRowContext(ctx, "SELECT MIN(day), MAX(day) FROM events").Scan(&lo, &hi); err != nil {
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

// Known returns the ids of stored factions, places and events, so a file
// being imported may refer to them.
func (db *DB) Known(ctx context.Context) (factions, places, events map[string]bool, err error) {
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
	events, err = load("SELECT id FROM events")
	return
}
