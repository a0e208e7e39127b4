package main

// Issue 5: the day page proved in a real browser. Each test opens its own
// tab of one shared Chromium against one running frontline serve.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The dataset's first day; the last day and the number of places are asked
// of the API (lastDay, numPlaces).
const firstDay = "2024-11-26"

var panelRE = regexp.MustCompile(`/day/\d{4}-\d{2}-\d{2}/panel$`)

func TestE2EDayPageLoadsClean(t *testing.T) { checkDayPageLoadsClean(t, startServer(t)) }

// checkDayPageLoadsClean runs the test against the site at base (serve, or a static copy).
func checkDayPageLoadsClean(t *testing.T, base string) {
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	// Let the basemap fetch and any late script finish before judging.
	tb.waitFor("the basemap", `document.querySelectorAll("#map .leaflet-basemap-pane path").length > 0`)
	tb.clean()
	if got := len(tb.rec.since(0)); got == 0 {
		t.Error("the recorder saw no requests: the listener is not wired")
	}
}

func TestE2EMarkerColoursMatchAPI(t *testing.T) {
	base := startServer(t)
	tb := newTab(t)
	for _, day := range []string{"2024-11-29", "2024-12-06", "2024-12-10"} {
		tb.open(base + "/day/" + day)
		checkMarkers(t, tb, day)
		if got := eval[string](tb, `window.frontline.day`); got != day {
			t.Errorf("window.frontline.day = %q, want %q", got, day)
		}
	}
	tb.clean()
}

// dayState is what the page shows for its current day.
type dayState struct {
	Day     string
	Path    string
	Out     string
	Slider  string
	Markers map[string]string
}

func readDay(tb *tab) dayState {
	tb.t.Helper()
	return eval[dayState](tb, `({
		Day: window.frontline.day,
		Path: location.pathname,
		Out: document.getElementById("day-out").textContent,
		Slider: document.getElementById("day-slider").value,
		Markers: Object.fromEntries([...document.querySelectorAll("#map path[data-place]")]
			.map((p) => [p.getAttribute("data-place"), p.getAttribute("data-controller")])),
	})`)
}

// checkMoved asserts the page left the day before for another one, and that
// the URL, the output and the markers all follow the new day.
func checkMoved(t *testing.T, tb *tab, before dayState) dayState {
	t.Helper()
	after := readDay(tb)
	if after.Day == before.Day {
		t.Fatalf("the day did not change: still %s", after.Day)
	}
	if want := "/day/" + after.Day; after.Path != want {
		t.Errorf("location.pathname = %q, want %q (history.replaceState)", after.Path, want)
	}
	if after.Out != after.Day {
		t.Errorf("#day-out = %q, want %q", after.Out, after.Day)
	}
	checkMarkers(t, tb, after.Day)
	return after
}

// The slider moves the map from the embedded timeline: a drag makes no
// request. When it settles (the change event), the page fetches one
// server-rendered fragment, /day/{day}/panel, 150 ms later; that one request
// is expected after the release and is checked for, not counted as a drag
// request.
func TestE2ESliderDragIsLocal(t *testing.T) { checkSliderDragIsLocal(t, startServer(t)) }

