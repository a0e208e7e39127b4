package main

// Issue 24, the map's furniture: each kind of place in its own shape on the
// live and the server-drawn map, a scale bar inside the map clear of the
// credits, a popup clear of the zoom buttons, the whole country in a
// phone's map, and the timeline strip readable on a phone.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"frontline/internal/symbol"
)

// placeKinds is every place's kind by id, from the API.
func placeKinds(t *testing.T) map[string]string {
	t.Helper()
	var body struct {
		Places []struct{ ID, Kind string }
	}
	getJSON(t, "/api/v1/places", &body)
	kinds := map[string]string{}
	for _, p := range body.Places {
		kinds[p.ID] = p.Kind
	}
	if len(kinds) == 0 {
		t.Fatal("GET /api/v1/places: no places")
	}
	return kinds
}

// drawnShape is how a place is drawn: the shape it names and its outline.
type drawnShape struct {
	Kind string // the shape's name (data-kind)
	D    string // the SVG path
	W, H float64
}

// corners counts the corners of a polygon path (M x y L x y ... Z); zero for
// a path drawn with arcs.
func corners(d string) int {
	if strings.ContainsAny(d, "aA") {
		return 0
	}
	return strings.Count(d, "L") + 1
}

// checkShapes asserts that every place is drawn in its kind's shape, that
// the data's kinds draw more than one shape, and that the shapes of
// different kinds differ.
func checkShapes(t *testing.T, where string, kinds map[string]string, got map[string]drawnShape) {
	t.Helper()
	if len(got) != len(kinds) {
		t.Errorf("%s: %d places drawn with a shape, want %d", where, len(got), len(kinds))
	}
	names := map[string]bool{}
	for id, kind := range kinds {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s: %s (%s) is not drawn with a shape", where, id, kind)
			continue
		}
		want := symbol.ShapeOf(kind)
		names[g.Kind] = true
		if g.Kind != want.Name {
			t.Errorf("%s: %s is a %s drawn as %q, want %q", where, id, kind, g.Kind, want.Name)
		}
		if n := corners(g.D); n != len(want.Points) {
			t.Errorf("%s: %s (%s) has %d corners in %q, want %d", where, id, kind, n, g.D, len(want.Points))
		}
		if g.W < 6 || g.H < 6 {
			t.Errorf("%s: %s (%s) is %.1f×%.1f px, too small to read", where, id, kind, g.W, g.H)
		}
	}
	kindsIn := map[string]bool{}
	for _, k := range kinds {
		kindsIn[symbol.ShapeOf(k).Name] = true
	}
	if len(names) != len(kindsIn) || len(names) < 4 {
		t.Errorf("%s: %d shapes drawn (%v), want one per kind's shape (%v)", where, len(names), names, kindsIn)
	}
}

