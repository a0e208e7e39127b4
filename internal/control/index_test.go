package control

import (
	"fmt"
	"math/rand"
	"testing"
)

// randomHistory makes places and control events with ties, contests and
// claims, plus events of other kinds that must change nothing.
func randomHistory(r *rand.Rand, nPlaces, nEvents, nDays int) ([]Place, []Event) {
	factions := []string{"government", "hts", "sdf", "sor"}
	places := make([]Place, nPlaces)
	for i := range places {
		places[i] = Place{ID: fmt.Sprintf("p%d", i)}
	}
	events := make([]Event, nEvents)
	for i := range events {
		e := Event{ID: fmt.Sprintf("e%06d", r.Intn(nEvents*2)), Day: MustDay("2024-11-26").Add(r.Intn(nDays)), Seq: r.Intn(3),
			Place: places[r.Intn(nPlaces)].ID, Kind: KindControl, Controller: factions[r.Intn(4)], Status: StatusHeld, Confidence: Confirmed}
		if r.Intn(4) == 0 {
			e.Status, e.Challenger = StatusContested, "hts"
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
		ix := NewIndex(places, events)
		for d := MustDay("2024-11-25"); d <= MustDay("2024-12-07"); d++ {
			got := ix.At(d)
			want := Snapshot(places, events, d)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("round %d, %s, %s:\n got %+v\nwant %+v", round, d, places[i].ID, got[i], want[i])
				}
			}
		}
	}
}

func BenchmarkIndexAt(b *testing.B) {
	for _, size := range []struct{ places, events int }{{5, 100}, {1000, 100_000}, {10_000, 1_000_000}} {
		b.Run(fmt.Sprintf("places=%d/events=%d", size.places, size.events), func(b *testing.B) {
			places, events := randomHistory(rand.New(rand.NewSource(1)), size.places, size.events, 20)
			ix := NewIndex(places, events)
			d := MustDay("2024-12-06")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ix.At(d)
			}
		})
	}
}
