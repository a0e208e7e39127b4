package server

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/sqlite"
	"frontline/internal/view"
)

func TestPlacePage(t *testing.T) {
	s, db := newTestServer(t)
	rec := get(t, s, "/place/homs")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /place/homs: status %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`<link rel="canonical" href="` + DefaultBaseURL + `/place/homs">`,
		`<h1>Homs <span class="ar" dir="rtl" lang="ar">حمص</span></h1>`,
		"34.7268° N, 36.7234° E",
		`href="/day/2024-12-07"`,
		`href="/day/2024-12-08"`,
		`<strong>Government</strong> holds it, contested by <strong>HTS</strong>.`,
		`Held by <strong>HTS</strong>.`,
		`href="/places"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/place/homs does not contain %q", want)
		}
	}
	events, err := db.Events(context.Background(), control.Filter{Place: "homs"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) < 5 {
		t.Fatalf("homs has %d events in the dataset, want several", len(events))
	}
	// Every event at the place is on the page with every source.
	for _, e := range events {
		if !strings.Contains(body, `id="ev-`+e.ID+`"`) {
			t.Errorf("event %s is not on the page", e.ID)
		}
		for _, src := range e.Sources {
			for _, want := range []string{src.Outlet, src.Title, src.Quote} {
				if want != "" && !strings.Contains(body, html.EscapeString(want)) {
					t.Errorf("event %s: source text %q is not on the page", e.ID, want)
				}
			}
			// A seed's file name is where the dataset keeps its copy, not
			// something a reader can open, so the page does not show it.
			if src.Seed != "" && strings.Contains(body, src.Seed) {
				t.Errorf("event %s: seed file name %q is on the page", e.ID, src.Seed)
			}
			if src.URL != "" && !strings.Contains(body, `href="`+html.EscapeString(src.URL)+`"`) {
				t.Errorf("event %s: source URL %q is not a link", e.ID, src.URL)
			}
		}
	}
	// The changes come in the order they apply.
	var last int
	for _, e := range events {
		if e.Kind != control.KindControl {
			continue
		}
		i := strings.Index(body, `id="ev-`+e.ID+`"`)
		if i < last {
			t.Errorf("control event %s is out of order", e.ID)
		}
		last = i
	}
	// Only http(s) addresses and our own paths are links.
	for _, m := range regexp.MustCompile(`<a [^>]*href="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		u := m[1]
		if !strings.HasPrefix(u, "/") && u != "#main" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			t.Errorf("link %q is neither ours nor http(s)", u)
		}
	}
}

// TestPlaceDisputes checks that each disputed claim sits beside the control
// record the map follows on its day, and says which that is.
func TestPlaceDisputes(t *testing.T) {
	s, db := newTestServer(t)
	all, err := db.Events(context.Background(), control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var checked int
	for _, e := range all {
		if e.Kind != control.KindDisputed {
			continue
		}
		followed := control.ControlOn(placeOf(t, db, e.Place), all, areasOf(t, db), e.Day)
		if !followed.Known {
			continue
		}
		body := get(t, s, "/place/"+e.Place).Body.String()
		at := strings.Index(body, `id="ev-`+followed.EventID+`"`)
		dispute := strings.Index(body, `id="ev-`+e.ID+`"`)
		if at < 0 || dispute < 0 {
			t.Fatalf("/place/%s: followed record %s at %d, dispute %s at %d", e.Place, followed.EventID, at, e.ID, dispute)
		}
		// Between the followed record and the dispute there is no other
		// control record: the dispute is inside the followed record's item.
		between := body[at:dispute]
		if dispute < at || strings.Contains(between[1:], `<li class="change"`) {
			t.Errorf("/place/%s: dispute %s is not beside the record %s it contradicts", e.Place, e.ID, followed.EventID)
		}
		var followedDay control.Day
		for _, f := range all {
			if f.ID == followed.EventID {
				followedDay = f.Day
			}
		}
		if want := "The map follows the record of " + view.ShortDay(locale.English(), followedDay); !strings.Contains(body[dispute:], want) {
			t.Errorf("/place/%s: dispute %s does not say %q", e.Place, e.ID, want)
		}
		checked++
	}
	if checked < 2 {
		t.Errorf("checked %d disputed claims, want the dataset's (at least Homs and Daraa)", checked)
	}
}

func TestPlaceErrors(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path string
		want int
	}{
		{"/place/nowhere", http.StatusNotFound},
		{"/place/Homs", http.StatusMovedPermanently}, // to /place/homs
		{"/place/homs-", http.StatusBadRequest},
		{"/place/a--b", http.StatusBadRequest},
		{"/place/hom%20s", http.StatusBadRequest},
		{"/place/%D8%AD%D9%85%D8%B5", http.StatusBadRequest},
		{"/place/" + strings.Repeat("a", 81), http.StatusBadRequest},
		{"/place/%3Cscript%3E", http.StatusBadRequest},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.path)
		if got := rec.Code; got != tt.want {
			t.Errorf("GET %.60s: status %d, want %d", tt.path, got, tt.want)
		}
		if strings.Contains(rec.Body.String(), "<script>") {
			t.Errorf("GET %.60s: the error page echoes a script tag", tt.path)
		}
	}
	rec := get(t, s, "/place/nowhere")
	if body := rec.Body.String(); !strings.Contains(body, `href="/places"`) {
		t.Errorf("the 404 page of an unknown place does not link to /places:\n%s", body)
	}
}

