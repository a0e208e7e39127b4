package main

// Issue 24: the map first. On a phone and on a laptop, in English and in
// Arabic, with and without JavaScript, the first screen is mostly map, the
// whole country is in it, and the map itself says which day it shows.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// firstScreen is what the first screen of a day page shows, measured at
// the top of the page.
type firstScreen struct {
	MapVisible float64 // px of the map's height inside the first screen
	MapWidth   float64
	// The country's outline (the live map's or the server-drawn one) inside
	// the map's box and inside the first screen.
	CountryIn bool
	Country   [4]float64 // its box: left, top, right, bottom
	Map       [4]float64
	// The day's controls: the day shown and the slider (the day form
	// without JavaScript) end inside the first screen.
	DayBottom, ControlBottom float64
	Stamp                    string // the day written on the map
	StampIn                  bool   // the stamp lies inside the map's box
	Inner                    float64
}

const measureFirstScreen = `(() => {
	window.scrollTo(0, 0);
	const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
	const map = document.getElementById("map");
	const m = box(map);
	const live = document.querySelector("#map .leaflet-basemap-pane path[stroke='#55606e']");
	const still = document.querySelector("#map svg.staticmap path.land.focus");
	const c = box(live || still);
	const js = document.documentElement.classList.contains("js");
	const control = js ? document.getElementById("day-slider") : document.getElementById("day-input");
	const stamp = document.getElementById("map-stamp");
	const s = stamp ? box(stamp) : [0, 0, 0, 0];
	const within = (a, b) => a[0] >= b[0] - 1 && a[1] >= b[1] - 1 && a[2] <= b[2] + 1 && a[3] <= b[3] + 1;
	return {
		MapVisible: Math.max(0, Math.min(m[3], innerHeight) - Math.max(m[1], 0)),
		MapWidth: m[2] - m[0],
		CountryIn: within(c, m) && c[3] <= innerHeight + 1,
		Country: c, Map: m,
		DayBottom: box(document.getElementById("day-out"))[3],
		ControlBottom: box(control)[3],
		Stamp: stamp ? stamp.textContent.replace(/\s+/g, " ").trim() : "",
		StampIn: !!stamp && within(s, m),
		Inner: innerHeight,
	};
})()`

func TestE2EMapFirst(t *testing.T) {
	base := startServer(t)
	last := lastDay(t)
	noJS := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	for _, size := range []struct {
		name    string
		w, h    int64
		phone   bool
		minMap  float64
		minWide float64
	}{
		{"phone", 390, 844, true, 350, 330},
		{"desktop", 1366, 768, false, 550, 700},
	} {
		for _, lang := range []struct{ prefix, stamp, asof string }{
			{"", "Sunday 8 December 2024", "data as of"},
			{"/ar", "الأحد ٨ كانون الأول ٢٠٢٤", "آخر تحديث للبيانات"},
		} {
			for _, js := range []bool{true, false} {
				name := fmt.Sprintf("%s%s/js=%v", size.name, lang.prefix, js)
				t.Run(name, func(t *testing.T) {
					var setup []chromedp.Action[chromedp.Void]
					if size.phone {
						setup = append(setup, chromedp.EmulateViewport(size.w, size.h, chromedp.EmulateMobile, chromedp.EmulateTouch))
					} else {
						setup = append(setup, chromedp.EmulateViewport(size.w, size.h))
					}
					if !js {
						setup = append(setup, noJS)
					}
					tb := newTab(t, setup...)
					url := base + lang.prefix + "/day/2024-12-08"
					if js {
						tb.open(url)
						tb.waitFor("the basemap", `!!document.querySelector("#map .leaflet-basemap-pane path[stroke='#55606e']")`)
						// The map refits as the layout settles; wait until the
						// outline stops moving.
						tb.waitFor("the map at rest", `new Promise((ok) => { const p = document.querySelector("#map .leaflet-basemap-pane path[stroke='#55606e']");
							const a = JSON.stringify(p.getBoundingClientRect()); requestAnimationFrame(() => requestAnimationFrame(() => ok(a === JSON.stringify(p.getBoundingClientRect())))); })`)
					} else {
						tb.do("open "+url, chromedp.Navigate(url))
					}
					got := eval[firstScreen](tb, measureFirstScreen)
					t.Logf("%s: %.0f px of map (%.0f wide) in a %.0f px first screen; day ends at %.0f, control at %.0f; country %v in map %v",
						name, got.MapVisible, got.MapWidth, got.Inner, got.DayBottom, got.ControlBottom, got.Country, got.Map)
					if got.MapVisible < size.minMap {
						t.Errorf("the first screen shows %.0f px of the map's height, want at least %.0f", got.MapVisible, size.minMap)
					}
					if got.MapWidth < size.minWide {
						t.Errorf("the map is %.0f px wide, want at least %.0f", got.MapWidth, size.minWide)
					}
					if !got.CountryIn {
						t.Errorf("the whole country is not in the map in the first screen: outline %v, map %v, screen height %.0f", got.Country, got.Map, got.Inner)
					}
					if size.phone && (got.DayBottom > got.Inner || got.ControlBottom > got.Inner) {
						t.Errorf("the day (bottom %.0f) or its control (bottom %.0f) is below the first screen (%.0f)", got.DayBottom, got.ControlBottom, got.Inner)
					}
					if !strings.Contains(got.Stamp, lang.stamp) || !strings.Contains(got.Stamp, lang.asof) || !got.StampIn {
						t.Errorf("the map says %q (inside the map: %v), want the day %q and %q", got.Stamp, got.StampIn, lang.stamp, lang.asof)
					}
					if js {
						// The day on the map follows the slider.
						tb.setDay(dayOffset(t, last))
						want := eval[string](tb, `document.getElementById("day-long").textContent`)
						if s := eval[string](tb, `document.getElementById("stamp-day").textContent + "|" + document.getElementById("stamp-day").dateTime`); s != want+"|"+last {
							t.Errorf("after the slider moved to %s the map says %q, want %q", last, s, want+"|"+last)
						}
					}
					tb.clean()
				})
			}
		}
	}
}

