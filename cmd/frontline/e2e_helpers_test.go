package main

// The browser tests start the real program with run on a temporary database
// and drive Debian's Chromium through the DevTools protocol. One server and
// one browser serve every test, started on first use, to keep the run short.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpfetch "github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// e2e holds what the tests share: the server, the browser and the folders
// they live in. TestMain stops them when every test is done.
var e2e struct {
	serverOnce sync.Once
	base       string // http://127.0.0.1:PORT
	serverErr  error
	stopServer context.CancelFunc
	served     chan error // what run returned
	log        *serverLog

	browserOnce sync.Once
	browser     context.Context // a chromedp context with a running browser
	browserErr  error
	// browserMissing means no Chromium is installed, as opposed to one
	// that failed to start.
	browserMissing bool
	stopBrowser    []context.CancelFunc

	dir string // the database and the browser profile
}

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "frontline-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	e2e.dir = dir
	code := m.Run()
	for i := len(e2e.stopBrowser) - 1; i >= 0; i-- {
		e2e.stopBrowser[i]()
	}
	if e2e.stopServer != nil {
		e2e.stopServer()
		select {
		case err := <-e2e.served:
			if err != nil {
				fmt.Fprintln(os.Stderr, "e2e: frontline serve did not stop cleanly:", err)
				code = 1
			}
		case <-time.After(15 * time.Second):
			fmt.Fprintln(os.Stderr, "e2e: frontline serve did not stop within 15s of its context ending")
			code = 1
		}
		// An internal error is a bug even when every page looked right.
		if errs := e2e.log.errors(); len(errs) > 0 {
			fmt.Fprintf(os.Stderr, "e2e: the server logged %d errors:\n%s\n", len(errs), strings.Join(errs, "\n"))
			code = 1
		}
	}
	return code
}

// serverLog keeps what the program writes to stderr and tells when it
// listens.
type serverLog struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	lines     []string
	listening chan string
}

var listenRE = regexp.MustCompile(`msg=listening addr=(\S+)`)

func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadString('\n')
		if err != nil {
			// Keep the unfinished line for the next write.
			l.buf.Reset()
			l.buf.WriteString(line)
			break
		}
		line = strings.TrimSuffix(line, "\n")
		l.lines = append(l.lines, line)
		if m := listenRE.FindStringSubmatch(line); m != nil {
			select {
			case l.listening <- m[1]:
			default:
			}
		}
	}
	return len(p), nil
}

func (l *serverLog) errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range l.lines {
		if strings.Contains(line, "level=ERROR") {
			out = append(out, line)
		}
	}
	return out
}

// startServer starts frontline serve once, on a free loopback port and a fresh
// database, and returns its base URL.
func startServer(t *testing.T) string {
	t.Helper()
	e2e.serverOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		e2e.stopServer = cancel
		e2e.served = make(chan error, 1)
		e2e.log = &serverLog{listening: make(chan string, 1)}
		// With a corrections address, so the checks see the link it adds.
		args := []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(e2e.dir, "f.db"), "--corrections", "mailto:corrections@example.org"}
		go func() { e2e.served <- run(ctx, args, strings.NewReader(""), io.Discard, e2e.log) }()
		select {
		case addr := <-e2e.log.listening:
			e2e.base = addr
		case err := <-e2e.served:
			e2e.serverErr = fmt.Errorf("frontline serve ended before it listened: %v", err)
			e2e.served <- err
		case <-time.After(30 * time.Second):
			e2e.serverErr = fmt.Errorf("frontline serve did not listen within 30s")
		}
	})
	if e2e.serverErr != nil {
		t.Fatal(e2e.serverErr)
	}
	return e2e.base
}

// inCI reports whether the tests run in CI, where a missing tool fails.
func inCI() bool { return os.Getenv("CI") == "true" }

// need fails in CI and skips elsewhere when a tool is missing.
func need(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if inCI() {
		t.Fatalf("%s is required in CI: %v", what, err)
	}
	t.Skipf("%s is not available on this machine (%v); CI runs this test", what, err)
}

// external marks a test that needs a program beyond Go and Node (Chromium,
// Java, nginx). `just check` runs the tests with -short, which skips it;
// `just test` and CI run it.
func external(t *testing.T, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("needs %s: skipped by -short (just check); just test runs it", what)
	}
}

