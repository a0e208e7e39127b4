package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"frontline/data"
	"frontline/internal/control"
)

// A small valid data directory; each case below breaks one line of it.
var good = map[string]string{
	FactionsFile: "id,name,short,color\ngovernment,Syrian government,Government,#B2182B\nhts,HTS-led opposition,HTS,#1B7837\n",
	PlacesFile:   "id,name,name_ar,kind,lat,lon\nhoms,Homs,حمص,city,34.7268,36.7234\nhama,Hama,حماة,city,35.1318,36.7578\n",
	EventsFile: "id,day,place,kind,controller,status,challenger,confidence,summary\n" +
		"2024-11-26-homs-baseline,2024-11-26,homs,control,government,held,,confirmed,Held before the offensive.\n" +
		"2024-12-07-homs-contested,2024-12-07,homs,control,government,contested,hts,confirmed,Fighting inside.\n" +
		"2024-12-06-un,2024-12-06,,displacement,,,,confirmed,UN figure.\n",
	SourcesFile: "event,outlet,title,url,seed,quote\n" +
		"2024-11-26-homs-baseline,Frontline baseline,,,,Held before\n" +
		"2024-12-07-homs-contested,SOHR,,https://example.org/sohr,,inside some districts\n" +
		"2024-12-06-un,UN,Report,http://example.org/un,004_6c372f994df79183.txt,at least 370000\n",
	// The first day covered makes 2024-11-26 a baseline, which needs no
	// confirming source.
	CoverageFile: "first,last,updated\n2024-11-26,2024-12-31,2024-12-31\n",
}

func dir(edit func(map[string]string)) fstest.MapFS { return dirOf(good, edit) }

