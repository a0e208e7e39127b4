package server

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/symbol"
	"frontline/web"
)

// handlePlace renders the full history of one place.
func (s *Server) handlePlace(c echo.Context) (*response, error) {
	l := locale.From(c.Request().Context())
	ctx := c.Request().Context()
	id := c.Param("id")
	if !control.IsSlug(id) {
		return nil, badRequest(l.T("place.bad_id", "id", strconv.Quote(control.Clip(id, 40))), l.T("place.id_hint"))
	}
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	p, ok := d.PlaceBy[id]
	if !ok {
		return nil, &problem{status: http.StatusNotFound, message: l.T("place.not_found", "id", strconv.Quote(id)),
			hint: l.T("place.not_found_hint"), links: []web.Link{{Href: l.Path("/places"), Label: l.T("place.all_places")}}}
	}
	events, err := s.cfg.Store.Events(ctx, control.Filter{Place: id, Limit: placeMax + 1})
	if err != nil {
		return nil, err
	}
	more := ""
	if len(events) > placeMax {
		events = events[:placeMax]
		more = "/api/v1/events?" + url.Values{"place": {id}}.Encode()
	}
	// The events of the areas around the place set its control too.
	for _, a := range d.Areas {
		if !a.Contains(p.Lon, p.Lat) {
			continue
		}
		inArea, err := s.cfg.Store.Events(ctx, control.Filter{Area: a.ID, Limit: placeMax})
		if err != nil {
			return nil, err
		}
		events = append(events, inArea...)
	}
	// The successions that passed the place from one side to another set
	// its control too.
	more2, err := s.placeSuccessions(ctx, d, id)
	if err != nil {
		return nil, err
	}
	events = append(events, more2...)
	sort.SliceStable(events, func(i, j int) bool { return events[i].Before(events[j]) })
	page := web.PlacePage{
		Assets: s.assets, More: more,
		Place: web.PlaceInfo{ID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind,
			Lat: strconv.FormatFloat(p.Lat, 'f', 4, 64), Lon: strconv.FormatFloat(p.Lon, 'f', 4, 64), LatLon: latLon(l, p.Lat, p.Lon)},
	}
	var controls []control.Event
	index := map[string]int{} // control event id -> its place in page.Changes
	for _, e := range events {
		switch e.Kind {
		case control.KindControl:
			controls = append(controls, e)
			index[e.ID] = len(page.Changes)
			page.Changes = append(page.Changes, web.PlaceChange{Event: s.eventView(l, d, e)})
		case control.KindDisputed:
			page.Disputed++
		default:
			page.Others = append(page.Others, s.eventView(l, d, e))
		}
	}
	// Each disputed claim sits beside the record the map follows on its day:
	// the one the rule picks, which may be of the same day.
	for _, e := range events {
		if e.Kind != control.KindDisputed {
			continue
		}
		dv := web.PlaceDispute{Event: s.eventView(l, d, e)}
		st := control.ControlOn(p, controls, d.Areas, e.Day)
		if st.EventID == "" {
			dv.Followed = l.T("place.followed_none")
			page.Orphans = append(page.Orphans, dv)
			continue
		}
		i := index[st.EventID]
		dv.Followed = l.T("place.followed", "date", shortDay(l, controls[i].Day), "state", stateWords(l, page.Changes[i].Event))
		page.Changes[i].Disputes = append(page.Changes[i].Disputes, dv)
	}

	if d.HasDays {
		page.AsOf, page.AsOfDay = shortDay(l, d.Last), d.Last.String()
		page.Current = s.rowOf(l, d, p, control.ControlOn(p, controls, d.Areas, d.Last))
	}
	page.Map = s.placeMap(l, d, p, page.Current)
	// An English description names the place in both scripts, as it always
	// has; others name it in their own language alone, since a meta
	// description cannot mark a word as English.
	name := placeNameIn(l, p)
	both := name
	if l.Tag == locale.Default && p.NameAR != "" {
		both += " (" + p.NameAR + ")"
	}
	page.Meta = s.meta(l, "/place/"+p.ID)
	page.Meta.Title = l.T("site.title_suffix", "title", l.T("place.page_title", "place", name))
	page.Meta.Description = l.T("place.description", "place", both)
	if page.Current.Known {
		page.Meta.Description = l.T("place.description_held", "place", both, "holder", page.Current.Holder.Short, "date", page.AsOf)
	}
	page.Meta.Site = s.site(d)
	body, err := render(ctx, web.PlaceView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// handlePlaceList lists every place with its holder on the last day.
func (s *Server) handlePlaceList(c echo.Context) (*response, error) {
	l := locale.From(c.Request().Context())
	ctx := c.Request().Context()
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	page := web.PlacesPage{Assets: s.assets}
	byPlace := map[string]control.Control{}
	if d.HasDays {
		page.AsOf, page.AsOfDay = shortDay(l, d.Last), d.Last.String()
		for _, st := range d.Index.At(d.Last) {
			byPlace[st.Place] = st
		}
	}
	q := params(c)
	page.Query = strings.TrimSpace(q.Get("q"))
	var matched []control.Place
	for _, p := range d.Places {
		if placeMatches(p, page.Query) {
			matched = append(matched, p)
		}
	}
	page.Total, page.Matched = len(d.Places), len(matched)
	n, _ := strconv.Atoi(q.Get("page"))
	pages := max(1, (len(matched)+placesPerPage-1)/placesPerPage)
	n = min(max(n, 1), pages)
	from := (n - 1) * placesPerPage
	for _, p := range matched[from:min(len(matched), from+placesPerPage)] {
		page.Rows = append(page.Rows, s.rowOf(l, d, p, byPlace[p.ID]))
	}
	page.First = from + 1
	pageURL := func(k int) string {
		v := url.Values{}
		if page.Query != "" {
			v.Set("q", page.Query)
		}
		if k > 1 {
			v.Set("page", strconv.Itoa(k))
		}
		if len(v) == 0 {
			return l.Path("/places")
		}
		return l.Path("/places") + "?" + v.Encode()
	}
	if n > 1 {
		page.Prev = pageURL(n - 1)
	}
	if n < pages {
		page.Next = pageURL(n + 1)
	}
	page.Meta = s.meta(l, "/places")
	page.Meta.Title = l.T("site.title_suffix", "title", l.T("nav.places"))
	page.Meta.Description = l.N("places.description", len(d.Places), "date", page.AsOf)
	page.Meta.Site = s.site(d)
	body, err := render(ctx, web.PlacesView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// placeSuccessions returns, with their summaries and sources, the
// successions that touched the tracked place id: those that set one of its
// states.
func (s *Server) placeSuccessions(ctx context.Context, d *snapshotData, id string) ([]control.Event, error) {
	i := slices.IndexFunc(d.Places, func(p control.Place) bool { return p.ID == id })
	if i < 0 || len(d.Successions) == 0 {
		return nil, nil
	}
	var out []control.Event
	for _, c := range d.Index.Changes(i) {
		e, ok := d.Succession[c.EventID]
		if !ok {
			continue
		}
		// The timeline holds no summaries: read the succession's day.
		day, err := s.cfg.Store.Events(ctx, control.Filter{From: e.Day, To: e.Day, Kind: control.KindControl})
		if err != nil {
			return nil, err
		}
		for _, full := range day {
			if full.ID == e.ID {
				out = append(out, full)
			}
		}
	}
	return out, nil
}

// rowOf is the state of one place as a table row: the one constructor of
// rows, for the day page, the place page and the list of places.
func (s *Server) rowOf(l *locale.Locale, d *snapshotData, p control.Place, st control.Control) web.Row {
	r := web.Row{PlaceID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind, Known: st.Known}
	if st.Known {
		r.Holder = s.factionView(l, d, st.Controller)
		r.Status = string(st.Status)
		r.Challenger = s.factionView(l, d, st.Challenger)
		r.Since = st.Since.String()
		r.SinceLong = shortDay(l, st.Since)
		r.Confidence = string(st.Confidence)
		setPartsSince(l, &r, st)
	} else if st.Left != "" {
		r.Left = s.factionView(l, d, st.Left)
		r.Since = st.Since.String()
		r.SinceLong = shortDay(l, st.Since)
	}
	markStart(d, &r, st)
	return r
}

// placeMap draws every place small and grey and this one large, in its
// holder's colour, labelled on the side with more room.
func (s *Server) placeMap(l *locale.Locale, d *snapshotData, here control.Place, st web.Row) web.PlaceMap {
	m := web.PlaceMap{Width: mapW, Height: mapH, Land: s.land}
	for _, p := range d.Places {
		if p.ID == here.ID {
			continue
		}
		x, y := s.frame.Point(p.Lon, p.Lat)
		m.Others = append(m.Others, web.Point{X: x, Y: y, Color: symbol.OtherPlace})
	}
	x, y := s.frame.Point(here.Lon, here.Lat)
	color := symbol.Paper
	if st.Known {
		color = st.Holder.Color
	}
	m.Here = web.Point{X: x, Y: y, Kind: here.Kind, Color: color, Label: placeNameIn(l, here), Known: st.Known, LabelLeft: x > mapW*0.6}
	return m
}

// stateWords says what a control record states, e.g. "held by HTS".
func stateWords(l *locale.Locale, e web.Event) string {
	switch e.Status {
	case string(control.StatusContested):
		return l.T("place.state_contested", "holder", e.Controller.Short, "challenger", e.Challenger.Short)
	case string(control.StatusJoint):
		return l.T("place.state_joint", "holder", e.Controller.Short, "partner", e.Challenger.Short)
	case string(control.StatusSuccession):
		return l.T("place.state_succession", "ended", e.Challenger.Short, "successor", e.Controller.Short)
	case string(control.StatusWithdrawn):
		return l.T("place.state_withdrawn", "holder", e.Controller.Short)
	}
	return l.T("place.state_held", "holder", e.Controller.Short)
}

// latLon writes coordinates with hemispheres in l's words and digits,
// e.g. 34.7268° N, 36.7234° E.
func latLon(l *locale.Locale, lat, lon float64) string {
	ns, ew := "geo.n", "geo.e"
	if lat < 0 {
		ns = "geo.s"
	}
	if lon < 0 {
		ew = "geo.w"
	}
	deg := func(v float64) string {
		return strings.ReplaceAll(l.Digits(strconv.FormatFloat(math.Abs(v), 'f', 4, 64)), ".", l.T("num.decimal"))
	}
	return l.T("place.latlon", "lat", deg(lat), "ns", l.T(ns), "lon", deg(lon), "ew", l.T(ew))
}

// placesPerPage is how many places one page of /places lists.
const placesPerPage = 100

// placeMatches reports whether a place's English or Arabic name, one of its
// other names (data/aliases.csv) or its id holds the search, both folded
// (control.Fold: case, diacritics, spaces and punctuation, hamza forms, teh
// marbuta and alef maqsura aside); an empty search matches every place.
func placeMatches(p control.Place, q string) bool {
	if q == "" {
		return true
	}
	q = control.Fold(q)
	if q == "" {
		return false
	}
	if strings.Contains(control.Fold(p.Name), q) || strings.Contains(control.Fold(p.NameAR), q) || strings.Contains(control.Fold(p.ID), q) {
		return true
	}
	for _, a := range p.Aliases {
		if strings.Contains(control.Fold(a), q) {
			return true
		}
	}
	return false
}

// markStart notes the parts of a row that already held on the data's first
// day, which the pages say as such rather than as a beginning.
func markStart(d *snapshotData, r *web.Row, st control.Control) {
	if !d.HasDays {
		return
	}
	r.SinceStart = st.Since == d.First
	r.ContestedSinceStart = st.ContestedSince != 0 && st.ContestedSince == d.First
}

// setPartsSince writes since when a row's contest and claim hold.
func setPartsSince(l *locale.Locale, r *web.Row, st control.Control) {
	if st.ContestedSince != 0 {
		r.ContestedSince, r.ContestedSinceLong = st.ContestedSince.String(), shortDay(l, st.ContestedSince)
	}
	if st.ClaimedOn != 0 {
		r.ClaimedOn, r.ClaimedOnLong = st.ClaimedOn.String(), shortDay(l, st.ClaimedOn)
	}
}
