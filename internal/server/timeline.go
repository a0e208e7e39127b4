package server

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"frontline/internal/control"
	"frontline/internal/locale"
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
	x0, dx int // where day 0's column starts, and the step to the next day (negative right to left)
}

// buildStrip draws the listed places from each day's snapshot (the index's,
// so every cell follows the rule of control.ControlOn); snaps is nil when
// there are no days or too many to draw.
func buildStrip(ctx context.Context, d *snapshotData, snaps [][]control.Control) (*timelineStrip, error) {
	if len(snaps) == 0 {
		return nil, nil
	}
	l := locale.From(ctx)
	days := len(snaps)
	rows := d.places[:d.shown()]
	st := &timelineStrip{first: d.first, cells: make([][]control.Control, len(rows))}
	for i := range rows {
		st.cells[i] = make([]control.Control, days)
		for k := range snaps {
			st.cells[i][k] = snaps[k][i]
		}
	}

	t := web.Timeline{LabelW: tlLabelW, Top: tlTop, CellW: tlCellW, RowH: tlRowH, NameX: tlLabelW - 6, NameAnchor: "end"}
	t.Width = tlLabelW + days*tlCellW + 24 // room for the last tick's label
	t.Height = tlTop + len(rows)*tlRowH + 2
	// colX is where day k's column starts: days run in the page's reading
	// direction, from the names.
	colX := func(k int) int { return tlLabelW + k*tlCellW }
	if l.RTL() {
		t.NameX, t.NameAnchor = t.Width-tlLabelW+6, "start"
		colX = func(k int) int { return t.Width - tlLabelW - (k+1)*tlCellW }
	}
	st.x0, st.dx = colX(0), tlCellW
	if l.RTL() {
		st.dx = -tlCellW
	}
	lastTick := -10
	for k := 0; k < days; k++ {
		day := d.first.Add(k)
		td := web.TimelineDay{Day: day.String(), Label: shortDay(l, day), X: colX(k)}
		// Ticks on the first and last days and on the 1st, 8th, 15th and
		// 22nd of a month, at least three columns apart so labels never
		// overlap.
		_, _, dd := day.Civil()
		if (k == 0 || k == days-1 || dd == 1 || dd == 8 || dd == 15 || dd == 22) && k-lastTick >= 3 {
			td.Tick = tickLabel(l, day)
			lastTick = k
		}
		t.Days = append(t.Days, td)
	}
	var changes []string
	for i, p := range rows {
		row := web.TimelineRow{PlaceID: p.ID, Y: tlTop + i*tlRowH}
		row.Name, row.NameLang = l.Pick(p.Name, p.NameAR)
		for k, c := range st.cells[i] {
			run := web.TimelineRun{X: colX(k), W: tlCellW, Fill: "#ffffff", Known: c.Known,
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
			if c.Known && c.Status == control.StatusJoint {
				run.Joint, run.Dots = true, holderColor(d, c.Challenger)
				if !slices.Contains(t.Dots, run.Dots) {
					t.Dots = append(t.Dots, run.Dots)
				}
			}
			if n := len(row.Runs); n > 0 && sameRun(row.Runs[n-1], run) {
				row.Runs[n-1].W += tlCellW
				row.Runs[n-1].X = min(row.Runs[n-1].X, run.X)
			} else {
				row.Runs = append(row.Runs, run)
			}
			if k > 0 && c.Known && (!st.cells[i][k-1].Known || st.cells[i][k-1].Controller != c.Controller) {
				short := factionNames(l, d.factionBy[c.Controller]).short
				if short == "" {
					short = c.Controller
				}
				changes = append(changes, l.T("timeline.change", "place", placeNameIn(l, p), "holder", short, "date", tickLabel(l, d.first.Add(k))))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	grid, err := render(ctx, web.TimelineGrid(t))
	if err != nil {
		return nil, fmt.Errorf("server: timeline: %w", err)
	}
	st.grid, st.width, st.height = string(grid), t.Width, t.Height
	st.label = l.N("timeline.label", len(rows), "from", shortDay(l, d.first), "to", shortDay(l, d.last))
	if len(rows) < len(d.places) {
		st.label = l.N("timeline.label_first", len(d.places), "shown", len(rows), "from", shortDay(l, d.first), "to", shortDay(l, d.last))
	}
	if len(changes) == 0 {
		st.label += " " + l.T("timeline.no_change")
	} else {
		st.label += " " + l.T("timeline.changes", "list", strings.Join(changes, l.T("list.sep")))
	}
	return st, nil
}

// view is the strip as the page of one day shows it.
func (st *timelineStrip) view(day control.Day) *web.TimelineStrip {
	if st == nil {
		return nil
	}
	return &web.TimelineStrip{Grid: st.grid, Width: st.width, Height: st.height, X0: st.x0, CellW: st.dx,
		Top: tlTop, MarkerX: st.x0 + int(day-st.first)*st.dx, Label: st.label}
}

func sameRun(a, b web.TimelineRun) bool {
	return a.Fill == b.Fill && a.Known == b.Known && a.Contested == b.Contested && a.Hatch == b.Hatch && a.Claimed == b.Claimed &&
		a.Joint == b.Joint && a.Dots == b.Dots
}

func holderColor(d *snapshotData, id string) string {
	if f, ok := d.factionBy[id]; ok {
		return f.Color
	}
	return "#777777"
}

// tickLabel is "6 Dec".
func tickLabel(l *locale.Locale, d control.Day) string { return l.DateShort(d.String()) }
