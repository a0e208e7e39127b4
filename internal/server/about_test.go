package server

import (
	"context"
	"html"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"frontline/assets"
	"frontline/data"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/web"
)

func TestParseChangelog(t *testing.T) {
	code := func(s string) web.Span { return web.Span{Text: s, Code: true} }
	text := func(s string) web.Span { return web.Span{Text: s} }
	tests := []struct {
		name string
		src  string
		want web.Changelog
	}{
		{
			name: "empty",
			src:  "",
			want: web.Changelog{},
		},
		{
			name: "title, intro, a dated section with a note and a table",
			src: "# Corrections\n\nPublic log.\nSecond line.\n\n## 2026-11-22\n\nMade after review.\n\n" +
				"| row id | field | before | after | evidence |\n|---|---|---|---|---|\n" +
				"| 2024-12-06-daraa-sor | confidence | claimed | confirmed | SOHR |\n" +
				"| 2024-12-07-x | id, controller | `sor` | `suwayda` (new) | a \\| b |\n",
			want: web.Changelog{Intro: "Public log. Second line.", Sections: []web.ChangelogSection{{
				Heading: "2026-11-22", Day: "2026-11-22", Note: "Made after review.",
				Rows: []web.Correction{
					{Event: web.Cell{text("2024-12-06-daraa-sor")}, Field: web.Cell{text("confidence")}, Before: web.Cell{text("claimed")},
						After: web.Cell{text("confirmed")}, Evidence: web.Cell{text("SOHR")}},
					{Event: web.Cell{text("2024-12-07-x")}, Field: web.Cell{text("id, controller")}, Before: web.Cell{code("sor")},
						After: web.Cell{code("suwayda"), text(" (new)")}, Evidence: web.Cell{text("a | b")}},
				},
			}}},
		},
		{
			name: "columns in another order, CRLF, an undated heading, empty cells and a lone backtick",
			src: "## Before launch\r\n| Evidence | Row ID | After | Field | Before |\r\n|:---|---|---|---:|---|\r\n" +
				"| seen ` once | e1 | | f | b |\r\n\r\n## 2026-12-01\r\n|row id|field|before|after|evidence|\r\n|---|---|---|---|---|\r\n|e2|f2|b2|a2|x2|\r\n",
			want: web.Changelog{Sections: []web.ChangelogSection{
				{Heading: "Before launch", Rows: []web.Correction{{Event: web.Cell{text("e1")}, Field: web.Cell{text("f")},
					Before: web.Cell{text("b")}, Evidence: web.Cell{text("seen ` once")}}}},
				{Heading: "2026-12-01", Day: "2026-12-01", Rows: []web.Correction{{Event: web.Cell{text("e2")}, Field: web.Cell{text("f2")},
					Before: web.Cell{text("b2")}, After: web.Cell{text("a2")}, Evidence: web.Cell{text("x2")}}}},
			}},
		},
		{
			name: "a section without a table",
			src:  "## 2026-11-23\nNothing to correct.\n",
			want: web.Changelog{Sections: []web.ChangelogSection{{Heading: "2026-11-23", Day: "2026-11-23", Note: "Nothing to correct."}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseChangelog([]byte(tt.src))
			if err != nil {
				t.Fatalf("parseChangelog: %v", err)
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
			_, err := parseChangelog([]byte(tt.src))
			if err == nil {
				t.Fatalf("parseChangelog accepted %q", tt.src)
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
	log, err := parseChangelog(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sec := range log.Sections {
		for _, r := range sec.Rows {
			got = append(got, r.Event.String())
		}
	}
	if want := changelogRowIDs(t); !reflect.DeepEqual(got, want) {
		t.Errorf("row ids\ngot  %q\nwant %q", got, want)
	}
	if log.Intro == "" {
		t.Error("the log's introduction was not read")
	}
}

func aboutServer(t *testing.T, corrections string) *Server {
	t.Helper()
	changelog, err := data.FS.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newServerWith(t, func(c *Config) { c.Changelog, c.Corrections = changelog, corrections })
	return s
}

func TestAboutPage(t *testing.T) {
	const addr = "mailto:corrections@example.org"
	s := aboutServer(t, addr)
	rec := get(t, s, "/about")
	if rec.Code != 200 {
		t.Fatalf("GET /about: %d", rec.Code)
	}
	body := html.UnescapeString(rec.Body.String())
	for _, want := range []string{
		"<h1>How we know</h1>",
		">What the words mean</h2>", ">Who held a place on a day</h2>", ">The shaded land</h2>",
		">How sources are chosen</h2>", ">Corrections</h2>", ">Licence and attribution</h2>",
		"Held</dt>", "Contested</dt>", "Claimed</span></dt>", "Confirmed</span></dt>",
		"from the largest area to the smallest, then the place's own events",
		"not a surveyed front line",
		"CC BY 4.0", "GeoNames", "Natural Earth", "public domain", "GSHHG", "LGPL", "geoBoundaries", "CC BY 3.0 IGO",
		`<link rel="canonical" href="` + DefaultBaseURL + `/about">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/about lacks %q", want)
		}
	}
	// Every row of the log is on the page, in the log's order.
	at := 0
	for _, id := range changelogRowIDs(t) {
		i := strings.Index(body[at:], id)
		if i < 0 {
			t.Errorf("/about lacks the changelog row %q (or shows it out of order)", id)
			continue
		}
		at += i + len(id)
	}
	if !strings.Contains(body, "2024-12-06-daraa-sor") {
		t.Error("/about lacks the changelog row 2024-12-06-daraa-sor")
	}
	if !strings.Contains(body, `href="`+addr+`">Report a correction</a> (corrections@example.org)`) {
		t.Errorf("/about does not offer the corrections address %s", addr)
	}
}

func TestCorrectionsAddressShownOnlyWhenSet(t *testing.T) {
	const addr = "https://example.org/frontline/corrections"
	set := aboutServer(t, addr)
	unset := aboutServer(t, "")
	for _, target := range []string{"/about", "/day/2024-12-06", "/places", "/place/homs", "/changes"} {
		body := get(t, set, target).Body.String()
		if !strings.Contains(body, `<a href="`+addr+`">Report a correction</a>`) {
			t.Errorf("GET %s with --corrections: no link to %s", target, addr)
		}
		body = get(t, unset, target).Body.String()
		if strings.Contains(body, "Report a correction") || strings.Contains(body, "mailto:") || strings.Contains(body, "example.org") {
			t.Errorf("GET %s without --corrections still offers a corrections address", target)
		}
	}
}

func TestCheckCorrections(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"mailto:corrections@example.org", "mailto:corrections@example.org", true},
		{"mailto:corrections@example.org?subject=Frontline", "mailto:corrections@example.org?subject=Frontline", true},
		{"MAILTO:corrections@example.org", "mailto:corrections@example.org", true},
		{"https://example.org/corrections", "https://example.org/corrections", true},
		{"javascript:alert(1)", "", false},
		{"JavaScript:alert(1)//@x", "", false},
		{"data:text/html,<script>alert(1)</script>", "", false},
		{"http://example.org/corrections", "", false},
		{"ftp://example.org/", "", false},
		{"//example.org/corrections", "", false},
		{"corrections@example.org", "", false},
		{"mailto:", "", false},
		{"mailto:nobody", "", false},
		{"mailto:@example.org", "", false},
		{"mailto://example.org/x@y", "", false},
		{"https://", "", false},
		{"https://user:pw@example.org/", "", false},
		{"https://example.org/a b", "", false},
		{"https://example.org/\n<script>", "", false},
	}
	for _, tt := range tests {
		got, err := CheckCorrections(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("CheckCorrections(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestInvalidCorrectionsRefusedAtStart: the server is never built with an
// address a reader could not safely follow.
func TestInvalidCorrectionsRefusedAtStart(t *testing.T) {
	_, db := newTestServer(t)
	basemap, err := data.FS.ReadFile("basemap.geojson")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Store: db, Assets: assets.FS, Basemap: basemap, Corrections: "javascript:alert(1)"})
	if err == nil || s != nil {
		t.Fatal("New accepted javascript:alert(1) as the corrections address")
	}
	if !strings.Contains(err.Error(), "javascript:alert(1)") || !strings.Contains(err.Error(), "mailto:") {
		t.Errorf("error %q does not name the address and what is allowed", err)
	}
}

// TestEveryPageSaysWhenDataWasUpdated: the footer of every page gives the
// coverage's updated day and the days covered, and links to /about.
func TestEveryPageSaysWhenDataWasUpdated(t *testing.T) {
	s, db := newTestServer(t)
	cov := coverageOf(t, db)
	updated := `Data last updated <time datetime="` + cov.Updated.String() + `">` + shortDay(locale.English(), cov.Updated) + `</time>.`
	covers := `Data covers <time datetime="` + cov.First.String() + `">` + shortDay(locale.English(), cov.First) + `</time> to <time datetime="` +
		cov.Last.String() + `">` + shortDay(locale.English(), cov.Last) + `</time>.`
	for _, target := range []string{"/", "/day/2024-12-06", "/place/aleppo", "/places", "/changes", "/changes?from=2024-11-26&to=2024-12-08", "/about", "/no/such/page"} {
		rec := get(t, s, target)
		if rec.Code != 200 && target != "/no/such/page" {
			t.Errorf("GET %s: %d", target, rec.Code)
			continue
		}
		body := rec.Body.String()
		for _, want := range []string{updated, covers, "it is updated when editors publish a verified change", `<a class="toplink" href="/about">`, `<a href="/about">How we know</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", target, want)
			}
		}
	}
	// /about says in its first paragraph to which day the map runs.
	runsTo := `The map runs to <time datetime="` + cov.Last.String() + `">`
	if body := get(t, s, "/about").Body.String(); !strings.Contains(body, runsTo) {
		t.Errorf("/about lacks %q", runsTo)
	}
}

// TestNoUpdatedDayWithoutCoverage: data that declares no coverage gets no
// "last updated" line, but still says which days its events span.
func TestNoUpdatedDayWithoutCoverage(t *testing.T) {
	s, db := newTestServerEdited(t, filepath.Join(t.TempDir(), "nocov.db"), func(ds *dataset.Dataset) { ds.Coverage = nil })
	if c, err := db.Coverage(context.Background()); err != nil || c != nil {
		t.Fatalf("coverage %v, %v; want none", c, err)
	}
	for _, target := range []string{"/day/2024-12-06", "/about"} {
		body := get(t, s, target).Body.String()
		if strings.Contains(body, "Data last updated") || strings.Contains(body, "last updated on") {
			t.Errorf("GET %s says when the data was updated, but the data declares no day", target)
		}
		if !strings.Contains(body, "Data covers <time") {
			t.Errorf("GET %s does not say which days the data covers", target)
		}
	}
}
