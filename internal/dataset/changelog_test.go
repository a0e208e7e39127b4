package dataset

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"frontline/data"
)

func TestParseChangelog(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Changelog
	}{
		{
			name: "empty",
			src:  "",
			want: Changelog{},
		},
		{
			name: "title, intro, a dated section with a note and a table",
			src: "# Corrections\n\nPublic log.\nSecond line.\n\n## 2026-11-22\n\nMade after review.\n\n" +
				"| row id | field | before | after | evidence |\n|---|---|---|---|---|\n" +
				"| 2024-12-06-daraa-sor | confidence | claimed | confirmed | SOHR |\n" +
				"| 2024-12-07-x | id, controller | `sor` | `suwayda` (new) | a \\| b |\n",
			want: Changelog{Intro: "Public log. Second line.", Sections: []ChangelogSection{{
				Heading: "2026-11-22", Day: "2026-11-22", Note: "Made after review.",
				Rows: []Correction{
					{Event: "2024-12-06-daraa-sor", Field: "confidence", Before: "claimed",
						After: "confirmed", Evidence: "SOHR"},
					{Event: "2024-12-07-x", Field: "id, controller", Before: "`sor`",
						After: "`suwayda` (new)", Evidence: "a | b"},
				},
			}}},
		},
		{
			name: "columns in another order, CRLF, an undated heading, empty cells and a lone backtick",
			src: "## Before launch\r\n| Evidence | Row ID | After | Field | Before |\r\n|:---|---|---|---:|---|\r\n" +
				"| seen ` once | e1 | | f | b |\r\n\r\n## 2026-12-01\r\n|row id|field|before|after|evidence|\r\n|---|---|---|---|---|\r\n|e2|f2|b2|a2|x2|\r\n",
			want: Changelog{Sections: []ChangelogSection{
				{Heading: "Before launch", Rows: []Correction{{Event: "e1", Field: "f",
					Before: "b", Evidence: "seen ` once"}}},
				{Heading: "2026-12-01", Day: "2026-12-01", Rows: []Correction{{Event: "e2", Field: "f2",
					Before: "b2", After: "a2", Evidence: "x2"}}},
			}},
		},
		{
			name: "a section without a table",
			src:  "## 2026-11-23\nNothing to correct.\n",
			want: Changelog{Sections: []ChangelogSection{{Heading: "2026-11-23", Day: "2026-11-23", Note: "Nothing to correct."}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseChangelog(ChangelogFile, []byte(tt.src))
			if err != nil {
				t.Fatalf("ParseChangelog: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseChangelogRefuses(t *testing.T) {
	const header = "| row id | field | before | after | evidence |\n|---|---|---|---|---|\n"
	tests := []struct {
		name, src, want string
	}{
		{"a missing column", "## d\n| row id | field | before | after |\n|---|---|---|---|\n", `CHANGELOG.md:2: the header "row id | field | before | after" has no "evidence" column`},
		{"a column twice", "## d\n| row id | field | before | after | evidence | field |\n|---|---|---|---|---|---|\n", `CHANGELOG.md:2: the header names "field" twice`},
		{"a short row", "## d\n" + header + "| e | f | b | a |\n", "CHANGELOG.md:4: a row has 4 cells, the table's header 5"},
		{"a long row", "## d\n" + header + "| e | f | b | a | x | y |\n", "CHANGELOG.md:4: a row has 6 cells, the table's header 5"},
		{"no separator", "## d\n| row id | field | before | after | evidence |\n| e | f | b | a | x |\n", "CHANGELOG.md:3: a table's header must be followed by a |---| row"},
		{"a separator of another width", "## d\n| row id | field | before | after | evidence |\n|---|---|\n", "CHANGELOG.md:3: the |---| row has 2 cells, the header 5"},
		{"a table before any section", "# T\n" + header, "CHANGELOG.md:2: a table must follow a ## heading"},
		{"two tables in a section", "## d\n" + header + "| e | f | b | a | x |\n\n" + header, "CHANGELOG.md:6: a section holds one table"},
		{"a deeper heading", "## d\n### e\n", `CHANGELOG.md:2: only a # title and ## sections are read, not "### e"`},
		{"a late title", "## d\n# T\n", "CHANGELOG.md:2: the # title must come first, once"},
		{"a row without an id", "## d\n" + header + "|  | f | b | a | x |\n", "CHANGELOG.md:4: a row has no row id"},
		{"a header at the end", "## d\n| row id | field | before | after | evidence |\n", "CHANGELOG.md:2: the table ends after its header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseChangelog(ChangelogFile, []byte(tt.src))
			if err == nil {
				t.Fatalf("ParseChangelog accepted %q", tt.src)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

// changelogRowIDs reads the first cell of every table row of the embedded
// log by plain string handling, to check the parser against.
func changelogRowIDs(t *testing.T) []string {
	t.Helper()
	src, err := data.FS.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	header := false
	for _, l := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(l, "|") {
			header = false
			continue
		}
		cell := strings.TrimSpace(strings.Split(l, "|")[1])
		switch {
		case !header && strings.EqualFold(cell, "row id"):
			header = true
		case strings.Trim(cell, "-:") == "":
		default:
			ids = append(ids, cell)
		}
	}
	if len(ids) == 0 {
		t.Fatal("data/CHANGELOG.md has no table rows")
	}
	return ids
}

// TestEmbeddedChangelogParses: the log the binary ships reads in full.
func TestEmbeddedChangelogParses(t *testing.T) {
	src, err := data.FS.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	log, err := ParseChangelog(ChangelogFile, src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sec := range log.Sections {
		for _, r := range sec.Rows {
			got = append(got, r.Event)
		}
	}
	if want := changelogRowIDs(t); !reflect.DeepEqual(got, want) {
		t.Errorf("row ids\ngot  %q\nwant %q", got, want)
	}
	if log.Intro == "" {
		t.Error("the log's introduction was not read")
	}
}

// TestReadDirChecksChangelog: reading a folder checks the log beside its
// files and names the log's line, so `frontline check` finds a broken log.
func TestReadDirChecksChangelog(t *testing.T) {
	factions, err := data.FS.ReadFile(FactionsFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, log, want string
	}{
		{"a sound log", "# Corrections\n\n## 2026-12-01\nNothing to correct.\n", ""},
		{"a row of the wrong width", "## d\n| row id | field | before | after | evidence |\n|---|---|---|---|---|\n| e | f |\n", "in/CHANGELOG.md:4: a row has 2 cells, the table's header 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{FactionsFile: {Data: factions}, ChangelogFile: {Data: []byte(tt.log)}}
			_, err := ReadDir(fsys, ".", "in")
			got := ""
			if err != nil {
				got = err.Error()
			}
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
