package view

import (
	"sort"
	"strconv"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/web"
)

// DayInput is what the page of one day shows besides the version of the
// data: the day, its events (the first ones of a busy day, with the
// address of the rest) and what the server builds once per version and
// language (the timeline the script reads and the strip).
type DayInput struct {
	Day    control.Day
	Events []control.Event
	More   string // the address of all the day's events when Events are the first ones; else empty
	// Tuples is each listed place's history in the browser's format
	// (snapshot.Data.StateTuples), which marks the rows that changed on
	// Day as the browser marks them.
	Tuples   [][][]any
	Timeline any                // the page's timeline for the script, embedded as JSON
	Strip    *web.TimelineStrip // nil when there is none
}

// Day is the page of one day: its table, legend, headline, events and
// static map.
func Day(e Env, in DayInput) web.DayPage {
	l, d, day := e.L, e.Data, in.Day
	snap := d.Index.At(day)
	counts := map[string]int{}
	unknown := 0
	var rows []web.Row
	var points []web.Point
	for i, st := range snap {
		if st.Known {
			counts[st.Controller]++
		} else {
			unknown++
		}
		if i >= d.Shown() {
			continue // counted, not listed
		}
		p := d.PlaceBy[st.Place]
		row := Row(l, d, p, st)
		color := symbol.Paper
		if st.Known {
			color = row.Holder.Color
			for _, ev := range d.Disputed[p.ID] {
				if ev.Day >= st.Since && ev.Day <= day && ev.Controller != st.Controller {
					summary, _ := l.Pick(ev.Summary, ev.SummaryAR)
					row.Disputes = append(row.Disputes, web.Dispute{Day: ev.Day.String(), Claimer: Faction(l, d, ev.Controller), Summary: summary, EventID: ev.ID})
				}
			}
		}
		rows = append(rows, row)
		x, y := e.Map.Frame.Point(p.Lon, p.Lat)
		label := PlaceName(l, p)
		if st.Known {
			label += " · " + row.Holder.Short
		}
		pt := web.Point{X: x, Y: y, Kind: p.Kind, Color: color, Label: label, Contested: st.Status == control.StatusContested, Known: st.Known,
			Claimed: st.Known && st.Confidence == control.Claimed}
		if pt.Contested {
			pt.Ring = draw.HolderColor(d, st.Challenger)
		}
		if st.Known && st.Status == control.StatusJoint {
			pt.Joint, pt.Partner = true, draw.HolderColor(d, st.Challenger)
		}
		points = append(points, pt)
	}
	markChanged(d, day, in.Tuples, rows)
	land, unknownLand, totalLand := draw.LandOn(d, day)
	var factions []web.Faction
	for _, f := range d.Factions {
		fv := Faction(l, d, f.ID)
		fv.Count = counts[f.ID]
		fv.Gone = !d.Exists(f.ID, day)
		fv.Share = SharePct(l, land[f.ID], totalLand)
		fv.Land = land[f.ID]
		factions = append(factions, fv)
	}
	var evs []web.Event
	for _, ev := range in.Events {
		evs = append(evs, Event(l, d, ev))
	}
	headline := HeadlineOn(l, d, day, counts, len(snap))
	meta := e.Meta("/day/" + day.String())
	meta.Title = l.T("site.title_suffix", "title", l.T("day.page_title", "date", LongDay(l, day)))
	meta.Description = headline.String()
	// A quiet day's map is that of its last change, whose preview (which
	// names its own day) it shares, so a static copy keeps one preview
	// per change rather than one per day.
	pday := d.MapDay(day)
	meta.Image = e.abs(l.Path("/day/" + pday.String() + "/preview.png"))
	meta.ImageAlt = l.T("day.image_alt", "date", LongDay(l, pday), "headline", headline.String())
	meta.Site = e.Site()
	meta.Day = day.String()
	return web.DayPage{
		Meta:         meta,
		Assets:       e.Assets,
		Nav:          Nav(e, day),
		Headline:     headline,
		Factions:     factions,
		Rows:         rows,
		Unknown:      unknown,
		UnknownShare: SharePct(l, unknownLand, totalLand),
		Events:       evs,
		More:         in.More,
		Tracked:      len(d.Places),
		Timeline:     in.Timeline,
		Tiles:        e.Tiles,
		MapSVG:       e.dayMap(day, draw.Labels(d.Places, points, MapW, MapH)),
		Strip:        in.Strip,
		Quiet:        NoChangeSince(l, d, day),
	}
}

// dayMap is the static map of one day: land, front lines and points.
func (e Env) dayMap(day control.Day, points []web.Point) web.MapSVG {
	var areas []web.Area
	var fronts string
	if e.LandOf != nil {
		areas, fronts = e.LandOf(day)
	} else {
		areas, fronts = draw.Land(e.Map.Frame, e.Data, day)
	}
	return web.MapSVG{Width: MapW, Height: MapH, Land: e.Map.Land, Areas: areas, Fronts: fronts, Layers: e.Map.Layers, Points: points}
}

