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

// TestWithdrawal: a withdrawal leaves unknown the places its faction held
// just before, and no other; a later event, or a smaller area's event on
// the same day, names the next holder.
func TestWithdrawal(t *testing.T) {
	areas := []Area{
		{ID: "country", Polygons: [][][][2]float64{{square(0, 0, 10)}}},
		{ID: "north", Polygons: [][][][2]float64{{square(0, 5, 10)}}},
	}
	town := Place{ID: "town", Lon: 2, Lat: 7} // inside country and north
	south := Place{ID: "south", Lon: 5, Lat: 2}
	ev := func(id, day, area, place, ctl string, st Status, conf Confidence) Event {
		return Event{ID: id, Day: MustDay(day), Area: area, Place: place, Kind: KindControl, Controller: ctl, Status: st, Confidence: conf}
	}
	base := ev("c", "2024-11-26", "country", "", "government", StatusHeld, Confirmed)
	out := ev("w", "2024-12-08", "country", "", "government", StatusWithdrawn, Confirmed)
	tests := []struct {
		name   string
		place  Place
		events []Event
		day    string
		want   Control
	}{
		{"the faction's places become unknown", south, []Event{base, out}, "2024-12-09",
			Control{Place: "south", Confidence: Confirmed, Since: MustDay("2024-12-08"), EventID: "w", Left: "government"}},
		{"the day before, the faction still holds", south, []Event{base, out}, "2024-12-07",
			Control{Place: "south", Known: true, Controller: "government", Status: StatusHeld, Confidence: Confirmed, Since: MustDay("2024-11-26"), EventID: "c"}},
		{"another faction's place is not touched", town, []Event{base, ev("t", "2024-12-01", "", "town", "hts", StatusHeld, Confirmed), out}, "2024-12-09",
			Control{Place: "town", Known: true, Controller: "hts", Status: StatusHeld, Confidence: Confirmed, Since: MustDay("2024-12-01"), EventID: "t"}},
		{"a contested place of the faction becomes unknown", town,
			[]Event{base, {ID: "k", Day: MustDay("2024-12-05"), Place: "town", Kind: KindControl, Controller: "government", Status: StatusContested, Challenger: "hts", Confidence: Confirmed}, out}, "2024-12-08",
			Control{Place: "town", Confidence: Confirmed, Since: MustDay("2024-12-08"), EventID: "w", Left: "government"}},
		{"same day: a smaller area's holder follows the withdrawal", town, []Event{base, ev("n", "2024-12-08", "north", "", "hts", StatusHeld, Claimed), out}, "2024-12-08",
			Control{Place: "town", Known: true, Controller: "hts", Status: StatusHeld, Confidence: Claimed, Since: MustDay("2024-12-08"), EventID: "n", ClaimedOn: MustDay("2024-12-08")}},
		{"a later event names a holder", south, []Event{base, out, ev("s", "2024-12-10", "", "south", "sdf", StatusHeld, Confirmed)}, "2024-12-10",
			Control{Place: "south", Known: true, Controller: "sdf", Status: StatusHeld, Confidence: Confirmed, Since: MustDay("2024-12-10"), EventID: "s"}},
		{"a withdrawal from an unknown place changes nothing", south, []Event{out}, "2024-12-09", Control{Place: "south"}},
		{"a second withdrawal changes nothing", south, []Event{base, out, ev("w2", "2024-12-09", "", "south", "government", StatusWithdrawn, Claimed)}, "2024-12-10",
			Control{Place: "south", Confidence: Confirmed, Since: MustDay("2024-12-08"), EventID: "w", Left: "government"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ControlOn(tt.place, tt.events, areas, MustDay(tt.day))
			if got != tt.want {
				t.Errorf("ControlOn(%s, %s)\n got %+v\nwant %+v", tt.place.ID, tt.day, got, tt.want)
			}
			if at := NewIndex([]Place{tt.place}, tt.events, areas).At(MustDay(tt.day))[0]; at != got {
				t.Errorf("Index.At = %+v, want the rule's %+v", at, got)
			}
		})
	}
}
