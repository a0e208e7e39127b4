package view

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/territory"
	"frontline/web"
)

// source is a version of the data held in plain slices: what a store
// would answer, with no database.
type source struct {
	factions []control.Faction
	places   []control.Place
	events   []control.Event
}

func (s source) Factions(context.Context) ([]control.Faction, error) { return s.factions, nil }
func (s source) Places(context.Context) ([]control.Place, error)     { return s.places, nil }
func (s source) Areas(context.Context) ([]control.Area, error)       { return nil, nil }
func (s source) Coverage(context.Context) (*control.Coverage, error) { return nil, nil }

func (s source) Events(_ context.Context, f control.Filter) ([]control.Event, error) {
	var out []control.Event
	for _, e := range s.events {
		if (f.Kind == "" || e.Kind == f.Kind) && (f.Place == "" || e.Place == f.Place) && (f.From == 0 || e.Day >= f.From) && (f.To == 0 || e.Day <= f.To) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s source) Timeline(ctx context.Context) ([]control.Event, error) {
	return s.Events(ctx, control.Filter{Kind: control.KindControl})
}

func (s source) Span(context.Context) (first, last control.Day, ok bool, err error) {
	for _, e := range s.events {
		if !ok || e.Day < first {
			first = e.Day
		}
		if !ok || e.Day > last {
			last = e.Day
		}
		ok = true
	}
	return first, last, ok, nil
}

var day = control.MustDay

// held is a control event.
func held(id, d, place, holder string, st control.Status, challenger string, conf control.Confidence) control.Event {
	return control.Event{ID: id, Day: day(d), Place: place, Kind: control.KindControl, Controller: holder, Status: st, Challenger: challenger,
		Confidence: conf, Summary: "Summary of " + id + ".", Sources: []control.Source{{Outlet: "Outlet", Title: "Report " + id, URL: "https://example.org/" + id}}}
}

// box is the test region: two degrees square, four places at the centres
// of its quarters, so each place's land is a quarter.
var box = [4]float64{36, 33, 38, 35}

var fixture = source{
	factions: []control.Faction{
		{ID: "government", Name: "Assad government", Short: "Government", NameAR: "حكومة الأسد", ShortAR: "الحكومة", Color: "#aa0000"},
		{ID: "hts", Name: "Hayat Tahrir al-Sham", Short: "HTS", NameAR: "هيئة تحرير الشام", ShortAR: "الهيئة", Color: "#00aa00"},
		{ID: "sdf", Name: "Syrian Democratic Forces", Short: "SDF", Color: "#aaaa00"}, // no Arabic: its names fall back to English
		{ID: "transitional", Name: "Syrian transitional government", Short: "Transitional", NameAR: "الحكومة السورية الانتقالية", ShortAR: "الحكومة الانتقالية", Color: "#0000aa"},
	},
	places: []control.Place{
		{ID: "aleppo", Name: "Aleppo", NameAR: "حلب", Kind: "city", Lon: 36.5, Lat: 34.5},
		{ID: "homs", Name: "Homs", NameAR: "حمص", Kind: "city", Lon: 37.5, Lat: 34.5},
		{ID: "damascus", Name: "Damascus", NameAR: "دمشق", Kind: "city", Lon: 36.5, Lat: 33.5},
		{ID: "qamishli", Name: "Qamishli", NameAR: "القامشلي", Kind: "city", Lon: 37.5, Lat: 33.5},
	},
	events: []control.Event{
		held("e1", "2024-11-26", "aleppo", "government", control.StatusHeld, "", control.Confirmed),
		held("e2", "2024-11-26", "homs", "government", control.StatusHeld, "", control.Confirmed),
		held("e3", "2024-11-26", "damascus", "government", control.StatusHeld, "", control.Confirmed),
		held("e4", "2024-11-26", "qamishli", "sdf", control.StatusHeld, "", control.Confirmed),
		held("e5", "2024-11-30", "aleppo", "hts", control.StatusHeld, "", control.Confirmed),
		held("e6", "2024-12-08", "damascus", "hts", control.StatusHeld, "", control.Claimed),
		held("e7", "2024-12-08", "homs", "hts", control.StatusContested, "government", control.Confirmed),
		{ID: "d1", Day: day("2024-12-08"), Place: "homs", Kind: control.KindDisputed, Controller: "sdf", Status: control.StatusHeld, Confidence: control.Claimed,
			Summary: "The SDF said it held Homs.", Sources: []control.Source{{Outlet: "Bad", URL: "javascript:alert(1)"}}},
		{ID: "s1", Day: day("2025-01-29"), Kind: control.KindControl, Controller: "transitional", Status: control.StatusSuccession, Challenger: "hts",
			Confidence: control.Confirmed, Summary: "HTS dissolved into the transitional government.", Sources: []control.Source{{Outlet: "Outlet", URL: "https://example.org/s1"}}},
	},
}

// env builds the fixture's version of the data, as the server would once
// per version, and the environment of its pages in language tag.
func env(t *testing.T, tag string) Env {
	t.Helper()
	outline := []territory.Polygon{{territory.Ring{{36, 33}, {38, 33}, {38, 35}, {36, 35}, {36, 33}}}}
	d, err := snapshot.Build(context.Background(), fixture, 1, outline, 34)
	if err != nil {
		t.Fatal(err)
	}
	l := locale.Get(tag)
	if l == nil {
		t.Fatalf("no language %q", tag)
	}
	return Env{L: l, Data: d, BaseURL: "https://frontline.example", Map: Map{Frame: basemap.NewFrame(MapW, MapH, 12, box)}}
}

// dayInput is what the server hands Day for a day of the fixture.
func dayInput(e Env, d string) DayInput {
	in := DayInput{Day: day(d)}
	for i := range e.Data.Shown() {
		in.Tuples = append(in.Tuples, e.Data.StateTuples(i))
	}
	in.Events, _ = fixture.Events(context.Background(), control.Filter{From: day(d), To: day(d)})
	return in
}

// TestDay: the day page's rows, legend and headline on a day of change and
// on a quiet day, in English and in Arabic.
func TestDay(t *testing.T) {
	type row struct {
		place, holder, status, challenger, confidence, since string
		start, changed                                       bool
		disputes                                             int
	}
	type legend struct {
		id, share string
		count     int
		gone      bool
	}
	tests := []struct {
		lang, day string
		rows      []row
		legend    []legend
		headline  string
		events    []string
		quiet     string
	}{
		{
			lang: "en", day: "2024-12-08",
			rows: []row{
				{"aleppo", "hts", "held", "", "confirmed", "2024-11-30", false, false, 0},
				{"homs", "hts", "contested", "government", "confirmed", "2024-12-08", false, true, 1},
				{"damascus", "hts", "held", "", "claimed", "2024-12-08", false, true, 0},
				{"qamishli", "sdf", "held", "", "confirmed", "2024-11-26", true, false, 0},
			},
			legend:   []legend{{"government", "0%", 0, false}, {"hts", "75%", 3, false}, {"sdf", "25%", 1, false}, {"transitional", "0%", 0, true}},
			headline: "HTS holds 3 of 4 places; SDF 1",
			events:   []string{"e6", "e7", "d1"},
		},
		{
			lang: "en", day: "2024-12-20",
			rows: []row{
				{"aleppo", "hts", "held", "", "confirmed", "2024-11-30", false, false, 0},
				{"homs", "hts", "contested", "government", "confirmed", "2024-12-08", false, false, 1},
				{"damascus", "hts", "held", "", "claimed", "2024-12-08", false, false, 0},
				{"qamishli", "sdf", "held", "", "confirmed", "2024-11-26", true, false, 0},
			},
			legend:   []legend{{"government", "0%", 0, false}, {"hts", "75%", 3, false}, {"sdf", "25%", 1, false}, {"transitional", "0%", 0, true}},
			headline: "HTS holds 3 of 4 places; SDF 1. No change since 8 December 2024.",
			quiet:    "8 December 2024",
		},
		{
			lang: "en", day: "2025-01-29",
			rows: []row{
				{"aleppo", "transitional", "held", "", "confirmed", "2025-01-29", false, true, 0},
				{"homs", "transitional", "contested", "government", "confirmed", "2025-01-29", false, true, 0},
				{"damascus", "transitional", "held", "", "claimed", "2025-01-29", false, true, 0},
				{"qamishli", "sdf", "held", "", "confirmed", "2024-11-26", true, false, 0},
			},
			legend:   []legend{{"government", "0%", 0, false}, {"hts", "0%", 0, true}, {"sdf", "25%", 1, false}, {"transitional", "75%", 3, false}},
			headline: "Transitional holds 3 of 4 places; SDF 1",
			events:   []string{"s1"},
		},
		{
			lang: "ar", day: "2024-11-26",
			rows: []row{
				{"aleppo", "government", "held", "", "confirmed", "2024-11-26", true, true, 0},
				{"homs", "government", "held", "", "confirmed", "2024-11-26", true, true, 0},
				{"damascus", "government", "held", "", "confirmed", "2024-11-26", true, true, 0},
				{"qamishli", "sdf", "held", "", "confirmed", "2024-11-26", true, true, 0},
			},
			legend:   []legend{{"government", "٧٥٪", 3, false}, {"hts", "٠٪", 0, false}, {"sdf", "٢٥٪", 1, false}, {"transitional", "٠٪", 0, true}},
			headline: "",
			events:   []string{"e1", "e2", "e3", "e4"},
		},
	}
	for _, tt := range tests {
		e := env(t, tt.lang)
		page := Day(e, dayInput(e, tt.day))
		var rows []row
		for _, r := range page.Rows {
			rows = append(rows, row{r.PlaceID, r.Holder.ID, r.Status, r.Challenger.ID, r.Confidence, r.Since, r.SinceStart, r.ChangedNow, len(r.Disputes)})
		}
		if got, want := rows, tt.rows; !slices.Equal(got, want) {
			t.Errorf("%s %s: rows\n%+v, want\n%+v", tt.lang, tt.day, got, want)
		}
		var leg []legend
		for _, f := range page.Factions {
			leg = append(leg, legend{f.ID, f.Share, f.Count, f.Gone})
		}
		if got, want := leg, tt.legend; !slices.Equal(got, want) {
			t.Errorf("%s %s: legend %+v, want %+v", tt.lang, tt.day, got, want)
		}
		if got, want := page.Headline.String(), tt.headline; want != "" && got != want {
			t.Errorf("%s %s: headline %q, want %q", tt.lang, tt.day, got, want)
		}
		if got, want := page.Meta.Description, page.Headline.String(); got != want {
			t.Errorf("%s %s: description %q, want the headline %q", tt.lang, tt.day, got, want)
		}
		var evs []string
		for _, ev := range page.Events {
			evs = append(evs, ev.ID)
		}
		if got, want := evs, tt.events; !slices.Equal(got, want) {
			t.Errorf("%s %s: events %v, want %v", tt.lang, tt.day, got, want)
		}
		if got, want := page.Quiet, tt.quiet; tt.lang == "en" && got != want {
			t.Errorf("%s %s: quiet %q, want %q", tt.lang, tt.day, got, want)
		}
		if got, want := len(page.MapSVG.Points), 4; got != want {
			t.Errorf("%s %s: %d points on the map, want %d", tt.lang, tt.day, got, want)
		}
	}
}

// TestDayArabicHeadline: on an Arabic page a faction with no Arabic name
// is a run of its own, marked English, and the digits are Arabic-Indic.
func TestDayArabicHeadline(t *testing.T) {
	e := env(t, "ar")
	page := Day(e, dayInput(e, "2024-11-26"))
	var en []string
	for _, r := range page.Headline {
		if r.Lang == "en" {
			en = append(en, r.Text)
		}
	}
	if got, want := en, []string{"SDF"}; !slices.Equal(got, want) {
		t.Errorf("runs marked English %q, want %q", got, want)
	}
	h := page.Headline.String()
	if !strings.Contains(h, "الحكومة") || !strings.Contains(h, "٣") || strings.ContainsAny(h, "0123456789") {
		t.Errorf("headline %q: want the government's Arabic short name and Arabic-Indic digits only", h)
	}
	if got, want := page.Meta.Canonical, "https://frontline.example/ar/day/2024-11-26"; got != want {
		t.Errorf("canonical %q, want %q", got, want)
	}
}

// TestPlaceSuccession: a place passed on by a succession lists it among
// its changes of control, says so in words ("since … part of …") and is
// held by the successor, from the succession's day, on the last day.
func TestPlaceSuccession(t *testing.T) {
	e := env(t, "en")
	var events []control.Event
	for _, ev := range fixture.events {
		if ev.Place == "aleppo" || ev.IsSuccession() {
			events = append(events, ev)
		}
	}
	// In any order: the constructor puts them in the order they apply.
	events[0], events[len(events)-1] = events[len(events)-1], events[0]
	page := Place(e, PlaceInput{Place: fixture.places[0], Events: events})
	type change struct{ id, status, controller, challenger string }
	var got []change
	for _, c := range page.Changes {
		got = append(got, change{c.Event.ID, c.Event.Status, c.Event.Controller.ID, c.Event.Challenger.ID})
	}
	want := []change{{"e1", "held", "government", ""}, {"e5", "held", "hts", ""}, {"s1", "succession", "transitional", "hts"}}
	if !slices.Equal(got, want) {
		t.Errorf("changes %+v, want %+v", got, want)
	}
	if got, want := StateWords(e.L, page.Changes[2].Event), "passed from HTS to Transitional"; got != want {
		t.Errorf("the succession's state %q, want %q", got, want)
	}
	cur := page.Current
	if got, want := [3]string{cur.Holder.ID, cur.Since, page.AsOfDay}, [3]string{"transitional", "2025-01-29", "2025-01-29"}; got != want {
		t.Errorf("current holder, since and day %v, want %v", got, want)
	}
	if got, want := page.Meta.Description, "Aleppo (حلب): held by Transitional on 29 Jan 2025. Every change of control with its sources."; got != want {
		t.Errorf("description %q, want %q", got, want)
	}
	var b strings.Builder
	if err := web.PlaceView(page).Render(locale.With(context.Background(), e.L), &b); err != nil {
		t.Fatal(err)
	}
	// The words, whatever marks up the names and the date.
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(b.String(), "")
	if want := "Hayat Tahrir al-Sham, since 29 Jan 2025 part of the Syrian transitional government."; !strings.Contains(text, want) {
		t.Errorf("the place page does not say %q", want)
	}
}

// TestWithdrawnRow: a place its holder left has the same row on every page
// (the one constructor): no holder, the faction that left, and since when.
func TestWithdrawnRow(t *testing.T) {
	e := env(t, "en")
	p := fixture.places[0]
	st := control.Control{Place: p.ID, Left: "hts", Since: day("2024-12-20")}
	got := Row(e.L, e.Data, p, st)
	if got.Known || got.Left.ID != "hts" || got.Since != "2024-12-20" || got.SinceLong != "20 Dec 2024" {
		t.Errorf("withdrawn row %+v: want unknown, left by hts since 2024-12-20 (20 Dec 2024)", got)
	}
}

// TestChanges: what changed between two days, over a change of hands and
// over a succession, and how a wrongly asked range is read.
func TestChanges(t *testing.T) {
	e := env(t, "en")
	l, d := e.L, e.Data
	between := func(r Range) []control.Event {
		evs, _ := fixture.Events(context.Background(), control.Filter{From: r.From + 1, To: r.To, Kind: control.KindControl})
		return evs
	}
	ids := func(cs []web.Change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.PlaceID+":"+c.Before.Holder.ID+">"+c.After.Holder.ID+":"+c.Note)
		}
		return out
	}

	r := ChangesRange(l, d, day("2024-11-26"), day("2024-12-08"), false, false)
	page := Changes(e, r, between(r), "")
	if got, want := ids(page.Changed), []string{"aleppo:government>hts:", "homs:government>hts:and is now contested", "damascus:government>hts:"}; !slices.Equal(got, want) {
		t.Errorf("changed %v, want %v", got, want)
	}
	if got, want := page.Same, 1; got != want {
		t.Errorf("same %d, want %d", got, want)
	}
	if got, want := page.Meta.Description, "Between 26 Nov 2024 and 8 Dec 2024 3 places changed hands: Aleppo, Homs and Damascus."; got != want {
		t.Errorf("description %q, want %q", got, want)
	}
	if got, want := len(page.Changed[1].Events), 1; got != want {
		t.Errorf("homs has %d records, want %d", got, want)
	}

	// Over the succession the places changed names, not hands.
	r = ChangesRange(l, d, day("2024-12-08"), day("2025-01-29"), false, false)
	page = Changes(e, r, between(r), "")
	if len(page.Changed) != 0 || len(page.Successions) != 1 {
		t.Fatalf("changed %v and %d successions, want none and one", ids(page.Changed), len(page.Successions))
	}
	g := page.Successions[0]
	if got, want := [3]string{g.Ended.ID, g.Successor.ID, g.Day}, [3]string{"hts", "transitional", "2025-01-29"}; got != want {
		t.Errorf("succession %v, want %v", got, want)
	}
	if got, want := len(g.Places), 3; got != want {
		t.Errorf("%d places passed on, want %d", got, want)
	}

	tests := []struct {
		from, to           string
		reversed, clamped  bool
		wantFrom, wantTo   string
		wantOn             string
		wantNotes          int
		wantTitle, wantURL string
	}{
		{"2025-03-01", "2024-11-01", false, false, "2024-11-26", "2025-01-29", "", 2, "What changed from 26 Nov 2024 to 29 Jan 2025 · Frontline", "/changes/2024-11-26/2025-01-29"},
		{"2024-11-26", "2025-01-29", true, false, "2024-11-26", "2025-01-29", "", 1, "What changed from 26 Nov 2024 to 29 Jan 2025 · Frontline", "/changes/2024-11-26/2025-01-29"},
		{"2024-12-08", "2024-12-08", false, false, "2024-12-07", "2024-12-08", "2024-12-08", 0, "What changed on 8 Dec 2024 · Frontline", "/changes/2024-12-08/2024-12-08"},
		{"2024-11-26", "2024-11-26", false, false, "2024-11-26", "2024-11-26", "2024-11-26", 1, "What changed on 26 Nov 2024 · Frontline", "/changes/2024-11-26/2024-11-26"},
	}
	for _, tt := range tests {
		r := ChangesRange(l, d, day(tt.from), day(tt.to), tt.reversed, tt.clamped)
		on := ""
		if r.On != 0 {
			on = r.On.String()
		}
		if got, want := [3]string{r.From.String(), r.To.String(), on}, [3]string{tt.wantFrom, tt.wantTo, tt.wantOn}; got != want {
			t.Errorf("%s..%s: read as %v, want %v", tt.from, tt.to, got, want)
		}
		if got, want := len(r.Notes), tt.wantNotes; got != want {
			t.Errorf("%s..%s: notes %q, want %d", tt.from, tt.to, r.Notes, want)
		}
		page := Changes(e, r, between(r), "")
		if got, want := page.Meta.Title, tt.wantTitle; got != want {
			t.Errorf("%s..%s: title %q, want %q", tt.from, tt.to, got, want)
		}
		if got, want := page.Meta.Canonical, e.BaseURL+tt.wantURL; got != want {
			t.Errorf("%s..%s: canonical %q, want %q", tt.from, tt.to, got, want)
		}
	}
}

