package server

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/symbol"
	"frontline/internal/view"
	"frontline/web"
)

// The timeline strip's geometry in SVG units.
const (
	tlLabelW = 118
	tlTop    = 24
	tlCellW  = 22
	tlRowH   = 16
	// Up to tlDailyMax days a column is a day; up to tlWeeklyMax a week;
	// past it a calendar month, so two years are 25 columns and ten 121.
	tlDailyMax  = 92
	tlWeeklyMax = 366
	// tlMaxDays keeps a dataset with a stray far-off day from drawing a
	// strip of thousands of columns; past it the day page has no strip.
	tlMaxDays = 100 * 366
)

// stripCol is one column of the strip: the days from..to (inclusive).
// It shows the state on its last day, the day its link opens.
type stripCol struct{ from, to control.Day }

// stripColumns divides first..last into the strip's columns: days, weeks
// from first, or calendar months, by the length of the range.
func stripColumns(first, last control.Day) []stripCol {
	days := int(last-first) + 1
	if days <= 0 || days > tlMaxDays {
		return nil
	}
	var cols []stripCol
	switch {
	case days <= tlDailyMax:
		for d := first; d <= last; d++ {
			cols = append(cols, stripCol{d, d})
		}
	case days <= tlWeeklyMax:
		for d := first; d <= last; d += 7 {
			cols = append(cols, stripCol{d, min(d+6, last)})
		}
	default:
		for d := first; d <= last; {
			y, m, _ := d.Civil()
			if m++; m > 12 {
				y, m = y+1, 1
			}
			next := control.FromCivil(y, m, 1)
			cols = append(cols, stripCol{d, min(next-1, last)})
			d = next
		}
	}
	return cols
}

// timelineStrip is the state of every place in every column of the strip
// and the strip drawn from it, built once per data version.
type timelineStrip struct {
	first  control.Day
	cols   []stripCol
	cells  [][]control.Control // [place][column]: the state on the column's last day
	grid   string              // rendered web.TimelineGrid
	width  int
	height int
	label  string
	x0, dx int // where column 0 starts, and the step to the next column (negative right to left)
}