// dirOf is a data directory of the given files, with one edit applied.
func dirOf(base map[string]string, edit func(map[string]string)) fstest.MapFS {
	files := map[string]string{}
	for k, v := range base {
		files[k] = v
	}
	if edit != nil {
		edit(files)
	}
	fs := fstest.MapFS{}
	for k, v := range files {
		fs[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fs
}

func replace(file, old, new string) func(map[string]string) {
	return func(m map[string]string) {
		if !strings.Contains(m[file], old) {
			panic("test edit does not apply: " + old)
		}
		m[file] = strings.Replace(m[file], old, new, 1)
	}
}

func readAndCheck(fs fstest.MapFS) error {
	ds, err := ReadDir(fs, ".", "data")
	if err != nil {
		return err
	}
	return Check(ds, Known{})
}

func TestGoodDirectory(t *testing.T) {
	ds, err := ReadDir(dir(nil), ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	if got, want := ds.Count(), (Counts{Factions: 2, Places: 2, Events: 3, Sources: 3}); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
	if got, want := ds.Events[1].Seq, 3; got != want {
		t.Errorf("Seq of the event on line 3 = %d, want %d", got, want)
	}
}

// badInputs each break one line of good; want is the problem expected.
var badInputs = []struct {
	name string
	edit func(map[string]string)
	want string // "file:line: fragment"
}{
	{"unknown faction", replace(EventsFile, "government,contested,hts", "assad,contested,hts"), "data/events.csv:3: unknown faction id \"assad\""},
	{"unknown challenger", replace(EventsFile, "contested,hts", "contested,isis"), "data/events.csv:3: unknown faction id \"isis\" (challenger)"},
	{"unknown place", replace(EventsFile, "2024-12-07,homs", "2024-12-07,hims"), "data/events.csv:3: unknown place id \"hims\""},
	{"malformed date", replace(EventsFile, "2024-12-07,homs", "7/12/2024,homs"), "data/events.csv:3: day"},
	{"impossible date", replace(EventsFile, "2024-12-07,homs", "2024-02-30,homs"), "data/events.csv:3: day \"2024-02-30\""},
	{"duplicate event id", replace(EventsFile, "2024-12-06-un,", "2024-11-26-homs-baseline,"), "data/events.csv:4: duplicate event id \"2024-11-26-homs-baseline\" (first at line 2)"},
	{"duplicate place id", replace(PlacesFile, "hama,Hama", "homs,Hama"), "data/places.csv:3: duplicate place id \"homs\""},
	{"duplicate faction id", replace(FactionsFile, "hts,HTS-led", "government,HTS-led"), "data/factions.csv:3: duplicate faction id"},
	{"event without a source", replace(SourcesFile, "2024-12-06-un,UN", "2024-12-07-homs-contested,UN"), "data/events.csv:4: event \"2024-12-06-un\" has no source"},
	{"javascript url", replace(SourcesFile, "https://example.org/sohr", "javascript:alert(1)"), "data/sources.csv:3: url \"javascript:alert(1)\" is not an http(s) address"},
	{"data url", replace(SourcesFile, "https://example.org/sohr", `"data:text/html;base64,PHNjcmlwdD4="`), "data/sources.csv:3: url"},
	{"relative url", replace(SourcesFile, "https://example.org/sohr", "/etc/passwd"), "data/sources.csv:3: url"},
	{"coordinates outside", withRegion(replace(PlacesFile, "34.7268,36.7234", "36.7234,-34.7268")), "data/places.csv:2: coordinates 36.7234,-34.7268 are outside the region's bounds in region.json (latitude 29 to 40, longitude 32 to 46)"},
	{"challenger equals holder", replace(EventsFile, "government,contested,hts", "government,contested,government"), "data/events.csv:3: challenger \"government\" is the holder itself"},
	{"contested without challenger", replace(EventsFile, "government,contested,hts", "government,contested,"), "data/events.csv:3: status contested needs a challenger"},
	{"held with challenger", replace(EventsFile, "government,held,,confirmed", "government,held,hts,confirmed"), "data/events.csv:2: challenger \"hts\" given but status is held"},
	{"withdrawn with challenger", replace(EventsFile, "government,contested,hts", "government,withdrawn,hts"), "data/events.csv:3: challenger \"hts\" given but status is withdrawn"},
	{"withdrawn in a disputed claim", replace(EventsFile, "homs,control,government,contested,hts", "homs,disputed,government,withdrawn,"), "data/events.csv:3: status withdrawn goes with kind control"},
	{"unknown status", replace(EventsFile, "government,contested,hts", "government,fled,"), "data/events.csv:3: status \"fled\" is not held, contested, joint, withdrawn or succession"},
	{"unknown kind", replace(EventsFile, ",displacement,", ",rumour,"), "data/events.csv:4: kind \"rumour\""},
	{"unknown confidence", replace(EventsFile, "hts,confirmed", "hts,likely"), "data/events.csv:3: confidence \"likely\""},
	{"control without place", replace(EventsFile, "2024-11-26,homs,control", "2024-11-26,,control"), "data/events.csv:2: a control event needs a place or an area"},
	{"statement with controller", replace(EventsFile, ",displacement,,,,", ",displacement,hts,,,"), "data/events.csv:4: a displacement event changes no control"},
	{"bad id", replace(EventsFile, "2024-12-06-un,", "UN Figure,"), "data/events.csv:4: event id \"UN Figure\""},
	{"bad colour", replace(FactionsFile, "#1B7837", "green"), "data/factions.csv:3: colour \"green\""},
	{"wrong field count", replace(EventsFile, ",confirmed,UN figure.", ",confirmed,UN figure.,extra"), "data/events.csv:4: 10 fields, want 9"},
	{"wrong header", replace(PlacesFile, "id,name,name_ar", "id,title,name_ar"), "data/places.csv:1: header"},
	{"missing required column", replace(PlacesFile, "id,name,name_ar,kind,lat,lon\n", "id,name,kind,lat,lon\n"), "data/places.csv:1: header is \"id,name,kind,lat,lon\", want \"id,name,name_ar,kind,lat,lon\" (column \"name_ar\" is missing)"},
	{"columns out of order", replace(FactionsFile, "id,name,short,color\n", "id,short,name,color\n"), "data/factions.csv:1: header"},
	{"unknown place kind", replace(PlacesFile, "city,35.1318", "village,35.1318"), "data/places.csv:3: place kind \"village\" is not one of city, town, airbase, naval-base, crossing, dam"},
	{"bare quote", replace(EventsFile, "Fighting inside.", "Fighting \"inside."), "data/events.csv:3: CSV syntax"},
	{"unknown event in sources", replace(SourcesFile, "2024-12-06-un,UN", "2024-12-06-unx,UN"), "data/sources.csv:4: unknown event id \"2024-12-06-unx\""},
	{"not utf-8", replace(PlacesFile, "حمص", "\xff\xfe"), "data/places.csv:2: not valid UTF-8"},
	{"succession with a place", withSuccession("2024-12-20-end,2024-12-20,homs,control,transitional,succession,hts"), "data/events.csv:5: a succession names no place and no area"},
	{"succession without the ended faction", withSuccession("2024-12-20-end,2024-12-20,,control,transitional,succession,"), "data/events.csv:5: status succession needs the faction that ends as challenger"},
	{"faction succeeding itself", withSuccession("2024-12-20-end,2024-12-20,,control,hts,succession,hts"), "data/events.csv:5: faction \"hts\" cannot succeed itself"},
	{"succession as a disputed claim", withSuccession("2024-12-20-end,2024-12-20,,disputed,transitional,succession,hts"), "data/events.csv:5: status succession goes with kind control"},
	{"faction ending twice", withSuccession("2024-12-20-end,2024-12-20,,control,transitional,succession,hts", "2024-12-21-end,2024-12-21,,control,government,succession,hts"), "data/events.csv:6: faction \"hts\" ends a second time: a faction ends at most once (first at line 5, on 2024-12-20)"},
	{"ended faction named later", withSuccession("2024-12-05-end,2024-12-05,,control,transitional,succession,hts"), "data/events.csv:3: event \"2024-12-07-homs-contested\" names faction \"hts\" on 2024-12-07, but \"hts\" ended on 2024-12-05 when event \"2024-12-05-end\" (line 5) passed it to \"transitional\": its last day is 2024-12-04"},
	{"ended faction named on its succession's day", withSuccession("2024-12-07-end,2024-12-07,,control,transitional,succession,hts"), "data/events.csv:3: event \"2024-12-07-homs-contested\" names faction \"hts\" on 2024-12-07, but \"hts\" ended on 2024-12-07"},
	{"successor already ended", withSuccession("2024-12-20-end,2024-12-20,,control,transitional,succession,hts", "2024-12-21-end,2024-12-21,,control,hts,succession,government"), "data/events.csv:6: event \"2024-12-21-end\" names faction \"hts\" on 2024-12-21, but \"hts\" ended on 2024-12-20"},
	{"joint without partner", replace(EventsFile, "government,contested,hts", "government,joint,"), "data/events.csv:3: status joint needs the partner as challenger"},
	{"joint with itself", replace(EventsFile, "government,contested,hts", "government,joint,government"), "data/events.csv:3: partner \"government\" is the holder itself"},
	{"seed without quote", replace(SourcesFile, "004_6c372f994df79183.txt,at least 370000", "004_6c372f994df79183.txt,"), "data/sources.csv:4: a source from a seed article must quote it"},
}

// withSuccession adds the faction transitional and, after the events of
// good, the given event rows (up to the challenger; confirmed, with a
// summary and a confirming source each).
func withSuccession(rows ...string) func(map[string]string) {
	return func(m map[string]string) {
		m[FactionsFile] += "transitional,Syrian transitional government,Transitional,#225588\n"
		for _, r := range rows {
			id, _, _ := strings.Cut(r, ",")
			m[EventsFile] += r + ",confirmed,The faction ended.\n"
			m[SourcesFile] += id + ",SOHR,,,,dissolved\n"
		}
	}
}

// TestSuccessionRead: a succession and a joint hold are read and checked,
// and the ended faction gets its last day and successor.
func TestSuccessionRead(t *testing.T) {
	fs := dir(withSuccession("2024-12-20-end,2024-12-20,,control,transitional,succession,hts", "2024-12-21-joint,2024-12-21,hama,control,transitional,joint,government"))
	ds, err := ReadDir(fs, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range ds.Factions {
		got = append(got, fmt.Sprintf("%s until %q successor %q", f.ID, dayOrEmpty(f.Until), f.Successor))
	}
	want := []string{`government until "" successor ""`, `hts until "2024-12-19" successor "transitional"`, `transitional until "" successor ""`}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("factions\n got %v\nwant %v", got, want)
	}
	if _, err := Stream(fs, ".", "data", Known{}, newRecordSink(), nil); err != nil {
		t.Errorf("Stream: %v", err)
	}
}

func dayOrEmpty(d control.Day) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func TestBadInput(t *testing.T) {
	for _, tt := range badInputs {
		t.Run(tt.name, func(t *testing.T) {
			err := readAndCheck(dir(tt.edit))
			if err == nil {
				t.Fatalf("no problem found, want %q", tt.want)
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not Problems", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant a line containing %q", err, tt.want)
			}
		})
	}
}

func TestAllProblemsReported(t *testing.T) {
	err := readAndCheck(dir(func(m map[string]string) {
		replace(EventsFile, "2024-12-07,homs", "2024-12-32,homs")(m)
		replace(SourcesFile, "https://example.org/sohr", "ftp://x")(m)
		replace(PlacesFile, "city,35.1318", "village,35.1318")(m)
	}))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v", err)
	}
	if len(ps) < 3 {
		t.Errorf("got %d problems, want every one of 3:\n%v", len(ps), err)
	}
	// Problems come in file order: factions, places, events, sources.
	if !strings.HasPrefix(ps[0].File, "data/places.csv") {
		t.Errorf("first problem in %s, want data/places.csv", ps[0].File)
	}
}

func TestReadFileByHeader(t *testing.T) {
	ds, err := ReadFile("new.csv", strings.NewReader(good[SourcesFile]))
	if err != nil {
		t.Fatal(err)
	}
	if !ds.Has(SourcesFile) || len(ds.Orphans()) != 3 {
		t.Errorf("sources file read as %+v", ds.Orphans())
	}
	// Sources for events the database knows are fine; others are not.
	if err := Check(ds, Known{Events: map[string]bool{"2024-11-26-homs-baseline": true, "2024-12-07-homs-contested": true, "2024-12-06-un": true}}); err != nil {
		t.Errorf("check against known events: %v", err)
	}
	if err := Check(ds, Known{}); err == nil || !strings.Contains(err.Error(), "new.csv:2: unknown event id") {
		t.Errorf("check with nothing known: %v", err)
	}
	if _, err := ReadFile("x.csv", strings.NewReader("a,b,c\n1,2,3\n")); err == nil || !strings.Contains(err.Error(), "x.csv:1: unknown header") {
		t.Errorf("unknown header: %v", err)
	}
	if _, err := ReadFile("e.csv", strings.NewReader("")); err == nil {
		t.Error("empty file accepted")
	}
}

// TestWriteRoundTrip writes the shipped dataset and reads it back unchanged.
func TestWriteRoundTrip(t *testing.T) {
	ds, err := ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	out := fstestFrom(t, ds)
	back, err := ReadDir(out, ".", "out")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Files {
		orig, err := data.FS.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // the dataset does not ship this file
		}
		if got := out[name].Data; !bytes.Equal(got, orig) {
			t.Errorf("%s written back differs from the shipped file", name)
		}
	}
	if len(back.Events) != len(ds.Events) {
		t.Errorf("%d events back, want %d", len(back.Events), len(ds.Events))
	}
}

