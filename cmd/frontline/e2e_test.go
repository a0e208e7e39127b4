package main

// Issue 5: the day page proved in a real browser. Each test opens its own
// tab of one shared Chromium against one running frontline serve.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdpfetch "github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The dataset's first day; the last day and the number of places are asked
// of the API (lastDay, numPlaces).
const firstDay = "2024-11-26"

var panelRE = regexp.MustCompile(`/day/\d{4}-\d{2}-\d{2}/panel$`)

// stripRE matches the address of a language's timeline strip file.
var stripRE = regexp.MustCompile(`/strip/strip\.[a-z]+\.[0-9a-f]+\.svg$`)

func TestE2EDayPageLoadsClean(t *testing.T) {
	needBrowser(t)
	checkDayPageLoadsClean(t, startServer(t))
}

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
	needBrowser(t)
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

// The slider moves the map from the histories the page fetched on the first
// move (TestE2EFirstVisitFetchesNoHistory): from then on a drag makes no
// request. When it settles (the change event), the page fetches one
// server-rendered fragment, /day/{day}/panel, 150 ms later; that one request
// is expected after the release and is checked for, not counted as a drag
// request.
func TestE2ESliderDragIsLocal(t *testing.T) {
	needBrowser(t)
	checkSliderDragIsLocal(t, startServer(t))
}

// checkSliderDragIsLocal runs the test against the site at base (serve, or a static copy).
func checkSliderDragIsLocal(t *testing.T, base string) {
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	tb.histories()
	before := readDay(tb)
	r := rectOf(tb, "#day-slider")
	max := eval[float64](tb, `Number(document.getElementById("day-slider").max)`)
	// A tenth of the span (at least a week), so that the drag crosses days
	// whether a day is 20 pixels of the slider or one.
	from, to := thumbX(r, 10, max), thumbX(r, 10+math.Max(7, math.Round(max/10)), max)

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

// rowsJS reads the table's rows as text, cell by cell, with another
// source's claims left out (the page shows them for the feed's day only),
// and whether each row is marked as changed on the day shown.
const rowsJS = `Object.fromEntries([...document.querySelectorAll("table.holds tbody tr")].map((r) => {
	const c = r.cloneNode(true);
	c.querySelectorAll(".dispute").forEach((x) => x.remove());
	const cells = [...c.children].map((x) => x.textContent.replace(/\s+/g, " ").trim());
	return [r.id, (r.classList.contains("changed") ? "changed: " : "") + cells.join(" | ")];
}))`

// rowMarkupJS reads the table's rows as markup, by row id: every element
// with its attributes in a fixed order (an empty class counts as none) and
// every text, so that a row the script redrew can be held to the server's
// element for element, swatches and spaces included.
const rowMarkupJS = `(() => {
	const canon = (n) => n.nodeType === Node.TEXT_NODE ? n.data : n.nodeType !== Node.ELEMENT_NODE ? "" :
		"<" + n.localName + [...n.attributes].filter((a) => a.value || a.name !== "class").map((a) => " " + a.name + "=" + JSON.stringify(a.value)).sort().join("") + ">" +
		[...n.childNodes].map(canon).join("") + "</" + n.localName + ">";
	return Object.fromEntries([...document.querySelectorAll("table.holds tbody tr")].map((r) => [r.id, canon(r)]));
})()`

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

// A drag sends input events and no change event until the release. A step
// writes what is on the screen; when the slider rests the rest follows:
// the address, the tab's title, the embed code and the rows below the
// screen.
func TestE2ESliderRestSettles(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	tb.histories()
	const day = "2024-11-29"
	tb.do("drag to "+day, chromedp.Evaluate[chromedp.Void](`(() => {
		const s = document.getElementById("day-slider");
		s.value = "3";
		s.dispatchEvent(new Event("input", {bubbles: true}));
	})()`))
	if got := eval[string](tb, `window.frontline.day`); got != day {
		t.Fatalf("window.frontline.day = %q, want %q", got, day)
	}
	checkMarkers(t, tb, day)
	tb.waitFor("the address of "+day, `location.pathname === "/day/`+day+`"`)
	_, body := fetch(t, "/day/"+day)
	m := titleRE.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no <title> in /day/%s", day)
	}
	if got, want := eval[string](tb, `document.title`), html.UnescapeString(string(m[1])); got != want {
		t.Errorf("document.title = %q, want the server's %q", got, want)
	}
	if code := eval[string](tb, `document.getElementById("embed-code")?.value || ""`); !strings.Contains(code, "/embed/"+day) {
		t.Errorf("embed code after the slider rested on %s: %q", day, code)
	}
	got := eval[map[string]string](tb, rowsJS)
	tb.open(base + "/day/" + day)
	want := eval[map[string]string](tb, rowsJS)
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%d rows after the drag, %d on the server's page", len(got), len(want))
	}
	for id, w := range want {
		if g := got[id]; g != w {
			t.Errorf("row %s after the slider rested reads %q, the server wrote %q", id, g, w)
		}
	}
	tb.clean()
}

func TestE2ESliderKeyboard(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	// The first move fetches the histories and waits for them
	// (TestE2EFirstVisitFetchesNoHistory); here each key must move at once.
	tb.histories()
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
	needBrowser(t)
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
	tb.setDay(12)
	if h := eval[string](tb, `location.pathname + location.hash`); h != "/day/2024-12-08#8/34.73/36.72" {
		t.Errorf("URL after setDay(12) = %q, want /day/2024-12-08#8/34.73/36.72", h)
	}
	tb.clean()
}

