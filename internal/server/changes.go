package server

import (
	"context"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/view"
	"frontline/web"
)

// handleChanges compares control on two days (?from=&to=, each defaulting
// to an end of the data): the places that changed hands, those that became
// or stopped being contested, and the control records in between.
func (s *Server) handleChanges(c echo.Context) (*response, error) {
	l := locale.From(c.Request().Context())
	ctx := c.Request().Context()
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	if !d.HasDays {
		return nil, notFound(l.T("error.no_events"), l.T("error.import_hint"))
	}
	from, err := changesDay(c, l, "from", d.First)
	if err != nil {
		return nil, err
	}
	to, err := changesDay(c, l, "to", d.Last)
	if err != nil {
		return nil, err
	}
	// The cache already put the days in order and inside the data
	// (clampChanges) and said what it did.
	q := params(c)
	r := view.ChangesRange(l, d.Data, from, to, q.Has(changesReversed), q.Has(changesClamped))
	from, to = r.From, r.To
	// Records dated on the first day are already in its state, so the ones
	// behind a change start the day after.
	var events []control.Event
	if to > from {
		if events, err = s.cfg.Store.Events(ctx, control.Filter{From: from + 1, To: to, Kind: control.KindControl, Limit: changesMax + 1}); err != nil {
			return nil, err
		}
	}
	more := ""
	if len(events) > changesMax {
		events = events[:changesMax]
		more = "/api/v1/events?" + url.Values{"from": {(from + 1).String()}, "to": {to.String()}}.Encode()
	}
	page := view.Changes(s.env(l, d), r, events, more)
	body, err := render(ctx, web.ChangesView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// Keys clampChanges adds to the parameters /changes reads; no query can
// set them, since readParams keeps only the parameters a route declares.
const (
	changesReversed = "!reversed"
	changesClamped  = "!clamped"
)

// clampChanges puts /changes' days in order and inside the data before the
// cache key is made, so that any years asked for name one of a few answers
// per pair of days, not a fresh build each. What it did is kept in the
// parameters, for the page's notes. A day that does not parse is left for
// the page's own message.
func (s *Server) clampChanges(ctx context.Context, q url.Values) (url.Values, error) {
	d, err := s.loadData(ctx)
	if err != nil || !d.HasDays {
		return q, err
	}
	from, to := d.First, d.Last
	for name, day := range map[string]*control.Day{"from": &from, "to": &to} {
		if raw := q.Get(name); raw != "" {
			if *day, err = control.ParseDay(raw); err != nil {
				return q, nil
			}
		}
	}
	out := url.Values{}
	if from > to {
		from, to = to, from
		out.Set(changesReversed, "1")
	}
	if cf, ct := view.ClampDay(d.Data, from), view.ClampDay(d.Data, to); cf != from || ct != to {
		from, to = cf, ct
		out.Set(changesClamped, "1")
	}
	out.Set("from", from.String())
	out.Set("to", to.String())
	return out, nil
}

// changesDay reads a day from the query string, or returns def when the
// parameter is absent or empty (an empty date input sends "from=").
func changesDay(c echo.Context, l *locale.Locale, name string, def control.Day) (control.Day, error) {
	raw := params(c).Get(name)
	if raw == "" {
		return def, nil
	}
	day, err := control.ParseDay(raw)
	if err != nil {
		return 0, badRequest(l.T("changes.not_a_day", "value", strconv.Quote(control.Clip(raw, 40)), "name", name), l.T("error.day_hint"))
	}
	return day, nil
}