func fstestFrom(t *testing.T, ds *Dataset) fstest.MapFS {
	t.Helper()
	fs := fstest.MapFS{}
	for _, name := range Files {
		var b bytes.Buffer
		if err := Write(&b, name, ds); err != nil {
			t.Fatal(err)
		}
		fs[name] = &fstest.MapFile{Data: b.Bytes()}
	}
	return fs
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://example.org/a?b=c", true},
		{"HTTP://EXAMPLE.ORG", true},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"data:text/html,x", false},
		{"https://", false},
		{"https:///path", false},
		{"https://a.org/\"><script>", false},
		{"//example.org", false},
	}
	for _, tt := range tests {
		if got := CheckURL(tt.url) == ""; got != tt.ok {
			t.Errorf("CheckURL(%q) ok = %v, want %v", tt.url, got, tt.ok)
		}
	}
}

// The new files and columns: areas, area events, localities, coverage and
// Arabic faction names.
var newer = map[string]string{
	FactionsFile: "id,name,short,color,name_ar\ngovernment,Syrian government,Government,#B2182B,الحكومة السورية\nhts,HTS-led opposition,HTS,#1B7837,\n",
	PlacesFile:   "id,name,name_ar,kind,lat,lon\nhoms,Homs,حمص,city,34.7268,36.7234\nt4,Tiyas airbase,مطار التيفور,airbase,34.5225,37.6297\n",
	LocalitiesFile: "id,name,name_ar,kind,lat,lon,population,source\n" +
		"rastan,Rastan,الرستن,locality,34.9267,36.7324,40000,geonames:163345\n" +
		"qaryatayn,Al-Qaryatayn,,locality,34.2291,37.2407,,naturalearth\n",
	AreasFile: `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"syria","name":"Government-held Syria"},"geometry":{"type":"Polygon","coordinates":[[[35.5,32.3],[42.4,32.3],[42.4,37.3],[35.5,37.3],[35.5,32.3]]]}},
{"type":"Feature","properties":{"id":"homs-north","name":"North of Homs","name_ar":"شمال حمص","note":"a box"},"geometry":{"type":"MultiPolygon","coordinates":[[[[36.5,34.8],[37,34.8],[37,35.1],[36.5,35.1],[36.5,34.8]]]]}}
]}
`,
	EventsFile: "id,day,place,area,kind,controller,status,challenger,confidence,summary\n" +
		"2024-11-26-baseline,2024-11-26,,syria,control,government,held,,confirmed,Held before the offensive.\n" +
		"2024-12-06-homs-north,2024-12-06,,homs-north,control,hts,held,,confirmed,North of Homs taken.\n" +
		"2024-12-07-homs-contested,2024-12-07,homs,,control,government,contested,hts,confirmed,Fighting inside.\n",
	SourcesFile: "event,outlet,title,url,seed,quote\n" +
		"2024-11-26-baseline,Wikipedia,Front lines,https://example.org/front,,held\n" +
		"2024-12-06-homs-north,SOHR,,,,took Rastan\n" +
		"2024-12-07-homs-contested,SOHR,,https://example.org/sohr,,inside some districts\n",
	CoverageFile: "first,last,updated\n2024-11-26,2024-12-31,2026-11-22\n",
}