func TestE2EPlaceShapes(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	kinds := placeKinds(t)
	for _, k := range kinds {
		if _, ok := symbol.Shapes[k]; !ok {
			t.Errorf("the data's kind %q has no shape of its own in internal/symbol", k)
		}
	}
	const measure = `(sel) => Object.fromEntries([...document.querySelectorAll(sel)].map((p) => { const r = p.getBoundingClientRect();
		return [p.getAttribute("data-place") || p.dataset.id, {Kind: p.getAttribute("data-kind") || "", D: p.getAttribute("d") || "", W: r.width, H: r.height}]; }))`
	t.Run("live", func(t *testing.T) {
		tb := newTab(t, chromedp.EmulateViewport(1366, 768))
		tb.open(base + "/day/2024-12-08")
		got := eval[map[string]drawnShape](tb, `(`+measure+`)("#map path[data-place]")`)
		checkShapes(t, "live map", kinds, got)
		// The holder's colour, ring and dashes are the marker's own, on
		// every shape (checkMarkers compares each fill with the API's).
		checkMarkers(t, tb, "2024-12-08")
		tb.clean()
	})
	t.Run("server-drawn", func(t *testing.T) {
		noJS := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		})
		tb := newTab(t, chromedp.EmulateViewport(1366, 768), noJS)
		tb.do("open the day", chromedp.Navigate(base+"/day/2024-12-08"))
		// The static map's shapes are in the places' order; the table's
		// rows name them in the same order.
		type shapes struct {
			IDs    []string
			Shapes []drawnShape
		}
		r := eval[shapes](tb, `({IDs: [...document.querySelectorAll("table.holds tbody tr[id^=row-]")].map((tr) => tr.id.slice(4)),
			Shapes: [...document.querySelectorAll("#map svg.staticmap path[data-kind]")].map((p) => { const r = p.getBoundingClientRect();
				return {Kind: p.getAttribute("data-kind"), D: p.getAttribute("d"), W: r.width, H: r.height}; })})`)
		if len(r.IDs) != len(r.Shapes) {
			t.Fatalf("server-drawn map: %d shapes for %d table rows", len(r.Shapes), len(r.IDs))
		}
		got := map[string]drawnShape{}
		for i, id := range r.IDs {
			// The SVG is scaled to the page: compare sizes at its own scale.
			got[id] = r.Shapes[i]
		}
		checkShapes(t, "server-drawn map", kinds, got)
		tb.clean()
	})
}

