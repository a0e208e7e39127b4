package server

import (
	"context"

	"frontline/internal/control"
)

// Store is what the server needs from the database. The server owns this
// interface; cmd/frontline plugs the SQLite store into it.
// Fingerprints (publish.go) digests everything these methods return; a
// new method's data must go into it too, or a republish may keep a file
// that the new data changes.
type Store interface {
	Ping(ctx context.Context) error
	// Version grows with every write to the data.
	Version(ctx context.Context) (int64, error)
	Factions(ctx context.Context) ([]control.Faction, error)
	Places(ctx context.Context) ([]control.Place, error)
	Events(ctx context.Context, f control.Filter) ([]control.Event, error)
	// Timeline is every control event, on places and on areas.
	Timeline(ctx context.Context) ([]control.Event, error)
	Areas(ctx context.Context) ([]control.Area, error)
	Span(ctx context.Context) (first, last control.Day, ok bool, err error)
	// Coverage is the span the data declares, or nil when it declares none.
	Coverage(ctx context.Context) (*control.Coverage, error)
}
