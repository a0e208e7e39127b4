package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/internal/view"
)

// TestTimelineCellsAgreeWithRule checks every cell of the strip against
// control.ControlOn over every stored event.
func TestTimelineCellsAgreeWithRule(t *testing.T) {
	s, db := newTestServer(t)
	ctx := context.Background()
	d, err := s.loadData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := s.langData(ctx, d, locale.English())
	if err != nil {
		t.Fatal(err)
	}
	if ld.strip == nil {
		t.Fatal("no timeline strip for the embedded dataset")
	}
	all, err := db.Events(ctx, control.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// A column is a day, a week or a month (by the data's span); its cell is
	// the state on the column's last day, and the columns tile the days.
	cols := ld.strip.Cols
	if got, want := cols, view.StripColumns(d.First, d.Last); !slices.Equal(got, want) {
		t.Fatalf("columns %v, want %v", got, want)
	}
	if cols[0].From != d.First || cols[len(cols)-1].To != d.Last {
		t.Fatalf("columns span %s to %s, want %s to %s", cols[0].From, cols[len(cols)-1].To, d.First, d.Last)
	}
	for k := 1; k < len(cols); k++ {
		if cols[k].From != cols[k-1].To+1 || cols[k].To < cols[k].From {
			t.Fatalf("column %d (%s to %s) does not follow column %d (%s to %s)", k, cols[k].From, cols[k].To, k-1, cols[k-1].From, cols[k-1].To)
		}
	}
	if got, want := len(ld.strip.Cells), len(d.Places); got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	for i, p := range d.Places {
		if got, want := len(ld.strip.Cells[i]), len(cols); got != want {
			t.Fatalf("%s: %d cells, want %d", p.ID, got, want)
		}
		for k := range cols {
			day := cols[k].To
			if got, want := ld.strip.Cells[i][k], control.ControlOn(p, all, d.Areas, day); got != want {
				t.Errorf("%s on %s:\n got %+v\nwant %+v", p.ID, day, got, want)
			}
		}
	}
	// Built once per data version: a second load returns the same strip.
	again, err := s.loadData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ld2, err := s.langData(ctx, again, locale.English())
	if err != nil {
		t.Fatal(err)
	}
	if ld2.strip != ld.strip {
		t.Error("the strip was rebuilt for the same data version")
	}
}

func TestTimelineOnDayPage(t *testing.T) {
	s, db := newTestServer(t)
	first, last := span(t, db)
	rec := get(t, s, "/day/2024-12-06")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	frame, svg := stripOf(t, s, body)
	// A labelled group rather than an image, because it holds links.
	places := trackedOf(t, db)
	want := fmt.Sprintf(`role="group" aria-label="Timeline of who held each of %d places`, len(places))
	if !strings.Contains(svg, want) || !strings.Contains(frame, want) {
		t.Errorf("the timeline or its frame has no role and summary label %s", want)
	}
	if !strings.Contains(svg, "Aleppo to HTS on 30 Nov") {
		t.Error("the timeline's label does not name Aleppo's change")
	}
	// The day page carries only the frame: what grows with the data is in the file.
	if strings.Contains(body, "Aleppo to HTS on 30 Nov") || strings.Contains(body, `class="tl-name"`) || strings.Contains(body, `class="tl-col"`) {
		t.Error("the day page carries the strip's grid or its list of changes")
	}
	if got, want := strings.Count(svg, `class="tl-name"`), len(places); got != want {
		t.Errorf("%d row labels, want %d", got, want)
	}
	for _, name := range []string{">Aleppo</text>", ">Khan Shaykhun</text>"} {
		if !strings.Contains(svg, name) {
			t.Errorf("no label %s", name)
		}
	}
	links := regexp.MustCompile(`<a href="/day/(\d{4}-\d\d-\d\d)" class="tl-col"`).FindAllStringSubmatch(svg, -1)
	f, l := control.MustDay(first), control.MustDay(last)
	cols := view.StripColumns(f, l)
	if got, want := len(links), len(cols); got != want {
		t.Fatalf("%d column links, want %d", got, want)
	}
	// Each column links to its last day.
	for k, m := range links {
		if got, want := m[1], cols[k].To.String(); got != want {
			t.Errorf("column %d links to %s, want %s", k, got, want)
		}
	}
	// The page's day is marked, in the column that holds it.
	now := control.MustDay("2024-12-06")
	k := slices.IndexFunc(cols, func(c view.StripCol) bool { return c.From <= now && now <= c.To })
	x := view.StripLabelW + k*view.StripCellW
	if want := fmt.Sprintf(`id="tl-now" class="tl-now" x="%d"`, x); !strings.Contains(frame, want) {
		t.Errorf("the marker is not at %s", want)
	}
	// Contested cells are striped in the challenger's colour: find a
	// contested cell of the strip and look for its stripes and pattern.
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ld, err := s.langData(context.Background(), d, locale.English())
	if err != nil {
		t.Fatal(err)
	}
	challenger := ""
	for _, row := range ld.strip.Cells {
		for _, c := range row {
			if c.Status == control.StatusContested && challenger == "" {
				challenger = c.Challenger
			}
		}
	}
	if challenger == "" {
		t.Fatal("no contested cell in the strip of the embedded data")
	}
	col := strings.TrimPrefix(d.FactionBy[challenger].Color, "#")
	if !strings.Contains(svg, `fill="url(#tl-stripes-`+col+`)"`) || !strings.Contains(svg, `id="tl-stripes-`+col+`"`) {
		t.Errorf("no cell striped in %s's colour #%s", challenger, col)
	}
	// CSP forbids inline styles anywhere on the page.
	if strings.Contains(body, " style=") {
		t.Error("the day page has an inline style attribute")
	}
	// The panel fragment stays without the strip.
	if strings.Contains(get(t, s, "/day/2024-12-06/panel").Body.String(), `class="tl"`) {
		t.Error("the panel fragment carries the timeline")
	}
}

// TestTimelineRuns checks that a row's runs tile the days exactly once.
func TestTimelineRuns(t *testing.T) {
	s, db := newTestServer(t)
	_, svg := stripOf(t, s, get(t, s, "/day/2024-12-06").Body.String())
	re := regexp.MustCompile(`<rect x="(\d+)" y="(\d+)" width="(\d+)" height="\d+" fill="[^u"][^"]*"[^>]*class="tl-run`)
	cover := map[string]int{}
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		var w int
		fmt.Sscan(m[3], &w)
		cover[m[2]] += w
	}
	if got, want := len(cover), len(trackedOf(t, db)); got != want {
		t.Fatalf("runs on %d rows, want %d", got, want)
	}
	d, err := s.loadData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := len(view.StripColumns(d.First, d.Last))
	for y, w := range cover {
		if w != n*view.StripCellW {
			t.Errorf("row at y=%s: runs cover %d units, want %d", y, w, n*view.StripCellW)
		}
	}
}