// checkSliderDragIsLocal runs the test against the site at base (serve, or a static copy).
func checkSliderDragIsLocal(t *testing.T, base string) {
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	before := readDay(tb)
	r := rectOf(tb, "#day-slider")
	max := eval[float64](tb, `Number(document.getElementById("day-slider").max)`)
	from, to := thumbX(r, 10, max), thumbX(r, 3, max)

	mark := tb.rec.mark()
	mouse := func(typ input.DispatchMouseEventType, x float64, buttons int64) {
		t.Helper()
		p := input.DispatchMouseEventParams{Type: typ, X: x, Y: r.cy(), Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1}
		if typ == input.DispatchMouseEventTypeMouseMoved {
			p.ClickCount = 0
		}
		if _, err := chromedp.Call(tb.ctx, input.DispatchMouseEvent, p); err != nil {
			t.Fatalf("mouse %s at %.0f: %v", typ, x, err)
		}
	}
	mouse(input.DispatchMouseEventTypeMousePressed, from, 1)
	const steps = 12
	var seen []string
	var lands []map[string]int
	for i := 1; i <= steps; i++ {
		mouse(input.DispatchMouseEventTypeMouseMoved, from+(to-from)*float64(i)/steps, 1)
		seen = append(seen, eval[string](tb, `window.frontline.day`))
		lands = append(lands, eval[map[string]int](tb, `window.frontline.land`))
	}
	// Requests made while the button is down, before the release.
	during := tb.rec.since(mark)
	mouse(input.DispatchMouseEventTypeMouseReleased, to, 0)
	for _, u := range during {
		t.Errorf("request during the drag: %s", u)
	}
	after := checkMoved(t, tb, before)
	distinct := map[string]bool{}
	for _, d := range seen {
		distinct[d] = true
	}
	if len(distinct) < 3 {
		t.Errorf("the drag passed %d distinct days (%v), want the map redrawn along the way", len(distinct), seen)
	}
	// The shaded land followed the slider without a request: on every day
	// passed, each holder's colour filled exactly the cells the API gives it.
	for i, day := range seen {
		if got, want := lands[i], landOf(t, base, day); !reflect.DeepEqual(got, want) {
			t.Errorf("land on %s while dragging: %v, want %v", day, got, want)
		}
	}
	// After it settles, exactly one request: the panel of the new day.
	tb.waitFor("the panel of "+after.Day, fmt.Sprintf(`document.getElementById("panel").dataset.day === %q`, after.Day))
	var panels []string
	for _, u := range tb.rec.since(mark) {
		if panelRE.MatchString(u) {
			panels = append(panels, u)
		} else {
			t.Errorf("request after the drag other than the panel: %s", u)
		}
	}
	if want := base + "/day/" + after.Day + "/panel"; len(panels) != 1 || panels[0] != want {
		t.Errorf("panel requests after the drag = %v, want [%s]", panels, want)
	}
	tb.clean()
}

func TestE2ESliderKeyboard(t *testing.T) {
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	tb.do("focus the slider", chromedp.Focus(chromedp.ID("day-slider")))
	mark := tb.rec.mark()
	last := lastDay(t)
	tests := []struct {
		key, want string
	}{
		{kb.Home, firstDay},
		{kb.ArrowRight, dayAfter(t, firstDay, 1)},
		{kb.End, last},
		{kb.ArrowLeft, dayAfter(t, last, -1)},
	}
	for _, tt := range tests {
		before := readDay(tb)
		tb.do("press "+tt.want, chromedp.KeyEvent(tt.key))
		after := checkMoved(t, tb, before)
		if after.Day != tt.want {
			t.Errorf("after the key the day is %s, want %s", after.Day, tt.want)
		}
	}
	// Each key press settles the slider, so panel fetches (the earlier ones
	// aborted) are expected; nothing else.
	tb.waitFor("the last panel", fmt.Sprintf(`document.getElementById("panel").dataset.day === %q`, dayAfter(t, last, -1)))
	for _, u := range tb.rec.since(mark) {
		if !panelRE.MatchString(u) {
			t.Errorf("request while stepping with the keyboard: %s", u)
		}
	}
	tb.clean()
}

func TestE2EPermalinkRestoresDayAndView(t *testing.T) {
	checkPermalinkRestoresDayAndView(t, startServer(t))
}

// checkPermalinkRestoresDayAndView runs the test against the site at base (serve, or a static copy).
func checkPermalinkRestoresDayAndView(t *testing.T, base string) {
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06#8/34.73/36.72")
	type view struct {
		Day, Out, Path, Hash, Slider string
		View                         struct{ Zoom, Lat, Lon float64 }
	}
	got := eval[view](tb, `({Day: window.frontline.day, Out: document.getElementById("day-out").textContent,
		Path: location.pathname, Hash: location.hash, Slider: document.getElementById("day-slider").value,
		View: (({zoom, lat, lon}) => ({Zoom: zoom, Lat: lat, Lon: lon}))(window.frontline.view)})`)
	if got.Day != "2024-12-06" || got.Out != "2024-12-06" || got.Path != "/day/2024-12-06" || got.Slider != "10" {
		t.Errorf("day after the permalink: frontline.day %q, #day-out %q, path %q, slider %q; want 2024-12-06, 2024-12-06, /day/2024-12-06, 10",
			got.Day, got.Out, got.Path, got.Slider)
	}
	if got.View.Zoom != 8 || math.Abs(got.View.Lat-34.73) > 0.01 || math.Abs(got.View.Lon-36.72) > 0.01 {
		t.Errorf("map view = zoom %v at %.4f,%.4f, want zoom 8 at 34.73,36.72", got.View.Zoom, got.View.Lat, got.View.Lon)
	}
	if got.Hash != "#8/34.73/36.72" {
		t.Errorf("location.hash = %q, want %q", got.Hash, "#8/34.73/36.72")
	}
	// Moving the day keeps the view in the URL.
	tb.do("set the day", chromedp.Evaluate[chromedp.Void](`window.frontline.setDay(12)`))
	if h := eval[string](tb, `location.pathname + location.hash`); h != "/day/2024-12-08#8/34.73/36.72" {
		t.Errorf("URL after setDay(12) = %q, want /day/2024-12-08#8/34.73/36.72", h)
	}
	tb.clean()
}

