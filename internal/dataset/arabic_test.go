package dataset

import (
	"strings"
	"testing"

	"frontline/data"
)

// TestArabicColumns reads factions.csv and events.csv with and without their
// optional Arabic columns (short_ar, summary_ar) and areas.geojson with and
// without name_ar.
func TestArabicColumns(t *testing.T) {
	withAR := func(m map[string]string) {
		replace(FactionsFile, "id,name,short,color,name_ar\n", "id,name,short,color,name_ar,short_ar\n")(m)
		replace(FactionsFile, "الحكومة السورية\n", "الحكومة السورية,الحكومة\n")(m)
		replace(FactionsFile, "#1B7837,\n", "#1B7837,,\n")(m)
		replace(EventsFile, "confidence,summary\n", "confidence,summary,summary_ar\n")(m)
		replace(EventsFile, "Held before the offensive.\n", "Held before the offensive.,كانت بيد الحكومة قبل الهجوم.\n")(m)
		replace(EventsFile, "North of Homs taken.\n", "North of Homs taken.,\n")(m)
		replace(EventsFile, "Fighting inside.\n", `Fighting inside.,"قتال داخل المدينة، في بعض الأحياء."`+"\n")(m)
	}
	tests := []struct {
		name        string
		edit        func(map[string]string)
		wantShort   []string // short_ar of each faction
		wantSummary []string // summary_ar of each event
		wantArea    []string // name_ar of each area
	}{
		{"headers without the Arabic columns", func(m map[string]string) {
			replace(FactionsFile, "id,name,short,color,name_ar\n", "id,name,short,color\n")(m)
			replace(FactionsFile, ",الحكومة السورية\n", "\n")(m)
			replace(FactionsFile, "#1B7837,\n", "#1B7837\n")(m)
		}, []string{"", ""}, []string{"", "", ""}, []string{"", "شمال حمص"}},
		{"today's headers", nil, []string{"", ""}, []string{"", "", ""}, []string{"", "شمال حمص"}},
		{"with short_ar and summary_ar, some empty", withAR,
			[]string{"الحكومة", ""}, []string{"كانت بيد الحكومة قبل الهجوم.", "", "قتال داخل المدينة، في بعض الأحياء."}, []string{"", "شمال حمص"}},
		{"area name_ar given on both", func(m map[string]string) {
			replace(AreasFile, `"name":"Government-held Syria"`, `"name":"Government-held Syria","name_ar":"سوريا"`)(m)
		}, []string{"", ""}, []string{"", "", ""}, []string{"سوريا", "شمال حمص"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadDir(newerDir(tt.edit), ".", "data")
			if err := CheckAfterRead(ds, err, Known{}); err != nil {
				t.Fatal(err)
			}
			for i, f := range ds.Factions {
				if got, want := f.ShortAR, tt.wantShort[i]; got != want {
					t.Errorf("faction %s short_ar = %q, want %q", f.ID, got, want)
				}
			}
			for i, e := range ds.Events {
				if got, want := e.SummaryAR, tt.wantSummary[i]; got != want {
					t.Errorf("event %s summary_ar = %q, want %q", e.ID, got, want)
				}
			}
			for i, a := range ds.Areas {
				if got, want := a.NameAR, tt.wantArea[i]; got != want {
					t.Errorf("area %s name_ar = %q, want %q", a.ID, got, want)
				}
			}
			// Written back, the files carry the Arabic text and read the same.
			back, err := ReadDir(fstestFrom(t, ds), ".", "out")
			if err != nil {
				t.Fatal(err)
			}
			for i, f := range back.Factions {
				if got, want := f.ShortAR, tt.wantShort[i]; got != want {
					t.Errorf("written back: faction %s short_ar = %q, want %q", f.ID, got, want)
				}
			}
			for i, e := range back.Events {
				if got, want := e.SummaryAR, tt.wantSummary[i]; got != want {
					t.Errorf("written back: event %s summary_ar = %q, want %q", e.ID, got, want)
				}
			}
			for i, a := range back.Areas {
				if got, want := a.NameAR, tt.wantArea[i]; got != want {
					t.Errorf("written back: area %s name_ar = %q, want %q", a.ID, got, want)
				}
			}
		})
	}
}

