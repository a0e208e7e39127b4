package server

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"frontline/internal/locale"
)

var (
	footRE = regexp.MustCompile(`(?s)<footer class="foot">(.*?)</footer>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	// A sentence's end or a separator run into the next word.
	gluedRE = regexp.MustCompile(`[.:·،][\p{L}]|\p{L}·`)
)

// visibleText is the text of an HTML fragment as a reader sees it: tags
// gone (a paragraph ends with a space), entities decoded, white space
// collapsed.
func visibleText(frag string) string {
	frag = strings.ReplaceAll(frag, "</p>", " ")
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(frag, ""))), " ")
}

// The footer's sentences are separated by spaces in both languages
// ("2026.Data covers" ran together).
func TestFooterSpaces(t *testing.T) {
	s, _ := newTestServer(t)
	for _, path := range []string{"/day/2024-12-06", "/ar/day/2024-12-06", "/about", "/ar/about", "/places"} {
		rec := get(t, s, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", path, rec.Code)
		}
		m := footRE.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("%s: no footer", path)
		}
		text := visibleText(m[1])
		if g := gluedRE.FindAllString(text, -1); len(g) > 0 {
			t.Errorf("%s: footer runs words together at %q: %s", path, g, text)
		}
	}
}

// The corrections log's introduction is in the page's language.
func TestAboutCorrectionsIntroTranslated(t *testing.T) {
	s := aboutServer(t, "")
	en := get(t, s, "/about").Body.String()
	ar := get(t, s, "/ar/about").Body.String()
	intro := locale.English().T("about.corrections_intro")
	arIntro := locale.Get("ar").T("about.corrections_intro")
	if intro == arIntro {
		t.Fatalf("the Arabic catalogue's introduction is the English one: %q", arIntro)
	}
	if !strings.Contains(en, html.EscapeString(intro)) {
		t.Errorf("/about: no introduction %q", intro)
	}
	if !strings.Contains(ar, html.EscapeString(arIntro)) {
		t.Errorf("/ar/about: no Arabic introduction %q", arIntro)
	}
	if strings.Contains(ar, html.EscapeString(intro)) {
		t.Errorf("/ar/about shows the English introduction %q", intro)
	}
}

// sinceCellRE finds a day table's row and its since cell, the second td
// (after the place's th and the holder's td).
var sinceCellRE = regexp.MustCompile(`(?s)<tr id="row-([a-z0-9-]+)"[^>]*><th .*?</th><td>.*?</td><td>(.*?)</td>`)

// A state already held on the data's first day says so, in both languages
// and on the day and place pages, instead of "since" that day as if it
// began then; a later since keeps its date. The API keeps the date.
func TestSinceDataStart(t *testing.T) {
	s, _ := newTestServer(t)
	for _, l := range []*locale.Locale{locale.English(), locale.Get("ar")} {
		prefix := l.Prefix
		start := strings.SplitN(l.T("js.since_start"), "{date}", 2)[0]
		body := get(t, s, prefix+"/day/2024-12-31").Body.String()
		cells := map[string]string{}
		for _, m := range sinceCellRE.FindAllStringSubmatch(body, -1) {
			cells[m[1]] = m[2]
		}
		idlib, ok := cells["idlib"]
		if !ok {
			t.Fatalf("%s: no row for Idlib", l.Tag)
		}
		if !strings.Contains(idlib, start) || !strings.Contains(idlib, `datetime="2024-11-26"`) {
			t.Errorf("%s: Idlib's since cell = %q, want %q with the first day", l.Tag, idlib, start)
		}
		later := 0
		for id, c := range cells {
			if strings.Contains(c, `datetime="2024-11-26"`) != strings.Contains(c, start) {
				t.Errorf("%s: row %s: since cell %q: the first day and %q go together", l.Tag, id, c, start)
			}
			if !strings.Contains(c, start) && c != "" {
				later++
			}
		}
		if later == 0 {
			t.Errorf("%s: no row with a later since to compare", l.Tag)
		}
		// The SDF has held the al-Yarubiyah crossing since before the data begins, to its last day.
		place := get(t, s, prefix+"/place/al-yarubiyah").Body.String()
		if want := strings.SplitN(l.T("place.since_start"), "{date}", 2)[0]; !strings.Contains(place, want) {
			t.Errorf("%s: /place/al-yarubiyah does not say %q", l.Tag, want)
		}
	}
	api := get(t, s, "/api/v1/control?day=2024-12-31").Body.String()
	if !strings.Contains(api, `"id":"idlib"`) || !strings.Contains(api, `"since":"2024-11-26"`) {
		t.Errorf("the API no longer gives Idlib's since as a date")
	}
}

var placeRowRE = regexp.MustCompile(`<tr id="row-([a-z0-9-]+)"`)

// The places search finds the usual spellings of a place in both scripts:
// its other names (data/aliases.csv, stored by the database) and its own,
// with case, diacritics, spaces and hyphens, hamza forms, teh marbuta, alef
// maqsura and tatweel aside.
func TestPlacesSearchSpellings(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct{ q, want string }{
		{"Kobane", "kobani"},
		{"Halab", "aleppo"},
		{"Deir Ezzor", "deir-ez-zor"},
		{"Raqqah", "raqqa"},
		{"Idleb", "idlib"},
		{"kobanê", "kobani"},
		{"DEIR EL-ZOR", "deir-ez-zor"},
		{"ادلب", "idlib"},
		{"حماه", "hama"},
		{"الرقه", "raqqa"},
		{"ديرالزور", "deir-ez-zor"},
		{"حلـــب", "aleppo"},
		{"عرب بينار", "kobani"},
		{"حَلَب", "aleppo"},
	}
	for _, tt := range tests {
		for _, prefix := range []string{"", "/ar"} {
			target := prefix + "/places?q=" + url.QueryEscape(tt.q)
			rec := get(t, s, target)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: status %d", target, rec.Code)
			}
			var got []string
			for _, m := range placeRowRE.FindAllStringSubmatch(rec.Body.String(), -1) {
				got = append(got, m[1])
			}
			if !slices.Contains(got, tt.want) {
				t.Errorf("%s: rows %v, want %s among them", target, got, tt.want)
			}
		}
	}
}

var summaryRE = regexp.MustCompile(`<p class="summary"[^>]*>([^<]*)</p>`)

// /changes says each record's explanation once, not once per place (a
// record that stands behind places that went different ways is given once
// and pointed to after), and the places that went one way share one line.
func TestChangesGrouped(t *testing.T) {
	s, db := newTestServer(t)
	first, last := span(t, db)
	for _, prefix := range []string{"", "/ar"} {
		body := get(t, s, prefix+"/changes?from="+first+"&to="+last).Body.String()
		count := map[string]int{}
		for _, m := range summaryRE.FindAllStringSubmatch(body, -1) {
			count[m[1]]++
		}
		if len(count) == 0 {
			t.Fatalf("%s/changes: no record on the page", prefix)
		}
		for text, n := range count {
			if n > 1 {
				t.Errorf("%s/changes: %q is said %d times", prefix, text, n)
			}
		}
		if got, places := strings.Count(body, `<p class="fromto">`), len(changedPlaces(body)); got*2 > places {
			t.Errorf("%s/changes: %d lines of where places went for %d places, want them grouped", prefix, got, places)
		}
	}
}