func TestE2EBackAfterNextDay(t *testing.T) {
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	if _, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.ID("next-day"))); err != nil {
		t.Fatalf("follow the next-day link: %v", err)
	}
	tb.waitReady()
	if got := readDay(tb); got.Day != "2024-12-07" || got.Path != "/day/2024-12-07" {
		t.Fatalf("after the next-day link: day %q at %q, want 2024-12-07", got.Day, got.Path)
	}
	// The back button: the previous history entry. The page may come back
	// from the back/forward cache with no load event, so wait on the page.
	hist, err := chromedp.Run(tb.ctx, chromedp.NavigationEntries())
	if err != nil || hist.CurrentIndex < 1 {
		t.Fatalf("history: %v (current entry %d)", err, hist.CurrentIndex)
	}
	prev := hist.Entries[hist.CurrentIndex-1]
	if _, err := chromedp.Call(tb.ctx, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: prev.ID}); err != nil {
		t.Fatalf("go back: %v", err)
	}
	tb.until("the previous day", `location.pathname === "/day/2024-12-06" && document.readyState === "complete" && document.documentElement.dataset.mapReady === "1" && !!window.frontline`)
	got := readDay(tb)
	if got.Day != "2024-12-06" || got.Path != "/day/2024-12-06" || got.Out != "2024-12-06" {
		t.Errorf("after back: day %q, path %q, #day-out %q; want 2024-12-06", got.Day, got.Path, got.Out)
	}
	checkMarkers(t, tb, "2024-12-06")
	tb.clean()
}

func TestE2EWithoutJavaScript(t *testing.T) {
	base := startServer(t)
	tb := newTab(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	tb.do("open the day", chromedp.Navigate(base+"/day/2024-12-06"))
	type page struct {
		JS, Ready            bool
		Title, Out, Prev     string
		Next                 string
		Rows, Holders        int
		GoVisible, MapStatic bool
	}
	got := eval[page](tb, `({
		JS: document.documentElement.classList.contains("js"),
		Ready: document.documentElement.dataset.mapReady === "1",
		Title: document.getElementById("day-long").textContent,
		Out: document.getElementById("day-out").textContent,
		Prev: document.getElementById("prev-day").getAttribute("href") || "",
		Next: document.getElementById("next-day").getAttribute("href") || "",
		Rows: document.querySelectorAll("table.holds tbody tr[id^=row-]").length,
		Holders: [...document.querySelectorAll("table.holds tbody .holder .fname")].filter((e) => e.textContent.trim()).length,
		GoVisible: !!document.querySelector(".nojs-go") && document.querySelector(".nojs-go").getBoundingClientRect().width > 0,
		MapStatic: !!document.querySelector("#map svg.staticmap"),
	})`)
	if got.JS || got.Ready {
		t.Fatalf("scripts ran although they are disabled (html.js %v, mapReady %v)", got.JS, got.Ready)
	}
	places := numPlaces(t)
	want := page{Title: "Friday 6 December 2024", Out: "2024-12-06", Prev: "/day/2024-12-05", Next: "/day/2024-12-07",
		Rows: places, Holders: places, GoVisible: true, MapStatic: true}
	if got != want {
		t.Errorf("page without JavaScript:\n got  %+v\n want %+v", got, want)
	}
	if dots := eval[int](tb, `document.querySelectorAll("#map svg.staticmap circle").length`); dots < places {
		t.Errorf("static map has %d circles, want at least %d", dots, places)
	}
	// The prev link works as a plain link.
	if _, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.ID("prev-day"))); err != nil {
		t.Fatalf("follow the prev-day link: %v", err)
	}
	if out := eval[string](tb, `location.pathname + " " + document.getElementById("day-out").textContent`); out != "/day/2024-12-05 2024-12-05" {
		t.Errorf("after the prev-day link: %q, want /day/2024-12-05 2024-12-05", out)
	}
	tb.clean()
}

