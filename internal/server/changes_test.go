package server

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// fromTo returns the text of a place's "before → after" line on the
// changes page, with tags removed, or "" when the place is not listed.
func fromTo(body, place string) string {
	i := strings.Index(body, `id="change-`+place+`"`)
	if i < 0 {
		return ""
	}
	// The place is listed under the line of its group.
	j := strings.LastIndex(body[:i], `<p class="fromto">`)
	if j < 0 {
		return ""
	}
	rest := body[j:]
	k := strings.Index(rest, "</p>")
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(rest[:k], " ")
	text = regexp.MustCompile(`\(?\d+ places?\)?$`).ReplaceAllString(strings.TrimSpace(strings.Join(strings.Fields(text), " ")), "")
	return strings.Join(strings.Fields(text), " ")
}

// span returns the first and last days the pages offer: the coverage the
// stored data declares, which may run past its last event.
func span(t *testing.T, db *sqlite.DB) (first, last string) {
	t.Helper()
	c := coverageOf(t, db)
	return c.First.String(), c.Last.String()
}

func TestChanges(t *testing.T) {
	s, db := newTestServer(t)
	first, last := span(t, db)
	rec := get(t, s, "/changes?from=2024-11-26&to=2024-12-08")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	tests := []struct{ place, want string }{
		{"aleppo", "Government → to HTS"},
		{"daraa", "Government → to SOR"},
		{"homs", "Government → to HTS"},
	}
	for _, tt := range tests {
		if got := fromTo(body, tt.place); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.place, got, tt.want)
		}
	}
	for _, want := range []string{
		`id="ev-2024-11-30-aleppo-hts"`,
		`id="ev-2024-12-06-daraa-sor"`,
		`<link rel="canonical" href="` + DefaultBaseURL + `/changes/2024-11-26/2024-12-08">`,
		`<form class="range" action="/changes" method="get">`,
		`name="from" min="` + first + `" max="` + last + `" value="2024-11-26"`,
		`name="to" min="` + first + `" max="` + last + `" value="2024-12-08"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the changes page does not contain %q", want)
		}
	}
	// The baseline records of the first day are in its state, not behind a change.
	if strings.Contains(body, `id="ev-2024-11-26-aleppo-baseline"`) {
		t.Error("a record of the first day is listed behind a change")
	}
}

// TestChangesAgreeWithRule checks the lists of the changes page against the
// rule applied to every stored event, for several pairs of days.
func TestChangesAgreeWithRule(t *testing.T) {
	s, db := newTestServer(t)
	ctx := context.Background()
	all, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// The page lists tracked places; localities are land, not entries.
	places := trackedOf(t, db)
	first, last := span(t, db)
	pairs := [][2]string{{first, last}, {"2024-12-06", "2024-12-07"}, {"2024-11-28", "2024-11-30"}, {"2024-12-01", "2024-12-01"}, {"2025-01-28", "2025-01-30"}}
	var successions []control.Event
	for _, e := range all {
		if e.IsSuccession() {
			successions = append(successions, e)
		}
	}
	sort.SliceStable(successions, func(i, j int) bool { return successions[i].Before(successions[j]) })
	// succeeded: the holder on from passed to the holder on to only through
	// the successions dated after from up to to.
	succeeded := func(was, is string, from, to control.Day) bool {
		cur, ok := was, false
		for _, e := range successions {
			if e.Day > from && e.Day <= to && e.Challenger == cur {
				cur, ok = e.Controller, true
			}
		}
		return ok && was != is && cur == is
	}
	sawSuccession := false
	areas := areasOf(t, db)
	for _, pair := range pairs {
		from, to := control.MustDay(pair[0]), control.MustDay(pair[1])
		body := get(t, s, "/changes?from="+pair[0]+"&to="+pair[1]).Body.String()
		// One day is what changed on it: against the day before.
		if from == to && from > control.MustDay(first) {
			from--
		}
		cut := strings.Index(body, `id="contested-title"`)
		if cut < 0 {
			t.Fatalf("%v: no contested section", pair)
		}
		// Places that passed to a successor are listed between the
		// changes of hands and the contests.
		succCut := strings.Index(body, `id="succession-title"`)
		if succCut < 0 {
			succCut = cut
		}
		var wantChanged, wantContested, wantSucceeded, gotChanged, gotContested, gotSucceeded []string
		for _, p := range places {
			a, b := control.ControlOn(p, all, areas, from), control.ControlOn(p, all, areas, to)
			switch {
			case a.Known && b.Known && succeeded(a.Controller, b.Controller, from, to):
				wantSucceeded = append(wantSucceeded, p.ID)
			case a.Known != b.Known || a.Controller != b.Controller:
				wantChanged = append(wantChanged, p.ID)
			case (a.Status == control.StatusContested) != (b.Status == control.StatusContested):
				wantContested = append(wantContested, p.ID)
			}
			switch i := strings.Index(body, `id="change-`+p.ID+`"`); {
			case i < 0:
			case i < succCut:
				gotChanged = append(gotChanged, p.ID)
			case i < cut:
				gotSucceeded = append(gotSucceeded, p.ID)
			default:
				gotContested = append(gotContested, p.ID)
			}
		}
		if pair[0] == "2025-01-28" {
			// HTS was dissolved into the transitional government on 29
			// January 2025: Aleppo passed to it, no one took it.
			sawSuccession = slices.Contains(gotSucceeded, "aleppo")
		}
		sort.Strings(wantSucceeded)
		sort.Strings(gotSucceeded)
		if strings.Join(gotSucceeded, ",") != strings.Join(wantSucceeded, ",") {
			t.Errorf("%v: passed to a successor %v, want %v", pair, gotSucceeded, wantSucceeded)
		}
		sort.Strings(wantChanged)
		sort.Strings(gotChanged)
		sort.Strings(wantContested)
		sort.Strings(gotContested)
		if strings.Join(gotChanged, ",") != strings.Join(wantChanged, ",") {
			t.Errorf("%v: changed hands %v, want %v", pair, gotChanged, wantChanged)
		}
		if strings.Join(gotContested, ",") != strings.Join(wantContested, ",") {
			t.Errorf("%v: contested changes %v, want %v", pair, gotContested, wantContested)
		}
	}
	if !sawSuccession {
		t.Error("28 to 30 January 2025: Aleppo is not among the places that passed to a successor")
	}
}

func TestChangesContested(t *testing.T) {
	s, _ := newTestServer(t)
	body := get(t, s, "/changes?from=2024-12-06&to=2024-12-07").Body.String()
	if got, want := fromTo(body, "homs"), "Government → to Government contested by HTS (became contested)"; got != want {
		t.Errorf("homs: got %q, want %q", got, want)
	}
	if !strings.Contains(body, `id="ev-2024-12-07-homs-contested"`) {
		t.Error("the record behind Homs becoming contested is missing")
	}
}

func TestChangesDefaults(t *testing.T) {
	s, db := newTestServer(t)
	first, last := span(t, db)
	for _, path := range []string{"/changes", "/changes?from=&to=", "/changes?to=" + last, "/changes?from=" + first} {
		rec := get(t, s, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, rec.Code)
		}
		if want := `<link rel="canonical" href="` + DefaultBaseURL + `/changes/` + first + `/` + last + `">`; !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s does not default to the whole range", path)
		}
	}
}

func TestChangesErrors(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		query string
		hint  string
	}{
		{"from=garbage", "YYYY-MM-DD"},
		{"from=2024-02-30", "YYYY-MM-DD"},
		{"to=2024-12-8", "YYYY-MM-DD"},
		{"from=" + strings.Repeat("9", 5000), "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		rec := get(t, s, "/changes?"+tt.query)
		if got, want := rec.Code, http.StatusBadRequest; got != want {
			t.Errorf("GET /changes?%.40s: status %d, want %d", tt.query, got, want)
		}
		if !strings.Contains(rec.Body.String(), tt.hint) {
			t.Errorf("GET /changes?%.40s: the page does not say %q", tt.query, tt.hint)
		}
	}
}

func TestDayPageLinksChanges(t *testing.T) {
	s, _ := newTestServer(t)
	body := get(t, s, "/day/2024-12-06").Body.String()
	if want := `<a id="changes-link" href="/changes/2024-11-26/2024-12-06">What changed since 26 Nov</a>`; !strings.Contains(body, want) {
		t.Errorf("the day page does not contain %q", want)
	}
}
