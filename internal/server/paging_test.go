package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// busyDay adds n statements on one day to the test server's database.
func busyDay(t *testing.T, db *sqlite.DB, day string, n int) {
	t.Helper()
	ctx := context.Background()
	places, err := db.Places(ctx)
	if err != nil || len(places) == 0 {
		t.Fatalf("places: %d, %v", len(places), err)
	}
	var events []control.Event
	for i := 0; i < n; i++ {
		events = append(events, control.Event{ID: fmt.Sprintf("%s-busy-%04d", day, i), Day: control.MustDay(day), Place: places[0].ID,
			Kind: control.KindStatement, Confidence: control.Claimed, Summary: fmt.Sprintf("statement %d", i),
			Sources: []control.Source{{Outlet: "test"}}})
	}
	if err := db.Import(ctx, sqlite.Batch{Events: events}, nil); err != nil {
		t.Fatal(err)
	}
}

type eventsAnswer struct {
	Events []struct {
		ID string `json:"id"`
	} `json:"events"`
	Next string `json:"next"`
}

func getEvents(t *testing.T, s *Server, target string) eventsAnswer {
	t.Helper()
	rec := get(t, s, target)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
	}
	var a eventsAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestEventsPaged: no events answer holds more than its limit, and the
// next links walk through every event once, in order.
func TestEventsPaged(t *testing.T) {
	s, db := newTestServer(t)
	busyDay(t, db, "2024-12-01", defaultEventLimit+100)
	all, err := db.Events(context.Background(), control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	first := getEvents(t, s, "/api/v1/events")
	if got := len(first.Events); got != defaultEventLimit || first.Next == "" {
		t.Fatalf("the default answer has %d events and next %q, want %d and a next link", got, first.Next, defaultEventLimit)
	}
	var walked []string
	target, pages := "/api/v1/events?limit=97", 0
	for target != "" {
		a := getEvents(t, s, target)
		if len(a.Events) > 97 {
			t.Fatalf("a page of limit 97 holds %d events", len(a.Events))
		}
		for _, e := range a.Events {
			walked = append(walked, e.ID)
		}
		target = a.Next
		if pages++; pages > len(all) {
			t.Fatal("the next links do not end")
		}
	}
	if len(walked) != len(all) {
		t.Fatalf("walked %d events, the database holds %d", len(walked), len(all))
	}
	for i := range all {
		if walked[i] != all[i].ID {
			t.Fatalf("event %d: walked %s, want %s", i, walked[i], all[i].ID)
		}
	}
	rec := get(t, s, "/api/v1/events.csv?limit=10")
	if link := rec.Header().Get("Link"); !strings.Contains(link, `rel="next"`) || strings.Count(rec.Body.String(), "\n") != 11 {
		t.Errorf("events.csv?limit=10: Link %q and %d lines, want a next link and 11 lines", link, strings.Count(rec.Body.String(), "\n"))
	}
	for _, bad := range []string{"limit=0", "limit=99999", "limit=x", "after=%%%", "after=bm90IGEgY3Vyc29y"} {
		if rec := get(t, s, "/api/v1/events?"+bad); rec.Code != http.StatusBadRequest {
			t.Errorf("GET /api/v1/events?%s: %d, want 400", bad, rec.Code)
		}
	}
}

// TestDayPageFeedCapped: a day with more events than the page embeds shows
// the first ones, and the page stays small.
func TestDayPageFeedCapped(t *testing.T) {
	s, db := newTestServer(t)
	busyDay(t, db, "2024-12-01", dayFeedMax*3)
	page, err := s.dayPage(httpRequest(t, "/day/2024-12-01"), mustData(t, s), control.MustDay("2024-12-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) > dayFeedMax || page.More == "" {
		t.Errorf("the day page embeds %d events (more: %q), want at most %d and a link to the rest", len(page.Events), page.More, dayFeedMax)
	}
	body := get(t, s, "/day/2024-12-01").Body.String()
	if n := len(regexp.MustCompile(`statement \d+`).FindAllString(body, -1)); n > dayFeedMax {
		t.Errorf("the day page prints %d of the day's statements, want at most %d", n, dayFeedMax)
	}
}

// busyControl imports n control records at one place spread over the days
// between from and to.
func busyControl(t *testing.T, db *sqlite.DB, place, from string, days, n int) {
	t.Helper()
	holders := []string{"government", "hts"}
	var events []control.Event
	for i := 0; i < n; i++ {
		events = append(events, control.Event{ID: fmt.Sprintf("busy-%s-%05d", place, i), Day: control.MustDay(from).Add(1 + i%days), Seq: i,
			Place: place, Kind: control.KindControl, Controller: holders[i%2], Status: control.StatusHeld, Confidence: control.Claimed,
			Summary: fmt.Sprintf("record %d", i), Sources: []control.Source{{Outlet: "test"}}})
	}
	if err := db.Import(context.Background(), sqlite.Batch{Events: events}, nil); err != nil {
		t.Fatal(err)
	}
}

// TestPlaceAndChangesPagesCapped: a place with more records than a page
// shows, and a span with more records than the changes page lists, print a
// bounded number and link to the paged API for the rest.
func TestPlaceAndChangesPagesCapped(t *testing.T) {
	s, db := newTestServer(t)
	busyControl(t, db, "homs", "2024-12-01", 20, changesMax+10)
	body := get(t, s, "/place/homs").Body.String()
	if n := len(regexp.MustCompile(`record \d+`).FindAllString(body, -1)); n > placeMax {
		t.Errorf("/place/homs prints %d records, want at most %d", n, placeMax)
	}
	if !strings.Contains(body, `href="/api/v1/events?place=homs"`) {
		t.Error("/place/homs does not link to every record")
	}
	body = get(t, s, "/changes?from=2024-12-01&to=2024-12-25").Body.String()
	if n := len(regexp.MustCompile(`record \d+`).FindAllString(body, -1)); n > changesMax {
		t.Errorf("/changes prints %d records, want at most %d", n, changesMax)
	}
	if !strings.Contains(body, `href="/api/v1/events?from=2024-12-02&amp;to=2024-12-25"`) {
		t.Error("/changes does not link to every record")
	}
}