func TestE2EMarkerPopupLinksToPlace(t *testing.T) {
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	for _, id := range []string{"homs", "deir-ez-zor"} {
		sel := fmt.Sprintf(`#map path[data-place=%q]`, id)
		if eval[bool](tb, fmt.Sprintf(`!document.querySelector(%q)`, sel)) {
			t.Errorf("no marker for %s", id)
			continue
		}
		r := rectOf(tb, sel)
		tb.do("click the marker of "+id, chromedp.MouseClickXY(r.cx(), r.cy()))
		link := fmt.Sprintf(`.leaflet-popup-content a[href="/place/%s"]`, id)
		// The popup of the marker before closes as this one opens.
		tb.waitFor("the popup of "+id+" alone", fmt.Sprintf(`!!document.querySelector(%q) && document.querySelectorAll(".leaflet-popup").length === 1`, link))
	}
	tb.clean()
}

// shotsDir is where screenshots go: FRONTLINE_SHOTS, or a new temporary
// folder that is kept so a person can look at them.
func shotsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("FRONTLINE_SHOTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "frontline-shots-"); err != nil {
			t.Fatalf("screenshot folder: %v", err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot folder: %v", err)
	}
	return dir
}

func TestE2EScreenshots(t *testing.T) {
	base := startServer(t)
	dir := shotsDir(t)
	for _, size := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{
		{"desktop-1366x768", 1366, 768, false},
		{"phone-390x844", 390, 844, true},
	} {
		t.Run(size.name, func(t *testing.T) {
			opts := []chromedp.EmulateViewportOption{}
			if size.mobile {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			tb := newTab(t, chromedp.EmulateViewport(size.w, size.h, opts...))
			tb.open(base + "/day/2024-12-06")
			tb.waitFor("the basemap", `document.querySelectorAll("#map .leaflet-basemap-pane path").length > 0`)
			shots := map[string]chromedp.Action[[]byte]{
				size.name + ".png":      chromedp.CaptureScreenshot(),
				size.name + "-full.png": chromedp.FullScreenshot(100),
			}
			for name, a := range shots {
				buf, err := chromedp.Run(tb.ctx, a)
				if err != nil {
					t.Fatalf("screenshot %s: %v", name, err)
				}
				if !bytes.HasPrefix(buf, []byte("\x89PNG")) {
					t.Fatalf("screenshot %s is not a PNG", name)
				}
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, buf, 0o644); err != nil {
					t.Fatalf("write %s: %v", p, err)
				}
			}
			t.Logf("screenshots in %s", dir)
			tb.clean()
		})
	}
}