// TestFeed: the newest events first, each titled in English by what it
// states, linking to its day; a source's unsafe address is no link.
func TestFeed(t *testing.T) {
	e := env(t, "en")
	events := append([]control.Event(nil), fixture.events...)
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
	feed := Feed(e.L, e.Data, e.BaseURL, events[:4])
	var titles []string
	for _, en := range feed.Entries {
		titles = append(titles, en.Title)
	}
	want := []string{
		"Hayat Tahrir al-Sham, since 29 Jan 2025 part of the Syrian transitional government (confirmed)",
		"Homs: Disputed claim (claimed)",
		"Homs: HTS, contested by Government (confirmed)",
		"Damascus: held by HTS (claimed)",
	}
	if !slices.Equal(titles, want) {
		t.Errorf("titles\n%q, want\n%q", titles, want)
	}
	if got, want := feed.Updated, "2025-01-29T00:00:00Z"; got != want {
		t.Errorf("updated %q, want %q", got, want)
	}
	if got, want := feed.Entries[0].Link.Href, "https://frontline.example/day/2025-01-29#ev-s1"; got != want {
		t.Errorf("link %q, want %q", got, want)
	}
	if body := feed.Entries[1].Content.Body; strings.Contains(body, "javascript:") || !strings.Contains(body, "<li>Bad</li>") {
		t.Errorf("a source with an unsafe address: %q", body)
	}
	if got, want := Feed(e.L, e.Data, e.BaseURL, nil).Updated, "1970-01-01T00:00:00Z"; got != want {
		t.Errorf("an empty feed's updated %q, want %q", got, want)
	}
}

