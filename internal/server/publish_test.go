package server

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"frontline/internal/locale"
	"frontline/internal/view"
)

// Each path form answers exactly what its query form answers.
func TestPathFormsMatchQueryForms(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct{ path, query string }{
		{"/api/v1/control/2024-12-06.json", "/api/v1/control?day=2024-12-06"},
		{"/api/v1/control/2024-11-26.geojson", "/api/v1/control.geojson?day=2024-11-26"},
		{"/api/v1/territory/2024-12-08.geojson", "/api/v1/territory.geojson?day=2024-12-08"},
		{"/changes/2024-11-26/2024-12-08", "/changes?from=2024-11-26&to=2024-12-08"},
		{"/changes/2024-12-06/2024-12-07", "/changes?from=2024-12-06&to=2024-12-07"},
	} {
		p, q := get(t, s, tc.path), get(t, s, tc.query)
		if p.Code != http.StatusOK || q.Code != http.StatusOK {
			t.Errorf("%s: status %d, %s: status %d; want 200 both", tc.path, p.Code, tc.query, q.Code)
			continue
		}
		if !bytes.Equal(p.Body.Bytes(), q.Body.Bytes()) {
			t.Errorf("%s and %s answer different bodies (%d and %d bytes)", tc.path, tc.query, p.Body.Len(), q.Body.Len())
		}
		for _, h := range []string{"Content-Type", "Cache-Control", "ETag"} {
			if got, want := p.Header().Get(h), q.Header().Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q as %s", tc.path, h, got, want, tc.query)
			}
		}
	}
}

func TestPathFormsRefuseBadNames(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/api/v1/control/2024-12-06.csv", http.StatusNotFound},
		{"/api/v1/control/2024-12-06", http.StatusNotFound},
		{"/api/v1/control/2024-13-06.json", http.StatusBadRequest},
		{"/api/v1/control/2024-12-06.x.json", http.StatusNotFound},
		{"/api/v1/territory/2024-12-06.json", http.StatusNotFound},
		{"/api/v1/control/2024-12-06.json?day=2024-12-07", http.StatusBadRequest},
		{"/changes/someday/2024-11-26", http.StatusBadRequest},
	} {
		if got := get(t, s, tc.path).Code; got != tc.want {
			t.Errorf("GET %s: status %d, want %d", tc.path, got, tc.want)
		}
	}
}

// Every address PublicPaths lists reaches a route of the table, and it
// lists every day, place and asset. The addresses of the first and last
// day, and those of no day, are asked here; `frontline publish`, whose
// tests run it on the whole site, fails on any address that does not
// answer 200.
var dayIn = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

func TestPublicPathsAllAnswer(t *testing.T) {
	s, db := newTestServer(t)
	batches, err := s.PublicPaths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, b := range batches {
		paths = append(paths, b...)
	}
	has := map[string]bool{}
	for _, p := range paths {
		if has[p] {
			t.Errorf("%s listed twice", p)
		}
		has[p] = true
		if strings.Contains(p, "?") {
			t.Errorf("%s has a query string", p)
		}
		if s.getRoute(s.echo, p) == nil {
			t.Errorf("%s reaches no route of the table", p)
		}
	}
	d := mustData(t, s)
	for _, p := range paths {
		edge := true
		for _, day := range dayIn.FindAllString(p, -1) {
			edge = edge && (day == d.First.String() || day == d.Last.String())
		}
		if !edge {
			continue
		}
		if rec := get(t, s, p); rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", p, rec.Code)
		}
	}
	for day := d.First; day <= d.Last; day++ {
		// A day's "what changed since the first day" and its preview are
		// those of its last change, the pages it links.
		for _, p := range []string{"/day/" + day.String(), "/api/v1/control/" + day.String() + ".json",
			ChangesPath(d.First.String(), view.ChangesSince(d.Data, day).String()), "/day/" + d.MapDay(day).String() + "/preview.png"} {
			if !has[p] {
				t.Errorf("%s is not listed", p)
			}
		}
	}
	for _, p := range trackedOf(t, db) {
		if !has["/place/"+p.ID] {
			t.Errorf("/place/%s is not listed", p.ID)
		}
	}
	for _, a := range []string{s.assets.CSS, s.assets.MapJS, "/assets/js/map.js", "/territory/" + d.Territory.Name} {
		if !has[a] {
			t.Errorf("%s is not listed", a)
		}
	}
}

// TestPublicPathsByDay: after the files pages name, the addresses come a
// day at a time, so the day's page, panel and embed are asked together and
// share one view of the day (dayPage keeps the last few), and that view is
// built once for the three.
func TestPublicPathsByDay(t *testing.T) {
	s, _ := newTestServer(t)
	batches, err := s.PublicPaths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rest := batches[len(batches)-1]
	last := ""
	for _, p := range rest {
		day := dayIn.FindString(p)
		if day < last {
			t.Fatalf("%s comes after an address of %s", p, last)
		}
		last = day
	}
	d := mustData(t, s)
	day := d.First.Add(1).String()
	for _, p := range []string{"/day/" + day, "/day/" + day + "/panel", "/embed/" + day, "/ar/day/" + day} {
		if rec := get(t, s, p); rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d, want 200", p, rec.Code)
		}
	}
	d.pageMu.Lock()
	defer d.pageMu.Unlock()
	var got []string
	for _, b := range d.pages {
		got = append(got, b.lang+" "+b.day.String())
	}
	if want := []string{"en " + day, "ar " + day}; !slices.Equal(got, want) {
		t.Errorf("day views built: got %v, want %v", got, want)
	}
}

// TestInLanguages: each language other than the default copies the
// default's addresses, and only those: with a third language no address
// carries two prefixes.
func TestInLanguages(t *testing.T) {
	ls := []*locale.Locale{{Tag: "en"}, {Tag: "ar", Prefix: "/ar"}, {Tag: "fr", Prefix: "/fr"}}
	got := inLanguages([]string{"/", "/day/2024-12-06"}, ls)
	want := []string{"/", "/day/2024-12-06", "/ar", "/ar/day/2024-12-06", "/fr", "/fr/day/2024-12-06"}
	if !slices.Equal(got, want) {
		t.Errorf("inLanguages = %v, want %v", got, want)
	}
}