func TestPlacesList(t *testing.T) {
	s, db := newTestServer(t)
	rec := get(t, s, "/places")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /places: status %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	ctx := context.Background()
	// The list names the tracked places, not the localities.
	places := trackedOf(t, db)
	// The list shows the latest day the data covers.
	last := coverageOf(t, db).Last
	all, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	snap := control.Snapshot(places, all, areasOf(t, db), last)
	factions, err := db.Factions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	short := map[string]string{}
	for _, f := range factions {
		short[f.ID] = f.Short
	}
	if got, want := strings.Count(body, `<tr id="row-`), len(places); got != want {
		t.Errorf("/places has %d rows, want %d", got, want)
	}
	if want := "with its holder on " + view.ShortDay(locale.English(), last) + ", the latest day"; !strings.Contains(body, want) {
		t.Errorf("/places does not say %q", want)
	}
	for i, p := range places {
		at := strings.Index(body, `<tr id="row-`+p.ID+`"`)
		if at < 0 {
			t.Errorf("/places has no row for %s", p.ID)
			continue
		}
		row := body[at:]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, `href="/place/`+p.ID+`"`) {
			t.Errorf("row of %s does not link to its page", p.ID)
		}
		want := "Unknown"
		if snap[i].Known {
			want = short[snap[i].Controller]
		}
		if !strings.Contains(row, `<span class="fname">`+want+`</span>`) {
			t.Errorf("row of %s does not name its holder %s", p.ID, want)
		}
	}
}

// TestPlacesSearchAndPages: /places finds places by English or Arabic name
// and lists a hundred a page with links between pages.
func TestPlacesSearchAndPages(t *testing.T) {
	s, db := newTestServer(t)
	var extra []control.Place
	for i := 0; i < 2*view.PlacesPerPage; i++ {
		extra = append(extra, control.Place{ID: fmt.Sprintf("town-%03d", i), Name: fmt.Sprintf("Town %03d", i), Kind: "town", Lat: 35, Lon: 38})
	}
	if err := db.Import(context.Background(), sqlite.Batch{Places: extra}, nil); err != nil {
		t.Fatal(err)
	}
	total := len(trackedOf(t, db))
	tests := []struct {
		target   string
		rows     int
		prev     bool
		next     bool
		contains string
	}{
		{"/places", view.PlacesPerPage, false, true, fmt.Sprintf("of %d places", total)},
		{"/places?page=2", view.PlacesPerPage, true, true, ""},
		{"/places?page=3", total - 2*view.PlacesPerPage, true, false, ""},
		{"/places?page=99", total - 2*view.PlacesPerPage, true, false, ""},
		{"/places?q=aleppo", 2, false, false, `row-aleppo"`}, // Aleppo, and Sheikh Maqsoud (Aleppo)
		{"/places?q=" + url.QueryEscape("حلب"), 2, false, false, `row-aleppo"`},
		{"/places?q=town+1", 100, false, false, ""},
		{"/places?q=nowhere-at-all", 0, false, false, "No place matches"},
	}
	for _, tt := range tests {
		body := get(t, s, tt.target).Body.String()
		if got := strings.Count(body, `<tr id="row-`); got != tt.rows {
			t.Errorf("%s: %d rows, want %d", tt.target, got, tt.rows)
		}
		if got := strings.Contains(body, `rel="prev"`); got != tt.prev {
			t.Errorf("%s: previous link %v, want %v", tt.target, got, tt.prev)
		}
		if got := strings.Contains(body, `rel="next"`); got != tt.next {
			t.Errorf("%s: next link %v, want %v", tt.target, got, tt.next)
		}
		if !strings.Contains(body, tt.contains) {
			t.Errorf("%s lacks %q", tt.target, tt.contains)
		}
	}
}
