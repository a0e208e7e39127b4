package server

import (
	"context"
	"encoding/json"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// TestArabicAPI checks that /api/v1/factions returns each faction's name_ar
// and short_ar as stored, and /api/v1/events an event's summary_ar, null
// when the event has none.
func TestArabicAPI(t *testing.T) {
	s, db := newTestServer(t)
	ctx := context.Background()
	stored, err := db.Factions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Factions []struct {
			ID      string `json:"id"`
			Short   string `json:"short"`
			NameAR  string `json:"name_ar"`
			ShortAR string `json:"short_ar"`
		} `json:"factions"`
	}
	if err := json.Unmarshal(get(t, s, "/api/v1/factions").Body.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if got, want := len(f.Factions), len(stored); got != want || got == 0 {
		t.Fatalf("%d factions, want %d", got, want)
	}
	for i, x := range f.Factions {
		if got, want := x.ID+" "+x.NameAR+" "+x.ShortAR, stored[i].ID+" "+stored[i].NameAR+" "+stored[i].ShortAR; got != want {
			t.Errorf("faction %d = %q, want %q", i, got, want)
		}
		if x.ShortAR == "" || x.ShortAR == x.Short {
			t.Errorf("faction %s: short_ar %q, want the Arabic short name of the shipped data", x.ID, x.ShortAR)
		}
	}

	day := control.MustDay("2024-12-07")
	const ar = "قال مقاتلو المعارضة إنهم على أسوار المدينة."
	err = db.Import(ctx, sqlite.Batch{Events: []control.Event{
		{ID: "t-with-ar", Day: day, Place: "homs", Kind: control.KindStatement, Confidence: control.Claimed,
			Summary: "Rebels said they were on the city's walls.", SummaryAR: ar, Sources: []control.Source{{Outlet: "Test"}}},
		{ID: "t-without-ar", Day: day, Place: "homs", Kind: control.KindStatement, Confidence: control.Claimed,
			Summary: "No Arabic text.", Sources: []control.Source{{Outlet: "Test"}}},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Events []struct {
			ID        string  `json:"id"`
			Summary   string  `json:"summary"`
			SummaryAR *string `json:"summary_ar"`
		} `json:"events"`
	}
	rec := get(t, s, "/api/v1/events?place=homs&from=2024-12-07&to=2024-12-07")
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range body.Events {
		switch e.ID {
		case "t-with-ar":
			seen++
			if e.SummaryAR == nil || *e.SummaryAR != ar {
				t.Errorf("t-with-ar summary_ar = %v, want %q", e.SummaryAR, ar)
			}
		case "t-without-ar":
			seen++
			if e.SummaryAR != nil {
				t.Errorf("t-without-ar summary_ar = %q, want null", *e.SummaryAR)
			}
		}
	}
	if seen != 2 {
		t.Errorf("found %d of the 2 imported events in %s", seen, rec.Body)
	}
}
