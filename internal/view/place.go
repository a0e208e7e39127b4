package view

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/symbol"
	"frontline/web"
)

// PlaceInput is what the page of one place shows besides the version of
// the data: the place and the events that touched it (its own, those of
// the areas around it and the successions that passed it on, in any
// order), with the address of all its records when Events holds the first.
type PlaceInput struct {
	Place  control.Place
	Events []control.Event
	More   string
}

// Place is the full history of one place.
func Place(e Env, in PlaceInput) web.PlacePage {
	l, d, p := e.L, e.Data, in.Place
	events := append([]control.Event(nil), in.Events...)
	sort.SliceStable(events, func(i, j int) bool { return events[i].Before(events[j]) })
	page := web.PlacePage{
		Assets: e.Assets, More: in.More,
		Place: web.PlaceInfo{ID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind,
			Lat: strconv.FormatFloat(p.Lat, 'f', 4, 64), Lon: strconv.FormatFloat(p.Lon, 'f', 4, 64), LatLon: latLon(l, p.Lat, p.Lon)},
	}
	var controls []control.Event
	index := map[string]int{} // control event id -> its place in page.Changes
	for _, ev := range events {
		switch ev.Kind {
		case control.KindControl:
			controls = append(controls, ev)
			index[ev.ID] = len(page.Changes)
			page.Changes = append(page.Changes, web.PlaceChange{Event: Event(l, d, ev)})
		case control.KindDisputed:
			page.Disputed++
		default:
			page.Others = append(page.Others, Event(l, d, ev))
		}
	}
	// Each disputed claim sits beside the record the map follows on its day:
	// the one the rule picks, which may be of the same day.
	for _, ev := range events {
		if ev.Kind != control.KindDisputed {
			continue
		}
		dv := web.PlaceDispute{Event: Event(l, d, ev)}
		st := control.ControlOn(p, controls, d.Areas, ev.Day)
		if st.EventID == "" {
			dv.Followed = l.T("place.followed_none")
			page.Orphans = append(page.Orphans, dv)
			continue
		}
		i := index[st.EventID]
		dv.Followed = l.T("place.followed", "date", ShortDay(l, controls[i].Day), "state", StateWords(l, page.Changes[i].Event))
		page.Changes[i].Disputes = append(page.Changes[i].Disputes, dv)
	}

	if d.HasDays {
		page.AsOf, page.AsOfDay = ShortDay(l, d.Last), d.Last.String()
		page.Current = Row(l, d, p, control.ControlOn(p, controls, d.Areas, d.Last))
	}
	page.Map = e.placeMap(p, page.Current)
	// An English description names the place in both scripts, as it always
	// has; others name it in their own language alone, since a meta
	// description cannot mark a word as English.
	name := PlaceName(l, p)
	both := name
	if l.Tag == locale.Default && p.NameAR != "" {
		both += " (" + p.NameAR + ")"
	}
	page.Meta = e.Meta("/place/" + p.ID)
	page.Meta.Title = l.T("site.title_suffix", "title", l.T("place.page_title", "place", name))
	page.Meta.Description = l.T("place.description", "place", both)
	if page.Current.Known {
		page.Meta.Description = l.T("place.description_held", "place", both, "holder", page.Current.Holder.Short, "date", page.AsOf)
	}
	page.Meta.Site = e.Site()
	return page
}

// placeMap draws every place small and grey and this one large, in its
// holder's colour, labelled on the side with more room.
func (e Env) placeMap(here control.Place, st web.Row) web.PlaceMap {
	m := web.PlaceMap{Width: MapW, Height: MapH, Land: e.Map.Land}
	for _, p := range e.Data.Places {
		if p.ID == here.ID {
			continue
		}
		x, y := e.Map.Frame.Point(p.Lon, p.Lat)
		m.Others = append(m.Others, web.Point{X: x, Y: y, Color: symbol.OtherPlace})
	}
	x, y := e.Map.Frame.Point(here.Lon, here.Lat)
	color := symbol.Paper
	if st.Known {
		color = st.Holder.Color
	}
	m.Here = web.Point{X: x, Y: y, Kind: here.Kind, Color: color, Label: PlaceName(e.L, here), Known: st.Known, LabelLeft: x > MapW*0.6}
	return m
}

// StateWords says what a control record states, e.g. "held by HTS".
func StateWords(l *locale.Locale, e web.Event) string {
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

// PlacesPerPage is how many places one page of /places lists.
const PlacesPerPage = 100

// Places is one page of the list of places with their holders on the
// data's last day: those whose names hold query, the n-th hundred of them
// (n from 1; out of range is the nearest page).
func Places(e Env, query string, n int) web.PlacesPage {
	l, d := e.L, e.Data
	page := web.PlacesPage{Assets: e.Assets, Query: query}
	byPlace := map[string]control.Control{}
	if d.HasDays {
		page.AsOf, page.AsOfDay = ShortDay(l, d.Last), d.Last.String()
		for _, st := range d.Index.At(d.Last) {
			byPlace[st.Place] = st
		}
	}
	var matched []control.Place
	for _, p := range d.Places {
		if placeMatches(p, page.Query) {
			matched = append(matched, p)
		}
	}
	page.Total, page.Matched = len(d.Places), len(matched)
	pages := max(1, (len(matched)+PlacesPerPage-1)/PlacesPerPage)
	n = min(max(n, 1), pages)
	from := (n - 1) * PlacesPerPage
	for _, p := range matched[from:min(len(matched), from+PlacesPerPage)] {
		page.Rows = append(page.Rows, Row(l, d, p, byPlace[p.ID]))
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
	page.Meta = e.Meta("/places")
	page.Meta.Title = l.T("site.title_suffix", "title", l.T("nav.places"))
	page.Meta.Description = l.N("places.description", len(d.Places), "date", page.AsOf)
	page.Meta.Site = e.Site()
	return page
}

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
