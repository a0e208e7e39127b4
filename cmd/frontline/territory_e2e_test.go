package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// landPixels reads the shaded land's canvas: the colour and opacity under
// a place's marker, and how many pixels are painted at all and in the
// front lines' ink.
const landPixels = `(async () => {
	await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
	const tl = JSON.parse(document.getElementById("timeline").textContent);
	const c = document.querySelector("#map .leaflet-territory-pane canvas");
	if (!c) return {canvas: false};
	// A copy is read, not the map's own canvas, which would then be kept
	// in memory for reading back rather than drawing.
	const copy = document.createElement("canvas");
	copy.width = c.width;
	copy.height = c.height;
	const g = copy.getContext("2d", {willReadFrequently: true});
	g.drawImage(c, 0, 0);
	const d = g.getImageData(0, 0, c.width, c.height).data;
	const r = c.getBoundingClientRect();
	const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
	const ink = hex(tl.symbols.colors.ink);
	const near = (a, b, tol) => Math.abs(a - b) <= tol;
	let painted = 0, front = 0;
	for (let i = 0; i < d.length; i += 4) {
		if (d[i + 3] > 0) painted++;
		// A front line's middle, drawn over the land at 0.85: ink at that
		// opacity or more, nearly.
		if (near(d[i], ink[0], 24) && near(d[i + 1], ink[1], 24) && near(d[i + 2], ink[2], 24) && d[i + 3] >= 255 * 0.85 - 3) front++;
	}
	const m = document.querySelector('#map path[data-place="PLACE"]');
	const b = m.getBoundingClientRect();
	const x = Math.round((b.x + b.width / 2 - r.x) * c.width / r.width);
	const y = Math.round((b.y + b.height / 2 - r.y) * c.height / r.height);
	const k = (y * c.width + x) * 4;
	const holder = m.dataset.controller;
	return {canvas: true, painted, front, at: [d[k], d[k + 1], d[k + 2], d[k + 3]],
		want: [...hex(tl.factions[holder].color), Math.round(255 * tl.symbols.heldLand)], holder};
})()`

type landRead struct {
	Canvas  bool   `json:"canvas"`
	Painted int    `json:"painted"`
	Front   int    `json:"front"`
	At      []int  `json:"at"`
	Want    []int  `json:"want"`
	Holder  string `json:"holder"`
}

// The shaded land on the live map: each place's cell in its holder's
// colour at the held land's opacity, the front lines in ink, and the
// switch that takes both off the map and back.
func TestE2EShadedLandDrawnAndSwitched(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	// Aleppo was held by HTS, confirmed, on 6 December 2024.
	script := strings.ReplaceAll(landPixels, "PLACE", "aleppo")
	got := eval[landRead](tb, script)
	if !got.Canvas {
		t.Fatal("no canvas in the map's territory pane")
	}
	if got.Holder != "hts" {
		t.Fatalf("Aleppo's marker says %q holds it on 6 December 2024, want hts", got.Holder)
	}
	for i := range got.Want {
		if d := got.At[i] - got.Want[i]; d < -3 || d > 3 {
			t.Errorf("the land under Aleppo is %v (r, g, b, alpha), want %v", got.At, got.Want)
			break
		}
	}
	if got.Front < 20 {
		t.Errorf("%d pixels of front line in ink, want some", got.Front)
	}
	tb.do("switch the shading off", chromedp.Click(`#map .leaflet-control-layers-overlays input`))
	if off := eval[landRead](tb, script); off.Painted != 0 {
		t.Errorf("with the shading switched off, %d pixels of land are still painted", off.Painted)
	}
	tb.do("switch the shading on", chromedp.Click(`#map .leaflet-control-layers-overlays input`))
	if on := eval[landRead](tb, script); on.Painted != got.Painted || on.Front != got.Front {
		t.Errorf("switched back on, %d pixels painted and %d of front line, want %d and %d", on.Painted, on.Front, got.Painted, got.Front)
	}
	// Zoomed in, the land is drawn again at the new scale: still Aleppo's
	// holder under its marker.
	z := eval[float64](tb, `window.frontline.view.zoom`)
	tb.do("zoom in", chromedp.Click(`#map .leaflet-control-zoom-in`))
	tb.waitFor("the zoom", fmt.Sprintf(`window.frontline.view.zoom > %g && !document.querySelector("#map .leaflet-zoom-anim")`, z))
	zoomed := eval[landRead](tb, script)
	for i := range zoomed.Want {
		if d := zoomed.At[i] - zoomed.Want[i]; d < -3 || d > 3 {
			t.Errorf("zoomed in, the land under Aleppo is %v (r, g, b, alpha), want %v", zoomed.At, zoomed.Want)
			break
		}
	}
	tb.clean()
}