// needBrowser is the first call of every browser test: skipped by -short,
// and when Chromium is missing failed in CI and skipped elsewhere.
func needBrowser(t *testing.T) {
	t.Helper()
	external(t, "Chromium")
	startBrowser(t)
}

// chromiumPath finds Debian's Chromium.
func chromiumPath() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	return "", fmt.Errorf("chromium is not on PATH nor at /usr/bin/chromium")
}

// repoRoot is where package.json and node_modules are.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatalf("repo root: %v", err)
	}
	return root
}

// startBrowser starts the shared Chromium once.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	// Every browser test comes here, also those that open a tab without
	// needBrowser: -short (just check) skips them all.
	external(t, "Chromium")
	e2e.browserOnce.Do(func() {
		path, err := chromiumPath()
		if err != nil {
			e2e.browserMissing, e2e.browserErr = true, err
			return
		}
		// The profile outlives any one test, so it lives in the run's folder
		// that TestMain removes, not in a test's TempDir.
		profile := filepath.Join(e2e.dir, "chromium-profile")
		actx, cancel := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.UserDataDir(profile),
			chromedp.WindowSize(1366, 768),
		)
		e2e.stopBrowser = append(e2e.stopBrowser, cancel)
		bctx, bcancel := chromedp.NewContext(actx)
		e2e.stopBrowser = append(e2e.stopBrowser, bcancel)
		// The first Do starts the browser; its context must carry no timeout.
		if err := chromedp.Do(bctx); err != nil {
			e2e.browserErr = fmt.Errorf("start chromium at %s: %w", path, err)
			return
		}
		e2e.browser = bctx
	})
	if e2e.browser == nil {
		// Only a missing browser may skip; one that fails to start is a bug.
		if e2e.browserMissing {
			need(t, "Chromium", e2e.browserErr)
		}
		t.Fatal(e2e.browserErr)
	}
	return e2e.browser
}

// recorder keeps what a tab reports: every request, and every sign that the
// page went wrong.
type recorder struct {
	mu       sync.Mutex
	requests []string
	// seen holds the ID of every request noted: Chromium reports a request
	// again under the same ID when it follows a redirect, and that is one
	// request.
	seen     map[network.RequestID]bool
	problems []string
	// paused receives the requests Fetch.enable holds, for a test that
	// delays or fails them (intercept).
	paused chan *cdpfetch.EventRequestPaused
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *cdpfetch.EventRequestPaused:
		if r.paused != nil {
			select {
			case r.paused <- ev:
			default:
			}
		}
	case *runtime.EventConsoleAPICalled:
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			r.problems = append(r.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		r.problems = append(r.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *log.EventEntryAdded:
		// Chromium's own log: CSP violations, failed subresources.
		// Chromium warns when a page changes its address hundreds of times in
		// a few seconds: tests that set every day of a long span in a loop do,
		// a reader cannot (the address follows the day once the slider rests).
		throttled := strings.HasPrefix(ev.Entry.Text, "Throttling navigation to prevent the browser from hanging")
		if (ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning) && !throttled {
			r.problems = append(r.problems, fmt.Sprintf("browser log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		if r.seen[ev.RequestID] {
			break
		}
		if r.seen == nil {
			r.seen = map[network.RequestID]bool{}
		}
		r.seen[ev.RequestID] = true
		r.requests = append(r.requests, ev.Request.URL)
	case *network.EventLoadingFailed:
		// A fetch the page aborts on purpose (the panel of a day the
		// slider has already left) is canceled; anything else is a failure.
		if !ev.Canceled {
			r.problems = append(r.problems, fmt.Sprintf("request %s failed: %s %s", ev.RequestID, ev.ErrorText, ev.BlockedReason))
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			r.problems = append(r.problems, fmt.Sprintf("response %d for %s", ev.Response.Status, ev.Response.URL))
		}
	}
}

// mark returns a position in the list of requests.
func (r *recorder) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

// since returns the requests made after the mark, but for the load of
// the timeline strip's file: the page loads it once, whenever the strip
// first comes within reach of the view (TestE2EStripLoadsNearTheView
// checks when), and a slider step that changes the legend's height above
// it may be that moment. It is not a request of the step's.
func (r *recorder) since(mark int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, u := range r.requests[mark:] {
		if !stripRE.MatchString(u) {
			out = append(out, u)
		}
	}
	return out
}

func (r *recorder) issues() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.problems...)
}

// tab is one browser tab of the shared browser with its recorder.
type tab struct {
	t   *testing.T
	ctx context.Context
	rec *recorder
}

// newTab opens a tab; every action in it must finish within the timeout.
func newTab(t *testing.T, setup ...chromedp.Action[chromedp.Void]) *tab {
	t.Helper()
	bctx := startBrowser(t)
	rec := &recorder{}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithListener(rec.listen))
	t.Cleanup(cancel)
	// The first Do opens the tab; it must not carry the timeout.
	if err := chromedp.Do(ctx, setup...); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(tcancel)
	return &tab{t: t, ctx: tctx, rec: rec}
}

