package server

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/view"
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
		hint:    l.T("error.ask_range", "first", view.LongDay(l, d.First), "last", view.LongDay(l, d.Last)),
		links: []web.Link{
			{Href: l.Path("/day/" + d.First.String()), Label: l.T("error.first_day", "date", view.ShortDay(l, d.First))},
			{Href: l.Path("/day/" + d.Last.String()), Label: l.T("error.last_day", "date", view.ShortDay(l, d.Last))},
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

// dayPage builds the view of one day. The day page, its panel and its
// embed each ask for it, so d keeps the last few built, by language and
// day; a few, so memory does not grow with days. Its users only read it.
func (s *Server) dayPage(r *http.Request, d *snapshotData, day control.Day) (web.DayPage, error) {
	ctx := r.Context()
	l := locale.From(ctx)
	d.pageMu.Lock()
	for _, b := range d.pages {
		if b.lang == l.Tag && b.day == day {
			d.pageMu.Unlock()
			return b.page, nil
		}
	}
	d.pageMu.Unlock()
	lang, err := s.langData(ctx, d, l)
	if err != nil {
		return web.DayPage{}, err
	}
	events, more, err := s.dayFeed(ctx, d, day)
	if err != nil {
		return web.DayPage{}, err
	}
	page := view.Day(s.env(l, d), view.DayInput{Day: day, Events: events, More: more, Tuples: d.tuples,
		Timeline: dayTimeline(d, lang, day), Strip: lang.strip.view(day)})
	d.pageMu.Lock()
	defer d.pageMu.Unlock()
	if len(d.pages) == keptPages {
		copy(d.pages, d.pages[1:])
		d.pages = d.pages[:keptPages-1]
	}
	d.pages = append(d.pages, builtDay{lang: l.Tag, day: day, page: page})
	return page, nil
}

// keptPages is how many day views a data version keeps built: enough for
// the addresses publishing workers ask for at once, which come a day at a
// time (see publicPaths).
const keptPages = 8

// builtDay is the view of one day in one language, as dayPage built it.
type builtDay struct {
	lang string // the language's tag
	day  control.Day
	page web.DayPage
}

// env is what the view constructors are given for pages in l over d.
func (s *Server) env(l *locale.Locale, d *snapshotData) view.Env {
	e := view.Env{L: l, BaseURL: s.cfg.BaseURL, Assets: s.assets, Corrections: s.cfg.Corrections, Tiles: s.cfg.Tiles,
		Map: view.Map{Frame: s.frame, Land: s.land, Layers: s.layers}}
	if d != nil {
		e.Data = d.Data
		e.LandOf = func(day control.Day) ([]web.Area, string) { return s.landOf(d, day) }
	}
	return e
}