// buildStrip draws the listed places from each column's snapshot (the
// index's, so every cell follows the rule of control.ControlOn); snaps
// holds one per column of cols, and the strip is nil when there are none.
// A column of more than one day marks each place that changed within it.
func buildStrip(ctx context.Context, d *snapshotData, cols []stripCol, snaps [][]control.Control) (*timelineStrip, error) {
	if len(snaps) == 0 || len(snaps) != len(cols) {
		return nil, nil
	}
	l := locale.From(ctx)
	n := len(cols)
	aggregated := cols[0].to > cols[0].from
	rows := d.Places[:d.Shown()]
	st := &timelineStrip{first: d.First, cols: cols, cells: make([][]control.Control, len(rows))}
	for i := range rows {
		st.cells[i] = make([]control.Control, n)
		for k := range snaps {
			st.cells[i][k] = snaps[k][i]
		}
	}
	colOf := func(day control.Day) int {
		k, _ := slices.BinarySearchFunc(cols, day, func(c stripCol, day control.Day) int { return int(c.to - day) })
		return k
	}

	t := web.Timeline{LabelW: tlLabelW, Top: tlTop, CellW: tlCellW, RowH: tlRowH, NameX: tlLabelW - 6, NameAnchor: "end"}
	t.Width = tlLabelW + n*tlCellW + 24 // room for the last tick's label
	t.Height = tlTop + len(rows)*tlRowH + 2
	// colX is where column k starts: columns run in the page's reading
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
	months := l.ForBrowser().MonthsShort
	lastTick := -10
	for k, c := range cols {
		td := web.TimelineDay{Day: c.to.String(), Label: colLabel(l, c), X: colX(k)}
		// Daily: ticks on the first and last days and on the 1st, 8th, 15th
		// and 22nd of a month. Weekly: the week holding a month's 1st, named
		// by its month (its year in January). Monthly: years, and every
		// third month. Always at least three columns apart, so labels never
		// overlap.
		y, m, dd := c.to.Civil()
		label := ""
		switch {
		case !aggregated:
			if k == 0 || k == n-1 || dd == 1 || dd == 8 || dd == 15 || dd == 22 {
				label = tickLabel(l, c.to)
			}
		default:
			fy, fm, fd := c.from.Civil()
			if c.to-c.from > 7 { // a month
				y, m = fy, fm
			} else if fd != 1 && fm == m {
				break // the week holds no month's 1st
			}
			if fd != 1 && c.to-c.from > 7 {
				break // a month cut short by the range's first day
			}
			switch {
			case m == 1:
				label = l.Digits(strconv.Itoa(y))
			case (c.to-c.from <= 7 || m%3 == 1) && len(months) == 12:
				label = months[m-1]
			}
		}
		if label != "" && k-lastTick >= 3 {
			td.Tick = label
			lastTick = k
		}
		t.Days = append(t.Days, td)
	}
	var changes []string
	for i, p := range rows {
		row := web.TimelineRow{PlaceID: p.ID, Y: tlTop + i*tlRowH}
		row.Name, row.NameLang = l.Pick(p.Name, p.NameAR)
		for k, c := range st.cells[i] {
			run := web.TimelineRun{X: colX(k), W: tlCellW, Fill: symbol.Paper, Known: c.Known,
				Contested: c.Status == control.StatusContested, Claimed: c.Confidence == control.Claimed}
			if c.Known {
				run.Fill = draw.HolderColor(d.Data, c.Controller)
			}
			if run.Contested {
				run.Hatch = draw.HolderColor(d.Data, c.Challenger)
				if !slices.Contains(t.Hatches, run.Hatch) {
					t.Hatches = append(t.Hatches, run.Hatch)
				}
			}
			if c.Known && c.Status == control.StatusJoint {
				run.Joint, run.Dots = true, draw.HolderColor(d.Data, c.Challenger)
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
		}
		// Every change of holder, from the place's history: in a column of
		// many days it may be undone within the column, so it is marked.
		var prev control.Control
		for _, ch := range d.Index.Changes(i) {
			c := ch.Control
			was := prev
			prev = c
			if ch.Day < d.First || ch.Day > d.Last {
				continue
			}
			if c.Known && (!was.Known || was.Controller != c.Controller) {
				short := view.FactionNames(l, d.FactionBy[c.Controller]).Short
				if short == "" {
					short = c.Controller
				}
				changes = append(changes, l.T("timeline.change", "place", view.PlaceName(l, p), "holder", short, "date", tickLabel(l, ch.Day)))
			}
			if aggregated && ch.Day > d.First && (c.Known != was.Known || c.Controller != was.Controller || c.Status != was.Status || c.Confidence != was.Confidence) {
				if k := colOf(ch.Day); !slices.Contains(row.Marks, colX(k)) {
					row.Marks = append(row.Marks, colX(k))
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	grid, err := render(ctx, web.TimelineGrid(t))
	if err != nil {
		return nil, fmt.Errorf("server: timeline: %w", err)
	}
	st.grid, st.width, st.height = string(grid), t.Width, t.Height
	st.label = l.N("timeline.label", len(rows), "from", view.ShortDay(l, d.First), "to", view.ShortDay(l, d.Last))
	if len(rows) < len(d.Places) {
		st.label = l.N("timeline.label_first", len(d.Places), "shown", len(rows), "from", view.ShortDay(l, d.First), "to", view.ShortDay(l, d.Last))
	}
	if len(changes) == 0 {
		st.label += " " + l.T("timeline.no_change")
	} else {
		st.label += " " + l.T("timeline.changes", "list", strings.Join(changes, l.T("list.sep")))
	}
	return st, nil
}

// colLabel names a column for its link: a day, a week ("26 Nov – 2 Dec
// 2024") or a month ("March 2025").
func colLabel(l *locale.Locale, c stripCol) string {
	if c.from == c.to {
		return l.Date(c.to.String())
	}
	if c.to-c.from > 7 {
		y, m, _ := c.to.Civil()
		if months := l.ForBrowser().Months; len(months) == 12 {
			return months[m-1] + " " + l.Digits(strconv.Itoa(y))
		}
	}
	return view.ShortDay(l, c.from) + " – " + l.Date(c.to.String())
}

// view is the strip as the page of one day shows it.
func (st *timelineStrip) view(day control.Day) *web.TimelineStrip {
	if st == nil {
		return nil
	}
	k, _ := slices.BinarySearchFunc(st.cols, day, func(c stripCol, day control.Day) int { return int(c.to - day) })
	v := &web.TimelineStrip{Grid: st.grid, Width: st.width, Height: st.height, X0: st.x0, CellW: st.dx,
		Top: tlTop, MarkerX: st.x0 + k*st.dx, Label: st.label}
	if st.cols[0].to > st.cols[0].from {
		// The script finds the column of a day among the columns' first days.
		starts := make([]string, len(st.cols))
		for i, c := range st.cols {
			starts[i] = strconv.Itoa(int(c.from - st.first))
		}
		v.Cols = strings.Join(starts, " ")
		v.Unit = "week"
		if st.cols[0].to-st.cols[0].from > 7 || (len(st.cols) > 1 && st.cols[1].to-st.cols[1].from > 7) {
			v.Unit = "month"
		}
	}
	return v
}

func sameRun(a, b web.TimelineRun) bool {
	return a.Fill == b.Fill && a.Known == b.Known && a.Contested == b.Contested && a.Hatch == b.Hatch && a.Claimed == b.Claimed &&
		a.Joint == b.Joint && a.Dots == b.Dots
}

// tickLabel is "6 Dec".
func tickLabel(l *locale.Locale, d control.Day) string { return l.DateShort(d.String()) }
