package main

import (
	"fmt"
	"html"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// territoryFetched lists the paths under /territory/ the page has fetched.
const territoryFetched = `performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.startsWith("/territory/"))`

// A first visit paints its own day from what the page carries and fetches
// the territory's geometry but no history: neither every cell's history nor
// the timeline file (the places' histories and every day's headline), which
// grow with the days. The first move of the slider fetches both and then
// paints the day it moved to: the land, the markers, the headline and the
// address. The embed, which shows one day, never fetches them.
func TestE2EFirstVisitFetchesNoHistory(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	const day, other = "2024-12-06", "2024-12-08"
	_, body := fetch(t, "/day/"+other)
	m := headlineRE.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no headline in /day/%s", other)
	}
	wantHeadline := html.UnescapeString(string(m[1]))
	wantLand, otherLand := landOf(t, base, day), landOf(t, base, other)
	if reflect.DeepEqual(wantLand, otherLand) {
		t.Fatalf("the land of %s and %s is the same (%v): the test cannot tell them apart", day, other, wantLand)
	}

	tb := newTab(t)
	tb.open(base + "/day/" + day)
	tb.waitFor("the land", `window.frontline.land && Object.keys(window.frontline.land).length > 0`)
	if got := eval[map[string]int](tb, `window.frontline.land`); !reflect.DeepEqual(got, wantLand) {
		t.Errorf("land on the first visit: %v, want %v", got, wantLand)
	}
	checkMarkers(t, tb, day)
	isHistory := func(p string) bool {
		return strings.HasPrefix(p, "/territory/history.") || strings.HasPrefix(p, "/territory/timeline.")
	}
	got := eval[[]string](tb, territoryFetched)
	if !slices.ContainsFunc(got, func(p string) bool { return !isHistory(p) }) {
		t.Errorf("the first visit fetched %v under /territory/, want the territory file", got)
	}
	for _, p := range got {
		if isHistory(p) {
			t.Errorf("the first visit fetched %s", p)
		}
	}
	if eval[bool](tb, `window.frontline.hasHistory`) {
		t.Error("the page says it has the histories before any move")
	}

	// The first move, as a drag that ends on another day sends it: input,
	// then change at the release. The map says it is busy at once (no
	// fetch can have answered within the same script), and not once the
	// day has moved.
	busy := eval[string](tb, fmt.Sprintf(`(() => {
		const s = document.getElementById("day-slider");
		s.value = "%d";
		s.dispatchEvent(new Event("input", { bubbles: true }));
		s.dispatchEvent(new Event("change", { bubbles: true }));
		return document.getElementById("map").getAttribute("aria-busy") || "";
	})()`, dayOffset(t, other)))
	if busy != "true" {
		t.Errorf("while the first move waits for the histories the map's aria-busy is %q, want true", busy)
	}
	tb.waitFor("the day moved to", fmt.Sprintf(`window.frontline.day === %q`, other))
	tb.waitFor("the map no longer busy", `!document.getElementById("map").hasAttribute("aria-busy")`)
	got = eval[[]string](tb, territoryFetched)
	for _, prefix := range []string{"/territory/history.", "/territory/timeline.en."} {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, prefix) }) {
			t.Errorf("after the first move the page fetched %v under /territory/, want %s…", got, prefix)
		}
	}
	if got := eval[map[string]int](tb, `window.frontline.land`); !reflect.DeepEqual(got, otherLand) {
		t.Errorf("land after the first move to %s: %v, want %v", other, got, otherLand)
	}
	checkMarkers(t, tb, other)
	if got := eval[string](tb, `document.getElementById("headline").textContent`); got != wantHeadline {
		t.Errorf("headline after the first move: %q, want the server's %q", got, wantHeadline)
	}
	tb.waitFor("the address", fmt.Sprintf(`location.pathname === %q`, "/day/"+other))
	tb.clean()

	eb := newTab(t)
	eb.do("open the embed", chromedp.Navigate(base+"/embed/"+day))
	eb.waitFor("the embed map", `document.documentElement.dataset.mapReady === "1"`)
	checkMarkers(t, eb, day)
	got = eval[[]string](eb, territoryFetched)
	if len(got) == 0 {
		t.Error("the embed fetched no territory file")
	}
	for _, p := range got {
		if isHistory(p) {
			t.Errorf("the embed fetched %s", p)
		}
	}
	eb.clean()
}

// The timeline strip's grid is a file of its own, the same for every day
// (it grows with the data, the page must not): a first visit on a phone,
// where the strip lies far below the map, does not fetch it; scrolling
// to the strip brings it into the page's frame once, with every place's
// row, the list of changes for a screen reader and the day still marked.
func TestE2EStripLoadsNearTheView(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	const stripFetched = `performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.startsWith("/strip/"))`
	tb := phoneTab(t)
	tb.open(base + "/day/2024-12-06")
	marker := eval[string](tb, `document.getElementById("tl-now").getAttribute("x")`)
	if got := eval[[]string](tb, stripFetched); len(got) != 0 {
		t.Errorf("the first visit fetched %v before the reader scrolled to the strip", got)
	}
	if n := eval[int](tb, `document.querySelectorAll("svg.tl .tl-name").length`); n != 0 {
		t.Errorf("the strip has %d rows before it came near the view, want none yet", n)
	}
	tb.showStrip()
	if got := eval[[]string](tb, stripFetched); len(got) != 1 || !strings.HasPrefix(got[0], "/strip/strip.en.") {
		t.Errorf("after scrolling to the strip the page fetched %v, want its one file", got)
	}
	places := eval[int](tb, `JSON.parse(document.getElementById("timeline").textContent).places.length`)
	if n := eval[int](tb, `document.querySelectorAll("svg.tl .tl-name").length`); n != places {
		t.Errorf("the strip shows %d rows, want one for each of the %d places", n, places)
	}
	if lbl := eval[string](tb, `document.querySelector("svg.tl").getAttribute("aria-label")`); !strings.Contains(lbl, "Aleppo to HTS on 30 Nov") {
		t.Errorf("the strip's label %.120q… does not list the changes of holder", lbl)
	}
	// The marker stays last, over the grid, where the day puts it.
	if got := eval[string](tb, `(() => { const m = document.getElementById("tl-now"); return m === m.parentNode.lastElementChild ? m.getAttribute("x") : "not last"; })()`); got != marker {
		t.Errorf("the day's marker after the grid came: x=%s, want x=%s and drawn over the grid", got, marker)
	}
	if eval[bool](tb, `getComputedStyle(document.querySelector(".tl-file")).display !== "none"`) {
		t.Error("with the script running, the page still shows its link to the strip's file")
	}
	tb.clean()
}