// do runs actions and fails the test on error.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates and, unless the page runs without JavaScript, waits until
// the map is ready.
func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.do("open "+url, chromedp.Navigate(url))
	tb.waitReady()
}

func (tb *tab) waitReady() {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.documentElement.dataset.mapReady === "1" && !!window.frontline`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		tb.t.Fatalf("the map did not become ready: %v", err)
	}
}

// eval evaluates JavaScript (awaiting a promise) and decodes its JSON value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %.80q: %v", expr, err)
	}
	return v
}

// setDay shows day offset d as a link or a button would, and returns once
// it is shown: a day other than the page's waits for the histories, which
// the page fetches on the first move.
func (tb *tab) setDay(d int) {
	tb.t.Helper()
	if !eval[bool](tb, fmt.Sprintf(`window.frontline.setDay(%d).then(() => true)`, d)) {
		tb.t.Fatalf("setDay(%d) did not resolve", d)
	}
}

// histories makes the page fetch what it otherwise fetches on the first
// move of the slider (every place's and cell's history,
// TestE2EFirstVisitFetchesNoHistory), so that a test of what a move does
// once they are there is not a test of that first fetch.
func (tb *tab) histories() {
	tb.t.Helper()
	if !eval[bool](tb, `window.frontline.history().then(() => true)`) {
		tb.t.Fatal("the histories did not load")
	}
}

// waitFor polls a JavaScript condition until it is true.
func (tb *tab) waitFor(what, expr string) {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		tb.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// showStrip scrolls the timeline strip into view and waits for its grid,
// which the page loads from its own file when the strip comes near.
func (tb *tab) showStrip() {
	tb.t.Helper()
	tb.do("scroll to the strip", chromedp.Evaluate[chromedp.Void](`document.getElementById("timeline-strip").scrollIntoView()`))
	tb.waitFor("the strip's grid", `document.querySelectorAll("svg.tl .tl-name").length > 0 && !!document.querySelector(".tl-names")`)
}

// steady waits until expr, evaluated every 50 ms, gives the same value
// three times in a row: the map has stopped moving, the page has stopped
// scrolling. Where a test once slept for an animation, it waits for it to
// end instead.
func (tb *tab) steady(what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	last, same := "", 0
	for time.Now().Before(deadline) {
		v := eval[string](tb, "JSON.stringify("+expr+")")
		if v == last {
			same++
			if same == 2 {
				return
			}
		} else {
			last, same = v, 0
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("waiting for %s to settle: it kept changing for 10s (last %.80s)", what, last)
}

// mapStill waits until the map has no zoom or pan animation under way
// and no marker sliding to its place, then until its view stays the same
// (steady). Steady alone is not enough: on a loaded machine the browser
// may draw no frame for longer than steady watches, so an animation that
// has not moved for three reads can still be under way.
func (tb *tab) mapStill(what string) {
	tb.t.Helper()
	tb.waitFor(what+" with no animation under way", `!document.querySelector("#map .leaflet-zoom-anim, #map .leaflet-pan-anim") &&
		!document.getElementById("map").getAnimations({subtree: true}).some((a) => a.transitionProperty === "transform")`)
	tb.steady(what, mapView)
}

// mapView is what steady watches while the map moves: its centre, zoom,
// any zoom or pan animation under way (a slow frame may leave a pan where
// it was for three reads), and how far each marker or label still
// sliding to its place has come (which changes until they all stop).
// Leaflet may end a zoom (and fire zoomend) on a stray transitionend while
// its markers' 250 ms CSS transitions still run, so the zoom alone does not
// say the map is still.
const mapView = `[window.frontline.view, document.querySelector("#map .leaflet-zoom-anim, #map .leaflet-pan-anim") !== null,
	document.getElementById("map").getAnimations({subtree: true}).filter((a) => a.transitionProperty === "transform").map((a) => a.currentTime)]`

// until evaluates a condition until it holds, across navigations (which
// end a Poll), for up to 10 seconds.
func (tb *tab) until(what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("waiting for %s: timeout (last error: %v)", what, last)
}

// dayAfter is the day n days after a YYYY-MM-DD day.
func dayAfter(t *testing.T, day string, n int) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatalf("day %q: %v", day, err)
	}
	return d.AddDate(0, 0, n).Format("2006-01-02")
}

// dayOffset is how many days day lies after firstDay, the slider's index.
func dayOffset(t *testing.T, day string) int {
	t.Helper()
	a, errA := time.Parse("2006-01-02", firstDay)
	b, errB := time.Parse("2006-01-02", day)
	if errA != nil || errB != nil {
		t.Fatalf("days %q, %q: %v %v", firstDay, day, errA, errB)
	}
	return int(b.Sub(a).Hours() / 24)
}

// lastDay is the last day of the data: /api/v1/control answers it when
// asked for no day.
func lastDay(t *testing.T) string {
	t.Helper()
	var body struct{ Day string }
	getJSON(t, "/api/v1/control", &body)
	return body.Day
}

// changeDays are the days a test that walks the slider checks: the first
// and last, each day an event falls on and the day after it (when the
// highlights of a change go out), spread evenly down to at most max. Walking
// every one of hundreds of days under -race outlasts a tab's budget, and
// the days between two events differ only in their date.
func changeDays(t *testing.T, max int) []string {
	t.Helper()
	last := lastDay(t)
	set := map[string]bool{firstDay: true, last: true}
	for path := "/api/v1/events"; path != ""; {
		var page struct {
			Events []struct{ Day string }
			Next   string
		}
		getJSON(t, path, &page)
		for _, e := range page.Events {
			for _, d := range []string{e.Day, dayAfter(t, e.Day, 1)} {
				if d >= firstDay && d <= last {
					set[d] = true
				}
			}
		}
		path = page.Next
	}
	days := make([]string, 0, len(set))
	for d := range set {
		days = append(days, d)
	}
	slices.Sort(days)
	if len(days) <= max {
		return days
	}
	out := make([]string, 0, max)
	for i := range max {
		out = append(out, days[i*(len(days)-1)/(max-1)])
	}
	return out
}

// numPlaces is the number of places the pages show: /api/v1/places lists
// them.
func numPlaces(t *testing.T) int {
	t.Helper()
	var body struct{ Places []apiPlace }
	getJSON(t, "/api/v1/places", &body)
	if len(body.Places) == 0 {
		t.Fatal("GET /api/v1/places: no places")
	}
	return len(body.Places)
}

// clean fails the test with every problem the tab reported.
func (tb *tab) clean() {
	tb.t.Helper()
	for _, p := range tb.rec.issues() {
		tb.t.Errorf("page problem: %s", p)
	}
}

// fetch GETs a path from the server and returns its status and body.
func fetch(t *testing.T, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(startServer(t) + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return resp.StatusCode, body
}

// getJSON GETs a path that must answer 200 and decodes it.
func getJSON(t *testing.T, path string, v any) {
	t.Helper()
	status, body := fetch(t, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
}

// apiFaction and apiPlace are the parts of the API the tests read.
type apiFaction struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Short string `json:"short"`
	Color string `json:"color"`
}

type apiPlace struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Controller *string `json:"controller"`
	Status     *string `json:"status"`
	Challenger *string `json:"challenger"`
	Partner    *string `json:"partner"`
}

func factions(t *testing.T) map[string]apiFaction {
	t.Helper()
	var body struct {
		Factions []apiFaction `json:"factions"`
	}
	getJSON(t, "/api/v1/factions", &body)
	if len(body.Factions) == 0 {
		t.Fatal("GET /api/v1/factions: no factions")
	}
	out := map[string]apiFaction{}
	for _, f := range body.Factions {
		out[f.ID] = f
	}
	return out
}

func controlOn(t *testing.T, day string) []apiPlace {
	t.Helper()
	var body struct {
		Day    string     `json:"day"`
		Places []apiPlace `json:"places"`
	}
	getJSON(t, "/api/v1/control?day="+day, &body)
	if body.Day != day {
		t.Fatalf("GET /api/v1/control?day=%s answered day %q", day, body.Day)
	}
	return body.Places
}

// unknownFill is the marker fill of a place with no holder yet (map.js).
const unknownFill = "#ffffff"

// wantFills is the fill colour each marker must have on the day, by place.
func wantFills(t *testing.T, day string) map[string]string {
	t.Helper()
	fs := factions(t)
	want := map[string]string{}
	for _, p := range controlOn(t, day) {
		if p.Controller == nil {
			want[p.ID] = unknownFill
			continue
		}
		f, ok := fs[*p.Controller]
		if !ok {
			t.Fatalf("day %s: %s is held by %q, which /api/v1/factions does not list", day, p.ID, *p.Controller)
		}
		want[p.ID] = strings.ToLower(f.Color)
		// A joint hold is drawn split in the holder's and the partner's colours.
		if p.Status != nil && *p.Status == "joint" && p.Partner != nil {
			pf, ok := fs[*p.Partner]
			if !ok {
				t.Fatalf("day %s: %s is held jointly with %q, which /api/v1/factions does not list", day, p.ID, *p.Partner)
			}
			want[p.ID] = "url(#split-" + strings.ToLower(strings.TrimPrefix(f.Color, "#")+"-"+strings.TrimPrefix(pf.Color, "#")) + ")"
		}
	}
	return want
}

// markerFills reads the fill of every Leaflet marker path, by place.
func markerFills(tb *tab) map[string]string {
	tb.t.Helper()
	return eval[map[string]string](tb, `Object.fromEntries([...document.querySelectorAll("#map path[data-place]")]
		.map((p) => [p.getAttribute("data-place"), (p.getAttribute("fill") || "").toLowerCase()]))`)
}

// checkMarkers compares the markers on the page with the API for the day.
func checkMarkers(t *testing.T, tb *tab, day string) {
	t.Helper()
	got, want := markerFills(tb), wantFills(t, day)
	if len(got) != len(want) {
		t.Errorf("day %s: %d markers with data-place, want %d (one per place)", day, len(got), len(want))
	}
	for id, w := range want {
		if g := got[id]; g != w {
			t.Errorf("day %s: marker %s fill = %q, want %q (from /api/v1/control)", day, id, g, w)
		}
	}
}

// rect is a DOMRect in CSS pixels.
type rect struct {
	X, Y, Width, Height float64
	Visible             bool
}

func (r rect) cx() float64 { return r.X + r.Width/2 }
func (r rect) cy() float64 { return r.Y + r.Height/2 }

// rectOf returns the bounding box of the first element matching sel.
func rectOf(tb *tab, sel string) rect {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return null;
		// Scroll the window only: scrollIntoView would also scroll the map's
		// own box, which Leaflet snaps back a moment later, moving the
		// element away from where it was measured.
		const r0 = el.getBoundingClientRect();
		window.scrollBy(0, r0.top + r0.height / 2 - innerHeight / 2);
		const r = el.getBoundingClientRect();
		const s = getComputedStyle(el);
		return {X: r.x, Y: r.y, Width: r.width, Height: r.height,
			Visible: r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"};
	})()`, sel)
	r := eval[*rect](tb, js)
	if r == nil {
		tb.t.Fatalf("no element matches %s", sel)
	}
	return *r
}

