package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
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

// controlJSON is one place's state in the API.
type controlJSON struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Controller *string `json:"controller"`
	Status     *string `json:"status"`
	Challenger *string `json:"challenger"`
	// Partner is the second holder while the place is held jointly (status
	// "joint"), with no fighting; challenger is then null.
	Partner    string  `json:"partner,omitempty"`
	Since      *string `json:"since"`
	Confidence *string `json:"confidence"`
	// Left is the faction that withdrew, while the holder is unknown after
	// its withdrawal (status "withdrawn"); absent otherwise.
	Left string `json:"left,omitempty"`
	// Succeeded is the faction whose place the controller took by a
	// succession (as holder, challenger or partner), while that succession
	// set the state; absent otherwise.
	Succeeded string `json:"succeeded,omitempty"`
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (s *Server) controlOf(c echo.Context) (*snapshotData, control.Day, []controlJSON, error) {
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
	snap := d.Index.At(day)
	out := make([]controlJSON, 0, len(snap))
	for _, st := range snap {
		p := d.PlaceBy[st.Place]
		cj := controlJSON{ID: p.ID, Name: p.Name, Lat: p.Lat, Lon: p.Lon}
		if st.Known {
			cj.Controller = ptr(st.Controller)
			cj.Status = ptr(string(st.Status))
			cj.Challenger = ptr(st.Challenger)
			if st.Status == control.StatusJoint {
				cj.Challenger, cj.Partner = nil, st.Challenger
			}
			cj.Since = ptr(st.Since.String())
			cj.Confidence = ptr(string(st.Confidence))
			if e, ok := d.Succession[st.EventID]; ok {
				cj.Succeeded = e.Challenger
			}
		} else if st.Left != "" {
			cj.Status = ptr(string(control.StatusWithdrawn))
			cj.Left = st.Left
			cj.Since = ptr(st.Since.String())
			cj.Confidence = ptr(string(st.Confidence))
		}
		out = append(out, cj)
	}
	return d, day, out, nil
}

func (s *Server) handleControl(c echo.Context) (*response, error) {
	_, day, places, err := s.controlOf(c)
	if err != nil {
		return nil, err
	}
	return jsonResponse(c, struct {
		Day    string        `json:"day"`
		Places []controlJSON `json:"places"`
	}{day.String(), places})
}

// handleControlGeoJSON answers the same as /control as an RFC 7946
// FeatureCollection of points.
func (s *Server) handleControlGeoJSON(c echo.Context) (*response, error) {
	d, day, places, err := s.controlOf(c)
	if err != nil {
		return nil, err
	}
	type props struct {
		controlJSON
		Day             string  `json:"day"`
		ControllerName  *string `json:"controller_name"`
		ControllerColor *string `json:"controller_color"`
	}
	type feature struct {
		Type     string `json:"type"`
		ID       string `json:"id"`
		Geometry struct {
			Type        string     `json:"type"`
			Coordinates [2]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties props `json:"properties"`
	}
	features := make([]feature, 0, len(places))
	for _, p := range places {
		f := feature{Type: "Feature", ID: p.ID}
		f.Geometry.Type = "Point"
		f.Geometry.Coordinates = [2]float64{p.Lon, p.Lat}
		f.Properties = props{controlJSON: p, Day: day.String()}
		if p.Controller != nil {
			fv := view.Faction(locale.English(), d.Data, *p.Controller) // the API speaks the default language
			f.Properties.ControllerName, f.Properties.ControllerColor = ptr(fv.Name), ptr(fv.Color)
		}
		features = append(features, f)
	}
	return jsonResponse(c, struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{"FeatureCollection", features})
}

// eventJSON is an event with its sources in the API.
type eventJSON struct {
	ID         string       `json:"id"`
	Day        string       `json:"day"`
	Place      *string      `json:"place"`
	Area       *string      `json:"area"`
	Kind       string       `json:"kind"`
	Controller *string      `json:"controller"`
	Status     *string      `json:"status"`
	Challenger *string      `json:"challenger"`
	Confidence string       `json:"confidence"`
	Summary    string       `json:"summary"`
	SummaryAR  *string      `json:"summary_ar"` // null when the data has no Arabic summary
	Sources    []sourceJSON `json:"sources"`
}

type sourceJSON struct {
	Outlet string  `json:"outlet"`
	Title  *string `json:"title"`
	URL    *string `json:"url"`
	Seed   *string `json:"seed"`
	Quote  *string `json:"quote"`
	// Published is the source's publication day, YYYY-MM-DD; null when unknown.
	Published *string `json:"published"`
}

func toEventJSON(e control.Event) eventJSON {
	ej := eventJSON{ID: e.ID, Day: e.Day.String(), Place: ptr(e.Place), Area: ptr(e.Area), Kind: string(e.Kind), Controller: ptr(e.Controller),
		Status: ptr(string(e.Status)), Challenger: ptr(e.Challenger), Confidence: string(e.Confidence), Summary: e.Summary,
		SummaryAR: ptr(e.SummaryAR), Sources: []sourceJSON{}}
	for _, s := range e.Sources {
		ej.Sources = append(ej.Sources, sourceJSON{Outlet: s.Outlet, Title: ptr(s.Title), URL: ptr(view.SafeURL(s.URL)), Seed: ptr(s.Seed), Quote: ptr(s.Quote), Published: ptr(s.Published)})
	}
	return ej
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
	out := make([]eventJSON, 0, len(page.events))
	for _, e := range page.events {
		out = append(out, toEventJSON(e))
	}
	return jsonResponse(c, struct {
		Events []eventJSON `json:"events"`
		Next   string      `json:"next,omitempty"`
	}{out, page.next})
}

func (s *Server) handleFactions(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	type fj struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Short   string `json:"short"`
		Color   string `json:"color"`
		NameAR  string `json:"name_ar"`  // empty when the data has none
		ShortAR string `json:"short_ar"` // empty when the data has none
		// Until is the last day of a faction that ended, Successor the
		// faction its places passed to; both absent while it exists.
		Until     string `json:"until,omitempty"`
		Successor string `json:"successor,omitempty"`
	}
	out := make([]fj, 0, len(d.Factions))
	for _, f := range d.Factions {
		j := fj{ID: f.ID, Name: f.Name, Short: f.Short, Color: f.Color, NameAR: f.NameAR, ShortAR: f.ShortAR, Successor: f.Successor}
		if f.Until != 0 {
			j.Until = f.Until.String()
		}
		out = append(out, j)
	}
	return jsonResponse(c, struct {
		Factions []fj `json:"factions"`
	}{out})
}

func (s *Server) handlePlaces(c echo.Context) (*response, error) {
	d, err := s.loadData(c.Request().Context())
	if err != nil {
		return nil, err
	}
	type pj struct {
		ID     string  `json:"id"`
		Name   string  `json:"name"`
		NameAR string  `json:"name_ar"`
		Kind   string  `json:"kind"`
		Lat    float64 `json:"lat"`
		Lon    float64 `json:"lon"`
	}
	out := make([]pj, 0, len(d.Places))
	for _, p := range d.Places {
		out = append(out, pj{p.ID, p.Name, p.NameAR, p.Kind, p.Lat, p.Lon})
	}
	return jsonResponse(c, struct {
		Places []pj `json:"places"`
	}{out})
}
