package control

import (
	"fmt"
	"maps"
	"math/rand"
	"testing"
)

// randomHistory makes places and control events with ties, contests,
// joint holds, withdrawals, successions and claims, plus events of other
// kinds that must change nothing.
func randomHistory(r *rand.Rand, nPlaces, nEvents, nDays int) ([]Place, []Event) {
	factions := []string{"government", "hts", "sdf", "sor"}
	places := make([]Place, nPlaces)
	for i := range places {
		// Integer coordinates put some places exactly on area edges.
		places[i] = Place{ID: fmt.Sprintf("p%d", i), Lon: float64(r.Intn(5)), Lat: float64(r.Intn(5))}
	}
	events := make([]Event, nEvents)
	for i := range events {
		e := Event{ID: fmt.Sprintf("e%06d", r.Intn(nEvents*2)), Day: MustDay("2024-11-26").Add(r.Intn(nDays)), Seq: r.Intn(3),
			Place: places[r.Intn(nPlaces)].ID, Kind: KindControl, Controller: factions[r.Intn(4)], Status: StatusHeld, Confidence: Confirmed}
		switch r.Intn(10) {
		case 0, 1:
			e.Status, e.Challenger = StatusContested, "hts"
		case 2:
			e.Status = StatusWithdrawn
		case 3:
			e.Status, e.Challenger = StatusJoint, factions[r.Intn(4)]
		case 4:
			// A succession names no place: it reaches every place. The
			// random data may end a faction twice or name it later, which
			// the data checks forbid but the rule must still agree on.
			e.Place, e.Status, e.Challenger = "", StatusSuccession, factions[r.Intn(4)]
		}
		if r.Intn(3) == 0 {
			e.Confidence = Claimed
		}
		if r.Intn(6) == 0 {
			e.Kind = KindStrike
		}
		events[i] = e
	}
	return places, events
}

// TestIndexAgreesWithRule checks the index against ControlOn on random
// histories for every place on every day, and a day either side.
func TestIndexAgreesWithRule(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for round := 0; round < 100; round++ {
		places, events := randomHistory(r, 1+r.Intn(5), r.Intn(40), 1+r.Intn(10))
		areas := randomAreas(r)
		for i := r.Intn(8); i > 0 && len(areas) > 0; i-- {
			a := areas[r.Intn(len(areas))]
			st := StatusHeld
			if r.Intn(3) == 0 {
				st = StatusWithdrawn
			}
			events = append(events, Event{ID: fmt.Sprintf("area%02d", i), Day: MustDay("2024-11-26").Add(r.Intn(6)), Seq: r.Intn(3),
				Area: a.ID, Kind: KindControl, Controller: []string{"government", "hts", "sdf"}[r.Intn(3)], Status: st, Confidence: Confirmed})
		}
		ix := NewIndex(places, events, areas)
		for d := MustDay("2024-11-25"); d <= MustDay("2024-12-07"); d++ {
			got := ix.At(d)
			want := Snapshot(places, events, areas, d)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("round %d, %s, %s:\n got %+v\nwant %+v", round, d, places[i].ID, got[i], want[i])
				}
				// The events and areas that reach a place decide it alone.
				reach, in := Reaching(places[i], events, areas)
				if c := ControlOn(places[i], reach, in, d); c != want[i] {
					t.Fatalf("round %d, %s, %s: over what reaches it\n got %+v\nwant %+v", round, d, places[i].ID, c, want[i])
				}
			}
		}
	}
}

func BenchmarkIndexAt(b *testing.B) {
	for _, size := range []struct{ places, events int }{{5, 100}, {1000, 100_000}, {10_000, 1_000_000}} {
		b.Run(fmt.Sprintf("places=%d/events=%d", size.places, size.events), func(b *testing.B) {
			places, events := randomHistory(rand.New(rand.NewSource(1)), size.places, size.events, 20)
			ix := NewIndex(places, events, nil)
			d := MustDay("2024-12-06")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ix.At(d)
			}
		})
	}
}

// randomAreas makes up to three squares with integer corners, so areas nest,
// overlap and share edges with each other and with places.
func randomAreas(r *rand.Rand) []Area {
	var out []Area
	for i := r.Intn(4); i > 0; i-- {
		x0, y0 := float64(r.Intn(4)), float64(r.Intn(4))
		w := float64(1 + r.Intn(3))
		out = append(out, Area{ID: fmt.Sprintf("a%d", i), Polygons: [][][][2]float64{{{{x0, y0}, {x0 + w, y0}, {x0 + w, y0 + w}, {x0, y0 + w}}}}})
	}
	return out
}

// TestIndexSubset: a subset answers exactly what an index built over those
// places alone answers.
func TestIndexSubset(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	places, events := randomHistory(r, 8, 60, 8)
	areas := randomAreas(r)
	full := NewIndex(places, events, areas)
	pos := []int{6, 1, 3}
	sub := full.Subset(pos)
	alone := NewIndex([]Place{places[6], places[1], places[3]}, events, areas)
	for d := MustDay("2024-11-25"); d <= MustDay("2024-12-05"); d++ {
		got, want := sub.At(d), alone.At(d)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s, %s: subset %+v, alone %+v", d, want[i].Place, got[i], want[i])
			}
		}
	}
}

// TestHeldAgreesWithAt: the per-day counts of Held are what counting At
// day by day gives, over ranges that start before, inside and after the
// events, and a range of one day.
func TestHeldAgreesWithAt(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	base := MustDay("2024-11-26")
	for round := 0; round < 100; round++ {
		places, events := randomHistory(r, 1+r.Intn(6), r.Intn(60), 1+r.Intn(12))
		ix := NewIndex(places, events, randomAreas(r))
		first := base.Add(r.Intn(8) - 3)
		last := first.Add(r.Intn(14))
		got := ix.Held(first, last)
		if len(got) != int(last-first)+1 {
			t.Fatalf("round %d: %d days from %s to %s, want %d", round, len(got), first, last, int(last-first)+1)
		}
		for day := first; day <= last; day++ {
			want := map[string]int{}
			for _, st := range ix.At(day) {
				if st.Known {
					want[st.Controller]++
				}
			}
			if g := got[day-first]; !maps.Equal(g, want) {
				t.Fatalf("round %d, %s: got %v, want %v", round, day, g, want)
			}
		}
	}
	if got := NewIndex(nil, nil, nil).Held(base, base.Add(-1)); got != nil {
		t.Errorf("an empty range: got %v, want nil", got)
	}
}
