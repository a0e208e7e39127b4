package view

import (
	"slices"
	"strconv"
	"strings"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/web"
)

// The timeline strip's geometry in SVG units.
const (
	StripLabelW = 118
	stripTop    = 24
	StripCellW  = 22
	stripRowH   = 16
	// Up to stripDailyMax days a column is a day; up to stripWeeklyMax a week;
	// past it a calendar month, so two years are 25 columns and ten 121.
	stripDailyMax  = 92
	stripWeeklyMax = 366
	// stripMaxDays keeps a dataset with a stray far-off day from drawing a
	// strip of thousands of columns; past it the day page has no strip.
	stripMaxDays = 100 * 366
)

// StripCol is one column of the strip: the days from..to (inclusive).
// It shows the state on its last day, the day its link opens.
type StripCol struct{ From, To control.Day }

// StripColumns divides first..last into the strip's columns: days, weeks
// from first, or calendar months, by the length of the range.
func StripColumns(first, last control.Day) []StripCol {
	days := int(last-first) + 1
	if days <= 0 || days > stripMaxDays {
		return nil
	}
	var cols []StripCol
	switch {
	case days <= stripDailyMax:
		for d := first; d <= last; d++ {
			cols = append(cols, StripCol{d, d})
		}
	case days <= stripWeeklyMax:
		for d := first; d <= last; d += 7 {
			cols = append(cols, StripCol{d, min(d+6, last)})
		}
	default:
		for d := first; d <= last; {
			y, m, _ := d.Civil()
			if m++; m > 12 {
				y, m = y+1, 1
			}
			next := control.FromCivil(y, m, 1)
			cols = append(cols, StripCol{d, min(next-1, last)})
			d = next
		}
	}
	return cols
}

// Strip is the state of every listed place in every column of the strip
// and the strip's grid built from it, once per data version and language;
// the server renders Grid once into the strip's file, whose address it
// hands to View for each day.
type Strip struct {
	First control.Day
	Cols  []StripCol
	Cells [][]control.Control // [place][column]: the state on the column's last day
	Grid  web.Timeline
	Label string // what the strip is: its places and days
	// Changes lists every change of holder for a screen reader; it grows
	// with the data, so only the strip's own file carries it.
	Changes string
	x0, dx  int // where column 0 starts, and the step to the next column (negative right to left)
}

