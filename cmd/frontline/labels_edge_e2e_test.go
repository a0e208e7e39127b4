package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2ELabelsInsideMap: no shown place label runs past the map's edges,
// on a phone (where the east's labels ran off the right edge) or on a
// desktop, in either language; labels near the edge go to the left of
// their marker, or are hidden when neither side has room. No shown label
// lies under the day written on the map or under a map control (the
// Arabic stamp covered the north-east's labels).
func TestE2ELabelsInsideMap(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	for _, c := range []struct {
		name  string
		phone bool
		path  string
	}{
		{"phone", true, "/day/2026-02-27"},
		{"phone ar", true, "/ar/day/2026-02-01"},
		{"desktop", false, "/day/2026-02-27"},
		{"desktop ar", false, "/ar/day/2024-12-08"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var tb *tab
			if c.phone {
				tb = phoneTab(t)
			} else {
				tb = newTab(t, chromedp.EmulateViewport(1366, 768))
			}
			tb.open(base + c.path)
			tb.waitFor("the labels", `document.querySelectorAll("#map .place-label").length > 0`)
			tb.steady("the labels", `[...document.querySelectorAll("#map .place-label")].map((e) => e.style.visibility + e.style.marginLeft + e.style.transform)`)
			type res struct {
				Shown, Flipped int
				Out            []string
			}
			r := eval[res](tb, `(() => {
				const m = document.getElementById("map").getBoundingClientRect();
				const shown = [...document.querySelectorAll("#map .place-label")].filter((e) => e.style.visibility !== "hidden");
				const out = shown.filter((e) => { const b = e.getBoundingClientRect(); return b.left < m.left - 1 || b.right > m.right + 1; })
					.map((e) => e.textContent + " " + JSON.stringify(e.getBoundingClientRect()));
				const over = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
				const furniture = [document.getElementById("map-stamp"), ...document.querySelectorAll("#map .leaflet-control")].filter((e) => e && e.offsetWidth);
				for (const e of shown) for (const f of furniture) if (over(e.getBoundingClientRect(), f.getBoundingClientRect())) out.push(e.textContent + " under " + (f.id || f.className));
				return { Shown: shown.length, Flipped: shown.filter((e) => parseFloat(e.style.marginLeft) < 0).length, Out: out };
			})()`)
			if r.Shown < 10 {
				t.Errorf("%d labels shown, want a map that names its places", r.Shown)
			}
			for _, o := range r.Out {
				t.Errorf("a label runs past the map's edge or lies under the map's furniture: %s", o)
			}
			if c.phone && r.Flipped == 0 {
				t.Errorf("on a phone no label went to the left of its marker, though the east's labels reach the edge")
			}
			t.Logf("%d labels shown, %d to the left of their marker", r.Shown, r.Flipped)
			tb.clean()
		})
	}
}
