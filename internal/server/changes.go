package server

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
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
	// A range the reader got wrong still answers, with a note saying what
	// is shown: reversed days are swapped, days beyond the data are
	// clamped to it, and one day is compared with the day before.
	// The cache already put the days in order and inside the data
	// (clampChanges) and said what it did.
	var notes []string
	q := params(c)
	if from > to || q.Has(changesReversed) {
		from, to = min(from, to), max(from, to)
		notes = append(notes, l.T("changes.note_reversed", "from", shortDay(l, from), "to", shortDay(l, to)))
	}
	if cf, ct := clampDay(from, d), clampDay(to, d); cf != from || ct != to || q.Has(changesClamped) {
		from, to = cf, ct
		notes = append(notes, l.T("changes.note_clamped", "first", longDay(l, d.First), "last", longDay(l, d.Last), "from", shortDay(l, from), "to", shortDay(l, to)))
	}
	on := control.Day(0)
	if from == to {
		on = to
		if to > d.First {
			from = to - 1
		} else {
			notes = append(notes, l.T("changes.note_first", "date", longDay(l, to)))
		}
	}
	before, after := d.Index.At(from), d.Index.At(to)
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
	byPlace := map[string][]web.Event{}
	for _, e := range events {
		if e.Area == "" {
			byPlace[e.Place] = append(byPlace[e.Place], s.eventView(l, d, e))
			continue
		}
		// An area's record stands behind every place inside the area.
		for k, i := range d.InArea[e.Area] {
			ev := s.eventView(l, d, e)
			ev.Repeat = k > 0
			byPlace[d.Places[i].ID] = append(byPlace[d.Places[i].ID], ev)
		}
	}
	page := web.ChangesPage{
		Assets: s.assets, From: from.String(), To: to.String(), FromLong: longDay(l, from), ToLong: longDay(l, to),
		First: d.First.String(), Last: d.Last.String(), Total: len(after), More: more, Notes: notes,
	}
	canonical := web.ChangesURL(from.String(), to.String())
	if on != 0 {
		page.On, page.OnLong = on.String(), longDay(l, on)
		canonical = web.ChangesURL(on.String(), on.String())
	}
	page.Map, page.Gains = s.changesMap(l, d, from, to)
	// By place, not by index: an import between the two reads may add one.
	was := map[string]control.Control{}
	for _, b := range before {
		was[b.Place] = b
	}
	var names []string
	succ := map[[2]string]int{} // by ended and successor, the group in page.Successions
	for _, a := range after {
		b := was[a.Place]
		p := d.PlaceBy[a.Place]
		ch := web.Change{PlaceID: p.ID, Name: p.Name, NameAR: p.NameAR, Before: s.side(l, d, b), After: s.side(l, d, a), Events: byPlace[p.ID]}
		wasC, isC := b.Known && b.Status == control.StatusContested, a.Known && a.Status == control.StatusContested
		if b.Known && a.Known && d.Succeeded(b.Controller, a.Controller, from, to) {
			_, ended, _ := d.SuccessorIn(b.Controller, from, to)
			key := [2]string{b.Controller, a.Controller}
			k, ok := succ[key]
			if !ok {
				k = len(page.Successions)
				succ[key] = k
				page.Successions = append(page.Successions, web.SuccessionGroup{Ended: s.factionView(l, d, b.Controller), Successor: s.factionView(l, d, a.Controller),
					Day: ended.String(), DayLong: longDay(l, ended)})
			}
			page.Successions[k].Places = append(page.Successions[k].Places, ch)
			continue
		}
		if b.Known != a.Known || b.Controller != a.Controller {
			if isC && !wasC {
				ch.Note = l.T("changes.now_contested")
			}
			page.Changed = append(page.Changed, ch)
			names = append(names, placeNameIn(l, p))
			continue
		}
		page.Same++
		switch {
		case isC && !wasC:
			ch.Note = l.T("changes.became_contested")
		case wasC && !isC:
			ch.Note = l.T("changes.no_longer_contested")
		default:
			continue
		}
		page.Contested = append(page.Contested, ch)
	}
	shown := map[string]bool{}
	page.ChangedGroups = web.GroupChanges(page.Changed, shown)
	page.ContestedGroups = web.GroupChanges(page.Contested, shown)
	fromS, toS := shortDay(l, from), shortDay(l, to)
	title := l.T("changes.title_range", "from", fromS, "to", toS)
	desc := l.T("changes.desc_none_range", "from", fromS, "to", toS)
	if len(names) > 0 {
		desc = l.N("changes.desc_range", len(names), "from", fromS, "to", toS, "names", joinNames(l, names))
	}
	if on != 0 {
		onS := shortDay(l, on)
		title = l.T("changes.title_on", "date", onS)
		desc = l.T("changes.desc_none_on", "date", onS)
		if len(names) > 0 {
			desc = l.N("changes.desc_on", len(names), "date", onS, "names", joinNames(l, names))
		}
	}
	page.Meta = s.meta(l, string(canonical))
	page.Meta.Title = l.T("site.title_suffix", "title", title)
	page.Meta.Description = desc
	page.Meta.Site = s.site(d)
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
	if cf, ct := clampDay(from, d), clampDay(to, d); cf != from || ct != to {
		from, to = cf, ct
		out.Set(changesClamped, "1")
	}
	out.Set("from", from.String())
	out.Set("to", to.String())
	return out, nil
}

// clampDay is day moved inside the data's days.
func clampDay(day control.Day, d *snapshotData) control.Day {
	return max(d.First, min(day, d.Last))
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

func (s *Server) side(l *locale.Locale, d *snapshotData, st control.Control) web.Side {
	if !st.Known {
		if st.Left != "" {
			return web.Side{Left: s.factionView(l, d, st.Left)}
		}
		return web.Side{}
	}
	return web.Side{Known: true, Holder: s.factionView(l, d, st.Controller), Status: string(st.Status),
		Challenger: s.factionView(l, d, st.Challenger), Confidence: string(st.Confidence)}
}

// joinNames is "A", "A and B" or "A, B and C", with l's separators.
func joinNames(l *locale.Locale, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], l.T("list.comma")) + l.T("list.and") + names[len(names)-1]
}