func TestE2EPhone(t *testing.T) {
	base := startServer(t)
	tb := newTab(t, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	tb.open(base + "/day/2024-12-06")

	type widths struct{ Scroll, Client float64 }
	w := eval[widths](tb, `({Scroll: document.documentElement.scrollWidth, Client: document.documentElement.clientWidth})`)
	if w.Client != 390 || w.Scroll > w.Client {
		t.Errorf("page is %vpx wide in a %vpx viewport, want no horizontal scrolling at 390px", w.Scroll, w.Client)
	}
	// The table may scroll sideways inside its wrapper; the wrapper fits.
	for _, sel := range []string{"#day-slider", "#map", ".tablewrap", "table.holds", "#legend", "#prev-day", "#next-day"} {
		r := rectOf(tb, sel)
		if !r.Visible || sel != "table.holds" && (r.X < 0 || r.X+r.Width > 390.5) {
			t.Errorf("%s is not visible inside the 390px viewport: %+v", sel, r)
		}
	}
	if r := rectOf(tb, "#map"); r.Height < 200 {
		t.Errorf("#map is %.0fpx tall on a phone, want at least 200", r.Height)
	}

	// Every target in the day navigation is at least 44×44 CSS pixels.
	type target struct {
		What          string
		Width, Height float64
	}
	targets := eval[[]target](tb, `[...document.querySelectorAll(".daynav a, .daynav button, .daynav input, .daynav select")]
		.filter((el) => el.getClientRects().length > 0)
		.map((el) => { const r = el.getBoundingClientRect(); return {What: el.outerHTML.slice(0, 60), Width: r.width, Height: r.height}; })`)
	if len(targets) < 5 {
		t.Errorf("found %d targets in the day navigation, want the links, slider and buttons", len(targets))
	}
	for _, tg := range targets {
		if tg.Width < 44 || tg.Height < 44 {
			t.Errorf("target %.0f×%.0f px, want at least 44×44: %s", tg.Width, tg.Height, tg.What)
		}
	}

	// Drag the slider's thumb with a finger.
	before := readDay(tb)
	r := rectOf(tb, "#day-slider")
	max := eval[float64](tb, `Number(document.getElementById("day-slider").max)`)
	from, to := thumbX(r, 10, max), thumbX(r, 16, max)
	mark := tb.rec.mark()
	touch := func(typ input.DispatchTouchEventType, x float64) {
		t.Helper()
		p := input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{}}
		if typ != input.DispatchTouchEventTypeTouchEnd {
			p.TouchPoints = []*input.TouchPoint{{X: x, Y: r.cy()}}
		}
		if _, err := chromedp.Call(tb.ctx, input.DispatchTouchEvent, p); err != nil {
			t.Fatalf("touch %s at %.0f: %v", typ, x, err)
		}
	}
	touch(input.DispatchTouchEventTypeTouchStart, from)
	for i := 1; i <= 10; i++ {
		touch(input.DispatchTouchEventTypeTouchMove, from+(to-from)*float64(i)/10)
	}
	during := tb.rec.since(mark)
	touch(input.DispatchTouchEventTypeTouchEnd, to)
	after := checkMoved(t, tb, before)
	if after.Day <= before.Day {
		t.Errorf("dragging right moved from %s to %s, want a later day", before.Day, after.Day)
	}
	for _, u := range during {
		t.Errorf("request during the touch drag: %s", u)
	}
	tb.clean()
}

// axeResult is the part of axe.run's answer the test reports.
type axeResult struct {
	Violations []struct {
		ID, Impact, Help string
		Nodes            []struct {
			Target []any
			HTML   string
		}
	}
	Passes int
}

func TestE2EAxe(t *testing.T) {
	base := startServer(t)
	axe, err := os.ReadFile(nodeModule(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatalf("read axe: %v", err)
	}
	pages := []struct {
		name, path string
		js         bool // the page runs map.js
	}{
		{"day", "/day/2024-12-06", true},
		{"error", "/day/2024-13-01", false},
		{"place", "/place/homs", false},
		{"places", "/places", false},
		{"changes", "/changes?from=2024-11-26&to=2024-12-08", false},
		{"about", "/about", false},
		{"embed", "/embed/2024-12-06", false},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			tb := newTab(t)
			tb.do("open "+pg.path, chromedp.Navigate(base+pg.path))
			if pg.js {
				tb.waitReady()
			}
			// DevTools evaluation is not bound by the page's CSP.
			tb.do("inject axe", chromedp.Evaluate[chromedp.Void](string(axe)))
			res := eval[axeResult](tb, `axe.run(document).then((r) => ({
				Passes: r.passes.length,
				Violations: r.violations.map((v) => ({ID: v.id, Impact: v.impact || "", Help: v.help,
					Nodes: v.nodes.map((n) => ({Target: n.target, HTML: n.html.slice(0, 200)}))})),
			}))`)
			if res.Passes == 0 {
				t.Error("axe reported no passing rules: it did not run")
			}
			for _, v := range res.Violations {
				for _, n := range v.Nodes {
					t.Errorf("axe %s (%s): %s\n  at %v: %s", v.ID, v.Impact, v.Help, n.Target, n.HTML)
				}
			}
			t.Logf("axe on %s: %d violations, %d rules passed", pg.path, len(res.Violations), res.Passes)
		})
	}
}

