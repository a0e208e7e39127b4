package server

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"frontline/internal/dataset"
)

// newServerWithoutArabic is a server over the embedded dataset in which the
// factions named in ids have no Arabic names, as synthetic data has none.
func newServerWithoutArabic(t *testing.T, ids ...string) *Server {
	t.Helper()
	s, _ := newTestServerEdited(t, filepath.Join(t.TempDir(), "test.db"), func(ds *dataset.Dataset) {
		for i, f := range ds.Factions {
			if slices.Contains(ids, f.ID) {
				ds.Factions[i].NameAR, ds.Factions[i].ShortAR = "", ""
			}
		}
	})
	return s
}

// TestFactionFallbackMarkedEnglish: on Arabic pages a faction the data
// names only in English is shown in English and marked lang="en" wherever
// pages name it, the headline the script shows included; a faction with an
// Arabic name is not marked, nor is anything on English pages.
func TestFactionFallbackMarkedEnglish(t *testing.T) {
	s := newServerWithoutArabic(t, "hts")
	// An element whose whole text is HTS, with its attributes.
	htsTag := regexp.MustCompile(`<(span|strong)([^<>]*)>HTS</(span|strong)>`)
	tests := []struct {
		target string
		where  []string // a fragment of each element naming HTS that must be there
		marked bool
	}{
		{"/ar/day/2024-12-06", []string{`class="name"`, `class="fname"`, `<strong`}, true},
		// Aleppo's current holder is HTS's successor, so HTS is named in its history.
		{"/ar/place/aleppo", []string{`<strong`}, true},
		{"/ar/changes/2024-11-26/2024-12-08", []string{`<strong`}, true},
		{"/day/2024-12-06", []string{`class="name"`, `class="fname"`, `<strong`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != 200 {
				t.Fatalf("GET %s: status %d", tt.target, rec.Code)
			}
			body := rec.Body.String()
			found := map[string]bool{}
			for _, m := range htsTag.FindAllStringSubmatch(body, -1) {
				tag := "<" + m[1] + m[2]
				if got, want := strings.Contains(m[2], ` lang="en"`), tt.marked; got != want {
					t.Errorf("%s: marked lang=\"en\" is %v, want %v", m[0], got, want)
				}
				for _, w := range tt.where {
					if strings.Contains(tag, w) {
						found[w] = true
					}
				}
			}
			for _, w := range tt.where {
				if !found[w] {
					t.Errorf("no element %s…>HTS< on %s", w, tt.target)
				}
			}
		})
	}

	body := get(t, s, "/ar/day/2024-12-06").Body.String()
	// The headline the server writes and the one the script is given.
	headline := regexp.MustCompile(`<p class="headline" id="headline">(.*?)</p>`).FindStringSubmatch(body)
	if headline == nil || !strings.Contains(headline[1], `<span dir="ltr" lang="en">HTS</span>`) {
		t.Errorf("headline %q does not mark HTS as English", headline)
	}
	if strings.Contains(headline[1], `lang="en">الحكومة<`) {
		t.Errorf("headline %q marks an Arabic name as English", headline[1])
	}
	if want := `"short":"HTS","lang":"en"`; !strings.Contains(body, want) {
		t.Errorf("the page's timeline lacks %s", want)
	}
	// The headlines are in the timeline file the page names.
	file := regexp.MustCompile(`"data":"(/territory/timeline\.ar\.[0-9a-f]+\.json)"`).FindStringSubmatch(body)
	if file == nil {
		t.Fatal("the Arabic day page names no Arabic timeline file")
	}
	if want := `["HTS","en"]`; !strings.Contains(get(t, s, file[1]).Body.String(), want) {
		t.Errorf("the timeline file %s lacks %s", file[1], want)
	}
}