func TestE2EBackAfterNextDay(t *testing.T) {
	needBrowser(t)
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
	needBrowser(t)
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
		Holders: [...document.querySelectorAll("table.holds tbody .fname")].filter((e) => e.textContent.trim()).length,
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
	if dots := eval[int](tb, `document.querySelectorAll("#map svg.staticmap path[data-kind]").length`); dots < places {
		t.Errorf("static map has %d place shapes, want at least %d", dots, places)
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
	needBrowser(t)
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
	needBrowser(t)
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
	needBrowser(t)
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

	// Drag the slider's thumb with a finger (once the page has the
	// histories its first move fetches).
	tb.histories()
	before := readDay(tb)
	r := rectOf(tb, "#day-slider")
	max := eval[float64](tb, `Number(document.getElementById("day-slider").max)`)
	from, to := thumbX(r, 10, max), thumbX(r, 10+math.Max(6, math.Round(max/10)), max)
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
	needBrowser(t)
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
	// Every page again in Arabic, right to left.
	for _, pg := range pages[:len(pages):len(pages)] {
		pg.name, pg.path = "ar-"+pg.name, "/ar"+pg.path
		pages = append(pages, pg)
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
	return []byte(`<!DOCTYPE html><html lang="und"><head><meta charset="utf-8"><title>fragment</title></head><body>` +
		string(body) + `</body></html>`)
}

func TestE2EHTMLIsValid(t *testing.T) {
	external(t, "Java")
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
	// Every page again in Arabic (the bare /ar is the home page).
	for _, pg := range pages[:len(pages):len(pages)] {
		if pg.path == "/" {
			pg.path = ""
		}
		pg.path = "/ar" + pg.path
		pages = append(pages, pg)
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
	var paths []string
	for _, q := range []string{"?day=2024-11-29", "?day=2024-12-06", "?day=2024-12-10", ""} {
		paths = append(paths, "/api/v1/control.geojson"+q, "/api/v1/territory.geojson"+q)
	}
	for _, path := range paths {
		status, body := fetch(t, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, status)
		}
		var fc struct{ Features []json.RawMessage }
		err := json.Unmarshal(body, &fc)
		if strings.HasPrefix(path, "/api/v1/control") && (err != nil || len(fc.Features) != places) {
			t.Errorf("GET %s: %d features (err %v), want %d", path, len(fc.Features), err, places)
		}
		if strings.HasPrefix(path, "/api/v1/territory") && (err != nil || len(fc.Features) < 2) {
			t.Errorf("GET %s: %d features (err %v), want the land of each holder and the front", path, len(fc.Features), err)
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
	needBrowser(t)
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
		Holders: Object.fromEntries([...document.querySelectorAll("table.holds tbody tr[id^=row-]")]
			.map((tr) => [tr.id.slice(4), tr.querySelector(".fname")?.textContent.trim() || ""])),
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
	if !strings.Contains(strings.ToLower(got.Key), "contested") {
		t.Errorf("legend keys %q do not explain the contested marking", got.Key)
	}

	// The contested place is marked by more than colour: a striped swatch
	// and a "contested by" text in the table, a thick ring on the map.
	type mark struct {
		Stripes    int
		Text       string
		Stroke     string
		HeldStroke string
		Ring       string
	}
	m := eval[mark](tb, fmt.Sprintf(`(() => {
		const row = document.getElementById("row-" + %q);
		const ring = String(JSON.parse(document.getElementById("timeline").textContent).symbols.ringWidth);
		const held = [...document.querySelectorAll("#map path[data-place]")].find((p) => p.getAttribute("stroke-width") !== ring);
		return {
			Stripes: row.cells[1].querySelectorAll("svg.sw path").length,
			Text: row.cells[1].querySelector(".contest")?.textContent || "",
			Stroke: document.querySelector('#map path[data-place=' + JSON.stringify(%q) + ']').getAttribute("stroke-width"),
			HeldStroke: held ? held.getAttribute("stroke-width") : "",
			Ring: ring,
		};
	})()`, contested, contested))
	if m.Stripes == 0 {
		t.Errorf("%s on %s: no striped swatch in the table", contested, contestedDay)
	}
	if !strings.HasPrefix(m.Text, "contested by ") {
		t.Errorf("%s on %s: holder text %q, want \"contested by …\"", contested, contestedDay, m.Text)
	}
	// The ring's width is the symbol definition's (internal/symbol).
	if m.Stroke != m.Ring || m.HeldStroke == m.Ring || m.HeldStroke == "" {
		t.Errorf("%s on %s: marker ring %q vs a held place's %q, want the defined ring (%s) only on contested places", contested, contestedDay, m.Stroke, m.HeldStroke, m.Ring)
	}
	tb.clean()
}

// landOf counts how many cells each holder should fill on day, from the
// territory file and its history that the day page names, read outside the
// browser.
func landOf(t *testing.T, base, day string) map[string]int {
	t.Helper()
	resp, err := http.Get(base + "/day/" + day)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`"territory":"(/territory/[0-9a-f]+\.json)","history":"(/territory/history\.[0-9a-f]+\.json)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("the day page of %s names no territory file and history", day)
	}
	var tj struct {
		First  string
		States [][4]string
		Cells  []json.RawMessage
	}
	var hj struct{ Ch [][]int }
	for _, f := range []struct {
		path string
		v    any
	}{{string(m[1]), &tj}, {string(m[2]), &hj}} {
		resp, err = http.Get(base + f.path)
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(f.v)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
	}
	first, _ := time.Parse("2006-01-02", tj.First)
	at, _ := time.Parse("2006-01-02", day)
	d := int(at.Sub(first).Hours() / 24)
	out := map[string]int{}
	for i, ch := range hj.Ch {
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
	needBrowser(t)
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
	needBrowser(t)
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

// ---- Issue 13: what a reader sees in a browser ----

// inMapJS is a JavaScript function that tells whether a place's marker lies
// inside the map's box on the screen.
const inMapJS = `((id) => {
	const m = document.querySelector("#map").getBoundingClientRect();
	const el = document.querySelector('#map path[data-place="' + id + '"]');
	if (!el) return false;
	const r = el.getBoundingClientRect();
	const x = r.x + r.width / 2, y = r.y + r.height / 2;
	return x >= m.left && x <= m.right && y >= m.top && y <= m.bottom;
})`

// Item 1: a view goes into the address only when the reader moved the map.
func TestE2EViewHashOnlyWhenMoved(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	tb.do("copy the link", chromedp.Click(chromedp.ID("copy-link")))
	if got := eval[string](tb, `location.pathname + location.hash`); got != "/day/2024-12-06" {
		t.Errorf("address after Copy link on an unmoved map = %q, want /day/2024-12-06 (no view)", got)
	}
	tb.setDay(11)
	if got := eval[string](tb, `location.pathname + location.hash`); got != "/day/2024-12-07" {
		t.Errorf("address after a day step on an unmoved map = %q, want /day/2024-12-07", got)
	}
	// The reader drags the map: now the view belongs in the link.
	m := rectOf(tb, "#map")
	tb.drag(m.cx(), m.cy(), -120, 40)
	tb.waitFor("a view in the address", `/^#[\d.]+\/-?[\d.]+\/-?[\d.]+$/.test(location.hash)`)
	tb.clean()
}

// Item 1: a desktop link with a view, opened on a phone, still shows the
// cities a desktop shows near its centre.
func TestE2EPhoneLinkShowsNamedPlaces(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	const view = "#8/34.9/37"
	// The cities within 260×210 px of the centre on a desktop map: what a
	// modest desktop view shows around the centre.
	desk := newTab(t, chromedp.EmulateViewport(1366, 768))
	desk.open(base + "/day/2024-12-06" + view)
	seen := eval[[]string](desk, `(async () => {
		const m = document.getElementById("map").getBoundingClientRect(), cx = m.x + m.width / 2, cy = m.y + m.height / 2;
		const places = JSON.parse(document.getElementById("timeline").textContent).places;
		const cities = new Set(places.filter((p) => p.kind === "city").map((p) => p.id));
		return [...document.querySelectorAll("#map path[data-place]")].filter((e) => {
			const r = e.getBoundingClientRect();
			return cities.has(e.dataset.place) && Math.abs(r.x + r.width / 2 - cx) <= 260 && Math.abs(r.y + r.height / 2 - cy) <= 210;
		}).map((e) => e.dataset.place);
	})()`)
	if len(seen) < 4 {
		t.Fatalf("the desktop shows %v of the view, want several places", seen)
	}
	tb := phoneTab(t)
	tb.open(base + "/day/2024-12-06" + view)
	tb.do("scroll to the map", chromedp.Evaluate[chromedp.Void](`document.getElementById("map").scrollIntoView()`))
	for _, id := range seen {
		if !eval[bool](tb, inMapJS+`(`+strconvQuote(id)+`)`) {
			t.Errorf("on a phone, %s is off the map although the link's view shows it on a desktop", id)
		}
	}
	v := eval[struct{ Lat, Lon float64 }](tb, `({Lat: window.frontline.view.lat, Lon: window.frontline.view.lon})`)
	if math.Abs(v.Lat-34.9) > 0.05 || math.Abs(v.Lon-37) > 0.05 {
		t.Errorf("phone view centre %.3f,%.3f, want the link's 34.9,37", v.Lat, v.Lon)
	}
	if h := eval[string](tb, `location.hash`); h != view {
		t.Errorf("the phone rewrote the shared view to %q, want %s kept", h, view)
	}
	// Without a view, a phone sees every city.
	tb.open(base + "/day/2024-12-06")
	for _, id := range []string{"aleppo", "hama", "homs", "damascus", "daraa", "qamishli", "latakia"} {
		if !eval[bool](tb, inMapJS+`(`+strconvQuote(id)+`)`) {
			t.Errorf("on a phone with no view in the link, %s is off the map", id)
		}
	}
	tb.clean()
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// labelOverlaps counts pairs of shown place labels whose boxes overlap.
func labelOverlaps(tb *tab) (int, int, []string) {
	tb.t.Helper()
	type res struct {
		Shown int
		Pairs []string
	}
	r := eval[res](tb, `(() => {
		const ls = [...document.querySelectorAll("#map .place-label")].filter((e) => {
			const s = getComputedStyle(e);
			return s.display !== "none" && s.visibility !== "hidden" && Number(s.opacity) > 0;
		}).map((e) => ({t: e.textContent, r: e.getBoundingClientRect()}));
		const pairs = [];
		for (let i = 0; i < ls.length; i++) for (let j = i + 1; j < ls.length; j++) {
			const a = ls[i].r, b = ls[j].r;
			if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) pairs.push(ls[i].t + " / " + ls[j].t);
		}
		return {Shown: ls.length, Pairs: pairs};
	})()`)
	return r.Shown, len(r.Pairs), r.Pairs
}

// Item 2: place labels never cover each other, on a desktop and a phone,
// at the opening zoom and after zooming in.
func TestE2ELabelsDoNotCollide(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	for _, phone := range []bool{false, true} {
		var tb *tab
		if phone {
			tb = phoneTab(t)
		} else {
			tb = newTab(t)
		}
		tb.open(base + "/day/2024-12-06")
		tb.waitFor("the basemap", `document.querySelectorAll("#map .leaflet-basemap-pane path").length > 0`)
		shown, n, pairs := labelOverlaps(tb)
		if shown < 5 {
			t.Errorf("phone %v: %d place labels shown, want the main cities labelled", phone, shown)
		}
		if n > 0 {
			t.Errorf("phone %v: %d overlapping label pairs at the opening zoom: %v", phone, n, pairs)
		}
		// Zoom in twice with the map's own control; more labels fit.
		for i := 0; i < 2; i++ {
			zoom := eval[float64](tb, `window.frontline.view.zoom`)
			// Leaflet drops a zoom asked for while a pan or zoom still runs, so
			// the click is made again until the zoom changes.
			tb.waitFor(fmt.Sprintf("the zoom above %v (phone %v)", zoom, phone), fmt.Sprintf(`window.frontline.view.zoom > %v || (document.querySelector(".leaflet-control-zoom-in").click(), false)`, zoom))
			tb.mapStill("the map")
		}
		shown2, n2, pairs2 := labelOverlaps(tb)
		if n2 > 0 {
			t.Errorf("phone %v: %d overlapping label pairs after zooming in: %v", phone, n2, pairs2)
		}
		if shown2 == 0 {
			t.Errorf("phone %v: no label shown after zooming in", phone)
		}
		tb.clean()
	}
}

// Item 2: a click on a marker opens that place, even where markers crowd
// (Rastan and Talbiseh, Hama and its airbase); on a phone, a tap on Hama
// opens Hama and the popup does not pan Syria away.
func TestE2EClickPicksTheMarker(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	for _, id := range []string{"rastan", "talbiseh", "hama", "hama-airbase", "tartus", "tartus-naval-base", "homs", "latakia", "jableh"} {
		tb.do("close popups", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll(".leaflet-popup-close-button").forEach((b) => b.click())`))
		tb.waitFor("no popup", `!document.querySelector(".leaflet-popup")`)
		// The last popup's pan may still be running: the markers must be still
		// before one is measured and clicked.
		tb.mapStill("the map")
		x, y := markerCentre(tb, id)
		tb.do("click "+id, chromedp.MouseClickXY(x, y))
		tb.waitFor(fmt.Sprintf("a popup of %s (clicked at %.0f,%.0f)", id, x, y), `!!document.querySelector(".leaflet-popup-content a")`)
		if got := eval[string](tb, `document.querySelector(".leaflet-popup-content a").getAttribute("href")`); got != "/place/"+id {
			t.Errorf("a click on the centre of %s's marker opened %s", id, got)
		}
	}
	tb.clean()

	ph := phoneTab(t)
	ph.open(base + "/day/2024-12-06")
	before := eval[struct{ Lat, Lon float64 }](ph, `({Lat: window.frontline.view.lat, Lon: window.frontline.view.lon})`)
	x, y := markerCentre(ph, "hama")
	ph.tap(x, y)
	ph.waitFor("a popup", `!!document.querySelector(".leaflet-popup-content a")`)
	if got := eval[string](ph, `document.querySelector(".leaflet-popup-content a").getAttribute("href")`); got != "/place/hama" {
		t.Errorf("a tap on Hama opened %s", got)
	}
	ph.mapStill("the map after the popup")
	for _, id := range []string{"aleppo", "damascus", "homs", "hama"} {
		if !eval[bool](ph, inMapJS+`(`+strconvQuote(id)+`)`) {
			t.Errorf("on a phone, after Hama's popup opened, %s is off the map", id)
		}
	}
	after := eval[struct{ Lat, Lon float64 }](ph, `({Lat: window.frontline.view.lat, Lon: window.frontline.view.lon})`)
	t.Logf("phone view centre before %.2f,%.2f after popup %.2f,%.2f", before.Lat, before.Lon, after.Lat, after.Lon)
	if !eval[bool](ph, `(() => { const m = document.getElementById("map").getBoundingClientRect(), p = document.querySelector(".leaflet-popup").getBoundingClientRect();
		return p.left >= m.left - 1 && p.right <= m.right + 1 && p.top >= m.top - 1; })()`) {
		t.Error("on a phone, Hama's popup does not fit in the map", eval[string](ph, `JSON.stringify([document.getElementById("map").getBoundingClientRect(), document.querySelector(".leaflet-popup").getBoundingClientRect()])`))
	}
	ph.clean()
}

// Item 3: on a phone one finger scrolls the page (and is told to use two
// for the map); the map cannot be dragged far from Syria.
func TestE2EPhoneOneFingerScrollsPage(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := phoneTab(t)
	tb.open(base + "/day/2024-12-06")
	tb.do("top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	m := rectOf(tb, "#map")
	tb.do("top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	m = eval[rect](tb, `(() => { const r = document.getElementById("map").getBoundingClientRect(); return {X: r.x, Y: r.y, Width: r.width, Height: r.height, Visible: true}; })()`)
	before := eval[struct{ Lat, Lon float64 }](tb, `({Lat: window.frontline.view.lat, Lon: window.frontline.view.lon})`)
	y0 := eval[float64](tb, `window.scrollY`)
	// One finger swipes up across the map, as a reader scrolling the page.
	sx, sy := m.cx(), math.Min(m.cy()+100, 800)
	for i := 0; i <= 12; i++ {
		typ := input.DispatchTouchEventTypeTouchMove
		if i == 0 {
			typ = input.DispatchTouchEventTypeTouchStart
		}
		p := input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{{X: sx, Y: sy - float64(i)*25}}}
		if _, err := chromedp.Call(tb.ctx, input.DispatchTouchEvent, p); err != nil {
			t.Fatalf("swipe: %v", err)
		}
		time.Sleep(16 * time.Millisecond)
	}
	if _, err := chromedp.Call(tb.ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}); err != nil {
		t.Fatalf("swipe: %v", err)
	}
	// The hint shows for 2.5 s after the touch: look at once, before the
	// page settles.
	if !eval[bool](tb, `[...document.querySelectorAll("#map .map-hint")].some((e) => /two fingers/i.test(e.textContent) && e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== "hidden")`) {
		t.Error(`no visible "Use two fingers to move the map" hint after a one-finger touch`)
	}
	tb.steady("the page", `[window.scrollY, window.frontline.view]`)
	y1 := eval[float64](tb, `window.scrollY`)
	after := eval[struct{ Lat, Lon float64 }](tb, `({Lat: window.frontline.view.lat, Lon: window.frontline.view.lon})`)
	if y1-y0 < 100 {
		t.Errorf("a one-finger swipe up on the map scrolled the page by %.0fpx, want it to scroll the page", y1-y0)
	}
	if math.Abs(after.Lat-before.Lat) > 0.01 || math.Abs(after.Lon-before.Lon) > 0.01 {
		t.Errorf("a one-finger swipe moved the map from %.3f,%.3f to %.3f,%.3f", before.Lat, before.Lon, after.Lat, after.Lon)
	}
	tb.clean()

	// A mouse drags far to the east and south: the map stops near Syria.
	dt := newTab(t)
	dt.open(base + "/day/2024-12-06")
	r := rectOf(dt, "#map")
	for i := 0; i < 5; i++ {
		dt.drag(r.cx(), r.cy(), -300, -200)
	}
	dt.mapStill("the map")
	b := eval[struct{ S, W, N, E float64 }](dt, `(() => { const v = window.frontline.view; return {S: v.lat, W: v.lon, N: v.lat, E: v.lon}; })()`)
	if b.S < 30.3 || b.N > 39.3 || b.W < 33.7 || b.E > 44.4 {
		t.Errorf("after dragging far away the map is centred at %.2f,%.2f, outside the region around Syria", b.S, b.W)
	}
	dt.clean()
}

// Item 5: an open popup says the state of the day shown.
func TestE2EPopupFollowsDay(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	fs := factions(t)
	a, b := controlOn(t, "2024-12-06"), controlOn(t, "2024-12-08")
	var id, want string
	for i := range a {
		if a[i].Controller != nil && b[i].Controller != nil && *a[i].Controller != *b[i].Controller && a[i].ID == b[i].ID && a[i].ID != "" {
			id, want = a[i].ID, fs[*b[i].Controller].Short
			break
		}
	}
	if id == "" {
		t.Fatal("no place changes holder between 6 and 8 Dec")
	}
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	x, y := markerCentre(tb, id)
	tb.do("click "+id, chromedp.MouseClickXY(x, y))
	tb.waitFor("the popup", `!!document.querySelector(".leaflet-popup-content")`)
	tb.setDay(12)
	got := eval[string](tb, `document.querySelector(".leaflet-popup-content") ? document.querySelector(".leaflet-popup-content").textContent : ""`)
	if !strings.Contains(got, "Held by "+want) {
		t.Errorf("the popup of %s on 8 Dec says %q, want it held by %s", id, got, want)
	}
	tb.clean()
}

// Item 7: when the panel cannot load, the page stays on one day and offers
// a retry; the headings follow the slider at once.
func TestE2EPanelFailureShowsRetry(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	tb.histories()
	held := tb.intercept("*/panel")
	var fail atomic.Bool
	fail.Store(true)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case ev := <-held:
				if fail.Load() {
					chromedp.Call(tb.ctx, cdpfetch.FailRequest, cdpfetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonInternetDisconnected})
				} else {
					chromedp.Call(tb.ctx, cdpfetch.ContinueRequest, cdpfetch.ContinueRequestParams{RequestID: ev.RequestID})
				}
			}
		}
	}()
	tb.do("move the slider", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("day-slider"); s.value = "12"; s.dispatchEvent(new Event("input")); s.dispatchEvent(new Event("change")); })()`))
	// The headings follow at once, before any answer.
	heads := eval[[]string](tb, `[document.getElementById("table-title").textContent, document.getElementById("feed-title").textContent]`)
	for _, h := range heads {
		if !strings.Contains(h, "8 December 2024") {
			t.Errorf("heading %q right after the slider moved to 8 Dec", h)
		}
	}
	tb.waitFor("a retry state", `[...document.querySelectorAll("#panel-status")].some((e) => /Could not load/.test(e.textContent) && e.getBoundingClientRect().height > 0)`)
	// No event of the old day is shown under the new day's heading.
	if n := eval[int](tb, `[...document.querySelectorAll("#panel .event")].filter((e) => e.getClientRects().length > 0).length`); n > 0 {
		t.Errorf("%d events of another day are shown while the panel says 8 December", n)
	}
	fail.Store(false)
	tb.do("retry", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll("#panel-status button")].find((b) => /Retry/.test(b.textContent)).click()`))
	tb.waitFor("the 8 Dec panel", `document.getElementById("panel").dataset.day === "2024-12-08" && !/Could not/.test(document.getElementById("panel-status")?.textContent || "")`)
}

// Item 8: while the basemap downloads, the server's map stays readable.
func TestE2EStaticMapStaysUntilBasemap(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	held := tb.intercept("*/basemap*")
	tb.do("open", chromedp.Navigate(base+"/day/2024-12-06"))
	var ev *cdpfetch.EventRequestPaused
	select {
	case ev = <-held:
	case <-time.After(15 * time.Second):
		t.Fatal("the page did not ask for the basemap")
	}
	time.Sleep(300 * time.Millisecond)
	if !eval[bool](tb, `(() => { const s = document.querySelector("#map svg.staticmap"); if (!s) return false;
		const r = document.getElementById("map").getBoundingClientRect();
		const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
		return s.getBoundingClientRect().height > 100 && !!top && !!top.closest("svg.staticmap"); })()`) {
		t.Error("while the basemap downloads, the server-drawn map is not what the reader sees")
	}
	if _, err := chromedp.Call(tb.ctx, cdpfetch.ContinueRequest, cdpfetch.ContinueRequestParams{RequestID: ev.RequestID}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev := range held {
			chromedp.Call(tb.ctx, cdpfetch.ContinueRequest, cdpfetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	tb.waitReady()
	tb.waitFor("the swap", `!document.querySelector("#map svg.staticmap") && document.querySelectorAll("#map .leaflet-basemap-pane path").length > 0`)
	tb.clean()
}

// Item 11: the day links and the timeline keep a view the reader chose.
func TestE2EDayLinksKeepView(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06#8/34.73/36.72")
	if _, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.ID("next-day"))); err != nil {
		t.Fatalf("next day: %v", err)
	}
	tb.waitReady()
	if got := eval[string](tb, `location.pathname + location.hash`); got != "/day/2024-12-07#8/34.73/36.72" {
		t.Errorf("after the next-day link the address is %q, want /day/2024-12-07#8/34.73/36.72", got)
	}
	if z := eval[float64](tb, `window.frontline.view.zoom`); z != 8 {
		t.Errorf("after the next-day link the zoom is %v, want 8", z)
	}
	// A column of the strip is a day, a week or a month (by the data's span);
	// click the last one, whose day is not this page's.
	tb.showStrip()
	col := eval[string](tb, `(() => { const cs = document.querySelectorAll("a.tl-col"); return cs[cs.length - 1].dataset.day; })()`)
	if col == "" || col == "2024-12-07" {
		t.Fatalf("the last timeline column is %q, want another day", col)
	}
	tb.do("click a timeline day", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('a.tl-col[data-day="%s"]').dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}))`, col)))
	tb.until("the clicked day's page", fmt.Sprintf(`location.pathname === "/day/%s" && document.documentElement.dataset.mapReady === "1" && !!window.frontline`, col))
	if got := eval[string](tb, `location.hash`); got != "#8/34.73/36.72" {
		t.Errorf("after a timeline click the view is %q, want #8/34.73/36.72", got)
	}
	tb.clean()
}

// Item 12: on a phone, the timeline's place names stay in view while the
// days scroll, and its scroll area is reachable by keyboard.
func TestE2EPhoneTimelineNamesStay(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	axe, err := os.ReadFile(nodeModule(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	tb := phoneTab(t)
	tb.open(base + "/day/2024-11-27")
	tb.showStrip()
	tb.do("scroll the strip", chromedp.Evaluate[chromedp.Void](`(() => { const w = document.querySelector(".tlwrap"); w.scrollIntoView(); w.scrollLeft = w.scrollWidth; })()`))
	tb.steady("the strip", `[window.scrollY, document.querySelector(".tlwrap").scrollLeft]`)
	type res struct {
		Scrolls bool
		Name    string
		Visible bool
	}
	r := eval[res](tb, `(() => {
		const w = document.querySelector(".tlwrap"), wr = w.getBoundingClientRect();
		const name = document.querySelector("svg.tl .tl-name").textContent;
		const vis = [...w.querySelectorAll("text")].filter((e) => e.textContent === name).some((e) => {
			const r = e.getBoundingClientRect();
			if (r.left < wr.left - 1 || r.right > wr.right + 1 || r.width === 0) return false;
			const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
			return !!top && (top === e || e.contains(top) || top.textContent === name);
		});
		return {Scrolls: w.scrollLeft > 0, Name: name, Visible: vis};
	})()`)
	if !r.Scrolls {
		t.Fatal("the strip does not scroll sideways on a phone; this test needs it to")
	}
	if !r.Visible {
		t.Errorf("after scrolling the strip to its last day, the first row's name %q is out of view", r.Name)
	}
	tb.do("inject axe", chromedp.Evaluate[chromedp.Void](string(axe)))
	bad := eval[[]string](tb, `axe.run(document, {runOnly: ["scrollable-region-focusable"]}).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + " " + n.html.slice(0, 80))))`)
	for _, b := range bad {
		t.Errorf("axe: %s", b)
	}
	if lbl := eval[string](tb, `(document.querySelector(".tlwrap").tabIndex === 0 ? "" : "no tabindex ") + (document.querySelector(".tlwrap").getAttribute("aria-label") || "")`); !strings.Contains(lbl, "imeline") || strings.HasPrefix(lbl, "no tabindex") {
		t.Errorf("the strip's scroll area: %q, want tabindex=0 and a label naming the timeline", lbl)
	}
	tb.clean()
}

// Item 14: every marker takes focus and has a name; Enter opens its popup,
// Escape closes it and gives the focus back.
func TestE2EMarkersKeyboard(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	fs := factions(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	type mk struct {
		ID, Name string
		Tab      int
	}
	got := eval[[]mk](tb, `[...document.querySelectorAll("#map path[data-place]")].map((e) => ({ID: e.dataset.place, Name: e.getAttribute("aria-label") || "", Tab: e.tabIndex}))`)
	if len(got) != numPlaces(t) {
		t.Errorf("%d markers, want %d", len(got), numPlaces(t))
	}
	names := map[string]string{}
	for _, p := range controlOn(t, "2024-12-06") {
		names[p.ID] = p.Name
		if p.Controller != nil {
			names[p.ID+"/holder"] = fs[*p.Controller].Short
		}
	}
	for _, m := range got {
		if m.Tab < 0 {
			t.Errorf("marker %s does not take keyboard focus (tabIndex %d)", m.ID, m.Tab)
		}
		if !strings.Contains(m.Name, names[m.ID]) || names[m.ID+"/holder"] != "" && !strings.Contains(m.Name, names[m.ID+"/holder"]) {
			t.Errorf("marker %s is named %q, want its place %q and holder %q", m.ID, m.Name, names[m.ID], names[m.ID+"/holder"])
		}
	}
	tb.do("focus Homs", chromedp.Evaluate[chromedp.Void](`document.querySelector('#map path[data-place="homs"]').focus()`))
	tb.do("Enter", chromedp.KeyEvent(kb.Enter))
	tb.waitFor("Homs's popup", `!!document.querySelector('.leaflet-popup-content a[href="/place/homs"]')`)
	tb.do("Escape", chromedp.KeyEvent(kb.Escape))
	tb.waitFor("the popup closed", `!document.querySelector(".leaflet-popup")`)
	if f := eval[string](tb, `document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.place || document.activeElement.tagName : ""`); f != "homs" {
		t.Errorf("after Escape the focus is on %q, want Homs's marker", f)
	}
	tb.clean()
}

// Item 19: without JavaScript no slider pretends to work.
func TestE2EWithoutJavaScriptNoDeadSlider(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	tb.do("open the day", chromedp.Navigate(base+"/day/2024-12-06"))
	if eval[bool](tb, `document.getElementById("day-slider").getClientRects().length > 0`) {
		t.Error("without JavaScript the slider is shown, but dragging it does nothing")
	}
	if !eval[bool](tb, `document.getElementById("prev-day").getClientRects().length > 0 && document.getElementById("day-input").getClientRects().length > 0`) {
		t.Error("without JavaScript the day links or the day form are hidden")
	}
	tb.clean()
}

var headlineRE = regexp.MustCompile(`id="headline">([^<]*)<`)

// Item 20: the browser writes the same headline as the server on every day,
// ties included, and a redrawn row reads like the server's.
func TestE2EHeadlineAndRowsMatchServer(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	// The server's headlines are read before the tab opens, so that its
	// budget goes to the browser.
	days := changeDays(t, 60)
	want := map[string]string{}
	for _, day := range days {
		_, body := fetch(t, "/day/"+day)
		m := headlineRE.FindSubmatch(body)
		if m == nil {
			t.Fatalf("no headline in /day/%s", day)
		}
		want[day] = html.UnescapeString(string(m[1]))
	}
	tb := newTab(t)
	tb.open(base + "/day/" + firstDay)
	for _, day := range days {
		tb.setDay(dayOffset(t, day))
		if got := eval[string](tb, `document.getElementById("headline").textContent`); got != want[day] {
			t.Errorf("%s: browser headline %q, server %q", day, got, want[day])
		}
	}
	// Rows redrawn by the slider read like the server's rows, on a day of
	// contests and on one after the government's withdrawal, whose rows say
	// who left.
	const holders = `Object.fromEntries([...document.querySelectorAll("table.holds tbody tr")].map((r) => [r.id, r.cells[1].textContent.replace(/\s+/g, " ").trim()]))`
	for _, day := range []string{"2024-12-06", "2024-12-15"} {
		tb.open(base + "/day/" + day)
		server := eval[map[string]string](tb, holders)
		if day == "2024-12-15" && !strings.Contains(fmt.Sprint(server), "after Government withdrew") {
			t.Errorf("%s: no row says the government withdrew", day)
		}
		serverMarkup := eval[map[string]string](tb, rowMarkupJS)
		tb.setDay(0)
		tb.setDay(dayOffset(t, day))
		redrawn := eval[map[string]string](tb, holders)
		for id, w := range server {
			if g := redrawn[id]; g != w {
				t.Errorf("%s: row %s redrawn reads %q, the server wrote %q", day, id, g, w)
			}
		}
		sameMarkup(t, day, serverMarkup, eval[map[string]string](tb, rowMarkupJS))
	}
	tb.clean()
}

// sameMarkup reports each row (from rowMarkupJS) that the script redrew
// otherwise than the server wrote it.
func sameMarkup(t *testing.T, day string, server, redrawn map[string]string) {
	t.Helper()
	if len(server) == 0 {
		t.Errorf("%s: no rows in the table", day)
	}
	for id, w := range server {
		if g := redrawn[id]; g != w {
			t.Errorf("%s: row %s redrawn is\n%s\nthe server wrote\n%s", day, id, g, w)
		}
	}
}

// Item 17: a small embed shows all of Syria, and the day page offers the
// code to embed it.
func TestE2EEmbedFitsAndSnippet(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	for _, size := range [][2]int64{{320, 260}, {600, 450}} {
		tb := newTab(t, chromedp.EmulateViewport(size[0], size[1]))
		tb.do("open the embed", chromedp.Navigate(base+"/embed/2024-12-06"))
		tb.waitFor("the embed map", `document.documentElement.dataset.mapReady === "1"`)
		tb.waitFor("the embed's markers", `document.querySelectorAll("#map path[data-place]").length > 0`)
		tb.steady("the embed's markers", `[...document.querySelectorAll("#map path[data-place]")].map((e) => e.getAttribute("d"))`)
		type res struct {
			Out      []string
			Markers  int
			Overflow bool
			MapShare float64
		}
		r := eval[res](tb, `(() => {
			const m = document.getElementById("map").getBoundingClientRect();
			const share = m.height / innerHeight;
			const ms = [...document.querySelectorAll("#map path[data-place]")];
			const out = ms.filter((e) => { const r = e.getBoundingClientRect(); const x = r.x + r.width / 2, y = r.y + r.height / 2;
				return x < m.left || x > m.right || y < m.top || y > m.bottom || y > innerHeight || x > innerWidth; }).map((e) => e.dataset.place);
			return {Out: out, Markers: ms.length, Overflow: document.documentElement.scrollWidth > innerWidth, MapShare: share};
		})()`)
		if r.Markers == 0 || len(r.Out) > 0 || r.Overflow {
			t.Errorf("embed at %dx%d: %d markers, cut off: %v, horizontal overflow %v", size[0], size[1], r.Markers, r.Out, r.Overflow)
		}
		// The map, not the chrome around it, takes the frame.
		if r.MapShare < 0.6 {
			t.Errorf("embed at %dx%d: the map takes %.0f%% of the frame's height, want at least 60%%", size[0], size[1], 100*r.MapShare)
		}
		tb.clean()
	}
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	code := eval[string](tb, `(() => { const d = [...document.querySelectorAll("details")].find((e) => /Embed this map/.test(e.querySelector("summary")?.textContent || ""));
		if (!d) return ""; const c = d.querySelector("textarea, code"); return c ? (c.value || c.textContent) : ""; })()`)
	want := `<iframe src="` + base + `/embed/2024-12-06"`
	if !strings.Contains(code, want) {
		t.Errorf("embed snippet = %q, want it to contain %s", code, want)
	}
	tb.setDay(11)
	if code := eval[string](tb, `document.getElementById("embed-code") ? document.getElementById("embed-code").value : ""`); !strings.Contains(code, "/embed/2024-12-07") {
		t.Errorf("after the slider moved to 7 Dec the snippet is %q", code)
	}
	tb.clean()
}

// TestE2ESymbolsOneLanguage: the legend, the live markers and the
// server-drawn map say held, contested and claimed the same way, from the
// one definition in internal/symbol: a contested place has a ring in its
// challenger's colour of the defined width; a claimed one is paler with the
// defined dashes; the legend's words are the definition's.
func TestE2ESymbolsOneLanguage(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	type place struct {
		ID, Controller, Status, Confidence string
		Challenger                         *string
	}
	var api struct{ Places []place }
	resp, err := http.Get(base + "/api/v1/control?day=2024-12-07")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&api)
	resp.Body.Close()
	var factions struct{ Factions []struct{ ID, Color string } }
	resp, err = http.Get(base + "/api/v1/factions")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&factions)
	resp.Body.Close()
	colour := map[string]string{}
	for _, f := range factions.Factions {
		colour[f.ID] = strings.ToLower(f.Color)
	}
	tb.open(base + "/day/2024-12-07")
	type mark struct{ Stroke, Width, Dash, FillOpacity string }
	marks := eval[map[string]mark](tb, `Object.fromEntries([...document.querySelectorAll("#map path[data-place]")].map((p) => [p.getAttribute("data-place"),
		{Stroke: (p.getAttribute("stroke") || "").toLowerCase(), Width: p.getAttribute("stroke-width") || "", Dash: p.getAttribute("stroke-dasharray") || "", FillOpacity: p.getAttribute("fill-opacity") || ""}]))`)
	sym := eval[map[string]any](tb, `JSON.parse(document.getElementById("timeline").textContent).symbols`)
	var sawContested, sawClaimed bool
	for _, p := range api.Places {
		m, ok := marks[p.ID]
		if !ok {
			continue
		}
		if p.Status == "contested" && p.Challenger != nil {
			sawContested = true
			if m.Stroke != colour[*p.Challenger] || m.Width != fmt.Sprint(sym["ringWidth"]) {
				t.Errorf("%s contested by %s: marker ring %s %s, want %s %v", p.ID, *p.Challenger, m.Stroke, m.Width, colour[*p.Challenger], sym["ringWidth"])
			}
		}
		if p.Confidence == "claimed" {
			sawClaimed = true
			if m.Dash != sym["claimedDash"] || m.FillOpacity != fmt.Sprint(sym["claimedFill"]) {
				t.Errorf("%s claimed: marker dashes %q fill-opacity %q, want %v %v", p.ID, m.Dash, m.FillOpacity, sym["claimedDash"], sym["claimedFill"])
			}
		} else if m.Dash != "" {
			t.Errorf("%s confirmed: marker dashed %q", p.ID, m.Dash)
		}
	}
	if !sawContested || !sawClaimed {
		t.Fatalf("7 December has no contested (%v) or claimed (%v) listed place to check", sawContested, sawClaimed)
	}
	keys := eval[[]string](tb, `[...document.querySelectorAll("#legend li.key .name")].map((e) => e.textContent)`)
	if want := []string{"Contested: stripes or a ring in the challenger's colour", "Joint: dots or a half in the partner's colour", "Claimed only: paler, with a dashed edge"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("legend keys %q, want %q", keys, want)
	}
	// The server-drawn map, read without JavaScript: its rings are in
	// challengers' colours and its claimed dots dashed the same way.
	body, err := http.Get(base + "/day/2024-12-07")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(body.Body)
	body.Body.Close()
	svg := string(page[bytes.Index(page, []byte(`<svg class="staticmap"`)):])
	svg = svg[:strings.Index(svg, "</svg>")]
	if !regexp.MustCompile(`class="ring"`).MatchString(svg) || !strings.Contains(svg, fmt.Sprintf(`stroke-width="%v" class="ring"`, sym["ringWidth"])) {
		t.Error("the server-drawn map has no challenger ring of the defined width")
	}
	if !strings.Contains(svg, fmt.Sprintf(`stroke-dasharray="%v" class="claimed"`, sym["claimedDash"])) {
		t.Error("the server-drawn map has no claimed dot with the defined dashes")
	}
	tb.clean()
}

// TestE2EHighlightedRowsMatchServer: the rows the browser highlights after
// the slider moves to a day are the rows the server highlights on that
// day's page, on days of change and the days after them.
func TestE2EHighlightedRowsMatchServer(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	rowRE := regexp.MustCompile(`<tr id="row-([a-z0-9-]+)"[^>]*class="changed"`)
	days := changeDays(t, 60)
	want := map[string][]string{}
	for _, day := range days {
		_, body := fetch(t, "/day/"+day)
		rows := []string{}
		for _, m := range rowRE.FindAllStringSubmatch(string(body), -1) {
			rows = append(rows, m[1])
		}
		slices.Sort(rows)
		want[day] = rows
	}
	tb := newTab(t)
	tb.open(base + "/day/" + firstDay)
	sawAny := false
	for _, day := range days {
		if got := eval[string](tb, fmt.Sprintf(`window.frontline.setDay(%d).then(() => window.frontline.day)`, dayOffset(t, day))); got != day {
			t.Fatalf("setDay(%d) went to %s, want %s", dayOffset(t, day), got, day)
		}
		got := eval[[]string](tb, `[...document.querySelectorAll("tr.changed")].map((r) => r.id.slice(4)).sort()`)
		if !reflect.DeepEqual(got, want[day]) {
			t.Errorf("%s: the browser highlights %v, the server %v", day, got, want[day])
		}
		sawAny = sawAny || len(want[day]) > 0
	}
	if !sawAny {
		t.Error("no day highlights any row")
	}
	tb.clean()
}

// latinAllowed are the words an Arabic page may show in Latin script outside
// elements marked lang="en": proper nouns of sources and formats, and the
// day format that addresses use.
var latinAllowed = []string{"Natural Earth", "GeoNames", "GSHHG", "CC BY", "LGPL", "ODbL", "GeoJSON", "JSON", "CSV", "Atom",
	"Leaflet", "geoBoundaries", "IGO", "YYYY-MM-DD", "frontline import DIR", "OpenStreetMap", "Frontline", "SOHR", "HTS", "SDF", "SNA"}

// TestE2EArabicHasNoEnglishChrome walks every Arabic page type and finds
// Latin words only inside elements marked lang="en" (English names and
// summaries the data has in English alone, source quotes) and in the proper
// nouns latinAllowed lists: the chrome is Arabic everywhere.
func TestE2EArabicHasNoEnglishChrome(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	allowed, _ := json.Marshal(latinAllowed)
	pages := []struct {
		name, path string
		js         bool
	}{
		{"day", "/ar/day/2024-12-06", true},
		{"home", "/ar", true},
		{"error", "/ar/day/2024-13-01", false},
		{"not found", "/ar/no/such/page", false},
		{"place", "/ar/place/aleppo", false},
		{"places", "/ar/places", false},
		{"changes", "/ar/changes?from=2024-11-26&to=2024-12-08", false},
		{"about", "/ar/about", false},
		{"embed", "/ar/embed/2024-12-06", true},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			tb := newTab(t)
			tb.do("open "+pg.path, chromedp.Navigate(base+pg.path))
			if pg.js {
				if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelectorAll("#map .place-label").length > 0`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
					t.Fatalf("the map did not load: %v", err)
				}
			}
			res := eval[struct {
				Lang, Dir string
				Texts     int
				Latin     []string
			}](tb, `(() => {
				const allowed = `+string(allowed)+`;
				const skip = new Set(["SCRIPT", "STYLE", "CODE", "PRE", "TEXTAREA", "NOSCRIPT"]);
				const english = (el) => { const l = el.closest("[lang]"); return l && l.lang.startsWith("en"); };
				const latin = [];
				let texts = 0;
				const check = (el, s, where) => {
					let rest = s;
					for (const a of allowed) rest = rest.split(a).join(" ");
					rest = rest.replace(/https?:\/\/\S+/g, " ");
					// A site named by its address (tipsclear.com) is a proper noun.
					rest = rest.replace(/\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|info|news|tv|uk|sy)\b/g, " ");
					const m = rest.match(/[A-Za-z]{2,}/g);
					if (m) latin.push(where + ": " + m.join(" ") + " in «" + s.trim().slice(0, 80) + "»");
				};
				const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
				for (let n = walk.nextNode(); n; n = walk.nextNode()) {
					const el = n.parentElement;
					if (!el || el.closest("script,style,code,pre,textarea,noscript") || english(el)) continue;
					if (!n.nodeValue.trim()) continue;
					texts++;
					check(el, n.nodeValue, el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""));
				}
				for (const el of document.querySelectorAll("[aria-label],[title],[alt],[placeholder],meta[name=description],meta[property^='og:'],title")) {
					if (english(el)) continue;
					for (const a of ["aria-label", "title", "alt", "placeholder"]) if (el.hasAttribute(a)) check(el, el.getAttribute(a), el.tagName.toLowerCase() + "[" + a + "]");
					const prop = el.getAttribute("property") || el.getAttribute("name") || "";
					if (el.tagName === "META" && /description|title|alt/.test(prop)) check(el, el.getAttribute("content"), "meta " + prop);
				}
				return { Lang: document.documentElement.lang, Dir: document.documentElement.dir, Texts: texts, Latin: latin };
			})()`)
			if res.Lang != "ar" || res.Dir != "rtl" {
				t.Errorf("html lang=%q dir=%q, want ar rtl", res.Lang, res.Dir)
			}
			if res.Texts < 5 {
				t.Errorf("only %d text nodes checked: the page did not render", res.Texts)
			}
			for _, l := range res.Latin {
				t.Errorf("Latin text outside lang=en on %s: %s", pg.path, l)
			}
			t.Logf("%s: %d text nodes checked, %d with Latin words", pg.path, res.Texts, len(res.Latin))
		})
	}
}

// successionRows are an editor's rows that end HTS and the SNA into the
// transitional government at the end of the data, with joint holds and a
// contest whose partner or challenger ends, and a place event on a
// succession's day: every branch of the rule the browser must follow.
var successionRows = []string{
	"e2e-joint-kobani,2024-12-27,kobani,,control,sdf,joint,hts,confirmed,Joint hold with HTS.,",
	"e2e-contest-raqqa,2024-12-27,raqqa,,control,sdf,contested,sna,confirmed,The SNA contests Raqqa.,",
	"e2e-end-hts,2024-12-28,,,control,transitional,succession,hts,confirmed,HTS ends into the transitional government.,",
	"e2e-tabqa,2024-12-28,tabqa,,control,transitional,held,,claimed,Tabqa on the day HTS ends.,",
	"e2e-end-sna,2024-12-29,,,control,transitional,succession,sna,confirmed,The SNA ends into the transitional government.,",
	"e2e-joint-tishrin,2024-12-30,tishrin-dam,,control,sdf,joint,transitional,confirmed,Joint hold of the dam.,",
}

// TestE2ESuccessionRowsMatchServer serves the dataset with successionRows
// imported and checks, on every day they touch, that the rows, highlights,
// legend and markers the slider redraws are the server's.
func TestE2ESuccessionRowsMatchServer(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	events := "id,day,place,area,kind,controller,status,challenger,confidence,summary,summary_ar\n"
	sources := "event,outlet,title,url,seed,quote,published\n"
	for _, r := range successionRows {
		events += r + "\n"
		id, _, _ := strings.Cut(r, ",")
		sources += id + ",SOHR,,,,reported,\n"
	}
	os.WriteFile(filepath.Join(dir, "events.csv"), []byte(events), 0o644)
	os.WriteFile(filepath.Join(dir, "sources.csv"), []byte(sources), 0o644)
	db := filepath.Join(t.TempDir(), "s.db")
	if out, errOut, err := runCmd(t, "import", "--db", db, dir); err != nil {
		t.Fatalf("import: %v\n%s%s", err, out, errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &serverLog{listening: make(chan string, 1)}
	served := make(chan error, 1)
	go func() {
		served <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, strings.NewReader(""), io.Discard, logs)
	}()
	t.Cleanup(func() { cancel(); <-served })
	var base string
	select {
	case base = <-logs.listening:
	case err := <-served:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not listen within 60s")
	}
	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if api := get("/api/v1/factions"); !strings.Contains(api, `"id":"hts"`) || !strings.Contains(api, `"until":"2024-12-27","successor":"transitional"`) {
		t.Errorf("/api/v1/factions does not end HTS on 27 December: %s", api)
	}
	tb := newTab(t)
	const holders = `Object.fromEntries([...document.querySelectorAll("table.holds tbody tr")].map((r) => [r.id, r.cells[1].textContent.replace(/\s+/g, " ").trim() + " | " + r.cells[2].textContent.trim() + " | " + r.classList.contains("changed")]))`
	const legend = `[...document.querySelectorAll("#legend li[data-faction]")].filter((li) => !li.hidden).map((li) => li.dataset.faction)`
	const markers = `Object.fromEntries([...document.querySelectorAll("#map path[data-place]")].map((p) => [p.getAttribute("data-place"), (p.getAttribute("fill") || "") + " " + (p.getAttribute("data-controller") || "")]))`
	saw := map[string]bool{}
	for _, day := range []string{"2024-12-27", "2024-12-28", "2024-12-29", "2024-12-30", "2024-12-31"} {
		tb.open(base + "/day/" + day)
		server, serverLegend, serverMarkers := eval[map[string]string](tb, holders), eval[[]string](tb, legend), eval[map[string]string](tb, markers)
		serverMarkup := eval[map[string]string](tb, rowMarkupJS)
		tb.setDay(0)
		tb.setDay(dayOffset(t, day))
		redrawn, redrawnLegend, redrawnMarkers := eval[map[string]string](tb, holders), eval[[]string](tb, legend), eval[map[string]string](tb, markers)
		sameMarkup(t, day, serverMarkup, eval[map[string]string](tb, rowMarkupJS))
		for id, w := range server {
			if g := redrawn[id]; g != w {
				t.Errorf("%s: row %s redrawn reads %q, the server wrote %q", day, id, g, w)
			}
			if strings.Contains(w, "Transitional") {
				saw["transitional"] = true
			}
			if strings.Contains(w, "jointly with") {
				saw["joint"] = true
			}
		}
		if !reflect.DeepEqual(redrawnLegend, serverLegend) {
			t.Errorf("%s: the redrawn legend names %v, the server's %v", day, redrawnLegend, serverLegend)
		}
		if slices.Contains(serverLegend, "hts") != (day < "2024-12-28") {
			t.Errorf("%s: the legend names %v", day, serverLegend)
		}
		// The markers drawn for the day directly and after the slider moved agree.
		if !reflect.DeepEqual(redrawnMarkers, serverMarkers) {
			t.Errorf("%s: markers after the slider moved %v, on opening %v", day, redrawnMarkers, serverMarkers)
		}
		for _, m := range serverMarkers {
			if strings.HasPrefix(m, "url(#split-") {
				saw["split"] = true
			}
		}
	}
	for _, what := range []string{"transitional", "joint", "split"} {
		if !saw[what] {
			t.Errorf("no day showed %s", what)
		}
	}
	tb.clean()
}
