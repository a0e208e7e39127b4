package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Ten presses of an arrow key at a person's pace (three a second) are ten
// change events; the page asks for the panel once the keys rest (500 ms
// without a press), for the day they rest on. On a loaded machine a press
// may come late: each pause the page saw between two presses longer than a
// rest may add one request, and no more.
func TestE2EKeyScrubAsksOnce(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/2024-12-06")
	tb.do("focus the slider", chromedp.Focus(chromedp.ID("day-slider")))
	// What the page asks for, counted where it asks: the network may
	// resend one request on a fresh connection, which is not a second ask.
	tb.do("note the presses and the asks", chromedp.Evaluate[chromedp.Void](`window.keyTimes = []; window.panelAsks = [];
		document.getElementById("day-slider").addEventListener("keydown", () => window.keyTimes.push(performance.now()));
		const fetch0 = window.fetch;
		window.fetch = (url, ...rest) => { if (String(url).endsWith("/panel")) window.panelAsks.push(new URL(url, location.href).href); return fetch0(url, ...rest); };`))
	mark := tb.rec.mark()
	const presses = 10
	day := "2024-12-06"
	for i := 1; i <= presses; i++ {
		pressed := time.Now()
		want := dayAfter(t, "2024-12-06", -i)
		tb.do("press ArrowLeft", chromedp.KeyEvent(kb.ArrowLeft))
		tb.waitFor("the day "+want, fmt.Sprintf(`window.frontline.day === %q`, want))
		day = want
		// The pace is the point of the test, so it is slept, not awaited:
		// no condition says a person has not pressed again yet.
		time.Sleep(time.Until(pressed.Add(330 * time.Millisecond)))
	}
	tb.waitFor("the panel of "+day, fmt.Sprintf(`document.getElementById("panel").dataset.day === %q`, day))
	// Pauses the page saw that were long enough to count as a rest (less a
	// margin for the timer).
	rests := eval[int](tb, `window.keyTimes.slice(1).filter((t, i) => t - window.keyTimes[i] > 450).length`)
	var sent int
	for _, u := range tb.rec.since(mark) {
		if panelRE.MatchString(u) {
			sent++
		} else {
			t.Errorf("request while stepping with the keyboard: %s", u)
		}
	}
	panels := eval[[]string](tb, `window.panelAsks`)
	want := base + "/day/" + day + "/panel"
	if len(panels) == 0 || panels[len(panels)-1] != want || len(panels) > 1+rests {
		gaps := eval[[]float64](tb, `window.keyTimes.slice(1).map((t, i) => Math.round(t - window.keyTimes[i]))`)
		t.Errorf("after %d key presses with %d pauses of a rest (gaps %v ms), panel requests = %v, want at most %d, the last %s", presses, rests, gaps, panels, 1+rests, want)
	}
	t.Logf("%d key presses, %d pauses of a rest, %d panel requests asked, %d sent", presses, rests, len(panels), sent)
	tb.clean()
}

// On an Arabic page an English outlet and an English title never share a
// line: as two isolated runs side by side in a right-to-left line, the
// title's first words sat left of the outlet and its last words wrapped to
// the next line's right, so the two names read interleaved.
func TestE2EArabicSourcesIsolated(t *testing.T) {
	needBrowser(t)
	base := startServer(t)
	tb := phoneTab(t)
	for _, path := range []string{"/ar/place/aleppo", "/ar/day/2024-12-08"} {
		// A place page has no day map to wait for; its text is all there.
		tb.do("open "+path, chromedp.Navigate(base+path))
		tb.do("open every source list", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details.sources").forEach((d) => (d.open = true))`))
		shared := eval[[]string](tb, `[...document.querySelectorAll(".source")].flatMap((li) => {
			const outlet = li.querySelector(":scope > .outlet[dir=ltr]");
			const title = li.querySelector(":scope > a[dir=ltr], :scope > cite[dir=ltr]");
			if (!outlet || !title || !outlet.getClientRects().length) return [];
			const o = [...outlet.getClientRects()].at(-1), t = title.getClientRects()[0];
			return o.bottom > t.top + 1 ? [outlet.textContent + " | " + title.textContent] : [];
		})`)
		count := eval[int](tb, `document.querySelectorAll(".source > .outlet[dir=ltr]").length`)
		if count == 0 {
			t.Fatalf("%s: no English outlet to check", path)
		}
		for _, s := range shared {
			t.Errorf("%s: outlet and title share a line: %s", path, s)
		}
	}
	tb.clean()
}
