package dataset

import (
	"strings"
	"testing"
)

// TestPublishedColumn reads sources.csv with and without its optional
// published column, and checks that the dates survive a write and a read.
func TestPublishedColumn(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]string)
		want []string // published of each source, in file order
	}{
		{"header without published", nil, []string{"", "", ""}},
		{"published given, one empty", func(m map[string]string) {
			replace(SourcesFile, "seed,quote\n", "seed,quote,published\n")(m)
			replace(SourcesFile, ",held\n", ",held,2024-11-26\n")(m)
			replace(SourcesFile, ",took Rastan\n", ",took Rastan,\n")(m)
			replace(SourcesFile, ",inside some districts\n", ",inside some districts,2024-12-07\n")(m)
		}, []string{"2024-11-26", "", "2024-12-07"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadDir(newerDir(tt.edit), ".", "data")
			if err := CheckAfterRead(ds, err, Known{}); err != nil {
				t.Fatal(err)
			}
			if got, want := published(ds), tt.want; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("published = %q, want %q", got, want)
			}
			// Written back, the file has the column and reads the same.
			out := fstestFrom(t, ds)
			if got, want := strings.SplitN(string(out[SourcesFile].Data), "\n", 2)[0], strings.Join(Headers[SourcesFile], ","); got != want {
				t.Errorf("written header = %q, want %q", got, want)
			}
			back, err := ReadDir(out, ".", "out")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := published(back), tt.want; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("written back: published = %q, want %q", got, want)
			}
		})
	}
}

func TestBadPublished(t *testing.T) {
	withDate := func(date string) func(map[string]string) {
		return func(m map[string]string) {
			replace(SourcesFile, "seed,quote\n", "seed,quote,published\n")(m)
			replace(SourcesFile, ",held\n", ",held,\n")(m)
			replace(SourcesFile, ",took Rastan\n", ",took Rastan,"+date+"\n")(m)
			replace(SourcesFile, ",inside some districts\n", ",inside some districts,\n")(m)
		}
	}
	tests := []struct {
		name string
		edit func(map[string]string)
		want string
	}{
		{"impossible day", withDate("2024-02-30"), `data/sources.csv:3: published "2024-02-30": a day is written YYYY-MM-DD`},
		{"day first", withDate("07-12-2024"), `data/sources.csv:3: published "07-12-2024": a day is written YYYY-MM-DD`},
		{"with a time", withDate("2024-12-07T10:00"), `data/sources.csv:3: published "2024-12-07T10:00"`},
		{"year out of range", withDate("1970-01-01"), "data/sources.csv:3: published day 1970-01-01: the year must be from 2011 to 2099"},
		{"published before quote", func(m map[string]string) {
			replace(SourcesFile, "seed,quote\n", "seed,published,quote\n")(m)
		}, `data/sources.csv:1: header is "event,outlet,title,url,seed,published,quote"`},
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

// published lists the published day of every source, event by event.
func published(ds *Dataset) []string {
	var out []string
	for _, e := range ds.Events {
		for _, s := range e.Sources {
			out = append(out, s.Published)
		}
	}
	return out
}
