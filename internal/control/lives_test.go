package control

import "testing"

// succession is the row that ends faction ended and passes it to successor.
func succession(id, day, successor, ended string) Event {
	return Event{ID: id, Day: MustDay(day), Kind: KindControl, Controller: successor, Status: StatusSuccession, Challenger: ended, Confidence: Confirmed}
}

// TestSuccessionAndJoint: the rule's table for the two statuses a faction's
// life and an agreement add. Each case is a history and the state of one
// place on one day; the index must say the same.
func TestSuccessionAndJoint(t *testing.T) {
	d := MustDay
	areas := []Area{{ID: "north", Polygons: [][][][2]float64{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}}}}
	tests := []struct {
		name   string
		events []Event
		place  string
		day    string
		want   Control
	}{
		{
			name: "held place passes to the successor from the succession's day",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusHeld, "", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "transitional", Status: StatusHeld, Confidence: Confirmed, Since: d("2025-01-29"), EventID: "s"},
		},
		{
			name: "the day before the succession the ended faction still holds",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusHeld, "", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-01-28",
			want: Control{Place: "p", Known: true, Controller: "hts", Status: StatusHeld, Confidence: Confirmed, Since: d("2024-12-01"), EventID: "a"},
		},
		{
			name: "a contested place stays contested, by the same challenger, under the successor",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusContested, "sdf", Claimed),
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-02-03",
			want: Control{Place: "p", Known: true, Controller: "transitional", Status: StatusContested, Challenger: "sdf", Confidence: Claimed,
				Since: d("2025-01-29"), EventID: "s", ContestedSince: d("2025-01-29"), ClaimedOn: d("2025-01-29")},
		},
		{
			name: "the ended faction as challenger: the successor takes its place and the hold goes on",
			events: []Event{
				ctl("a", "2024-12-01", "p", "sdf", StatusContested, "sna", Confirmed),
				succession("s", "2025-01-29", "transitional", "sna"),
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "sdf", Status: StatusContested, Challenger: "transitional", Confidence: Confirmed,
				Since: d("2024-12-01"), EventID: "s", ContestedSince: d("2025-01-29")},
		},
		{
			name: "the ended faction as partner: the successor is the partner",
			events: []Event{
				ctl("a", "2024-12-01", "p", "sdf", StatusJoint, "hts", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-01-30",
			want: Control{Place: "p", Known: true, Controller: "sdf", Status: StatusJoint, Challenger: "transitional", Confidence: Confirmed, Since: d("2024-12-01"), EventID: "s"},
		},
		{
			name: "the successor as partner of the ended faction holds alone",
			events: []Event{
				ctl("a", "2024-12-01", "p", "transitional", StatusJoint, "hts", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "transitional", Status: StatusHeld, Confidence: Confirmed, Since: d("2024-12-01"), EventID: "s"},
		},
		{
			name: "a place of another faction is not touched",
			events: []Event{
				ctl("a", "2024-12-01", "p", "sdf", StatusHeld, "", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-02-01",
			want: Control{Place: "p", Known: true, Controller: "sdf", Status: StatusHeld, Confidence: Confirmed, Since: d("2024-12-01"), EventID: "a"},
		},
		{
			name: "a succession of a faction that holds nothing changes nothing",
			events: []Event{
				ctl("a", "2024-12-01", "p", "government", StatusHeld, "", Confirmed),
				succession("s", "2025-01-29", "transitional", "sfa"),
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "government", Status: StatusHeld, Confidence: Confirmed, Since: d("2024-12-01"), EventID: "a"},
		},
		{
			name:   "a place nobody holds stays unknown",
			events: []Event{succession("s", "2025-01-29", "transitional", "hts")},
			place:  "p", day: "2025-01-29",
			want: Control{Place: "p"},
		},
		{
			name: "a withdrawn place keeps its withdrawal",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusHeld, "", Confirmed),
				ctl("w", "2024-12-20", "p", "hts", StatusWithdrawn, "", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Left: "hts", Confidence: Confirmed, Since: d("2024-12-20"), EventID: "w"},
		},
		{
			name: "a place event the same day applies after the succession",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusHeld, "", Confirmed),
				// Seq 0 and an id before the succession's: the order of the
				// rows does not put a place event first.
				{ID: "0-sdf", Day: d("2025-01-29"), Place: "p", Kind: KindControl, Controller: "sdf", Status: StatusHeld, Confidence: Claimed},
				{ID: "s", Day: d("2025-01-29"), Seq: 5, Kind: KindControl, Controller: "transitional", Status: StatusSuccession, Challenger: "hts", Confidence: Confirmed},
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "sdf", Status: StatusHeld, Confidence: Claimed, Since: d("2025-01-29"), EventID: "0-sdf", ClaimedOn: d("2025-01-29")},
		},
		{
			name: "an area event the same day applies after the succession",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusHeld, "", Confirmed),
				{ID: "n", Day: d("2025-01-29"), Area: "north", Kind: KindControl, Controller: "hts", Status: StatusHeld, Confidence: Confirmed},
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "hts", Status: StatusHeld, Confidence: Confirmed, Since: d("2025-01-29"), EventID: "n"},
		},
		{
			name: "a successor that later loses the place",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusHeld, "", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
				ctl("b", "2025-03-10", "p", "sdf", StatusHeld, "", Confirmed),
			},
			place: "p", day: "2025-03-10",
			want: Control{Place: "p", Known: true, Controller: "sdf", Status: StatusHeld, Confidence: Confirmed, Since: d("2025-03-10"), EventID: "b"},
		},
		{
			name: "a successor confirmed in the place later keeps the succession's since",
			events: []Event{
				ctl("a", "2024-12-01", "p", "hts", StatusHeld, "", Confirmed),
				succession("s", "2025-01-29", "transitional", "hts"),
				ctl("b", "2025-03-10", "p", "transitional", StatusHeld, "", Confirmed),
			},
			place: "p", day: "2025-03-11",
			want: Control{Place: "p", Known: true, Controller: "transitional", Status: StatusHeld, Confidence: Confirmed, Since: d("2025-01-29"), EventID: "b"},
		},
		{
			name: "two successions in one day apply by seq: a chain",
			events: []Event{
				ctl("a", "2024-12-01", "p", "sna", StatusHeld, "", Confirmed),
				{ID: "s2", Day: d("2025-01-29"), Seq: 2, Kind: KindControl, Controller: "transitional", Status: StatusSuccession, Challenger: "hts", Confidence: Confirmed},
				{ID: "s1", Day: d("2025-01-29"), Seq: 1, Kind: KindControl, Controller: "hts", Status: StatusSuccession, Challenger: "sna", Confidence: Confirmed},
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "transitional", Status: StatusHeld, Confidence: Confirmed, Since: d("2025-01-29"), EventID: "s2"},
		},
		{
			name: "an area's place passes too",
			events: []Event{
				{ID: "n", Day: d("2024-12-01"), Area: "north", Kind: KindControl, Controller: "hts", Status: StatusHeld, Confidence: Confirmed},
				succession("s", "2025-01-29", "transitional", "hts"),
			},
			place: "p", day: "2025-01-29",
			want: Control{Place: "p", Known: true, Controller: "transitional", Status: StatusHeld, Confidence: Confirmed, Since: d("2025-01-29"), EventID: "s"},
		},
		{
			name:   "joint is held with a partner, not contested",
			events: []Event{ctl("j", "2025-04-01", "p", "transitional", StatusJoint, "sdf", Confirmed)},
			place:  "p", day: "2025-04-02",
			want: Control{Place: "p", Known: true, Controller: "transitional", Status: StatusJoint, Challenger: "sdf", Confidence: Confirmed, Since: d("2025-04-01"), EventID: "j"},
		},
		{
			name: "held then joint by the same holder keeps since",
			events: []Event{
				ctl("a", "2024-12-01", "p", "sdf", StatusHeld, "", Confirmed),
				ctl("j", "2025-04-01", "p", "sdf", StatusJoint, "transitional", Confirmed),
			},
			place: "p", day: "2025-04-01",
			want: Control{Place: "p", Known: true, Controller: "sdf", Status: StatusJoint, Challenger: "transitional", Confidence: Confirmed, Since: d("2024-12-01"), EventID: "j"},
		},
		{
			name: "joint then contested: the contest starts on its day",
			events: []Event{
				ctl("j", "2025-04-01", "p", "sdf", StatusJoint, "transitional", Confirmed),
				ctl("c", "2025-06-01", "p", "sdf", StatusContested, "transitional", Confirmed),
			},
			place: "p", day: "2025-06-02",
			want: Control{Place: "p", Known: true, Controller: "sdf", Status: StatusContested, Challenger: "transitional", Confidence: Confirmed,
				Since: d("2025-04-01"), EventID: "c", ContestedSince: d("2025-06-01")},
		},
	}
	place := Place{ID: "p", Lon: 5, Lat: 5}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ControlOn(place, tt.events, areas, MustDay(tt.day))
			if got != tt.want {
				t.Errorf("ControlOn\n got %+v\nwant %+v", got, tt.want)
			}
			if got, want := NewIndex([]Place{place}, tt.events, areas).At(MustDay(tt.day))[0], tt.want; got != want {
				t.Errorf("Index\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestIndexSkipsUntouchedPlaces: a succession adds a change only to the
// places it touches, so histories do not grow per place per succession.
func TestIndexSkipsUntouchedPlaces(t *testing.T) {
	places := []Place{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	events := []Event{
		ctl("a1", "2024-12-01", "a", "hts", StatusHeld, "", Confirmed),
		ctl("b1", "2024-12-01", "b", "sdf", StatusHeld, "", Confirmed),
		succession("s", "2025-01-29", "transitional", "hts"),
	}
	ix := NewIndex(places, events, nil)
	for i, want := range []int{2, 1, 0} {
		if got := len(ix.Changes(i)); got != want {
			t.Errorf("%s: %d changes, want %d", places[i].ID, got, want)
		}
	}
}

func TestSetLives(t *testing.T) {
	factions := []Faction{{ID: "hts"}, {ID: "transitional"}, {ID: "sdf", Until: 5, Successor: "stale"}}
	events := []Event{
		succession("s2", "2025-03-01", "sdf", "hts"),
		succession("s1", "2025-01-29", "transitional", "hts"),
		ctl("x", "2025-01-29", "p", "hts", StatusHeld, "", Confirmed),
	}
	SetLives(factions, events)
	want := []Faction{{ID: "hts", Until: MustDay("2025-01-28"), Successor: "transitional"}, {ID: "transitional"}, {ID: "sdf"}}
	for i := range want {
		if got := factions[i]; got != want[i] {
			t.Errorf("faction %d: got %+v, want %+v", i, got, want[i])
		}
	}
	if got, want := factions[0].Exists(MustDay("2025-01-28")), true; got != want {
		t.Errorf("hts exists on its last day: %v, want %v", got, want)
	}
	if got, want := factions[0].Exists(MustDay("2025-01-29")), false; got != want {
		t.Errorf("hts exists on the succession's day: %v, want %v", got, want)
	}
	if got, want := factions[1].Exists(MustDay("2099-01-01")), true; got != want {
		t.Errorf("transitional exists: %v, want %v", got, want)
	}
}
