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
// with its grid rendered once, as the file every day page loads.
type timelineStrip struct {
	*view.Strip
	file     []byte
	fileName string // strip.TAG.HASH.svg, served as /strip/fileName
}

// buildStrip builds the strip of d's listed places in ctx's language from
// each column's snapshot and renders its grid's file, which names the
// stylesheet css; nil when there is none.
func buildStrip(ctx context.Context, d *snapshotData, cols []view.StripCol, snaps [][]control.Control, css string) (*timelineStrip, error) {
	l := locale.From(ctx)
	st := view.NewStrip(l, d.Data, cols, snaps)
	if st == nil {
		return nil, nil
	}
	file, err := render(ctx, web.TimelineSVG(web.TimelineFile{Grid: st.Grid, Label: st.Label + " " + st.Changes, Lang: l.Tag, CSS: css}))
	if err != nil {
		return nil, fmt.Errorf("server: timeline file: %w", err)
	}
	return &timelineStrip{Strip: st, file: file, fileName: langFileName("strip", l.Tag, "svg", file)}, nil
}

// view is the strip as the page of one day shows it.
func (st *timelineStrip) view(day control.Day) *web.TimelineStrip {
	if st == nil {
		return nil
	}
	return st.View(day, "/strip/"+st.fileName)
}