// TestDayPageDoesNotGrowWithDays checks that the day page carries only what
// does not grow with the days: of each place only the state in force on its
// day; the places' histories and every day's headline are in a
// content-hashed file the script fetches when the reader moves, and the
// strip has a column a month past a year. The embedded data is stretched to
// 741 days (coverage to 6 December 2026) and compared with its 36 days.
func TestDayPageDoesNotGrowWithDays(t *testing.T) {
	short, _ := newTestServer(t)
	long, _ := newTestServerEdited(t, filepath.Join(t.TempDir(), "long.db"), func(ds *dataset.Dataset) {
		ds.Coverage.Last = control.MustDay("2026-12-06")
	})
	type pageInfo struct {
		size int
		tl   map[string]json.RawMessage
	}
	page := func(s *Server, path string) pageInfo {
		t.Helper()
		rec := get(t, s, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", path, rec.Code)
		}
		body := rec.Body.String()
		var tl map[string]json.RawMessage
		if err := json.Unmarshal([]byte(inlineTimeline(t, path, body)), &tl); err != nil {
			t.Fatalf("%s: inline timeline: %v", path, err)
		}
		return pageInfo{len(body), tl}
	}
	for _, lang := range []string{"", "/ar"} {
		a, b := page(short, lang+"/day/2024-12-06"), page(long, lang+"/day/2024-12-06")
		for _, key := range []string{"counts", "headlines", "changed"} {
			if _, ok := b.tl[key]; ok {
				t.Errorf("%s: the page carries the timeline's %s inline", lang, key)
			}
		}
		var places []struct {
			ID string
			Ev []json.RawMessage
		}
		if err := json.Unmarshal(b.tl["places"], &places); err != nil || len(places) == 0 {
			t.Fatalf("%s: the page's places: %v (%d)", lang, err, len(places))
		}
		for _, p := range places {
			if len(p.Ev) > 1 {
				t.Errorf("%s: the page carries %d states of %s, want the one in force on its day", lang, len(p.Ev), p.ID)
			}
		}
		if b.size > a.size*11/10 {
			t.Errorf("%s: the day page weighs %d bytes at 741 days, %d at 36: it grows with the days", lang, b.size, a.size)
		}
		var file string
		if err := json.Unmarshal(b.tl["data"], &file); err != nil || !strings.HasPrefix(file, "/territory/timeline.") {
			t.Fatalf("%s: the inline timeline names data file %q (%v)", lang, file, err)
		}
		rec := get(t, long, file)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Fatalf("%s: %s: status %d, Cache-Control %q, want 200 and immutable", lang, file, rec.Code, rec.Header().Get("Cache-Control"))
		}
		var f map[string]json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		var headlines, ev []json.RawMessage
		if err := json.Unmarshal(f["headlines"], &headlines); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(f["ev"], &ev); err != nil {
			t.Fatal(err)
		}
		if len(headlines) != 741 || len(ev) != len(places) {
			t.Errorf("%s: the timeline file has %d headlines, %d histories; want 741 and %d", lang, len(headlines), len(ev), len(places))
		}
		// Nothing reads a day's counts in the browser: the headline says them.
		if _, ok := f["counts"]; ok {
			t.Errorf("%s: the timeline file carries every day's counts, which no script reads", lang)
		}
		if rec := get(t, long, strings.Replace(file, "timeline.", "timeline.x", 1)); rec.Code != http.StatusNotFound {
			t.Errorf("%s: a wrong timeline file name answered %d, want 404", lang, rec.Code)
		}
	}
	// Past a year the strip has a column a month: November 2024 to December 2026.
	body := get(t, long, "/day/2025-06-01").Body.String()
	_, strip := stripOf(t, long, body)
	if got, want := strings.Count(strip, `class="tl-col"`), 26; got != want {
		t.Errorf("the strip at 741 days has %d columns, want %d (one a month)", got, want)
	}
	if !strings.Contains(body, `data-cols="0 5 36 `) {
		t.Error("the strip's marker does not list the months' first days")
	}
	if !strings.Contains(strip, ">2026</text>") {
		t.Error("the strip at 741 days has no tick for 2026")
	}
	d := mustData(t, long)
	last, ok := d.LastChange(control.MustDay("2025-06-01"))
	if !ok || last >= control.MustDay("2025-06-01") {
		t.Fatalf("the stretched data changes on %s (%v), want a last change before 1 June 2025", last, ok)
	}
	ls := last.String()
	// A quiet day shares the preview and the comparisons of its last change;
	// windows with no change are not linked.
	for _, want := range []string{
		"No change since ", "No place has changed hands since ",
		`/day/` + ls + `/preview.png"`,
		`id="changes-link" href="/changes/2024-11-26/` + ls + `"`,
		`<span data-back="7" data-label="7 days" class="none">7 days: no change</span>`,
		`/` + ls + `" data-back="365"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the day page of 1 June 2025 lacks %q", want)
		}
	}
	batches, err := long.PublicPaths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	previews, changes := 0, 0
	for _, p := range slices.Concat(batches...) {
		switch {
		case strings.HasPrefix(p, "/day/") && strings.HasSuffix(p, "/preview.png"):
			previews++
			day := control.MustDay(strings.TrimSuffix(strings.TrimPrefix(p, "/day/"), "/preview.png"))
			if day != d.First && !slices.Contains(d.Changed, day) {
				t.Errorf("published the preview of %s, a day with no change", day)
			}
		case strings.HasPrefix(p, "/changes/"):
			changes++
		}
	}
	// A window's range starts the day before a change and ends on one: at
	// most two ranges a change for each of the four windows, and one since
	// the first day.
	if c := len(d.Changed); previews > c+1 || changes > 9*c+1 {
		t.Errorf("published %d previews and %d comparisons for %d days of change over 741 days, want at most %d and %d", previews, changes, c, c+1, 9*c+1)
	}
}

// stripOf fetches the strip's file that a day page names (its frame's
// data-src), checks how it is served and that it is well-formed XML, and
// returns the page's frame and the file.
func stripOf(t *testing.T, s *Server, body string) (frame, file string) {
	t.Helper()
	i := strings.Index(body, `<svg class="tl"`)
	if i < 0 {
		t.Fatal("no timeline svg on the day page")
	}
	frame = body[i : i+strings.Index(body[i:], "</svg>")]
	m := regexp.MustCompile(`data-src="(/strip/strip\.[a-z]+\.[0-9a-f]+\.svg)"`).FindStringSubmatch(frame)
	if m == nil {
		t.Fatalf("the strip's frame names no file: %.300s", frame)
	}
	if !strings.Contains(body, `<a href="`+m[1]+`">`) {
		t.Errorf("the day page does not link to %s for readers without JavaScript", m[1])
	}
	rec := get(t, s, m[1])
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("%s: status %d, type %q, Cache-Control %q; want 200, image/svg+xml, immutable", m[1], rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
	}
	// The script parses it as XML (DOMParser, image/svg+xml): one error
	// and no reader sees the strip.
	dec := xml.NewDecoder(strings.NewReader(rec.Body.String()))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", m[1], err)
		}
	}
	if bad := strings.Replace(m[1], ".svg", "0.svg", 1); get(t, s, bad).Code != http.StatusNotFound {
		t.Errorf("%s: want 404 for a strip name that is not the current one", bad)
	}
	return frame, rec.Body.String()
}

// inlineTimeline is the JSON of the timeline a page at path carries inline.
func inlineTimeline(t *testing.T, path, body string) string {
	t.Helper()
	const open = `<script id="timeline" type="application/json">`
	i := strings.Index(body, open)
	if i < 0 {
		t.Fatalf("%s: no inline timeline", path)
	}
	raw := body[i+len(open):]
	return raw[:strings.Index(raw, "</script>")]
}
