package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"frontline/internal/control"
)

// regionRow is how the region is kept: one JSON value in meta, its
// GeoJSON files inside it as strings, byte for byte as they were read (a
// raw message would be compacted, and the served files would change).
type regionRow struct {
	ID      string                       `json:"id"`
	Box     control.Box                  `json:"box"`
	View    control.Box                  `json:"view"`
	Bounds  control.Box                  `json:"bounds"`
	Lat0    float64                      `json:"lat0"`
	Outline string                       `json:"outline"`
	Layers  map[string]string            `json:"layers,omitempty"`
	Words   map[string]map[string]string `json:"words,omitempty"`
}

// Region writes the region, replacing the stored one; nil leaves it.
func (w *Writer) Region(r *control.Region) error {
	if r == nil {
		return nil
	}
	row := regionRow{ID: r.ID, Box: r.Box, View: r.View, Bounds: r.Bounds, Lat0: r.Lat0, Outline: string(r.Outline), Words: r.Words}
	if len(r.Layers) > 0 {
		row.Layers = map[string]string{}
		for k, b := range r.Layers {
			row.Layers[k] = string(b)
		}
	}
	b, err := json.Marshal(row)
	if err != nil {
		return fmt.Errorf("write region %s: %w", r.ID, err)
	}
	if _, err := w.tx.ExecContext(w.ctx, "INSERT INTO meta (key, value) VALUES ('region', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", string(b)); err != nil {
		return fmt.Errorf("write region %s: %w", r.ID, err)
	}
	return nil
}

// Region returns the stored region; nil when no dataset gave one.
func (db *DB) Region(ctx context.Context) (*control.Region, error) {
	var s string
	err := db.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'region'").Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read region: %w", err)
	}
	var row regionRow
	if err := json.Unmarshal([]byte(s), &row); err != nil {
		return nil, fmt.Errorf("sqlite: %s: the stored region does not read (%v): import region.json again or restore a backup", db.path, err)
	}
	r := &control.Region{ID: row.ID, Box: row.Box, View: row.View, Bounds: row.Bounds, Lat0: row.Lat0, Outline: []byte(row.Outline), Words: row.Words}
	if len(row.Layers) > 0 {
		r.Layers = map[string][]byte{}
		for k, b := range row.Layers {
			r.Layers[k] = []byte(b)
		}
	}
	return r, nil
}
