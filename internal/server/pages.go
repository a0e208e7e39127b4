package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/symbol"
	"frontline/web"
)

// handleHome renders the latest day; its canonical link names that day.
func (s *Server) handleHome(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	if l := locale.From(c.Request().Context()); !d.HasDays {
		return nil, notFound(l.T("error.no_events"), l.T("error.import_hint"))
	}
	page, err := s.dayPage(c.Request(), d, d.Last)
	if err != nil {
		return nil, err
	}
	body, err := render(c.Request().Context(), web.DayView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// handleDayForm turns the no-JavaScript day form (?day=YYYY-MM-DD) into a
// redirect to the day's permalink.
func (s *Server) handleDayForm(c echo.Context) error {
	raw := c.QueryParam("day")
	l, _ := locale.ForPath(c.Path())
	day, err := control.ParseDay(raw)
	if err != nil {
		return notADay(s.loc(l), raw)
	}
	return c.Redirect(http.StatusSeeOther, l.Path("/day/"+day.String()))
}

func (s *Server) pageDay(c echo.Context, d *snapshotData) (control.Day, error) {
	raw := c.Param("day")
	l := locale.From(c.Request().Context())
	day, err := control.ParseDay(raw)
	if err != nil {
		return 0, notADay(l, raw)
	}
	if !d.HasDays {
		return 0, notFound(l.T("error.no_events"), "")
	}
	if day < d.First || day > d.Last {
		return 0, outOfRange(l, d, day)
	}
	return day, nil
}

// outOfRange is the one answer, on pages and in the API alike, for a day
// outside the data: 404, naming the days the data covers. An answer for
// such a day would have to invent a state (the last day's, or nothing).
func outOfRange(l *locale.Locale, d *snapshotData, day control.Day) error {
	return &problem{status: http.StatusNotFound,
		message: l.T("error.no_data_day", "day", l.Digits(day.String()), "first", l.Digits(d.First.String()), "last", l.Digits(d.Last.String())),
		hint:    l.T("error.ask_range", "first", longDay(l, d.First), "last", longDay(l, d.Last)),
		links: []web.Link{
			{Href: l.Path("/day/" + d.First.String()), Label: l.T("error.first_day", "date", shortDay(l, d.First))},
			{Href: l.Path("/day/" + d.Last.String()), Label: l.T("error.last_day", "date", shortDay(l, d.Last))},
		}}
}

// notADay is the answer to a day that does not parse.
func notADay(l *locale.Locale, raw string) error {
	return badRequest(l.T("error.not_a_day", "value", strconv.Quote(control.Clip(raw, 40))), l.T("error.day_hint"))
}

func (s *Server) handleDay(c echo.Context) (*response, error) { return s.dayView(c, web.DayView) }

// handlePanel renders the day's table and feed alone, for the slider.
func (s *Server) handlePanel(c echo.Context) (*response, error) { return s.dayView(c, web.Panel) }

// dayView renders one view of the day named in the path.
func (s *Server) dayView(c echo.Context, view func(web.DayPage) templ.Component) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	day, err := s.pageDay(c, d)
	if err != nil {
		return nil, err
	}
	page, err := s.dayPage(c.Request(), d, day)
	if err != nil {
		return nil, err
	}
	body, err := render(c.Request().Context(), view(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// dayPage builds the view of one day.
func (s *Server) dayPage(r *http.Request, d *snapshotData, day control.Day) (web.DayPage, error) {
	ctx := r.Context()
	l := locale.From(ctx)
	lang, err := s.langData(ctx, d, l)
	if err != nil {
		return web.DayPage{}, err
	}
	snap := d.Index.At(day)
	events, more, err := s.dayFeed(ctx, d, day)
	if err != nil {
		return web.DayPage{}, err
	}
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
		row := s.rowOf(l, d, p, st)
		color := symbol.Paper
		if st.Known {
			color = row.Holder.Color
			for _, ev := range d.Disputed[p.ID] {
				if ev.Day >= st.Since && ev.Day <= day && ev.Controller != st.Controller {
					row.Disputes = append(row.Disputes, web.Dispute{Day: ev.Day.String(), Claimer: s.factionView(l, d, ev.Controller), Summary: summaryIn(l, ev), EventID: ev.ID})
				}
			}
		}
		rows = append(rows, row)
		x, y := s.frame.Point(p.Lon, p.Lat)
		label := placeNameIn(l, p)
		if st.Known {
			label += " · " + row.Holder.Short
		}
		pt := web.Point{X: x, Y: y, Kind: p.Kind, Color: color, Label: label, Contested: st.Status == control.StatusContested, Known: st.Known,
			Claimed: st.Known && st.Confidence == control.Claimed}
		if pt.Contested {
			pt.Ring = draw.HolderColor(d.Data, st.Challenger)
		}
		if st.Known && st.Status == control.StatusJoint {
			pt.Joint, pt.Partner = true, draw.HolderColor(d.Data, st.Challenger)
		}
		points = append(points, pt)
	}
	markChanged(d, day, rows)
	land, unknownLand, totalLand := draw.LandOn(d.Data, day)
	var factions []web.Faction
	for _, f := range d.Factions {
		fv := s.factionView(l, d, f.ID)
		fv.Count = counts[f.ID]
		fv.Gone = !d.Exists(f.ID, day)
		fv.Share = sharePct(l, land[f.ID], totalLand)
		fv.Land = land[f.ID]
		factions = append(factions, fv)
	}
	var evs []web.Event
	for _, e := range events {
		evs = append(evs, s.eventView(l, d, e))
	}
	headline := headlineOn(l, d, day, counts, len(snap))
	meta := s.meta(l, "/day/"+day.String())
	meta.Title = l.T("site.title_suffix", "title", l.T("day.page_title", "date", longDay(l, day)))
	meta.Description = headline.String()
	// A quiet day's map is that of its last change, whose preview (which
	// names its own day) it shares, so a static copy keeps one preview
	// per change rather than one per day.
	pday := d.MapDay(day)
	meta.Image = s.abs(l.Path("/day/" + pday.String() + "/preview.png"))
	meta.ImageAlt = l.T("day.image_alt", "date", longDay(l, pday), "headline", headline.String())
	meta.Site = s.site(d)
	meta.Day = day.String()
	page := web.DayPage{
		Meta:         meta,
		Assets:       s.assets,
		Nav:          s.nav(l, d, day),
		Headline:     headline,
		Factions:     factions,
		Rows:         rows,
		Unknown:      unknown,
		UnknownShare: sharePct(l, unknownLand, totalLand),
		Events:       evs,
		More:         more,
		Tracked:      len(d.Places),
		Timeline:     dayTimeline(d, lang, day),
		Tiles:        s.cfg.Tiles,
		MapSVG:       s.mapSVG(d, day, draw.Labels(d.Places, points, mapW, mapH)),
		Strip:        lang.strip.view(day),
		Quiet:        noChangeSince(l, d, day),
	}
	return page, nil
}

func (s *Server) nav(l *locale.Locale, d *snapshotData, day control.Day) web.Nav {
	n := web.Nav{Day: day.String(), DayLong: longDay(l, day), First: d.First.String(), Last: d.Last.String(),
		Index: int(day - d.First), Count: int(d.Last-d.First) + 1}
	if day > d.First {
		n.Prev = (day - 1).String()
	}
	if day < d.Last {
		n.Next = (day + 1).String()
	}
	n.Ticks = sliderTicks(l, d.First, d.Last)
	n.Since = changesSince(d, day).String()
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

// changesSince is the day up to which "what changed since the first day"
// compares: day's last change (the same changes), or day itself when the
// map has not changed since the first day.
func changesSince(d *snapshotData, day control.Day) control.Day {
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
func sliderTicks(l *locale.Locale, first, last control.Day) []web.Tick {
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

// factionView is a faction as pages in l's language name it.
func (s *Server) factionView(l *locale.Locale, d *snapshotData, id string) web.Faction {
	if id == "" {
		return web.Faction{}
	}
	f, ok := d.FactionBy[id]
	if !ok {
		return web.Faction{ID: id, Name: id, Short: id, Color: symbol.NoFaction}
	}
	n := factionNames(l, f)
	return web.Faction{ID: f.ID, Name: n.name, NameLang: n.nameLang, Short: n.short, ShortLang: n.shortLang, Color: f.Color}
}

// names are a faction's long and short names in one language; each lang is
// "en" when the name fell back to English, "" when it is in the language.
type names struct {
	name, nameLang   string
	short, shortLang string
}

// factionNames are a faction's long and short names in l's language, the
// English ones where the data has none (an Arabic short name falls back to
// the Arabic long one).
func factionNames(l *locale.Locale, f control.Faction) names {
	shortAR := f.ShortAR
	if shortAR == "" {
		shortAR = f.NameAR
	}
	var n names
	n.name, n.nameLang = l.Pick(f.Name, f.NameAR)
	n.short, n.shortLang = l.Pick(f.Short, shortAR)
	return n
}

// placeNameIn is a place's name in l's language, the English one where the
// data has none.
func placeNameIn(l *locale.Locale, p control.Place) string {
	name, _ := l.Pick(p.Name, p.NameAR)
	return name
}

// summaryIn is an event's summary in l's language, the English one where
// the data has none.
func summaryIn(l *locale.Locale, e control.Event) string {
	summary, _ := l.Pick(e.Summary, e.SummaryAR)
	return summary
}

func (s *Server) eventView(l *locale.Locale, d *snapshotData, e control.Event) web.Event {
	p := d.PlaceBy[e.Place]
	v := web.Event{
		ID: e.ID, Day: e.Day.String(), DayLong: longDay(l, e.Day), DayShort: shortDay(l, e.Day), Kind: string(e.Kind), KindLabel: l.T("kind." + string(e.Kind)),
		PlaceID: e.Place, Status: string(e.Status),
		Controller: s.factionView(l, d, e.Controller), Challenger: s.factionView(l, d, e.Challenger),
		Confidence: string(e.Confidence),
	}
	v.PlaceName, v.PlaceNameLang = l.Pick(p.Name, p.NameAR)
	v.Summary, v.SummaryLang = l.Pick(e.Summary, e.SummaryAR)
	if e.Place == "" && e.Area != "" {
		for _, a := range d.Areas {
			if a.ID == e.Area {
				v.AreaName, v.AreaNameLang = l.Pick(a.Name, a.NameAR)
				break
			}
		}
	}
	for _, src := range e.Sources {
		v.Sources = append(v.Sources, web.Source{Outlet: src.Outlet, Title: src.Title, URL: safeURL(src.URL), Seed: src.Seed, Quote: src.Quote, Published: src.Published})
	}
	return v
}

// safeURL lets only http(s) addresses become links; imports reject others,
// and this keeps a bad row in an old database from ever becoming a script.
func safeURL(u string) string {
	l := strings.ToLower(u)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return u
	}
	return ""
}

// headline says in one line who holds how much, largest first. A faction
// named in English on a page in another language is a run of its own,
// marked "en".
func headline(l *locale.Locale, d *snapshotData, counts map[string]int, total int) web.Runs {
	return headlineOf(l, d, counts, total, false)
}

// headlineOn is the headline of day, which on a day with no change says
// when the last change was.
func headlineOn(l *locale.Locale, d *snapshotData, day control.Day, counts map[string]int, total int) web.Runs {
	h := headline(l, d, counts, total)
	if since := noChangeSince(l, d, day); since != "" {
		rs := runs(h)
		rs.add(l.T("headline.no_change_since", "date", since), "")
		h = web.Runs(rs)
	}
	return h
}

// headlineLead is the headline's first clause alone ("HTS holds 28 of 63
// places"), for the preview image, whose legend counts the rest.
func headlineLead(l *locale.Locale, d *snapshotData, counts map[string]int, total int) web.Runs {
	return headlineOf(l, d, counts, total, true)
}

func headlineOf(l *locale.Locale, d *snapshotData, counts map[string]int, total int, leadOnly bool) web.Runs {
	type fc struct {
		f control.Faction
		n int
	}
	var list []fc
	for _, f := range d.Factions {
		if counts[f.ID] > 0 {
			list = append(list, fc{f, counts[f.ID]})
		}
	}
	if len(list) == 0 {
		return web.Runs{{Text: l.T("headline.none")}}
	}
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].n > list[j-1].n; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	var rs runs
	rs.fill(l.N("headline.lead", total, "holder", holderMark, "count", list[0].n), factionNames(l, list[0].f))
	if leadOnly {
		return web.Runs(rs)
	}
	for _, x := range list[1:] {
		rs.add(l.T("headline.sep"), "")
		rs.fill(l.T("headline.other", "holder", holderMark, "count", x.n), factionNames(l, x.f))
	}
	return web.Runs(rs)
}

// holderMark stands for a faction's name in a message, to be replaced by
// the name as a run of its own; no message contains it.
const holderMark = "\x00"

// runs builds web.Runs, merging neighbours of one language, so text all in
// the page's language is one run.
type runs web.Runs

func (rs *runs) add(text, lang string) {
	if text == "" {
		return
	}
	if n := len(*rs); n > 0 && (*rs)[n-1].Lang == lang {
		(*rs)[n-1].Text += text
		return
	}
	*rs = append(*rs, web.Run{Text: text, Lang: lang})
}

// fill adds msg with each holderMark replaced by the faction's short name
// in its language.
func (rs *runs) fill(msg string, n names) {
	for i, part := range strings.Split(msg, holderMark) {
		if i > 0 {
			rs.add(n.short, n.shortLang)
		}
		rs.add(part, "")
	}
}

// meta is the part of a page's Meta that follows from its language and its
// path in the default language: the canonical link and the alternates.
func (s *Server) meta(l *locale.Locale, path string) web.Meta {
	m := web.Meta{Canonical: s.abs(l.Path(path))}
	for _, o := range locale.All() {
		m.Alternates = append(m.Alternates, web.Alternate{Lang: o.Tag, Name: o.Name, Href: s.abs(o.Path(path)), Local: o.Path(path), Prefix: o.Prefix, Current: o.Tag == l.Tag})
	}
	return m
}

// longDay is "Friday 6 December 2024" in l's language.
func longDay(l *locale.Locale, d control.Day) string { return l.DateLong(d.String()) }

// shortDay is "6 Dec 2024".
func shortDay(l *locale.Locale, d control.Day) string { return l.Date(d.String()) }
