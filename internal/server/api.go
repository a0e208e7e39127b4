package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/view"
)

// jsonResponse encodes v without escaping <, > and & (JSON is not HTML),
// as the answer of the request's route.
func jsonResponse(c echo.Context, v any) (*response, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("server: encode json: %w", err)
	}
	return answer(c, buf.Bytes()), nil
}

// queryDay reads an optional day parameter; when absent it is def.
func queryDay(q url.Values, name string, def control.Day) (control.Day, error) {
	if !q.Has(name) {
		return def, nil
	}
	raw := q.Get(name)
	d, err := control.ParseDay(raw)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("%s=%q is not a day.", name, control.Clip(raw, 40)), dayHint)
	}
	return d, nil
}

func (s *Server) controlOf(c echo.Context) (*snapshotData, control.Day, []view.APIControl, error) {
	ctx := c.Request().Context()
	q := params(c)
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	day, err := queryDay(q, "day", d.Last)
	if err != nil {
		return nil, 0, nil, err
	}
	if !d.HasDays && !q.Has("day") {
		return nil, 0, nil, notFound("There are no events in the database yet.", "")
	}
	return d, day, view.Control(d.Data, day), nil
}

func (s *Server) handleControl(c echo.Context) (*response, error) {
	_, day, places, err := s.controlOf(c)
	if err != nil {
		return nil, err
	}
	return jsonResponse(c, struct {
		Day    string            `json:"day"`
		Places []view.APIControl `json:"places"`
	}{day.String(), places})
}

// handleControlGeoJSON answers the same as /control as an RFC 7946
// FeatureCollection of points.
func (s *Server) handleControlGeoJSON(c echo.Context) (*response, error) {
	d, day, places, err := s.controlOf(c)
	if err != nil {
		return nil, err
	}
	features := view.ControlFeatures(d.Data, day, places)
	return jsonResponse(c, struct {
		Type     string                   `json:"type"`
		Features []view.APIControlFeature `json:"features"`
	}{"FeatureCollection", features})
}

// eventFilter reads from, to and place, shared by the event routes.
func (s *Server) eventFilter(c echo.Context, d *snapshotData) (control.Filter, error) {
	q := params(c)
	var f control.Filter
	var err error
	if f.From, err = queryDay(q, "from", 0); err != nil {
		return f, err
	}
	if f.To, err = queryDay(q, "to", 0); err != nil {
		return f, err
	}
	if q.Has("from") && q.Has("to") && f.To < f.From {
		return f, badRequest(fmt.Sprintf("to=%s is before from=%s.", f.To, f.From), "")
	}
	if q.Has("place") {
		f.Place = q.Get("place")
		if _, ok := d.PlaceBy[f.Place]; !ok {
			return f, notFound(fmt.Sprintf("There is no place %q.", control.Clip(f.Place, 40)), "GET /api/v1/places lists the place ids.")
		}
	}
	return f, nil
}

func (s *Server) handleEvents(c echo.Context) (*response, error) {
	page, err := s.filteredEvents(c)
	if err != nil {
		return nil, err
	}
	return jsonResponse(c, struct {
		Events []view.APIEvent `json:"events"`
		Next   string          `json:"next,omitempty"`
	}{view.Events(page.events), page.next})
}

func (s *Server) handleFactions(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	return jsonResponse(c, struct {
		Factions []view.APIFaction `json:"factions"`
	}{view.Factions(d.Data)})
}

func (s *Server) handlePlaces(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	return jsonResponse(c, struct {
		Places []view.APIPlace `json:"places"`
	}{view.PlacesAPI(d.Data)})
}
