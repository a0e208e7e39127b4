package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/web"
)

const pageCache = "public, max-age=300, stale-while-revalidate=3600"

// handleHome renders the latest day; its canonical link names that day.
func (s *Server) handleHome(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	if !d.hasDays {
		return nil, notFound("There are no events in the database yet.", "Import a dataset with `frontline import DIR`.")
	}
	page, err := s.dayPage(c.Request(), d, d.last)
	if err != nil {
		return nil, err
	}
	body, err := render(c.Request().Context(), web.DayView(page))
	if err != nil {
		return nil, err
	}
	return newResponse(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, "public, max-age=60, stale-while-revalidate=600", body), nil
}

// handleDayForm turns the no-JavaScript day form (?day=YYYY-MM-DD) into a
// redirect to the day's permalink.
func (s *Server) handleDayForm(c echo.Context) error {
	raw := c.QueryParam("day")
	day, err := control.ParseDay(raw)
	if err != nil {
		return badRequest(fmt.Sprintf("%q is not a day.", clip(raw, 40)), dayHint)
	}
	return c.Redirect(http.StatusSeeOther, "/day/"+day.String())
}

func (s *Server) pageDay(c echo.Context, d *snapshotData) (control.Day, error) {
	raw := c.Param("day")
	day, err := control.ParseDay(raw)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("%q is not a day.", clip(raw, 40)), dayHint)
	}
	if !d.hasDays {
		return 0, notFound("There are no events in the database yet.", "")
	}
	if day < d.first || day > d.last {
		return 0, outOfRange(d, day)
	}
	return day, nil
}

// outOfRange is the one answer, on pages and in the API alike, for a day
// outside the data: 404, naming the days the data covers. An answer for
// such a day would have to invent a state (the last day's, or nothing).
func outOfRange(d *snapshotData, day control.Day) error {
	return &problem{status: http.StatusNotFound,
		message: fmt.Sprintf("Frontline has no data for %s: the data covers %s to %s.", day, d.first, d.last),
		hint:    fmt.Sprintf("Ask for a day from %s to %s.", longDay(d.first), longDay(d.last)),
		links: []web.Link{
			{Href: "/day/" + d.first.String(), Label: "The first day, " + shortDay(d.first)},
			{Href: "/day/" + d.last.String(), Label: "The last day, " + shortDay(d.last)},
		}}
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
	return newResponse(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, pageCache, body), nil
}

// dayPage builds the view of one day.
func (s *Server) dayPage(r *http.Request, d *snapshotData, day control.Day) (web.DayPage, error) {
	ctx := r.Context()
	snap := d.index.At(day)
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
		if i >= d.shown() {
			continue // counted, not listed
		}
		p := d.placeBy[st.Place]
		row := web.Row{PlaceID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind, Known: st.Known}
		color := "#ffffff"
		if st.Known {
			row.Holder = s.factionView(d, st.Controller)
			row.Status = string(st.Status)
			row.Challenger = s.factionView(d, st.Challenger)
			row.Since = st.Since.String()
			row.SinceLong = shortDay(st.Since)
			row.Confidence = string(st.Confidence)
			setPartsSince(&row, st)
			color = row.Holder.Color
			for _, ev := range d.disputed[p.ID] {
				if ev.Day >= st.Since && ev.Day <= day && ev.Controller != st.Controller {
					row.Disputes = append(row.Disputes, web.Dispute{Day: ev.Day.String(), Claimer: s.factionView(d, ev.Controller), Summary: ev.Summary, EventID: ev.ID})
				}
			}
		}
		rows = append(rows, row)
		x, y := s.frame.Point(p.Lon, p.Lat)
		label := p.Name
		if st.Known {
			label += " · " + row.Holder.Short
		}
		pt := web.Point{X: x, Y: y, Color: color, Label: label, Contested: st.Status == control.StatusContested, Known: st.Known,
			Claimed: st.Known && st.Confidence == control.Claimed}
		if pt.Contested {
			pt.Ring = holderColor(d, st.Challenger)
		}
		points = append(points, pt)
	}
	markChanged(d, day, rows)
	var factions []web.Faction
	for _, f := range d.factions {
		fv := s.factionView(d, f.ID)
		fv.Count = counts[f.ID]
		factions = append(factions, fv)
	}
	var evs []web.Event
	for _, e := range events {
		evs = append(evs, s.eventView(d, e))
	}
	base := s.baseURL(r)
	title := "Control in Syria on " + longDay(day) + " · Frontline"
	headline := headline(d, counts, len(snap))
	page := web.DayPage{
		Meta: web.Meta{
			Title:       title,
			Description: headline,
			Canonical:   base + "/day/" + day.String(),
			Image:       base + "/day/" + day.String() + "/preview.png",
			ImageAlt:    "Map of Syria on " + longDay(day) + ": " + headline,
			Site:        s.site(d),
			Day:         day.String(),
		},
		Assets:   s.assets,
		Nav:      s.nav(d, day),
		Headline: headline,
		Factions: factions,
		Rows:     rows,
		Unknown:  unknown,
		Events:   evs,
		More:     more,
		Tracked:  len(d.places),
		Timeline: d.timeline,
		Tiles:    s.cfg.Tiles,
		MapSVG:   s.mapSVG(d, day, placeLabels(d, points)),
		Strip:    d.strip.view(day),
	}
	if !s.hasPreview() {
		page.Meta.Image, page.Meta.ImageAlt = "", ""
	}
	return page, nil
}