// TestEmbed: the embed keeps the day page's headline and map, and its
// legend only the factions that hold land that day; its canonical page is
// the day page.
func TestEmbed(t *testing.T) {
	e := env(t, "en")
	full := Day(e, dayInput(e, "2024-12-08"))
	page := Embed(e, day("2024-12-08"), full, "/assets/js/embed.js", nil)
	var ids []string
	for _, f := range page.Factions {
		ids = append(ids, f.ID)
	}
	if got, want := ids, []string{"hts", "sdf"}; !slices.Equal(got, want) {
		t.Errorf("legend %v, want %v", got, want)
	}
	if got, want := page.Headline.String(), full.Headline.String(); got != want {
		t.Errorf("headline %q, want the day page's %q", got, want)
	}
	if got, want := page.Meta.Canonical, "https://frontline.example/day/2024-12-08"; got != want {
		t.Errorf("canonical %q, want %q", got, want)
	}
}

// TestPlaces: the list of places finds a place by its English or Arabic
// name, folded, and gives each its holder on the last day.
func TestPlaces(t *testing.T) {
	e := env(t, "en")
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"aleppo:transitional", "homs:transitional", "damascus:transitional", "qamishli:sdf"}},
		{"HOMS", []string{"homs:transitional"}},
		{"حلب", []string{"aleppo:transitional"}},
		{"nowhere", nil},
	}
	for _, tt := range tests {
		page := Places(e, tt.query, 1)
		var got []string
		for _, r := range page.Rows {
			got = append(got, r.PlaceID+":"+r.Holder.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.query, got, tt.want)
		}
		if page.Total != 4 || page.Matched != len(tt.want) || page.Prev != "" || page.Next != "" {
			t.Errorf("%q: total %d, matched %d, prev %q, next %q; want 4, %d and no other page", tt.query, page.Total, page.Matched, page.Prev, page.Next, len(tt.want))
		}
	}
}