// thumbX is where the thumb of a range input sits for a value, given the
// track's box; Chromium's default thumb is about 16px wide.
func thumbX(r rect, value, max float64) float64 {
	const thumb = 16.0
	return r.X + thumb/2 + (r.Width-thumb)*value/max
}

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(hex string) (float64, error) {
	var r, g, b uint8
	if _, err := fmt.Sscanf(strings.ToLower(hex), "#%02x%02x%02x", &r, &g, &b); err != nil {
		return 0, fmt.Errorf("colour %q is not #rrggbb: %w", hex, err)
	}
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b), nil
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05), nil
}

// tool finds a program on PATH, failing in CI and skipping elsewhere.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	need(t, name, err)
	return p
}

// nodeModule returns the path of a file in node_modules, failing in CI and
// skipping elsewhere when `just assets` has not installed it.
func nodeModule(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(repoRoot(t), "node_modules", rel)
	_, err := os.Stat(p)
	if err != nil {
		err = fmt.Errorf("%w (run `just assets`)", err)
	}
	need(t, "node_modules/"+rel, err)
	return p
}

// lines splits command output for messages.
func lines(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// phoneTab opens a tab that looks like a phone: 390×844, mobile, touch.
func phoneTab(t *testing.T) *tab {
	t.Helper()
	return newTab(t, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
}

// intercept makes the tab hold every request whose URL matches one of the
// patterns (Fetch.enable) and returns the channel the held requests arrive
// on; the test continues or fails each with cdpfetch.ContinueRequest or
// cdpfetch.FailRequest.
func (tb *tab) intercept(patterns ...string) <-chan *cdpfetch.EventRequestPaused {
	tb.t.Helper()
	tb.rec.mu.Lock()
	tb.rec.paused = make(chan *cdpfetch.EventRequestPaused, 64)
	ch := tb.rec.paused
	tb.rec.mu.Unlock()
	var ps []*cdpfetch.RequestPattern
	for _, p := range patterns {
		ps = append(ps, &cdpfetch.RequestPattern{URLPattern: p})
	}
	if _, err := chromedp.Call(tb.ctx, cdpfetch.Enable, cdpfetch.EnableParams{Patterns: ps}); err != nil {
		tb.t.Fatalf("intercept %v: %v", patterns, err)
	}
	return ch
}

// drag presses the left button at (x, y), moves by (dx, dy) in steps and
// releases it, as a reader dragging with a mouse.
func (tb *tab) drag(x, y, dx, dy float64) {
	tb.t.Helper()
	mouse := func(typ input.DispatchMouseEventType, x, y float64, buttons int64) {
		p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1}
		if typ == input.DispatchMouseEventTypeMouseMoved {
			p.ClickCount = 0
		}
		if _, err := chromedp.Call(tb.ctx, input.DispatchMouseEvent, p); err != nil {
			tb.t.Fatalf("mouse %s at %.0f,%.0f: %v", typ, x, y, err)
		}
	}
	mouse(input.DispatchMouseEventTypeMousePressed, x, y, 1)
	const steps = 10
	for i := 1; i <= steps; i++ {
		mouse(input.DispatchMouseEventTypeMouseMoved, x+dx*float64(i)/steps, y+dy*float64(i)/steps, 1)
	}
	mouse(input.DispatchMouseEventTypeMouseReleased, x+dx, y+dy, 0)
}

// tap touches the screen at (x, y) with one finger and lifts it.
func (tb *tab) tap(x, y float64) {
	tb.t.Helper()
	for _, typ := range []input.DispatchTouchEventType{input.DispatchTouchEventTypeTouchStart, input.DispatchTouchEventTypeTouchEnd} {
		p := input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{}}
		if typ == input.DispatchTouchEventTypeTouchStart {
			p.TouchPoints = []*input.TouchPoint{{X: x, Y: y}}
		}
		if _, err := chromedp.Call(tb.ctx, input.DispatchTouchEvent, p); err != nil {
			tb.t.Fatalf("touch %s at %.0f,%.0f: %v", typ, x, y, err)
		}
	}
}

// markerCentre scrolls the marker of a place into the middle of the window
// and returns where its centre is on the screen.
func markerCentre(tb *tab, id string) (float64, float64) {
	tb.t.Helper()
	r := rectOf(tb, fmt.Sprintf(`#map path[data-place=%q]`, id))
	return r.cx(), r.cy()
}