func TestBadArabicColumns(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]string)
		want string
	}{
		{"short_ar before name_ar", func(m map[string]string) {
			replace(FactionsFile, "id,name,short,color,name_ar\n", "id,name,short,color,short_ar,name_ar\n")(m)
			replace(FactionsFile, "الحكومة السورية\n", "الحكومة,الحكومة السورية\n")(m)
			replace(FactionsFile, "#1B7837,\n", "#1B7837,,\n")(m)
		}, `data/factions.csv:1: header is "id,name,short,color,short_ar,name_ar"`},
		{"summary_ar before summary", func(m map[string]string) {
			replace(EventsFile, "confidence,summary\n", "confidence,summary_ar,summary\n")(m)
		}, `data/events.csv:1: header is "id,day,place,area,kind,controller,status,challenger,confidence,summary_ar,summary"`},
		{"summary_ar column without its field", func(m map[string]string) {
			replace(EventsFile, "confidence,summary\n", "confidence,summary,summary_ar\n")(m)
		}, "data/events.csv:2: 10 fields, want 11"},
		{"control character in summary_ar", func(m map[string]string) {
			replace(EventsFile, "confidence,summary\n", "confidence,summary,summary_ar\n")(m)
			replace(EventsFile, "Held before the offensive.\n", "Held before the offensive.,قبل\x1bالهجوم\n")(m)
			replace(EventsFile, "North of Homs taken.\n", "North of Homs taken.,\n")(m)
			replace(EventsFile, "Fighting inside.\n", "Fighting inside.,\n")(m)
		}, "data/events.csv:2: summary_ar holds the control character U+001B"},
		{"control character in an area's name_ar", replace(AreasFile, `"name_ar":"شمال حمص"`, `"name_ar":"شمال\u0007حمص"`),
			"data/areas.geojson:3: name_ar holds the control character U+0007"},
		{"area name_ar too long", replace(AreasFile, `"name_ar":"شمال حمص"`, `"name_ar":"`+strings.Repeat("ح", 1001)+`"`),
			"data/areas.geojson:3: name_ar is 2002 bytes, more than the limit of 2000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadDir(newerDir(tt.edit), ".", "data")
			err = CheckAfterRead(ds, err, Known{})
			if err == nil {
				t.Fatalf("no problem found, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant a line containing %q", err, tt.want)
			}
		})
	}
}

// TestShippedArabicText checks that the shipped data has Arabic text for
// every faction's short name, every event's summary, every tracked place's
// name and every area's name,
// so the Arabic pages never fall back to English for them.
func TestShippedArabicText(t *testing.T) {
	ds, err := ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	arabic := func(s string) bool {
		for _, r := range s {
			if r >= 0x0600 && r <= 0x06FF {
				return true
			}
		}
		return false
	}
	for _, f := range ds.Factions {
		if !arabic(f.ShortAR) || !arabic(f.NameAR) {
			t.Errorf("faction %s: name_ar %q, short_ar %q, want both in Arabic", f.ID, f.NameAR, f.ShortAR)
		}
	}
	for _, e := range ds.Events {
		if !arabic(e.SummaryAR) {
			t.Errorf("event %s: summary_ar %q, want an Arabic summary", e.ID, e.SummaryAR)
		}
	}
	for _, p := range ds.Places {
		if p.Tracked() && !arabic(p.NameAR) {
			t.Errorf("place %s: name_ar %q, want an Arabic name", p.ID, p.NameAR)
		}
	}
	for _, a := range ds.Areas {
		if !arabic(a.NameAR) {
			t.Errorf("area %s: name_ar %q, want an Arabic name", a.ID, a.NameAR)
		}
	}
}