// NewStrip draws the listed places from each column's snapshot (the
// index's, so every cell follows the rule of control.ControlOn); snaps
// holds one per column of cols, and the strip is nil when there are none.
// A column of more than one day marks each place that changed within it.
func NewStrip(l *locale.Locale, d *snapshot.Data, cols []StripCol, snaps [][]control.Control) *Strip {
	if len(snaps) == 0 || len(snaps) != len(cols) {
		return nil
	}
	n := len(cols)
	aggregated := cols[0].To > cols[0].From
	rows := d.Places[:d.Shown()]
	st := &Strip{First: d.First, Cols: cols, Cells: make([][]control.Control, len(rows))}
	for i := range rows {
		st.Cells[i] = make([]control.Control, n)
		for k := range snaps {
			st.Cells[i][k] = snaps[k][i]
		}
	}
	colOf := func(day control.Day) int {
		k, _ := slices.BinarySearchFunc(cols, day, func(c StripCol, day control.Day) int { return int(c.To - day) })
		return k
	}

	t := web.Timeline{LabelW: StripLabelW, Top: stripTop, CellW: StripCellW, RowH: stripRowH, NameX: StripLabelW - 6, NameAnchor: "end"}
	t.Width = StripLabelW + n*StripCellW + 24 // room for the last tick's label
	t.Height = stripTop + len(rows)*stripRowH + 2
	// colX is where column k starts: columns run in the page's reading
	// direction, from the names.
	colX := func(k int) int { return StripLabelW + k*StripCellW }
	if l.RTL() {
		t.NameX, t.NameAnchor = t.Width-StripLabelW+6, "start"
		colX = func(k int) int { return t.Width - StripLabelW - (k+1)*StripCellW }
	}
	st.x0, st.dx = colX(0), StripCellW
	if l.RTL() {
		st.dx = -StripCellW
	}
	months := l.ForBrowser().MonthsShort
	lastTick := -10
	for k, c := range cols {
		td := web.TimelineDay{Day: c.To.String(), Label: colLabel(l, c), X: colX(k)}
		// Daily: ticks on the first and last days and on the 1st, 8th, 15th
		// and 22nd of a month. Weekly: the week holding a month's 1st, named
		// by its month (its year in January). Monthly: years, and every
		// third month. Always at least three columns apart, so labels never
		// overlap.
		y, m, dd := c.To.Civil()
		label := ""
		switch {
		case !aggregated:
			if k == 0 || k == n-1 || dd == 1 || dd == 8 || dd == 15 || dd == 22 {
				label = tickLabel(l, c.To)
			}
		default:
			fy, fm, fd := c.From.Civil()
			if c.To-c.From > 7 { // a month
				y, m = fy, fm
			} else if fd != 1 && fm == m {
				break // the week holds no month's 1st
			}
			if fd != 1 && c.To-c.From > 7 {
				break // a month cut short by the range's first day
			}
			switch {
			case m == 1:
				label = l.Digits(strconv.Itoa(y))
			case (c.To-c.From <= 7 || m%3 == 1) && len(months) == 12:
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
		row := web.TimelineRow{PlaceID: p.ID, Y: stripTop + i*stripRowH}
		row.Name, row.NameLang = l.Pick(p.Name, p.NameAR)
		for k, c := range st.Cells[i] {
			run := web.TimelineRun{X: colX(k), W: StripCellW, Fill: symbol.Paper, Known: c.Known,
				Contested: c.Status == control.StatusContested, Claimed: c.Confidence == control.Claimed}
			if c.Known {
				run.Fill = draw.HolderColor(d, c.Controller)
			}
			if run.Contested {
				run.Hatch = draw.HolderColor(d, c.Challenger)
				if !slices.Contains(t.Hatches, run.Hatch) {
					t.Hatches = append(t.Hatches, run.Hatch)
				}
			}
			if c.Known && c.Status == control.StatusJoint {
				run.Joint, run.Dots = true, draw.HolderColor(d, c.Challenger)
				if !slices.Contains(t.Dots, run.Dots) {
					t.Dots = append(t.Dots, run.Dots)
				}
			}
			if n := len(row.Runs); n > 0 && sameRun(row.Runs[n-1], run) {
				row.Runs[n-1].W += StripCellW
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
				short := FactionNames(l, d.FactionBy[c.Controller]).Short
				if short == "" {
					short = c.Controller
				}
				changes = append(changes, l.T("timeline.change", "place", PlaceName(l, p), "holder", short, "date", tickLabel(l, ch.Day)))
			}
			if aggregated && ch.Day > d.First && (c.Known != was.Known || c.Controller != was.Controller || c.Status != was.Status || c.Confidence != was.Confidence) {
				if k := colOf(ch.Day); !slices.Contains(row.Marks, colX(k)) {
					row.Marks = append(row.Marks, colX(k))
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	st.Grid = t
	st.Label = l.N("timeline.label", len(rows), "from", ShortDay(l, d.First), "to", ShortDay(l, d.Last))
	if len(rows) < len(d.Places) {
		st.Label = l.N("timeline.label_first", len(d.Places), "shown", len(rows), "from", ShortDay(l, d.First), "to", ShortDay(l, d.Last))
	}
	if len(changes) == 0 {
		st.Changes = l.T("timeline.no_change")
	} else {
		st.Changes = l.T("timeline.changes", "list", strings.Join(changes, l.T("list.sep")))
	}
	return st
}

// colLabel names a column for its link: a day, a week ("26 Nov – 2 Dec
// 2024") or a month ("March 2025").
func colLabel(l *locale.Locale, c StripCol) string {
	if c.From == c.To {
		return l.Date(c.To.String())
	}
	if c.To-c.From > 7 {
		y, m, _ := c.To.Civil()
		if months := l.ForBrowser().Months; len(months) == 12 {
			return months[m-1] + " " + l.Digits(strconv.Itoa(y))
		}
	}
	return ShortDay(l, c.From) + " – " + l.Date(c.To.String())
}

// View is the strip as the page of one day shows it: its frame and its
// day's marker, with the grid at src (a file of its own, the same for
// every day); nil when there is no strip.
func (st *Strip) View(day control.Day, src string) *web.TimelineStrip {
	if st == nil {
		return nil
	}
	k, _ := slices.BinarySearchFunc(st.Cols, day, func(c StripCol, day control.Day) int { return int(c.To - day) })
	v := &web.TimelineStrip{Src: src, Width: st.Grid.Width, Height: st.Grid.Height, X0: st.x0, CellW: st.dx,
		Top: stripTop, MarkerX: st.x0 + k*st.dx, Label: st.Label}
	if st.Cols[0].To > st.Cols[0].From {
		// The script finds the column of a day among the columns' first days.
		starts := make([]string, len(st.Cols))
		for i, c := range st.Cols {
			starts[i] = strconv.Itoa(int(c.From - st.First))
		}
		v.Cols = strings.Join(starts, " ")
		v.Unit = "week"
		if st.Cols[0].To-st.Cols[0].From > 7 || (len(st.Cols) > 1 && st.Cols[1].To-st.Cols[1].From > 7) {
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