func newerDir(edit func(map[string]string)) fstest.MapFS { return dirOf(newer, edit) }

func TestNewerFiles(t *testing.T) {
	ds, err := ReadDir(newerDir(nil), ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	if got, want := ds.Count(), (Counts{Factions: 2, Places: 2, Localities: 2, Areas: 2, Events: 3, AreaEvents: 2, Sources: 3}); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
	if got, want := ds.Factions[0].NameAR, "الحكومة السورية"; got != want {
		t.Errorf("faction name_ar = %q, want %q", got, want)
	}
	if got, want := ds.Events[1].Area, "homs-north"; got != want {
		t.Errorf("event area = %q, want %q", got, want)
	}
	rastan := ds.Places[2]
	if rastan.Kind != "locality" || rastan.Population != 40000 || rastan.Ref != "geonames:163345" {
		t.Errorf("locality read as %+v", rastan)
	}
	if c := ds.Coverage; c == nil || c.Last.String() != "2024-12-31" || c.Updated.String() != "2026-11-22" {
		t.Errorf("coverage read as %+v", c)
	}
	if got := ds.Areas[1]; got.NameAR != "شمال حمص" || got.Note != "a box" || !got.Contains(36.7324, 34.9267) {
		t.Errorf("area read as %+v; it must contain Rastan", got)
	}
	// Export then read gives the same files back, byte for byte.
	out := fstestFrom(t, ds)
	back, err := ReadDir(out, ".", "out")
	if err != nil {
		t.Fatal(err)
	}
	again := fstestFrom(t, back)
	for _, name := range Files {
		if got, want := string(again[name].Data), string(out[name].Data); got != want {
			t.Errorf("%s changed on a round trip:\n%s\n%s", name, got, want)
		}
	}
}

func TestBadNewerInput(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]string)
		want string
	}{
		{"unknown area", replace(EventsFile, ",homs-north,control", ",homs-nord,control"), `data/events.csv:3: unknown area id "homs-nord"`},
		{"place and area", replace(EventsFile, "2024-12-06,,homs-north", "2024-12-06,homs,homs-north"), `data/events.csv:3: an event names a place or an area, not both`},
		{"event after coverage", replace(EventsFile, "2024-12-07,homs", "2025-01-02,homs"), "data/events.csv:4: event dated 2025-01-02, after the last day the data covers (2024-12-31 in coverage.csv)"},
		{"event before coverage", replace(CoverageFile, "2024-11-26,2024-12-31", "2024-11-27,2024-12-31"), "data/events.csv:2: event dated 2024-11-26, before the first day"},
		{"coverage backwards", replace(CoverageFile, "2024-11-26,2024-12-31", "2024-12-31,2024-11-26"), "data/coverage.csv:2: last day 2024-11-26 is before the first"},
		{"two coverage rows", replace(CoverageFile, "2026-11-22\n", "2026-11-22\n2024-11-26,2024-12-31,2026-11-22\n"), "data/coverage.csv:3: coverage.csv has one row"},
		{"locality kind", replace(LocalitiesFile, ",locality,34.9267", ",town,34.9267"), `data/localities.csv:2: kind "town" in localities.csv`},
		{"locality population", replace(LocalitiesFile, "40000", "many"), `data/localities.csv:2: population "many"`},
		{"locality id taken by a place", replace(LocalitiesFile, "rastan,Rastan", "homs,Rastan"), `data/localities.csv:2: duplicate place id "homs" (first at data/places.csv:2)`},
		{"ring not closed", replace(AreasFile, "[36.5,35.1],[36.5,34.8]]]]", "[36.5,35.1],[36.5,34.9]]]]"), `data/areas.geojson:3: area "homs-north", polygon 1, ring 1: not closed`},
		{"ring too short", replace(AreasFile, "[[[[36.5,34.8],[37,34.8],[37,35.1],[36.5,35.1],[36.5,34.8]]]]", "[[[[36.5,34.8],[37,34.8],[36.5,34.8]]]]"), `data/areas.geojson:3: area "homs-north", polygon 1, ring 1: 3 positions`},
		{"lat lon swapped", withRegion(replace(AreasFile, "[[35.5,32.3],[42.4,32.3]", "[[35.5,32.3],[32.4,42.3]")), `data/areas.geojson:2: area "syria", polygon 1, ring 1: position 2 (32.4, 42.3) is outside the region's bounds`},
		{"self-crossing ring", replace(AreasFile, "[[36.5,34.8],[37,34.8],[37,35.1],[36.5,35.1],[36.5,34.8]]", "[[36.5,34.8],[37,35.1],[37,34.8],[36.5,35.3],[36.5,34.8]]"), `data/areas.geojson:3: area "homs-north", polygon 1, ring 1: crosses itself (edges 1 and 3)`},
		{"flat ring", replace(AreasFile, "[[36.5,34.8],[37,34.8],[37,35.1],[36.5,35.1],[36.5,34.8]]", "[[36.5,34.8],[37,34.8],[36.7,34.8],[36.5,34.8]]"), `ring 1: encloses no area`},
		{"point geometry", replace(AreasFile, `"type":"Polygon"`, `"type":"Point"`), `data/areas.geojson:2: area "syria": geometry "Point", want Polygon or MultiPolygon`},
		{"duplicate area", replace(AreasFile, `"id":"homs-north"`, `"id":"syria"`), `data/areas.geojson:3: duplicate area id "syria" (first at line 2)`},
		{"area without name", replace(AreasFile, `"name":"North of Homs",`, ``), `data/areas.geojson:3: area "homs-north" needs a name`},
		{"bad area id", replace(AreasFile, `"id":"homs-north"`, `"id":"Homs North"`), `data/areas.geojson:3: area id "Homs North"`},
		{"json syntax", replace(AreasFile, `"name":"North of Homs",`, `"name":"North of Homs",,`), `data/areas.geojson:3: JSON syntax`},
		{"not a collection", replace(AreasFile, `"FeatureCollection"`, `"Feature"`), `data/areas.geojson:1: type "Feature", want FeatureCollection`},
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

// TestConfirmationRule checks that a confirmed control event needs a source
// that confirms it: a monitor or wire service, or a statement of a side other
// than the one the event credits; baselines on the first day are exempt.
func TestConfirmationRule(t *testing.T) {
	onlySource := func(outlet string) func(map[string]string) {
		return replace(SourcesFile, "2024-12-07-homs-contested,SOHR,", "2024-12-07-homs-contested,"+outlet+",")
	}
	tests := []struct {
		name string
		edit func(map[string]string)
		ok   bool
	}{
		{"SOHR", nil, true},
		{"SOHR by its full name via a relay", onlySource("Syrian Observatory for Human Rights via EFE"), true},
		{"wire service in brackets", onlySource("LBCI (AFP)"), true},
		{"Reuters in any case", onlySource("the hindu (REUTERS)"), true},
		{"partisan outlet only", onlySource("Anadolu Agency"), false},
		{"outlet name inside another word", onlySource("Effendi Daily"), false},
		{"statement of the holder, who is not the challenger", onlySource("Shafaq News (government statement)"), true},
		{"statement of the side the event credits", onlySource("Telegram (hts statement)"), false},
		{"statement of a word that is no faction", onlySource("Telegram (official statement)"), false},
		{"withdrawal confirmed by the leaving side's own statement", func(m map[string]string) {
			onlySource("Shafaq News (government statement)")(m)
			replace(EventsFile, "government,contested,hts", "government,withdrawn,")(m)
		}, true},
		{"withdrawal with a partisan source only", func(m map[string]string) {
			onlySource("Anadolu Agency")(m)
			replace(EventsFile, "government,contested,hts", "government,withdrawn,")(m)
		}, false},
		{"confirmed baseline with a partisan source", replace(SourcesFile, "2024-11-26-homs-baseline,Frontline baseline,", "2024-11-26-homs-baseline,Anadolu Agency,"), true},
		{"claimed event with a partisan source", func(m map[string]string) {
			onlySource("Anadolu Agency")(m)
			replace(EventsFile, "hts,confirmed,Fighting", "hts,claimed,Fighting")(m)
		}, true},
		{"baseline not exempt without a first day", func(m map[string]string) {
			delete(m, CoverageFile)
			replace(SourcesFile, "2024-11-26-homs-baseline,Frontline baseline,", "2024-11-26-homs-baseline,Anadolu Agency,")(m)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAndCheck(dir(tt.edit))
			if tt.ok {
				if err != nil {
					t.Fatalf("got %v, want no problem", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no problem found, want an unconfirmed event")
			}
			if got, want := err.Error(), "is confirmed but no source confirms it"; !strings.Contains(got, want) {
				t.Errorf("got\n%v\nwant a line containing %q", got, want)
			}
			if got, want := err.Error(), "data/events.csv:"; !strings.HasPrefix(got, want) {
				t.Errorf("got %q, want it to start with %q", got, want)
			}
		})
	}
}