// wrapFragment makes a fragment a document the checker can judge.
func wrapFragment(body []byte) []byte {
	return []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>fragment</title></head><body>` +
		string(body) + `</body></html>`)
}

func TestE2EHTMLIsValid(t *testing.T) {
	startServer(t)
	java := tool(t, "java")
	jar := nodeModule(t, "vnu-jar/build/dist/vnu.jar")
	pages := []struct {
		path     string
		status   int
		fragment bool
	}{
		{"/", 200, false},
		{"/day/2024-12-06", 200, false},
		{"/day/2024-11-26", 200, false},
		{"/day/" + lastDay(t), 200, false},
		{"/day/2024-12-06/panel", 200, true},
		{"/day/2024-13-01", 400, false},
		{"/no/such/page", 404, false},
		{"/place/homs", 200, false},
		{"/place/atlantis", 404, false},
		{"/places", 200, false},
		{"/changes", 200, false},
		{"/changes?from=2024-12-01&to=2024-12-10", 200, false},
		{"/about", 200, false},
		{"/embed/2024-12-06", 200, false},
	}
	dir := t.TempDir()
	var files []string
	names := map[string]string{}
	for i, pg := range pages {
		status, body := fetch(t, pg.path)
		if status != pg.status {
			t.Errorf("GET %s: status %d, want %d", pg.path, status, pg.status)
			continue
		}
		if pg.fragment {
			body = wrapFragment(body)
		}
		f := filepath.Join(dir, fmt.Sprintf("page%02d.html", i))
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		names["file:"+f] = pg.path
	}
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it finds errors; the JSON says which
	var out struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int
		}
	}
	// vnu writes its JSON report to stderr.
	report := stderr.Bytes()
	if len(bytes.TrimSpace(report)) == 0 {
		report = stdout.Bytes()
	}
	if err := json.Unmarshal(report, &out); err != nil {
		t.Fatalf("vnu: %v; decode its report: %v\n%s", runErr, err, report)
	}
	for _, m := range out.Messages {
		path := names[m.URL]
		if path == "" {
			path = m.URL
		}
		t.Errorf("vnu %s in %s line %d: %s\n  %s", m.Type, path, m.LastLine, m.Message, strings.TrimSpace(m.Extract))
	}
	if runErr != nil && len(out.Messages) == 0 {
		t.Errorf("vnu failed with no messages: %v", runErr)
	}
	t.Logf("vnu checked %d documents: %d errors", len(files), len(out.Messages))
}

func TestE2EGeoJSONIsValid(t *testing.T) {
	startServer(t)
	node := tool(t, "node")
	nodeModule(t, "@placemarkio/check-geojson/package.json")
	script, err := filepath.Abs(filepath.Join("testdata", "check-geojson.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	places := numPlaces(t)
	for _, q := range []string{"?day=2024-11-29", "?day=2024-12-06", "?day=2024-12-10", ""} {
		path := "/api/v1/control.geojson" + q
		status, body := fetch(t, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, status)
		}
		var fc struct{ Features []json.RawMessage }
		if err := json.Unmarshal(body, &fc); err != nil || len(fc.Features) != places {
			t.Errorf("GET %s: %d features (err %v), want %d", path, len(fc.Features), err, places)
		}
		cmd := exec.Command(node, script)
		cmd.Dir = repoRoot(t)
		cmd.Stdin = bytes.NewReader(body)
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("check-geojson: %v\n%s", err, stderr)
		}
		var issues []struct {
			Message, Severity string
			From, To          int
		}
		if err := json.Unmarshal(out, &issues); err != nil {
			t.Fatalf("check-geojson output: %v\n%s", err, out)
		}
		for _, is := range issues {
			t.Errorf("%s: %s %s at %d-%d: %q", path, is.Severity, is.Message, is.From, is.To, body[is.From:min(is.To, len(body))])
		}
		t.Logf("check-geojson %s: %d issues", path, len(issues))
	}
}

// The basemap's fills (assets/js/map.js): Syria and its neighbours.
var basemapFills = []string{"#ffffff", "#f4f1ea"}

func TestE2EColoursContrastAndLabels(t *testing.T) {
	base := startServer(t)
	fs := factions(t)
	for _, f := range fs {
		for _, bg := range basemapFills {
			c, err := contrast(f.Color, bg)
			if err != nil {
				t.Fatal(err)
			}
			if c < 3 {
				t.Errorf("faction %s colour %s on %s: contrast %.2f:1, want at least 3:1", f.ID, f.Color, bg, c)
			}
		}
	}

	// A day with a contested place, found from the API.
	contestedDay, contested := "", ""
	for d := 0; d < 20 && contested == ""; d++ {
		day := time.Date(2024, 11, 26+d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		for _, p := range controlOn(t, day) {
			if p.Status != nil && *p.Status == "contested" {
				contestedDay, contested = day, p.ID
				break
			}
		}
	}
	if contested == "" {
		t.Fatal("no day in the dataset has a contested place: the check of its marking cannot run")
	}

	tb := newTab(t)
	tb.open(base + "/day/" + contestedDay)
	type labels struct {
		Legend  map[string]string
		Holders map[string]string
		Key     string
	}
	got := eval[labels](tb, `({
		Legend: Object.fromEntries([...document.querySelectorAll("#legend li[data-faction]")]
			.map((li) => [li.dataset.faction, li.querySelector(".name").textContent.trim()])),
		Holders: Object.fromEntries([...document.querySelectorAll("table.holds tbody tr[data-place]")]
			.map((tr) => [tr.dataset.place, tr.querySelector(".holder .fname")?.textContent.trim() || ""])),
		Key: [...document.querySelectorAll("#legend li.key")].map((li) => li.textContent.trim()).join(" | "),
	})`)
	for id, f := range fs {
		if got.Legend[id] != f.Short {
			t.Errorf("legend label for %s (%s) = %q, want %q", id, f.Color, got.Legend[id], f.Short)
		}
	}
	for _, p := range controlOn(t, contestedDay) {
		want := "Unknown"
		if p.Controller != nil {
			want = fs[*p.Controller].Short
		}
		if got.Holders[p.ID] != want {
			t.Errorf("table holder of %s on %s = %q, want the label %q", p.ID, contestedDay, got.Holders[p.ID], want)
		}
	}
	if !strings.Contains(got.Key, "contested") {
		t.Errorf("legend keys %q do not explain the contested marking", got.Key)
	}

	// The contested place is marked by more than colour: a striped swatch
	// and a "contested by" text in the table, a thick ring on the map.
	type mark struct {
		Stripes    int
		Text       string
		Stroke     string
		HeldStroke string
	}
	m := eval[mark](tb, fmt.Sprintf(`(() => {
		const row = document.getElementById("row-" + %q);
		const held = [...document.querySelectorAll("#map path[data-place]")].find((p) => p.getAttribute("stroke-width") !== "4");
		return {
			Stripes: row.querySelectorAll(".holder svg.sw path").length,
			Text: row.querySelector(".holder .contest")?.textContent || "",
			Stroke: document.querySelector('#map path[data-place=' + JSON.stringify(%q) + ']').getAttribute("stroke-width"),
			HeldStroke: held ? held.getAttribute("stroke-width") : "",
		};
	})()`, contested, contested))
	if m.Stripes == 0 {
		t.Errorf("%s on %s: no striped swatch in the table", contested, contestedDay)
	}
	if !strings.HasPrefix(m.Text, "contested by ") {
		t.Errorf("%s on %s: holder text %q, want \"contested by …\"", contested, contestedDay, m.Text)
	}
	if m.Stroke != "4" || m.HeldStroke == "4" || m.HeldStroke == "" {
		t.Errorf("%s on %s: marker ring %q vs a held place's %q, want a thick ring (4) only on contested places", contested, contestedDay, m.Stroke, m.HeldStroke)
	}
	tb.clean()
}

// landOf counts how many cells each holder should fill on day, from the
// territory file the day page names, read outside the browser.
func landOf(t *testing.T, base, day string) map[string]int {
	t.Helper()
	resp, err := http.Get(base + "/day/" + day)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`"territory":"(/territory/[0-9a-f]+\.json)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("the day page of %s names no territory file", day)
	}
	resp, err = http.Get(base + string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tj struct {
		First  string
		States [][4]string
		Cells  []json.RawMessage
		Ch     [][]int
	}
	if err := json.NewDecoder(resp.Body).Decode(&tj); err != nil {
		t.Fatal(err)
	}
	first, _ := time.Parse("2006-01-02", tj.First)
	at, _ := time.Parse("2006-01-02", day)
	d := int(at.Sub(first).Hours() / 24)
	out := map[string]int{}
	for i, ch := range tj.Ch {
		if string(tj.Cells[i]) == "[]" || string(tj.Cells[i]) == "null" {
			continue
		}
		s := -1
		for k := 0; k+1 < len(ch); k += 2 {
			if ch[k] <= d {
				s = ch[k+1]
			}
		}
		if s >= 0 {
			out[tj.States[s][0]]++
		}
	}
	return out
}

