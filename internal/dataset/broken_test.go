package dataset

import (
	"errors"
	"strings"
	"testing"
)

// eventsOnArea is good's events.csv with the area column, the contested
// event on an area instead of a place.
const eventsOnArea = "id,day,place,area,kind,controller,status,challenger,confidence,summary\n" +
	"2024-11-26-homs-baseline,2024-11-26,homs,,control,government,held,,confirmed,Held before the offensive.\n" +
	"2024-12-07-homs-contested,2024-12-07,,north-homs,control,government,contested,hts,confirmed,Fighting inside.\n" +
	"2024-12-06-un,2024-12-06,,,displacement,,,,confirmed,UN figure.\n"

// TestBrokenFileReportedOnce: a file that cannot be read to the end (a
// wrong header, a syntax error, broken JSON) is one problem, and the rows of
// the files that refer into it are not each reported as dangling. ReadDir
// with CheckAfterRead (frontline check) and Stream (frontline import) give
// the same problems.
func TestBrokenFileReportedOnce(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]string)
		want []string // every problem, in order
	}{
		{
			name: "wrong header in events.csv",
			edit: replace(EventsFile, "id,day,place,kind", "id,date,place,kind"),
			want: []string{`data/events.csv:1: header is "id,date,place,kind,controller,status,challenger,confidence,summary", want "id,day,place,area,kind,controller,status,challenger,confidence,summary,summary_ar" (unknown column "date")`},
		},
		{
			name: "empty events.csv",
			edit: func(m map[string]string) { m[EventsFile] = "" },
			want: []string{`data/events.csv:1: empty file: the first line must be the header "id,day,place,area,kind,controller,status,challenger,confidence,summary,summary_ar"`},
		},
		{
			name: "syntax error on events.csv's first row",
			edit: replace(EventsFile, "2024-11-26-homs-baseline,", `"2024-11-26-homs-baseline"x,`),
			want: []string{`data/events.csv:2: CSV syntax: extraneous or missing " in quoted-field`},
		},
		{
			name: "wrong header in sources.csv",
			edit: replace(SourcesFile, "event,outlet", "event_id,outlet"),
			want: []string{`data/sources.csv:1: header is "event_id,outlet,title,url,seed,quote", want "event,outlet,title,url,seed,quote,published" (unknown column "event_id")`},
		},
		{
			name: "wrong header in factions.csv",
			edit: replace(FactionsFile, "id,name,short,color", "id,name,short,colour"),
			want: []string{`data/factions.csv:1: header is "id,name,short,colour", want "id,name,short,color,name_ar,short_ar" (unknown column "colour")`},
		},
		{
			name: "wrong header in places.csv",
			edit: replace(PlacesFile, "id,name,name_ar", "slug,name,name_ar"),
			want: []string{`data/places.csv:1: header is "slug,name,name_ar,kind,lat,lon", want "id,name,name_ar,kind,lat,lon" (unknown column "slug")`},
		},
		{
			name: "wrong header in coverage.csv",
			edit: replace(CoverageFile, "first,last", "from,last"),
			want: []string{`data/coverage.csv:1: header is "from,last,updated", want "first,last,updated" (unknown column "from")`},
		},
		{
			name: "broken areas.geojson",
			edit: func(m map[string]string) {
				m[EventsFile] = eventsOnArea
				m[AreasFile] = "{\"type\":\"FeatureCollection\",\n\"features\":[{\n"
			},
			want: []string{`data/areas.geojson:2: not a GeoJSON FeatureCollection: unexpected EOF`},
		},
		// The problems a broken file no longer reports are still found when
		// the file is whole: one dangling reference each.
		{
			name: "no areas.geojson",
			edit: func(m map[string]string) { m[EventsFile] = eventsOnArea },
			want: []string{`data/events.csv:3: unknown area id "north-homs" (areas are the features of areas.geojson)`},
		},
		{
			name: "a source for an event not in events.csv",
			edit: replace(SourcesFile, "2024-12-06-un,UN", "2024-12-06-unx,UN"),
			want: []string{
				`data/events.csv:4: event "2024-12-06-un" has no source: add a row for it to sources.csv`,
				`data/sources.csv:4: unknown event id "2024-12-06-unx"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadDir(dir(tt.edit), ".", "data")
			checked := CheckAfterRead(ds, err, Known{})
			_, streamed := Stream(dir(tt.edit), ".", "data", Known{}, newRecordSink(), nil)
			for _, res := range []struct {
				by  string
				err error
			}{{"ReadDir and Check", checked}, {"Stream", streamed}} {
				by := res.by
				var ps Problems
				if !errors.As(res.err, &ps) {
					t.Fatalf("%s: %v, want Problems", by, res.err)
				}
				var lines []string
				for _, p := range ps {
					lines = append(lines, p.String())
				}
				if got, want := strings.Join(lines, "\n"), strings.Join(tt.want, "\n"); got != want {
					t.Errorf("%s gave\n%s\nwant\n%s", by, got, want)
				}
			}
		})
	}
}

// TestCheckHeaders: the header check an import makes before it opens the
// database gives exactly Stream's problem for a wrong header, and nothing
// for a directory whose headers are right, whatever its rows hold.
func TestCheckHeaders(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(map[string]string)
		header bool // the problem is in a header row
	}{
		{"good", nil, false},
		{"bad row", replace(EventsFile, "2024-12-07,homs", "2024-12-07,hims"), false},
		{"events.csv header", replace(EventsFile, "id,day,place,kind", "id,date,place,kind"), true},
		{"empty events.csv", func(m map[string]string) { m[EventsFile] = "" }, true},
		{"sources.csv header", replace(SourcesFile, "event,outlet", "event_id,outlet"), true},
		{"factions.csv header", replace(FactionsFile, "id,name,short,color", "id,name,short,colour"), true},
		{"coverage.csv header with a byte order mark", func(m map[string]string) { m[CoverageFile] = "\xef\xbb\xbffrom,last,updated\n" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckHeaders(dir(tt.edit), ".", "data")
			if !tt.header {
				if got != nil {
					t.Errorf("CheckHeaders: %v, want nil", got)
				}
				return
			}
			_, want := Stream(dir(tt.edit), ".", "data", Known{}, newRecordSink(), nil)
			if got == nil || got.Error() != want.Error() {
				t.Errorf("CheckHeaders gave\n%v\nStream gave\n%v", got, want)
			}
		})
	}
}

func TestCheckFileHeader(t *testing.T) {
	tests := []struct {
		name, file string
		want       string // "" for no problem
	}{
		{"events", good[EventsFile], ""},
		{"sources", good[SourcesFile], ""},
		{"areas", `{"type":"FeatureCollection","features":[]}`, ""},
		{"unknown", "id,date,place\n1,2,3\n", `x.csv:1: unknown header "id,date,place": a data file starts with one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckFileHeader("x.csv", strings.NewReader(tt.file))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n")):
				t.Errorf("got %v, want one problem starting %q", err, tt.want)
			}
		})
	}
}
