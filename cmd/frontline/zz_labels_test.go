package main

import "testing"

func TestZZArabicLabels(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	for _, phone := range []bool{false, true} {
		var tb *tab
		if phone {
			tb = phoneTab(t)
		} else {
			tb = newTab(t)
		}
		tb.open(base + "/ar/day/2024-12-06")
		tb.waitFor("the basemap", `document.querySelectorAll("#map .leaflet-basemap-pane path").length > 0`)
		shown, n, pairs := labelOverlaps(tb)
		t.Logf("phone %v: shown %d, overlaps %d: %v", phone, shown, n, pairs)
	}
}