// TestStrip: the strip of a span of under three months has a column a
// day, each cell the rule's state on its day, and its label lists every
// change of holder.
func TestStrip(t *testing.T) {
	e := env(t, "en")
	d := e.Data
	cols := StripColumns(d.First, d.Last)
	if got, want := len(cols), int(d.Last-d.First)+1; got != want {
		t.Fatalf("%d columns, want one a day (%d)", got, want)
	}
	var snaps [][]control.Control
	for _, c := range cols {
		snaps = append(snaps, d.Index.At(c.To))
	}
	st := NewStrip(e.L, d, cols, snaps)
	if got, want := st.Cells[0][4].Controller, "hts"; got != want { // Aleppo on 30 November
		t.Errorf("Aleppo on %s: %q, want %q", cols[4].To, got, want)
	}
	for _, want := range []string{"Aleppo to HTS", "Damascus to HTS", "Aleppo to Transitional"} {
		if !strings.Contains(st.Changes, want) {
			t.Errorf("changes %q do not say %q", st.Changes, want)
		}
	}
	if strings.Contains(st.Label, "Aleppo") {
		t.Errorf("label %q lists changes: a day page carries it, and it must not grow with the data", st.Label)
	}
	v := st.View(day("2024-12-08"), "/strip/strip.en.0123.svg")
	if got, want := v.MarkerX, StripLabelW+12*StripCellW; got != want {
		t.Errorf("marker of 8 December at x=%d, want %d", got, want)
	}
	if v.Src != "/strip/strip.en.0123.svg" || v.Unit != "" {
		t.Errorf("view src %q unit %q: want the grid's file and no unit (a column a day)", v.Src, v.Unit)
	}
	if NewStrip(e.L, d, nil, nil) != nil {
		t.Error("a strip without columns is not nil")
	}
}

