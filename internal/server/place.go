package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/view"
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
	page := view.Place(s.env(l, d), view.PlaceInput{Place: p, Events: events, More: more})
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
	q := params(c)
	n, _ := strconv.Atoi(q.Get("page"))
	page := view.Places(s.env(l, d), strings.TrimSpace(q.Get("q")), n)
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
