package server

import (
	"context"
	"fmt"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/view"
	"frontline/web"
)

// timelineStrip is the strip of a version in one language (view.Strip)
// with its grid rendered once.
type timelineStrip struct {
	*view.Strip
	grid string
}

// buildStrip builds the strip of d's listed places in ctx's language from
// each column's snapshot and renders its grid; nil when there is none.
func buildStrip(ctx context.Context, d *snapshotData, cols []view.StripCol, snaps [][]control.Control) (*timelineStrip, error) {
	st := view.NewStrip(locale.From(ctx), d.Data, cols, snaps)
	if st == nil {
		return nil, nil
	}
	grid, err := render(ctx, web.TimelineGrid(st.Grid))
	if err != nil {
		return nil, fmt.Errorf("server: timeline: %w", err)
	}
	return &timelineStrip{Strip: st, grid: string(grid)}, nil
}

// view is the strip as the page of one day shows it.
func (st *timelineStrip) view(day control.Day) *web.TimelineStrip {
	if st == nil {
		return nil
	}
	return st.View(day, st.grid)
}