// TestAPIControl: the API's state of a place says which faction a
// succession passed it from, and a contested place its challenger; an
// event's unsafe source address is null.
func TestAPIControl(t *testing.T) {
	e := env(t, "en")
	str := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	var got []string
	for _, c := range Control(e.Data, day("2025-01-29")) {
		got = append(got, c.ID+" "+str(c.Controller)+" "+str(c.Status)+" "+str(c.Challenger)+" "+str(c.Since)+" "+c.Succeeded)
	}
	want := []string{
		"aleppo transitional held null 2025-01-29 hts",
		"homs transitional contested government 2025-01-29 hts",
		"damascus transitional held null 2025-01-29 hts",
		"qamishli sdf held null 2024-11-26 ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("control\n%q, want\n%q", got, want)
	}
	f := ControlFeatures(e.Data, day("2025-01-29"), Control(e.Data, day("2025-01-29")))
	if got, want := str(f[0].Properties.ControllerName), "Syrian transitional government"; got != want {
		t.Errorf("controller_name %q, want %q", got, want)
	}
	evs := Events(fixture.events)
	if got := evs[7]; got.ID != "d1" || got.Sources[0].URL != nil || str(got.Place) != "homs" || got.Area != nil {
		t.Errorf("the disputed claim in the API: %+v; want d1 on homs, no area, its javascript: address null", got)
	}
}