// TestE2ECORSFromAnotherOrigin: a page on another origin (a second server on
// another port) reads the API with fetch, through a preflight, and reads an
// error's JSON and the next page's Link header; a page of ours stays closed
// to it.
func TestE2ECORSFromAnotherOrigin(t *testing.T) {
	base := startServer(t)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!DOCTYPE html><html lang="en"><head><title>Another site</title></head><body><p>Another site</p></body></html>`)
	}))
	t.Cleanup(other.Close)
	if strings.HasPrefix(base, other.URL) {
		t.Fatalf("the other site %s shares the origin of %s", other.URL, base)
	}
	tb := newTab(t)
	tb.do("open the other site", chromedp.Navigate(other.URL))
	type answer struct {
		Status int    `json:"status"`
		Day    string `json:"day"`
		Places int    `json:"places"`
		Error  string `json:"error"`
		Link   string `json:"link"`
		Failed string `json:"failed"`
	}
	fetchJS := func(target, headers string, csv bool) string {
		read := `const j = await r.json(); return {status: r.status, day: j.day || "", places: (j.places || []).length, error: j.error || "", link: r.headers.get("Link") || ""};`
		if csv {
			read = `await r.text(); return {status: r.status, link: r.headers.get("Link") || ""};`
		}
		return fmt.Sprintf(`(async () => { try { const r = await fetch(%q, {headers: %s}); %s } catch (e) { return {failed: String(e)}; } })()`, base+target, headers, read)
	}
	// A custom header makes the browser send a preflight OPTIONS first.
	got := eval[answer](tb, fetchJS("/api/v1/control?day=2024-12-06", `{"If-None-Match": "\"none\""}`, false))
	if got.Failed != "" || got.Status != 200 || got.Day != "2024-12-06" || got.Places == 0 {
		t.Errorf("cross-origin fetch of /api/v1/control with a preflight: %+v", got)
	}
	got = eval[answer](tb, fetchJS("/api/v1/control?day=2030-01-01", `{}`, false))
	if got.Failed != "" || got.Status != 404 || !strings.Contains(got.Error, "the data covers") {
		t.Errorf("cross-origin fetch of an out-of-range day: %+v, want a readable 404", got)
	}
	got = eval[answer](tb, fetchJS("/api/v1/events.csv?limit=1", `{}`, true))
	if got.Failed != "" || got.Status != 200 || !strings.Contains(got.Link, `rel="next"`) {
		t.Errorf("cross-origin fetch of /api/v1/events.csv: %+v, want the next page's Link header", got)
	}
	got = eval[answer](tb, fetchJS("/day/2024-12-06", `{}`, true))
	if got.Failed == "" {
		t.Errorf("cross-origin fetch of a page succeeded (%+v); pages keep no CORS", got)
	}
}

// TestE2EModulesLoadByHashedNames: every file the day page and the embed
// load from /assets/, the modules imported by other modules included,
// has a content-hashed name (served immutable, never revalidated).
func TestE2EModulesLoadByHashedNames(t *testing.T) {
	base := startServer(t)
	hashed := regexp.MustCompile(`^/assets/.+\.[0-9a-f]{8}\.[a-z]+$`)
	for _, target := range []string{"/day/2024-12-06", "/embed/2024-12-06"} {
		tb := newTab(t)
		tb.do("open "+target, chromedp.Navigate(base+target))
		tb.waitFor("the modules", `performance.getEntriesByType("resource").some(e => /\/js\/rule\./.test(e.name))`)
		urls := eval[[]string](tb, `performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.startsWith("/assets/"))`)
		modules := 0
		for _, u := range urls {
			if !hashed.MatchString(u) {
				t.Errorf("%s loads %s by a plain name", target, u)
			}
			if strings.HasPrefix(u, "/assets/js/") {
				modules++
			}
		}
		if modules < 3 {
			t.Errorf("%s loads %d modules from /assets/js/ (%v); want the page's module and those it imports", target, modules, urls)
		}
	}
}