// TestE2EEmbedWholeLegend: the embed shows every entry of its legend inside
// the frame, at its default 600×450 and at 300×250, with nothing in a
// scroller, in English and Arabic.
func TestE2EEmbedWholeLegend(t *testing.T) {
	base := startServer(t)
	for _, size := range [][2]int64{{600, 450}, {300, 250}} {
		for _, prefix := range []string{"", "/ar"} {
			t.Run(fmt.Sprintf("%dx%d%s", size[0], size[1], prefix), func(t *testing.T) {
				tb := newTab(t, chromedp.EmulateViewport(size[0], size[1]))
				tb.do("open the embed", chromedp.Navigate(base+prefix+"/embed/2024-12-08"))
				tb.waitFor("the embed map", `document.documentElement.dataset.mapReady === "1"`)
				type res struct {
					Entries  int
					Hidden   []string
					Scroller []string
					Page     bool
					MapH     float64
				}
				r := eval[res](tb, `(() => {
					const lis = [...document.querySelectorAll("#legend li")];
					const hidden = lis.filter((li) => { const r = li.getBoundingClientRect(), s = getComputedStyle(li);
						return s.display === "none" || s.visibility === "hidden" || r.width === 0 || r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5; })
						.map((li) => li.textContent.replace(/\s+/g, " ").trim());
					const scroller = [...document.querySelectorAll("body, body *")].filter((e) => !e.closest("#map") && !e.classList.contains("visually-hidden") && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) && /auto|scroll|hidden/.test(getComputedStyle(e).overflowX + getComputedStyle(e).overflowY)).map((e) => e.tagName + "." + e.className);
					return {Entries: lis.length, Hidden: hidden, Scroller: scroller,
						Page: document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1,
						MapH: document.getElementById("map").getBoundingClientRect().height};
				})()`)
				t.Logf("%d legend entries; map %.0f px tall", r.Entries, r.MapH)
				if r.Entries < 3 || len(r.Hidden) > 0 || len(r.Scroller) > 0 || r.Page {
					t.Errorf("legend of %d entries: hidden or cut off %q; scrollers %q; the page scrolls: %v", r.Entries, r.Hidden, r.Scroller, r.Page)
				}
				tb.clean()
			})
		}
	}
}

// TestE2EMapModulesPreloaded: on the day page the inline boot script asks for
// every module the map imports as modulepreload (see
// internal/server's TestDayPagePreloadsMapModules for the list), and the
// browser then fetches each module once: a preload under another address
// than the import's would fetch it twice.
func TestE2EMapModulesPreloaded(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/ar/day/2024-12-06")
	type got struct {
		Links, Modules, Fetches int
	}
	g := eval[got](tb, `(() => {
		const links = [...document.head.querySelectorAll('link[rel=modulepreload]')].map((l) => new URL(l.href).pathname);
		const js = performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).filter((p) => p.startsWith("/assets/js/"));
		const wanted = document.querySelector("script[data-preload]").dataset.preload.split(" ");
		return {Links: links.filter((l) => wanted.includes(l)).length, Modules: wanted.length, Fetches: js.filter((p) => wanted.includes(p)).length + js.filter((p) => !wanted.includes(p) && !p.includes("/map.")).length};
	})()`)
	if g.Modules < 4 || g.Links != g.Modules || g.Fetches != g.Modules {
		t.Errorf("modules to preload %d, modulepreload links for them %d, module fetches besides map.js %d; want the three equal (at least 4)", g.Modules, g.Links, g.Fetches)
	}
	tb.clean()
}