// markChanged marks the rows whose place's state changed on day, as the
// browser marks them when the slider moves: the last state of the place's
// history (tuples) not after day begins on day. Rows are the listed
// places, in the order of the tuples.
func markChanged(d *snapshot.Data, day control.Day, tuples [][][]any, rows []web.Row) {
	off := int(day - d.First)
	for i := range rows {
		ev := tuples[i]
		k := sort.Search(len(ev), func(k int) bool { return ev[k][0].(int) > off })
		rows[i].ChangedNow = k > 0 && ev[k-1][0].(int) == off
		// A state a succession set is not among the tuples; the browser
		// marks it from the succession's day, and so does the page.
		if ch := d.Index.Changes(i); !rows[i].ChangedNow {
			j := sort.Search(len(ch), func(j int) bool { return ch[j].Day > day })
			if j > 0 && ch[j-1].Day == day {
				_, rows[i].ChangedNow = d.Succession[ch[j-1].EventID]
			}
		}
	}
}

// Nav is the day page's navigation: the slider, the days around and the
// "what changed" shortcuts.
func Nav(e Env, day control.Day) web.Nav {
	l, d := e.L, e.Data
	n := web.Nav{Day: day.String(), DayLong: LongDay(l, day), First: d.First.String(), Last: d.Last.String(),
		Index: int(day - d.First), Count: int(d.Last-d.First) + 1}
	if day > d.First {
		n.Prev = (day - 1).String()
	}
	if day < d.Last {
		n.Next = (day + 1).String()
	}
	n.Ticks = sliderTicks(e, d.First, d.Last)
	n.Since = ChangesSince(d, day).String()
	for _, r := range recentSpans {
		rv := web.Recent{Back: r.back, Label: l.T(r.key)}
		// The smallest range with the same changes, so quiet days share
		// their pages; none when nothing changed.
		if a, b, ok := d.Window(max(d.First, day-control.Day(r.back)), day); ok {
			rv.From, rv.To = a.String(), b.String()
		}
		n.Recent = append(n.Recent, rv)
	}
	return n
}

// ChangesSince is the day up to which "what changed since the first day"
// compares: day's last change (the same changes), or day itself when the
// map has not changed since the first day.
func ChangesSince(d *snapshot.Data, day control.Day) control.Day {
	if last, ok := d.LastChange(day); ok && last > d.First {
		return last
	}
	return day
}

// recentSpans are the "what changed" shortcuts of a day page: the last day,
// week, month and year up to it.
var recentSpans = []struct {
	back int
	key  string
}{{1, "day.recent_day"}, {7, "day.recent_week"}, {30, "day.recent_month"}, {365, "day.recent_year"}}

// sliderTicks marks the first day of every month under the slider (every
// quarter past six years, so ticks stay apart), labelling years, or the
// months themselves when the range is a year or less.
func sliderTicks(e Env, first, last control.Day) []web.Tick {
	l := e.L
	span := int(last - first)
	if span <= 0 {
		return nil
	}
	monthsShort := l.ForBrowser().MonthsShort
	fy, fm, _ := first.Civil()
	var ticks []web.Tick
	for y, m := fy, fm+1; ; m++ {
		if m > 12 {
			y, m = y+1, 1
		}
		day := control.FromCivil(y, m, 1)
		if day > last {
			break
		}
		if span > 6*366 && (m-1)%3 != 0 {
			continue
		}
		pct := float64(day-first) * 100 / float64(span)
		if l.RTL() {
			// A right-to-left slider starts at the right.
			pct = 100 - pct
		}
		t := web.Tick{Pct: strconv.FormatFloat(pct, 'f', 2, 64), Major: m == 1}
		switch {
		case m == 1:
			t.Label = l.Digits(strconv.Itoa(y))
		case span <= 366 && len(monthsShort) == 12:
			t.Label = monthsShort[m-1]
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// Embed is the map of one day alone, for other sites' iframes, made from
// the day's page: it keeps the map, legend and headline and drops the rest.
// Its timeline is the day page's with no history (see the server).
func Embed(e Env, day control.Day, full web.DayPage, embedJS string, timeline any) web.EmbedPage {
	l := e.L
	// The embed's canonical page is the day page, in the embed's language.
	meta := e.Meta("/day/" + day.String())
	meta.Title = l.T("site.title_suffix", "title", l.T("day.page_title", "date", LongDay(l, day)))
	meta.Description = full.Headline.String()
	var holding []web.Faction
	for _, f := range full.Factions {
		// The embed's legend explains its map in little room, and a
		// faction with no land is not on it.
		if f.Land > 0 {
			holding = append(holding, f)
		}
	}
	return web.EmbedPage{
		Meta:         meta,
		Assets:       e.Assets,
		EmbedJS:      embedJS,
		Day:          day.String(),
		DayLong:      LongDay(l, day),
		Headline:     full.Headline,
		Factions:     holding,
		Unknown:      full.Unknown,
		UnknownShare: full.UnknownShare,
		Timeline:     timeline,
		Tiles:        e.Tiles,
		MapSVG:       full.MapSVG,
	}
}
