package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// monthsAfter is day moved n calendar months, on the same day of the month
// or, when that month is shorter, on its last day (as the page's keys and
// Play move).
func monthsAfter(t *testing.T, day string, n int) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatalf("day %q: %v", day, err)
	}
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1).Format("2006-01-02")
}

// TestE2EDateFieldMovesMap checks that the date field beside the slider
// moves the map, the slider and the address like the slider does.
func TestE2EDateFieldMovesMap(t *testing.T) {
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/" + firstDay)
	if got := eval[bool](tb, `(() => { const r = document.getElementById("day-input").getBoundingClientRect(); return r.width > 0 && r.height > 0; })()`); !got {
		t.Fatal("the date field is not visible with JavaScript")
	}
	if got, want := eval[string](tb, `document.getElementById("day-input").min + " " + document.getElementById("day-input").max`), firstDay+" "+lastDay(t); got != want {
		t.Errorf("date field bounds = %q, want %q", got, want)
	}
	for _, day := range []string{dayAfter(t, firstDay, 12), lastDay(t), dayAfter(t, firstDay, 3)} {
		before := readDay(tb)
		tb.do("pick "+day, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const f = document.getElementById("day-input");
			f.focus();
			f.value = %q;
			f.dispatchEvent(new Event("input", { bubbles: true }));
			f.dispatchEvent(new Event("change", { bubbles: true }));
		})()`, day)))
		tb.waitFor("the day "+day, fmt.Sprintf(`window.frontline.day === %q && location.pathname === "/day/%s"`, day, day))
		after := checkMoved(t, tb, before)
		if got, want := after.Slider, fmt.Sprint(dayOffset(t, day)); got != want {
			t.Errorf("slider at %s after picking %s, want %s", got, day, want)
		}
	}
	tb.clean()
}

// TestE2ESliderPageKeysMoveAMonth checks that PageDown and PageUp move the
// slider a calendar month, and that the announced value stays the full date.
func TestE2ESliderPageKeysMoveAMonth(t *testing.T) {
	base := startServer(t)
	tb := newTab(t)
	last := lastDay(t)
	tb.open(base + "/day/" + last)
	tb.do("focus the slider", chromedp.Focus(chromedp.ID("day-slider")))
	down := monthsAfter(t, last, -1)
	if down < firstDay {
		t.Fatalf("the data covers less than a month (%s to %s)", firstDay, last)
	}
	tests := []struct {
		key, name, want string
	}{
		{kb.PageDown, "PageDown", down},
		{kb.PageUp, "PageUp", min(monthsAfter(t, down, 1), last)},
		{kb.Home, "Home", firstDay},
		{kb.End, "End", last},
	}
	for _, tt := range tests {
		before := readDay(tb)
		tb.do("press "+tt.name, chromedp.KeyEvent(tt.key))
		tb.waitFor(tt.name+" to "+tt.want, fmt.Sprintf(`window.frontline.day === %q`, tt.want))
		if tt.want != before.Day {
			checkMoved(t, tb, before)
		}
		valuetext := eval[string](tb, `document.getElementById("day-slider").getAttribute("aria-valuetext")`)
		if want := eval[string](tb, `document.getElementById("day-long").textContent`); valuetext != want || len(valuetext) < len("1 May 2025") {
			t.Errorf("after %s aria-valuetext = %q, want the full date %q", tt.name, valuetext, want)
		}
	}
	tb.clean()
}

// TestE2EPlayMonthKeepsTime checks that Play at a month a step visits the
// same day of every month, one step per tick of the chosen speed, and ends
// on the last day.
func TestE2EPlayMonthKeepsTime(t *testing.T) {
	base := startServer(t)
	tb := newTab(t)
	tb.open(base + "/day/" + firstDay)
	last := lastDay(t)
	var want []string
	for k := 1; ; k++ {
		d := monthsAfter(t, firstDay, k)
		if d >= last {
			want = append(want, last)
			break
		}
		want = append(want, d)
	}
	tb.do("record the days Play shows", chromedp.Evaluate[chromedp.Void](`(() => {
		window.__played = [];
		new MutationObserver(() => window.__played.push([window.frontline.day, performance.now()]))
			.observe(document.getElementById("day-out"), { childList: true, characterData: true, subtree: true });
		// When Play starts its clock (it says it is pressed just before).
		const play = document.getElementById("play");
		new MutationObserver(() => {
			if (play.getAttribute("aria-pressed") === "true" && window.__started === undefined) window.__started = performance.now();
		}).observe(play, { attributes: true, attributeFilter: ["aria-pressed"] });
		const step = document.getElementById("play-step");
		step.value = "month";
		step.dispatchEvent(new Event("change"));
		const speed = document.getElementById("speed");
		speed.value = "250";
		speed.dispatchEvent(new Event("change"));
	})()`))
	tb.do("press Play", chromedp.Click(chromedp.ID("play")))
	tb.waitFor("Play to start", `document.getElementById("play").getAttribute("aria-pressed") === "true"`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.getElementById("play").getAttribute("aria-pressed") === "false"`,
		chromedp.WithPollingTimeout(time.Duration(len(want)+8)*time.Second)))
	if err != nil {
		t.Fatalf("Play did not stop at the last day: %v", err)
	}
	type shown struct {
		Day string
		At  float64
	}
	raw := eval[[][2]any](tb, `window.__played`)
	var got []shown
	for _, r := range raw {
		day, _ := r[0].(string)
		at, _ := r[1].(float64)
		if len(got) == 0 || got[len(got)-1].Day != day {
			got = append(got, shown{day, at})
		}
	}
	var days []string
	for _, s := range got {
		days = append(days, s.Day)
	}
	if fmt.Sprint(days) != fmt.Sprint(want) {
		t.Errorf("Play at a month a step showed %v, want %v", days, want)
	}
	// Steps come no faster than the speed asks: step k no earlier than k
	// beats after Play started its clock (less 25 ms for the timer's and
	// the observer's grain). A step that comes late under load may be
	// followed by one on the beat, less than a beat after it, which keeps
	// time; only a step ahead of the clock runs fast.
	started := eval[float64](tb, `window.__started ?? -1`)
	if started < 0 {
		t.Fatal("Play never said it was pressed")
	}
	for k, s := range got {
		if due := started + float64(k+1)*250 - 25; s.At < due {
			t.Errorf("step %d (%s) came %.0f ms after Play started, want at least %.0f (250 ms a step)", k+1, s.Day, s.At-started, due-started)
		}
	}
	if day := eval[string](tb, `location.pathname`); day != "/day/"+last {
		t.Errorf("after Play the address is %s, want /day/%s", day, last)
	}
	tb.clean()
}
