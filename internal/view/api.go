package view

import (
	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
)

// The API's answers are built here like the pages' views: from one
// version of the data and the events asked for, in the default language.

// APIControl is one place's state in the API.
type APIControl struct {
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

// ptr is s for a JSON field that is null when empty.
func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Control is every tracked place's state on day, for the API.
func Control(d *snapshot.Data, day control.Day) []APIControl {
	snap := d.Index.At(day)
	out := make([]APIControl, 0, len(snap))
	for _, st := range snap {
		p := d.PlaceBy[st.Place]
		cj := APIControl{ID: p.ID, Name: p.Name, Lat: p.Lat, Lon: p.Lon}
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
	return out
}

// APIControlFeature is one place's state on a day as an RFC 7946 point.
type APIControlFeature struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Geometry struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	} `json:"geometry"`
	Properties APIControlProps `json:"properties"`
}

// APIControlProps are a point's properties: the state, its day and its
// holder's name and colour.
type APIControlProps struct {
	APIControl
	Day             string  `json:"day"`
	ControllerName  *string `json:"controller_name"`
	ControllerColor *string `json:"controller_color"`
}

// ControlFeatures are the states of Control(d, day) as GeoJSON points.
func ControlFeatures(d *snapshot.Data, day control.Day, places []APIControl) []APIControlFeature {
	features := make([]APIControlFeature, 0, len(places))
	for _, p := range places {
		f := APIControlFeature{Type: "Feature", ID: p.ID}
		f.Geometry.Type = "Point"
		f.Geometry.Coordinates = [2]float64{p.Lon, p.Lat}
		f.Properties = APIControlProps{APIControl: p, Day: day.String()}
		if p.Controller != nil {
			fv := Faction(locale.English(), d, *p.Controller) // the API speaks the default language
			f.Properties.ControllerName, f.Properties.ControllerColor = ptr(fv.Name), ptr(fv.Color)
		}
		features = append(features, f)
	}
	return features
}

// APIEvent is an event with its sources in the API.
type APIEvent struct {
	ID         string      `json:"id"`
	Day        string      `json:"day"`
	Place      *string     `json:"place"`
	Area       *string     `json:"area"`
	Kind       string      `json:"kind"`
	Controller *string     `json:"controller"`
	Status     *string     `json:"status"`
	Challenger *string     `json:"challenger"`
	Confidence string      `json:"confidence"`
	Summary    string      `json:"summary"`
	SummaryAR  *string     `json:"summary_ar"` // null when the data has no Arabic summary
	Sources    []APISource `json:"sources"`
}

// APISource is one source of an event in the API.
type APISource struct {
	Outlet string  `json:"outlet"`
	Title  *string `json:"title"`
	URL    *string `json:"url"`
	Seed   *string `json:"seed"`
	Quote  *string `json:"quote"`
	// Published is the source's publication day, YYYY-MM-DD; null when unknown.
	Published *string `json:"published"`
}

// Events are events as the API gives them; never nil.
func Events(events []control.Event) []APIEvent {
	out := make([]APIEvent, 0, len(events))
	for _, e := range events {
		ej := APIEvent{ID: e.ID, Day: e.Day.String(), Place: ptr(e.Place), Area: ptr(e.Area), Kind: string(e.Kind), Controller: ptr(e.Controller),
			Status: ptr(string(e.Status)), Challenger: ptr(e.Challenger), Confidence: string(e.Confidence), Summary: e.Summary,
			SummaryAR: ptr(e.SummaryAR), Sources: []APISource{}}
		for _, s := range e.Sources {
			ej.Sources = append(ej.Sources, APISource{Outlet: s.Outlet, Title: ptr(s.Title), URL: ptr(SafeURL(s.URL)), Seed: ptr(s.Seed), Quote: ptr(s.Quote), Published: ptr(s.Published)})
		}
		out = append(out, ej)
	}
	return out
}

// APIFaction is a faction in the API.
type APIFaction struct {
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

// Factions are the data's factions as the API gives them; never nil.
func Factions(d *snapshot.Data) []APIFaction {
	out := make([]APIFaction, 0, len(d.Factions))
	for _, f := range d.Factions {
		j := APIFaction{ID: f.ID, Name: f.Name, Short: f.Short, Color: f.Color, NameAR: f.NameAR, ShortAR: f.ShortAR, Successor: f.Successor}
		if f.Until != 0 {
			j.Until = f.Until.String()
		}
		out = append(out, j)
	}
	return out
}

// APIPlace is a tracked place in the API.
type APIPlace struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	NameAR string  `json:"name_ar"`
	Kind   string  `json:"kind"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
}

// PlacesAPI are the tracked places as the API gives them; never nil.
func PlacesAPI(d *snapshot.Data) []APIPlace {
	out := make([]APIPlace, 0, len(d.Places))
	for _, p := range d.Places {
		out = append(out, APIPlace{p.ID, p.Name, p.NameAR, p.Kind, p.Lat, p.Lon})
	}
	return out
}
