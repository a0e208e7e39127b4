package server

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/dataset"
)

func TestFeed(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/feed.atom")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) == 0 || len(feed.Entries) > feedSize {
		t.Fatalf("%d entries, want 1 to %d", len(feed.Entries), feedSize)
	}
	for i, e := range feed.Entries {
		if i > 0 && e.Updated > feed.Entries[i-1].Updated {
			t.Errorf("entry %d (%s) is newer than the one before it", i, e.Updated)
		}
		day := e.Updated[:10]
		if !strings.Contains(e.Link.Href, "/day/"+day+"#ev-") {
			t.Errorf("entry %q links to %s, want its day %s", e.Title, e.Link.Href, day)
		}
		if e.Content == "" || e.Title == "" {
			t.Errorf("entry %s has no title or content", e.ID)
		}
		// A title names the place or the area first.
		if strings.HasPrefix(e.Title, ":") {
			t.Errorf("entry %s: title %q names no place or area", e.ID, e.Title)
		}
	}
}

// TestEventsCSVImportsBack reads the CSV answers with the data-file reader,
// which an editor's import uses.
func TestEventsCSVImportsBack(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/api/v1/events.csv?place=homs")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	ds, err := dataset.ReadFile("events.csv", rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Events) < 3 {
		t.Errorf("%d events for homs, want at least 3", len(ds.Events))
	}
	for _, e := range ds.Events {
		if e.Place != "homs" {
			t.Errorf("event %s at %s in a homs-only answer", e.ID, e.Place)
		}
	}
	src := get(t, s, "/api/v1/sources.csv?place=homs")
	sds, err := dataset.ReadFile("sources.csv", src.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ds.Events {
		if len(sds.Orphans()[e.ID]) == 0 {
			t.Errorf("event %s has no row in sources.csv", e.ID)
		}
	}
	if rec := get(t, s, "/api/v1/events.csv?from=bad"); rec.Code != 400 {
		t.Errorf("bad from: %d", rec.Code)
	}
}

// TestEventsCSVKeepsAreas exports every event and reads it back: area
// events (a control event naming an area instead of a place, such as
// 2024-11-26-syria-baseline) must keep their area, or the file cannot be
// imported back and says nothing about where the event applies.
func TestEventsCSVKeepsAreas(t *testing.T) {
	s, db := newTestServer(t)
	want, err := db.Events(context.Background(), control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var areaEvents int
	for _, e := range want {
		if e.Area != "" {
			areaEvents++
		}
	}
	if areaEvents == 0 {
		t.Fatal("the embedded data has no area events; the test needs some")
	}
	rec := get(t, s, "/api/v1/events.csv")
	ds, err := dataset.ReadFile("events.csv", rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ds.Events); got != len(want) {
		t.Fatalf("%d events in the export, want %d", got, len(want))
	}
	for i, got := range ds.Events {
		w := want[i]
		if got.ID != w.ID || got.Place != w.Place || got.Area != w.Area || got.Kind != w.Kind || got.Controller != w.Controller {
			t.Errorf("event %d read back as id %s place %q area %q kind %s controller %s, want id %s place %q area %q kind %s controller %s",
				i, got.ID, got.Place, got.Area, got.Kind, got.Controller, w.ID, w.Place, w.Area, w.Kind, w.Controller)
		}
	}
}