// hasPreview reports whether the preview image route exists.
func (s *Server) hasPreview() bool { return true }

func (s *Server) nav(d *snapshotData, day control.Day) web.Nav {
	n := web.Nav{Day: day.String(), DayLong: longDay(day), First: d.first.String(), Last: d.last.String(),
		Index: int(day - d.first), Count: int(d.last-d.first) + 1}
	if day > d.first {
		n.Prev = (day - 1).String()
	}
	if day < d.last {
		n.Next = (day + 1).String()
	}
	return n
}

func (s *Server) factionView(d *snapshotData, id string) web.Faction {
	if id == "" {
		return web.Faction{}
	}
	f, ok := d.factionBy[id]
	if !ok {
		return web.Faction{ID: id, Name: id, Short: id, Color: "#777777"}
	}
	return web.Faction{ID: f.ID, Name: f.Name, Short: f.Short, Color: f.Color}
}

var kindLabels = map[control.Kind]string{
	control.KindControl:      "Control",
	control.KindDisputed:     "Disputed claim",
	control.KindStrike:       "Strike",
	control.KindDisplacement: "Displacement",
	control.KindCasualties:   "Casualties",
	control.KindStatement:    "Statement",
}

func (s *Server) eventView(d *snapshotData, e control.Event) web.Event {
	v := web.Event{
		ID: e.ID, Day: e.Day.String(), DayLong: longDay(e.Day), Kind: string(e.Kind), KindLabel: kindLabels[e.Kind],
		PlaceID: e.Place, PlaceName: d.placeBy[e.Place].Name, Status: string(e.Status),
		Controller: s.factionView(d, e.Controller), Challenger: s.factionView(d, e.Challenger),
		Confidence: string(e.Confidence), Summary: e.Summary,
	}
	for _, src := range e.Sources {
		v.Sources = append(v.Sources, web.Source{Outlet: src.Outlet, Title: src.Title, URL: safeURL(src.URL), Seed: src.Seed, Quote: src.Quote})
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

// headline says in one line who holds how much, largest first.
func headline(d *snapshotData, counts map[string]int, total int) string {
	type fc struct {
		f control.Faction
		n int
	}
	var list []fc
	for _, f := range d.factions {
		if counts[f.ID] > 0 {
			list = append(list, fc{f, counts[f.ID]})
		}
	}
	if len(list) == 0 {
		return "No place has a known holder on this day."
	}
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].n > list[j-1].n; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	parts := []string{fmt.Sprintf("%s holds %d of %d places", list[0].f.Short, list[0].n, total)}
	for _, x := range list[1:] {
		parts = append(parts, fmt.Sprintf("%s %d", x.f.Short, x.n))
	}
	return strings.Join(parts, "; ")
}

var months = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var weekdays = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// longDay is "Friday 6 December 2024".
func longDay(d control.Day) string {
	y, m, dd := d.Civil()
	return fmt.Sprintf("%s %d %s %d", weekdays[d.Weekday()], dd, months[m-1], y)
}

// shortDay is "6 Dec 2024".
func shortDay(d control.Day) string {
	y, m, dd := d.Civil()
	return fmt.Sprintf("%d %s %d", dd, months[m-1][:3], y)
}
