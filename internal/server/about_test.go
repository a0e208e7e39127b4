package server

import (
	"context"
	"html"
	"path/filepath"
	"strings"
	"testing"

	"frontline/assets"
	"frontline/data"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/internal/view"
)

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
	src, err := data.FS.ReadFile(dataset.ChangelogFile)
	if err != nil {
		t.Fatal(err)
	}
	log, err := dataset.ParseChangelog(dataset.ChangelogFile, src)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sec := range log.Sections {
		for _, r := range sec.Rows {
			ids = append(ids, r.Event)
		}
	}
	if len(ids) == 0 {
		t.Fatal("the embedded log has no rows")
	}
	at := 0
	for _, id := range ids {
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
	s, err := New(Config{Store: db, Assets: assets.FS, Region: testRegion(t, false), Corrections: "javascript:alert(1)"})
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
	updated := `Data last updated <time datetime="` + cov.Updated.String() + `">` + view.ShortDay(locale.English(), cov.Updated) + `</time>.`
	covers := `Data covers <time datetime="` + cov.First.String() + `">` + view.ShortDay(locale.English(), cov.First) + `</time> to <time datetime="` +
		cov.Last.String() + `">` + view.ShortDay(locale.English(), cov.Last) + `</time>.`
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
