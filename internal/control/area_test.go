package control

import "testing"

// square is a closed square ring with corners (x0, y0) and (x0+w, y0+w).
func square(x0, y0, w float64) [][2]float64 {
	return [][2]float64{{x0, y0}, {x0 + w, y0}, {x0 + w, y0 + w}, {x0, y0 + w}, {x0, y0}}
}

func TestAreaContains(t *testing.T) {
	holed := Area{ID: "ring", Polygons: [][][][2]float64{{square(0, 0, 10), square(4, 4, 2)}}}
	two := Area{ID: "two", Polygons: [][][][2]float64{{square(0, 0, 1)}, {square(5, 5, 1)}}}
	tests := []struct {
		name     string
		a        Area
		lon, lat float64
		want     bool
	}{
		{"inside", holed, 1, 1, true},
		{"outside", holed, 11, 1, false},
		{"in the hole", holed, 5, 5, false},
		{"on the hole's edge", holed, 4, 5, true},
		{"on the outer edge", holed, 10, 3, true},
		{"on a corner", holed, 0, 0, true},
		{"second polygon", two, 5.5, 5.5, true},
		{"between polygons", two, 3, 3, false},
		{"no polygons", Area{ID: "empty"}, 0, 0, false},
	}
	for _, tt := range tests {
		if got := tt.a.Contains(tt.lon, tt.lat); got != tt.want {
			t.Errorf("%s: Contains(%g, %g) = %v, want %v", tt.name, tt.lon, tt.lat, got, tt.want)
		}
	}
	if got, want := holed.Size(), 96.0; got != want {
		t.Errorf("Size of a 10×10 square with a 2×2 hole = %g, want %g", got, want)
	}
}

// TestControlOnAreas is the generalised rule: a place takes the latest
// control event among its own and its areas'; within one day larger areas
// apply first, then smaller ones, then the place's own events.
func TestControlOnAreas(t *testing.T) {
	areas := []Area{
		{ID: "country", Polygons: [][][][2]float64{{square(0, 0, 10)}}},
		{ID: "north", Polygons: [][][][2]float64{{square(0, 5, 10)}}},
		{ID: "pocket", Polygons: [][][][2]float64{{square(1, 6, 2)}}},
	}
	town := Place{ID: "town", Lon: 2, Lat: 7}   // inside country, north and pocket
	edge := Place{ID: "edge", Lon: 5, Lat: 5}   // on north's southern edge
	south := Place{ID: "south", Lon: 5, Lat: 2} // inside country only
	away := Place{ID: "away", Lon: 20, Lat: 20} // outside every area
	area := func(id, day, a, ctl string, seq int) Event {
		return Event{ID: id, Day: MustDay(day), Seq: seq, Area: a, Kind: KindControl, Controller: ctl, Status: StatusHeld, Confidence: Confirmed}
	}
	own := func(id, day, place, ctl string, seq int) Event {
		return Event{ID: id, Day: MustDay(day), Seq: seq, Place: place, Kind: KindControl, Controller: ctl, Status: StatusHeld, Confidence: Confirmed}
	}
	tests := []struct {
		name       string
		place      Place
		events     []Event
		day        string
		controller string
		event      string
		since      string
	}{
		{"area sets a place inside", south, []Event{area("c", "2024-11-26", "country", "government", 1)}, "2024-11-27", "government", "c", "2024-11-26"},
		{"area then place", town, []Event{area("c", "2024-11-26", "country", "government", 1), own("t", "2024-11-28", "town", "hts", 2)}, "2024-11-28", "hts", "t", "2024-11-28"},
		{"place then area", town, []Event{own("t", "2024-11-26", "town", "hts", 2), area("n", "2024-11-28", "north", "sdf", 1)}, "2024-11-29", "sdf", "n", "2024-11-28"},
		{"same day: the place's own event wins over an area, even in an earlier row", town,
			[]Event{own("t", "2024-11-28", "town", "hts", 1), area("n", "2024-11-28", "north", "sdf", 9)}, "2024-11-28", "hts", "t", "2024-11-28"},
		{"same day: the smaller area wins over the larger, whatever the rows' order", town,
			[]Event{area("p", "2024-11-26", "pocket", "hts", 1), area("c", "2024-11-26", "country", "government", 2)}, "2024-11-26", "hts", "p", "2024-11-26"},
		{"nested areas on later days: the latest wins", town,
			[]Event{area("p", "2024-11-26", "pocket", "hts", 1), area("c", "2024-11-27", "country", "government", 2)}, "2024-11-27", "government", "c", "2024-11-27"},
		{"a place on a polygon edge is inside", edge, []Event{area("c", "2024-11-26", "country", "government", 1), area("n", "2024-11-27", "north", "sdf", 2)}, "2024-11-27", "sdf", "n", "2024-11-27"},
		{"an area event does not reach a place outside it", south, []Event{area("c", "2024-11-26", "country", "government", 1), area("n", "2024-11-27", "north", "sdf", 2)}, "2024-11-27", "government", "c", "2024-11-26"},
		{"a locality outside every area stays unknown", away, []Event{area("c", "2024-11-26", "country", "government", 1)}, "2024-12-01", "", "", ""},
		{"an unknown area changes nothing", south, []Event{area("x", "2024-11-26", "nowhere", "hts", 1)}, "2024-12-01", "", "", ""},
		{"same holder keeps its since across area and place events", town,
			[]Event{area("c", "2024-11-26", "country", "government", 1), own("t", "2024-11-29", "town", "government", 1)}, "2024-11-30", "government", "t", "2024-11-26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ControlOn(tt.place, tt.events, areas, MustDay(tt.day))
			gotSince := ""
			if got.Known {
				gotSince = got.Since.String()
			}
			if got.Controller != tt.controller || got.EventID != tt.event || gotSince != tt.since {
				t.Errorf("ControlOn(%s, %s) = %s by %q since %q, want %s by %q since %q",
					tt.place.ID, tt.day, got.Controller, got.EventID, gotSince, tt.controller, tt.event, tt.since)
			}
			ix := NewIndex([]Place{tt.place}, tt.events, areas)
			if at := ix.At(MustDay(tt.day))[0]; at != got {
				t.Errorf("Index.At = %+v, want the rule's %+v", at, got)
			}
		})
	}
}
