package main

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startSyntheticServer serves `frontline synth` data of the given size from
// its own database, for the life of the test.
func startSyntheticServer(t *testing.T, places, events int) string {
	t.Helper()
	dir := t.TempDir()
	data, db := filepath.Join(dir, "synth"), filepath.Join(dir, "s.db")
	ctx := context.Background()
	if err := run(ctx, []string{"synth", "--places", strconv.Itoa(places), "--events", strconv.Itoa(events), "--out", data},
		strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatalf("synth: %v", err)
	}
	var out strings.Builder
	if err := run(ctx, []string{"import", "--db", db, data}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	sctx, cancel := context.WithCancel(ctx)
	lg := &serverLog{listening: make(chan string, 1)}
	done := make(chan error, 1)
	go func() {
		done <- run(sctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, strings.NewReader(""), io.Discard, lg)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case addr := <-lg.listening:
		return addr
	case err := <-done:
		t.Fatalf("serve ended before it listened: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not listen within 2 minutes")
	}
	return ""
}

// At 1,000 synthetic places (issue 11) the day page's first visit stays
// within its 400 KB budget, in both languages, and a drag of the slider
// makes no request: the same checks as on the embedded data.
func TestE2EThousandPlaces(t *testing.T) {
	needBrowser(t)
	base := startSyntheticServer(t, 1000, 100000)
	for _, path := range []string{"/day/2024-12-06", "/ar/day/2024-12-06"} {
		tb := newTab(t)
		tb.open(base + path)
		// The shaded land is loaded after the map: wait for it, so its
		// file counts.
		tb.waitFor("the land", `!!window.frontline.land && Object.keys(window.frontline.land).length > 0`)
		got := eval[float64](tb, `(() => {
			const nav = performance.getEntriesByType("navigation")[0];
			return nav.encodedBodySize + performance.getEntriesByType("resource").reduce((a, r) => a + r.encodedBodySize, 0);
		})()`)
		const budget = 400 * 1024
		if got == 0 || got > budget {
			t.Errorf("%s: first visit %.1f KB, want more than 0 and at most %d KB", path, got/1024, budget/1024)
		}
		t.Logf("%s: first visit %.1f KB (budget %d KB)", path, got/1024, budget/1024)

		// The first move fetches the histories (TestE2EFirstVisitFetchesNoHistory);
		// from then on a drag is a run of input events: each day redraws
		// with no request, and the land changes along the way.
		tb.histories()
		t.Logf("%s: the histories %.1f KB", path, eval[float64](tb, `performance.getEntriesByType("resource").filter((r) => /\/territory\/(history|timeline)\./.test(r.name)).reduce((a, r) => a + r.encodedBodySize, 0)`)/1024)
		mark := tb.rec.mark()
		lands := eval[[]string](tb, `(() => {
			const s = document.getElementById("day-slider");
			const seen = [];
			for (let d = 12; d >= 2; d--) {
				s.value = String(d);
				s.dispatchEvent(new Event("input", { bubbles: true }));
				seen.push(JSON.stringify(window.frontline.land));
			}
			return seen;
		})()`)
		for _, u := range tb.rec.since(mark) {
			t.Errorf("%s: request during the drag: %s", path, u)
		}
		distinct := map[string]bool{}
		for _, l := range lands {
			distinct[l] = true
		}
		if len(distinct) < 3 {
			t.Errorf("%s: the land took %d different states over 11 days, want it redrawn along the way", path, len(distinct))
		}
		// Once the slider is let go (a change event, as on release), the
		// one request is the new day's panel.
		eval[bool](tb, `document.getElementById("day-slider").dispatchEvent(new Event("change", { bubbles: true }))`)
		tb.waitFor("the panel of the day the drag ended on", `document.getElementById("panel").dataset.day === window.frontline.day`)
		for _, u := range tb.rec.since(mark) {
			if !panelRE.MatchString(u) {
				t.Errorf("%s: request after the drag other than the panel: %s", path, u)
			}
		}
		tb.clean()
	}
}