// TestE2EMapFurniture: the scale bar is inside the map and clear of the
// credits and the day stamp; the whole country, every place, fits a phone's
// map; a popup near the top left clears the zoom buttons and the stamp; the
// strip's text is at least 11 px on a phone.
func TestE2EMapFurniture(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	for _, size := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"phone", 390, 844, true}, {"desktop", 1366, 768, false}} {
		for _, prefix := range []string{"", "/ar"} {
			t.Run(size.name+prefix, func(t *testing.T) {
				var tb *tab
				if size.phone {
					tb = phoneTab(t)
				} else {
					tb = newTab(t, chromedp.EmulateViewport(size.w, size.h))
				}
				tb.open(base + prefix + "/day/2024-12-08")
				tb.mapStill("the map")
				type box struct{ L, T, R, B float64 }
				type furniture struct {
					Map, Scale, Credits, Stamp, Zoom box
					ScaleText                        string
					CreditLines                      float64
					Out                              []string
				}
				f := eval[furniture](tb, `(() => {
					window.scrollTo(0, 0);
					const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect(); return {L: r.left, T: r.top, R: r.right, B: r.bottom}; };
					const map = document.getElementById("map").getBoundingClientRect();
					const credits = document.querySelector("#map .leaflet-control-attribution");
					const lh = parseFloat(getComputedStyle(credits).lineHeight);
					const out = [...document.querySelectorAll("#map path[data-place]")].filter((p) => { const r = p.getBoundingClientRect();
						return r.left < map.left || r.right > map.right || r.top < map.top || r.bottom > map.bottom; }).map((p) => p.dataset.place);
					return {Map: box(document.getElementById("map")), Scale: box(document.querySelector("#map .leaflet-control-scale-line")),
						Credits: box(credits), Stamp: box(document.getElementById("map-stamp")), Zoom: box(document.querySelector("#map .leaflet-control-zoom")),
						ScaleText: document.querySelector("#map .leaflet-control-scale-line")?.textContent || "",
						CreditLines: Math.round(credits.getBoundingClientRect().height / lh), Out: out};
				})()`)
				t.Logf("map %v, scale %v %q, credits %v (%.0f lines), stamp %v", f.Map, f.Scale, f.ScaleText, f.Credits, f.CreditLines, f.Stamp)
				inside := func(a, b box) bool { return a.L >= b.L-0.5 && a.T >= b.T-0.5 && a.R <= b.R+0.5 && a.B <= b.B+0.5 }
				overlap := func(a, b box) bool { return a.L < b.R && b.L < a.R && a.T < b.B && b.T < a.B }
				// A metric distance, in the page's words.
				unit := map[string][2]string{"": {" km", " m"}, "/ar": {" كم", " م"}}[prefix]
				if !strings.HasSuffix(f.ScaleText, unit[0]) && !strings.HasSuffix(f.ScaleText, unit[1]) {
					t.Errorf("scale bar says %q, want a metric distance ending %q or %q", f.ScaleText, unit[0], unit[1])
				}
				if f.Scale.R-f.Scale.L < 20 || !inside(f.Scale, f.Map) {
					t.Errorf("scale bar %v is not inside the map %v", f.Scale, f.Map)
				}
				if overlap(f.Scale, f.Credits) || overlap(f.Scale, f.Stamp) {
					t.Errorf("scale bar %v covers the credits %v or the day stamp %v", f.Scale, f.Credits, f.Stamp)
				}
				if !size.phone && f.CreditLines > 1 {
					t.Errorf("the credits take %.0f lines over the map, want one", f.CreditLines)
				}
				if len(f.Out) > 0 {
					t.Errorf("places outside the map's box: %v", f.Out)
				}

				// The popup of the place nearest the map's top-left corner
				// (top-right on an Arabic page, where the zoom buttons are).
				corner := `(() => { const m = document.getElementById("map").getBoundingClientRect(); const rtl = document.documentElement.dir === "rtl";
					let best = null, bd = Infinity;
					for (const p of document.querySelectorAll("#map path[data-place]")) { const r = p.getBoundingClientRect();
						const d = Math.hypot((rtl ? m.right - r.right : r.left - m.left), r.top - m.top); if (d < bd) { bd = d; best = p; } }
					return best.dataset.place; })()`
				id := eval[string](tb, corner)
				tb.do("open the popup of "+id, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const el = document.querySelector('#map path[data-place=%q]');
					el.focus({preventScroll: true}); el.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true})); })()`, id)))
				tb.waitFor("the popup", `!!document.querySelector("#map .leaflet-popup")`)
				// The popup pans the map to fit: wait for the pan to end, not only for the popup to stand still.
				tb.mapStill("the map under the popup")
				tb.steady("the popup", `[(() => { const r = document.querySelector("#map .leaflet-popup").getBoundingClientRect(); return [r.left, r.top]; })(), `+mapView+`]`)
				p := eval[[2]box](tb, `(() => { const b = (el) => { const r = el.getBoundingClientRect(); return {L: r.left, T: r.top, R: r.right, B: r.bottom}; };
					return [b(document.querySelector("#map .leaflet-popup-content-wrapper")), b(document.querySelector("#map .leaflet-control-zoom"))]; })()`)
				if overlap(p[0], p[1]) {
					t.Errorf("the popup of %s %v sits under the zoom buttons %v", id, p[0], p[1])
				}
				if !inside(p[0], f.Map) && !inside(p[0], eval[box](tb, `(() => { const r = document.getElementById("map").getBoundingClientRect(); return {L: r.left, T: r.top, R: r.right, B: r.bottom}; })()`)) {
					t.Errorf("the popup of %s %v is not inside the map", id, p[0])
				}

				if size.phone {
					tb.showStrip()
					// Each text of the strip at its drawn size: its font size
					// times the SVG's scale on the screen.
					small := eval[[]string](tb, `[...document.querySelectorAll(".tlwrap svg text")].map((el) => {
						const px = parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a;
						return px < 10.95 ? el.textContent + " " + px.toFixed(1) + "px" : null; }).filter(Boolean).slice(0, 5)`)
					if len(small) > 0 {
						t.Errorf("the strip's text is under 11 px on a phone: %q", small)
					}
					if n := eval[int](tb, `document.querySelectorAll(".tlwrap svg text").length`); n < 10 {
						t.Errorf("the strip has %d texts, want its names and ticks", n)
					}
				}
				tb.clean()
			})
		}
	}
}
