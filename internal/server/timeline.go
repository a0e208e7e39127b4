package server

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"frontline/internal/control"
	"frontline/web"
)

// The timeline strip's geometry in SVG units.
const (
	tlLabelW = 118
	tlTop    = 24
	tlCellW  = 22
	tlRowH   = 16
	// tlMaxDays keeps a dataset with a stray far-off day from drawing a
	// strip of thousands of columns; past it the day page has no strip.
	tlMaxDays = 400
)

// timelineStrip is the state of every place on every day of the data and
// the strip drawn from it, built once per data version.
type timelineStrip struct {
	first  control.Day
	cells  [][]control.Control // [place][day offset from first]
	grid   string              // rendered web.TimelineGrid
	width  int
	height int
	label  string
}

// buildStrip draws the listed places from each day's snapshot (the index's,
// so every cell follows the rule of control.ControlOn); snaps is nil when
// there are no days or too many to draw.
func buildStrip(ctx context.Context, d *snapshotData, snaps [][]control.Control) (*timelineStrip, error) {
	if len(snaps) == 0 {
		return nil, nil
	}
	days := len(snaps)
	rows := d.places[:d.shown()]
	st := &timelineStrip{first: d.first, cells: make([][]control.Control, len(rows))}
	for i := range rows {
		st.cells[i] = make([]control.Control, days)
		for k := range snaps {
			st.cells[i][k] = snaps[k][i]
		}
	}

	t := web.Timeline{LabelW: tlLabelW, Top: tlTop, CellW: tlCellW, RowH: tlRowH}
	t.Width = tlLabelW + days*tlCellW + 24 // room for the last tick's label
	t.Height = tlTop + len(rows)*tlRowH + 2
	lastTick := -10
	for k := 0; k < days; k++ {
		day := d.first.Add(k)
		td := web.TimelineDay{Day: day.String(), Label: shortDay(day), X: tlLabelW + k*tlCellW}
		// Ticks on the first and last days and on the 1st, 8th, 15th and
		// 22nd of a month, at least three columns apart so labels never
		// overlap.
		_, _, dd := day.Civil()
		if (k == 0 || k == days-1 || dd == 1 || dd == 8 || dd == 15 || dd == 22) && k-lastTick >= 3 {
			td.Tick = tickLabel(day)
			lastTick = k
		}
		t.Days = append(t.Days, td)
	}
	var changes []string
	for i, p := range rows {
		row := web.TimelineRow{PlaceID: p.ID, Name: p.Name, Y: tlTop + i*tlRowH}
		for k, c := range st.cells[i] {
			run := web.TimelineRun{X: tlLabelW + k*tlCellW, W: tlCellW, Fill: "#ffffff", Known: c.Known,
				Contested: c.Status == control.StatusContested, Claimed: c.Confidence == control.Claimed}
			if c.Known {
				run.Fill = holderColor(d, c.Controller)
			}
			if run.Contested {
				run.Hatch = holderColor(d, c.Challenger)
				if !slices.Contains(t.Hatches, run.Hatch) {
					t.Hatches = append(t.Hatches, run.Hatch)
				}
			}
			if n := len(row.Runs); n > 0 && sameRun(row.Runs[n-1], run) {
				row.Runs[n-1].W += tlCellW
			} else {
				row.Runs = append(row.Runs, run)
			}
			if k > 0 && c.Known && (!st.cells[i][k-1].Known || st.cells[i][k-1].Controller != c.Controller) {
				changes = append(changes, fmt.Sprintf("%s to %s on %s", p.Name, shortName(d, c.Controller), tickLabel(d.first.Add(k))))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	grid, err := render(ctx, web.TimelineGrid(t))
	if err != nil {
		return nil, fmt.Errorf("server: timeline: %w", err)
	}
	st.grid, st.width, st.height = string(grid), t.Width, t.Height
	st.label = fmt.Sprintf("Timeline of who held each of %d places from %s to %s, one row per place and one column per day.",
		len(rows), shortDay(d.first), shortDay(d.last))
	if len(rows) < len(d.places) {
		st.label = fmt.Sprintf("Timeline of who held the first %d of %d places from %s to %s, one row per place and one column per day.",
			len(rows), len(d.places), shortDay(d.first), shortDay(d.last))
	}
	if len(changes) == 0 {
		st.label += " No place changed hands."
	} else {
		st.label += " Changes of holder: " + strings.Join(changes, "; ") + "."
	}
	return st, nil
}

// view is the strip as the page of one day shows it.
func (st *timelineStrip) view(day control.Day) *web.TimelineStrip {
	if st == nil {
		return nil
	}
	return &web.TimelineStrip{Grid: st.grid, Width: st.width, Height: st.height, X0: tlLabelW, CellW: tlCellW,
		Top: tlTop, MarkerX: tlLabelW + int(day-st.first)*tlCellW, Label: st.label}
}

func sameRun(a, b web.TimelineRun) bool {
	return a.Fill == b.Fill && a.Known == b.Known && a.Contested == b.Contested && a.Hatch == b.Hatch && a.Claimed == b.Claimed
}

func holderColor(d *snapshotData, id string) string {
	if f, ok := d.factionBy[id]; ok {
		return f.Color
	}
	return "#777777"
}

func shortName(d *snapshotData, id string) string {
	if f, ok := d.factionBy[id]; ok {
		return f.Short
	}
	return id
}

// tickLabel is "6 Dec".
func tickLabel(d control.Day) string {
	_, m, dd := d.Civil()
	return fmt.Sprintf("%d %s", dd, months[m-1][:3])
}
