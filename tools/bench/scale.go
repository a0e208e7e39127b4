package main

// The scale mode (`bench scale`) measures issue 11's table at three sizes of
// data: the embedded dataset, 1,000 synthetic places with 100,000 events and
// 10,000 places with 1,000,000 events. For each it imports the data files,
// starts the server on the imported database, times readiness and the first
// and an uncached day page, loads the day page in Chromium (first-visit
// bytes, DOM size, time to a drawn map, slider steps, Play) and reads the
// server's memory after every day has been visited. It writes the figures
// into a marked block of BENCHMARKS.md that each run replaces.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// The marks around the section this mode owns in BENCHMARKS.md.
const (
	scaleBegin = "<!-- bench-scale:begin (written by `just bench-scale`; replaced on each run) -->"
	scaleEnd   = "<!-- bench-scale:end -->"
)

// scaleSpec is one size of data: where its files come from.
type scaleSpec struct {
	Name string `json:"name"`
	// Lang is the language of the pages measured ("" for the default,
	// "ar" for /ar/…): a scale written "embedded@ar" measures the Arabic
	// pages of that data.
	Lang   string `json:"lang,omitempty"`
	Dir    string `json:"dir"`    // the data files to import
	Places int    `json:"places"` // 0 for the embedded data
	Events int    `json:"events"`
	// SpanDays is how many days synth spreads the events over (its
	// coverage.csv says so); 0 for the embedded data.
	SpanDays int `json:"span_days,omitempty"`
}

// ScaleResult is every figure of one scale.
type ScaleResult struct {
	Spec         scaleSpec `json:"spec"`
	ImportS      float64   `json:"import_s"`
	ImportPeakMB float64   `json:"import_peak_rss_mb"`
	ImportOut    string    `json:"import_output"`
	HealthMs     float64   `json:"healthz_ms"`
	ReadyMs      float64   `json:"readyz_ms"`
	ReadyTries   int       `json:"readyz_tries"`
	First, Last  string
	Days         int        `json:"days"`
	FirstPageMs  float64    `json:"first_page_ms"`
	UncachedDays []string   `json:"uncached_days"`
	UncachedEach []float64  `json:"uncached_each_ms"`
	UncachedMs   float64    `json:"uncached_median_ms"`
	CachedMs     float64    `json:"cached_ms"`
	RawBytes     int        `json:"raw_bytes"`
	GzipBytes    int        `json:"gzip_bytes"`
	Parts        []pagePart `json:"page_parts"`
	TerritoryURL string     `json:"territory_url"`
	TerritoryRaw int        `json:"territory_raw_bytes"`
	TerritoryGz  int        `json:"territory_gzip_bytes"`
	TerritoryBy  []pagePart `json:"territory_parts"`
	// The histories a day page fetches on the first move of the slider.
	Histories []wfile `json:"histories"`
	// FirstMoveMs is the first move: from its input event to the map on
	// the new day, the histories fetched on the way.
	FirstMoveMs float64 `json:"first_move_ms"`
	// Chromium.
	WeightBytes int64   `json:"first_visit_bytes"`
	WeightFiles []wfile `json:"first_visit_files"`
	DOM         int     `json:"dom_elements"`
	// MapMs is the median of MapSamples: loads in a browser already
	// running (it opened about:blank, nothing of the site, 3 s before),
	// each browser fresh and its cache off. MapColdMs is the same load as the
	// first page of a browser just started, whose own start-up it carries.
	MapMs      float64   `json:"map_visible_ms"`
	MapSamples []float64 `json:"map_visible_samples_ms"`
	MapColdMs  float64   `json:"map_visible_cold_ms"`
	LoadMs     float64   `json:"load_event_ms"`
	// The slider: the median over scrubRuns loads of each run's p50 and
	// p95, the largest step of all, and the steps of the runs together.
	ScrubSteps int        `json:"scrub_steps"`
	ScrubP50ms float64    `json:"scrub_p50_ms"`
	ScrubP95ms float64    `json:"scrub_p95_ms"`
	ScrubMaxms float64    `json:"scrub_max_ms"`
	FrameP95ms float64    `json:"frame_p95_ms"`
	ScrubRuns  []scrubRun `json:"scrub_runs"`
	ScrubCPU   []cpuEntry `json:"scrub_cpu"`
	PlayS      float64    `json:"play_s"`
	PlaySteps  int        `json:"play_steps"`
	PlayIdealS float64    `json:"play_ideal_s"`
	BrowserErr string     `json:"browser_error,omitempty"`
	Notes      []string   `json:"notes,omitempty"`
	// Memory.
	VisitedDays  int     `json:"visited_days"`
	VisitS       float64 `json:"visit_all_s"`
	RSSAfterMB   float64 `json:"rss_after_all_days_mb"`
	HWMAfterMB   float64 `json:"rss_peak_mb"`
	Err          string  `json:"error,omitempty"`
	LoadAvgStart string  `json:"loadavg_start"`
	LoadAvgEnd   string  `json:"loadavg_end"`
}

type wfile struct {
	URL   string `json:"url"`
	Bytes int64  `json:"bytes"`
}

// scaleMain runs the scale mode with its own flags and returns the exit code.
func scaleMain(args []string) int {
	fl := flag.NewFlagSet("scale", flag.ContinueOnError)
	bin := fl.String("bin", "bin/frontline", "the frontline binary")
	work := fl.String("work", filepath.Join(os.TempDir(), "frontline-scale"), "where synthetic data and databases are kept between runs")
	chromium := fl.String("chromium", "/usr/bin/chromium", "Chromium for the browser figures")
	day := fl.String("day", "2024-12-06", "the day page to measure")
	other := fl.String("other-days", "2024-11-30,2024-12-02,2024-11-28", "other days, comma-separated, each for an uncached page")
	sizes := fl.String("scales", "embedded,embedded@ar,1000x100000x36,1000x100000x741,1000x100000x741@ar,1000x100000x3650,10000x1000000x741", "comma-separated scales: embedded, PLACESxEVENTS or PLACESxEVENTSxDAYS (synth over that many days; 36 without), each optionally @LANG for that language's pages")
	dataDir := fl.String("data", "data", "the embedded dataset's files, imported for the embedded scale")
	out := fl.String("out", "", "write the section into this Markdown file (its marked block is replaced) instead of JSON to stdout")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if err := os.MkdirAll(*work, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "bench scale:", err)
		return 1
	}
	var results []*ScaleResult
	for _, s := range strings.Split(*sizes, ",") {
		spec, err := prepareScale(*bin, *work, *dataDir, strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench scale:", err)
			return 1
		}
		res := measureScale(*bin, *work, *chromium, *day, *other, spec)
		if res.Err != "" {
			log("scale %s: %s", spec.Name, res.Err)
		}
		results = append(results, res)
	}
	if *out == "" {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(results)
		return 0
	}
	if err := writeScaleSection(*out, results, *day, append([]string{"bench", "scale"}, args...)); err != nil {
		fmt.Fprintln(os.Stderr, "bench scale:", err)
		return 1
	}
	// The raw figures beside the database, for a reader who wants more.
	if b, err := json.MarshalIndent(results, "", "  "); err == nil {
		os.WriteFile(filepath.Join(*work, "scale.json"), b, 0o644)
	}
	return 0
}

// prepareScale returns the data files of one scale, writing synthetic ones
// with `frontline synth` unless an earlier run left them (synth is
// deterministic, so they are the same bytes).
func prepareScale(bin, work, dataDir, s string) (scaleSpec, error) {
	if base, lang, ok := strings.Cut(s, "@"); ok {
		spec, err := prepareScale(bin, work, dataDir, base)
		spec.Name, spec.Lang = s, lang
		return spec, err
	}
	if s == "embedded" {
		return scaleSpec{Name: "embedded", Dir: dataDir}, nil
	}
	// PLACESxEVENTS, or PLACESxEVENTSxDAYS for a span other than synth's
	// default 36 days.
	parts := strings.Split(s, "x")
	if len(parts) == 2 {
		parts = append(parts, "36")
	}
	var nums [3]int
	var bad error
	if len(parts) != 3 {
		bad = errors.New("not two or three numbers")
	}
	for i := 0; bad == nil && i < 3; i++ {
		nums[i], bad = strconv.Atoi(parts[i])
	}
	if bad != nil {
		return scaleSpec{}, fmt.Errorf("scale %q: want embedded, PLACESxEVENTS or PLACESxEVENTSxDAYS", s)
	}
	ps, es, ds := parts[0], parts[1], parts[2]
	spec := scaleSpec{Name: s, Dir: filepath.Join(work, "synth-"+s), Places: nums[0], Events: nums[1], SpanDays: nums[2]}
	if _, err := os.Stat(filepath.Join(spec.Dir, "events.csv")); err == nil {
		log("scale %s: reusing %s", s, spec.Dir)
		return spec, nil
	}
	tmp := spec.Dir + ".tmp"
	os.RemoveAll(tmp)
	log("scale %s: synth into %s", s, spec.Dir)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "synth", "--places", ps, "--events", es, "--days", ds, "--out", tmp)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return scaleSpec{}, fmt.Errorf("synth %s: %w", s, err)
	}
	if err := os.Rename(tmp, spec.Dir); err != nil {
		return scaleSpec{}, fmt.Errorf("synth %s: %w", s, err)
	}
	return spec, nil
}

// measureScale takes every figure of one scale; a failure is kept in Err
// with whatever figures came before it.
func measureScale(bin, work, chromium, day, other string, spec scaleSpec) *ScaleResult {
	res := &ScaleResult{Spec: spec, LoadAvgStart: loadAvg()}
	defer func() { res.LoadAvgEnd = loadAvg() }()
	db := filepath.Join(work, "scale-"+spec.Name+".db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(db + suffix)
	}

	// Import: wall time and the child's peak RSS.
	log("scale %s: import", spec.Name)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	imp := exec.CommandContext(ctx, bin, "import", "--db", db, spec.Dir)
	var impOut strings.Builder
	imp.Stdout, imp.Stderr = &impOut, &impOut
	t0 := time.Now()
	err := imp.Run()
	res.ImportS = time.Since(t0).Seconds()
	if imp.ProcessState != nil {
		if ru, ok := imp.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.ImportPeakMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		}
	}
	res.ImportOut = strings.TrimSpace(impOut.String())
	if err != nil {
		res.Err = fmt.Sprintf("import: %v: %s", err, res.ImportOut)
		return res
	}

	// Serve: readiness, then the day pages.
	addr, err := freeAddr()
	if err != nil {
		res.Err = err.Error()
		return res
	}
	base := "http://" + addr
	srv := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	srv.Stderr = io.Discard // request logs would only measure the terminal
	start := time.Now()
	if err := srv.Start(); err != nil {
		res.Err = fmt.Sprintf("start %s: %v", bin, err)
		return res
	}
	p := &proc{cmd: srv, url: base}
	defer p.stop()
	if _, err := waitOK(base+"/healthz", 60*time.Second); err != nil {
		res.Err = err.Error()
		return res
	}
	res.HealthMs = ms(time.Since(start))
	ready, tries, err := waitReady(base+"/readyz", 5*time.Minute)
	res.ReadyTries = tries
	if err != nil {
		res.Err = err.Error()
		return res
	}
	res.ReadyMs = ms(time.Since(start))
	res.First, res.Last = ready.First, ready.Last
	log("scale %s: ready after %.0f ms (%s to %s)", spec.Name, res.ReadyMs, res.First, res.Last)

	client := &http.Client{Timeout: 5 * time.Minute, Transport: &http.Transport{DisableCompression: true}}
	var n int
	if n, res.FirstPageMs, err = timedGet(client, base+spec.pagePath("/day/"+day), true); err != nil {
		res.Err = err.Error()
		return res
	}
	res.GzipBytes = n
	for _, o := range strings.Split(other, ",") {
		_, t, err := timedGet(client, base+spec.pagePath("/day/"+o), true)
		if err != nil {
			res.Err = err.Error()
			return res
		}
		res.UncachedDays = append(res.UncachedDays, o)
		res.UncachedEach = append(res.UncachedEach, t)
	}
	res.UncachedMs = median(res.UncachedEach)
	if _, res.CachedMs, err = timedGet(client, base+spec.pagePath("/day/"+day), true); err != nil {
		res.Err = err.Error()
		return res
	}
	raw, err := getBody(client, base+spec.pagePath("/day/"+day), false)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	res.RawBytes = len(raw)
	res.Parts = pageParts(string(raw))
	if m := territoryRef.FindString(string(raw)); m != "" {
		res.TerritoryURL = m
		if gz, err := getBody(client, base+m, true); err == nil {
			res.TerritoryGz = len(gz)
		}
		if tr, err := getBody(client, base+m, false); err == nil {
			res.TerritoryRaw = len(tr)
			res.TerritoryBy = jsonParts(tr)
		}
	}
	for _, m := range historyRef.FindAllString(string(raw), -1) {
		if gz, err := getBody(client, base+m, true); err == nil {
			res.Histories = append(res.Histories, wfile{URL: m, Bytes: int64(len(gz))})
		}
	}
	log("scale %s: first page %.0f ms, uncached %.0f ms, %d raw / %d gzip bytes", spec.Name, res.FirstPageMs, res.UncachedMs, res.RawBytes, res.GzipBytes)

	// Chromium; a failure here still leaves the memory figures to take.
	log("scale %s: chromium", spec.Name)
	if err := scaleBrowser(chromium, base+spec.pagePath("/day/"+day), res); err != nil {
		res.BrowserErr = err.Error()
		log("scale %s: chromium: %v", spec.Name, err)
	}

	// Memory after every day of the coverage has been asked for.
	first, err1 := time.Parse("2006-01-02", res.First)
	last, err2 := time.Parse("2006-01-02", res.Last)
	if err1 != nil || err2 != nil {
		res.Err = fmt.Sprintf("readyz gave no days: %q to %q", res.First, res.Last)
		return res
	}
	res.Days = int(last.Sub(first).Hours()/24) + 1
	t0 = time.Now()
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if _, _, err := timedGet(client, base+spec.pagePath("/day/"+d.Format("2006-01-02")), true); err != nil {
			res.Err = err.Error()
			return res
		}
		res.VisitedDays++
	}
	res.VisitS = time.Since(t0).Seconds()
	res.RSSAfterMB, res.HWMAfterMB = procMem(srv.Process.Pid)
	log("scale %s: RSS %.0f MB after %d days", spec.Name, res.RSSAfterMB, res.VisitedDays)
	return res
}

// territoryRef finds the territory file a day page points at.
var territoryRef = regexp.MustCompile(`/territory/[0-9a-f]+\.json`)

// historyRef finds the files a day page fetches on the first move: every
// cell's history and the language's timeline file.
var historyRef = regexp.MustCompile(`/territory/(?:history|timeline)\.[a-z.]*[0-9a-f]+\.json`)

// pagePart is the size of one part of a page or file, raw and gzipped at
// the default level (a guide to where the bytes go, not the server's own
// compression).
type pagePart struct {
	Name string `json:"name"`
	Raw  int    `json:"raw"`
	Gzip int    `json:"gzip"`
}

// dayParts are the parts of the day page that grow with places or events,
// each found by the start of its opening tag.
var dayParts = []struct{ name, tag, open string }{
	{"static map SVG", "svg", `<svg class="staticmap"`},
	{"timeline strip SVG", "svg", `<svg class="tl"`},
	{"table", "table", `<table class="holds"`},
	{"feed", "ol", `<ol class="feed"`},
	{"embedded timeline JSON", "script", `<script id="timeline"`},
}

// pageParts measures each of dayParts in html: from its opening tag to the
// matching closing tag of the same name.
func pageParts(html string) []pagePart {
	var parts []pagePart
	for _, d := range dayParts {
		i := strings.Index(html, d.open)
		if i < 0 {
			continue
		}
		depth, j := 0, i
		for j < len(html) {
			o := strings.Index(html[j:], "<"+d.tag)
			c := strings.Index(html[j:], "</"+d.tag+">")
			if c < 0 {
				j = len(html)
				break
			}
			if o >= 0 && o < c {
				depth++
				j += o + 1
				continue
			}
			depth--
			j += c + len("</"+d.tag+">")
			if depth == 0 {
				break
			}
		}
		parts = append(parts, pagePart{Name: d.name, Raw: j - i, Gzip: gzipLen([]byte(html[i:j]))})
	}
	return parts
}

// jsonParts measures each top-level member of a JSON object.
func jsonParts(b []byte) []pagePart {
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil {
		return nil
	}
	var parts []pagePart
	for k, v := range obj {
		parts = append(parts, pagePart{Name: k, Raw: len(v), Gzip: gzipLen(v)})
	}
	slices.SortFunc(parts, func(a, b pagePart) int { return b.Raw - a.Raw })
	return parts
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// getBody fetches url, gzipped on the wire or not, and returns the bytes as
// sent.
func getBody(c *http.Client, url string, gz bool) ([]byte, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return b, nil
}

type readyBody struct {
	Status string `json:"status"`
	First  string `json:"first"`
	Last   string `json:"last"`
}

// waitReady polls /readyz with a patient client (the first call loads the
// data, which may take longer than a health check's second) until it says
// 200.
func waitReady(url string, limit time.Duration) (readyBody, int, error) {
	start := time.Now()
	c := &http.Client{Timeout: limit}
	tries := 0
	for time.Since(start) < limit {
		tries++
		resp, err := c.Get(url)
		if err == nil {
			var rb readyBody
			err = json.NewDecoder(resp.Body).Decode(&rb)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && err == nil {
				return rb, tries, nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return readyBody{}, tries, fmt.Errorf("%s did not answer 200 within %s", url, limit)
}

// timedGet fetches url (asking for gzip or not) and returns the bytes on the
// wire and the wall time to the last byte.
func timedGet(c *http.Client, url string, gzip bool) (int, float64, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	d := ms(time.Since(t0))
	if err != nil {
		return 0, 0, fmt.Errorf("GET %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if gzip && resp.Header.Get("Content-Encoding") != "gzip" {
		return 0, 0, fmt.Errorf("GET %s: not gzipped", url)
	}
	return int(n), d, nil
}

// procMem reads a process's resident set now and at its peak, in MB.
func procMem(pid int) (rss, hwm float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		var kb float64
		fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
		switch k {
		case "VmRSS":
			rss = kb / 1024
		case "VmHWM":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

// A script run before the page's own: it notes when the map says it has
// drawn (data-map-ready="1" on <html>, set by assets/js/map.js), on the
// page's clock, which starts at navigation.
const mapReadyWatch = `(() => {
	const mark = () => {
		if (document.documentElement && document.documentElement.dataset.mapReady === "1" && !window.__mapReadyAt) {
			window.__mapReadyAt = performance.now();
		}
	};
	const start = () => {
		new MutationObserver(mark).observe(document.documentElement, {attributes: true, attributeFilter: ["data-map-ready"]});
		mark();
	};
	if (document.documentElement) start(); else document.addEventListener("readystatechange", start, {once: true});
})()`

// scaleFirstMove moves the slider to the last day (the first day when the
// page is on the last) with one input event, as the first step of a drag,
// and times it until the map shows that day: the page fetches the
// histories on its first move, and a step waits for them.
const scaleFirstMove = `(async () => {
	const s = document.getElementById("day-slider");
	const first = JSON.parse(document.getElementById("timeline").textContent).first;
	const to = Number(s.value) === Number(s.max) ? Number(s.min) : Number(s.max);
	const want = new Date(Date.parse(first + "T00:00:00Z") + to * 86400000).toISOString().slice(0, 10);
	const t0 = performance.now();
	s.value = String(to);
	s.dispatchEvent(new Event("input", {bubbles: true}));
	while (window.frontline.day !== want) {
		await new Promise(r => requestAnimationFrame(r));
		if (performance.now() - t0 > 60000) return -1;
	}
	return performance.now() - t0;
})()`

// scaleScrub steps the slider through every day forward then back, each
// step in its own animation frame, and times the input handler plus the
// style and layout it forces (as the page-weight bench does), stopping
// early when the steps have taken 40 seconds.
const scaleScrub = `(async () => {
	const s = document.getElementById("day-slider");
	const frame = () => new Promise(r => requestAnimationFrame(r));
	const work = [], frames = [];
	const lo = Number(s.min), hi = Number(s.max);
	const began = performance.now();
	for (let pass = 0; pass < 2; pass++) {
		for (let v = lo; v <= hi; v++) {
			if (performance.now() - began > 40000) return {work, frames};
			await frame();
			const t0 = performance.now();
			s.value = String(pass % 2 ? hi - (v - lo) : v);
			s.dispatchEvent(new Event("input", {bubbles: true}));
			void document.body.getBoundingClientRect().height;
			const t1 = performance.now();
			await frame();
			work.push(t1 - t0);
			frames.push(performance.now() - t0);
		}
	}
	return {work, frames};
})()`

// scalePlay puts the slider 20 days before the end (or on the first day),
// picks 2 days/s and presses Play, then waits until Play has stopped by
// itself at the last day: the wall time and how many days it stepped.
const scalePlay = `(async () => {
	const s = document.getElementById("day-slider");
	const play = document.getElementById("play");
	const speed = document.getElementById("speed");
	const from = Math.max(Number(s.min), Number(s.max) - 19);
	s.value = String(from);
	s.dispatchEvent(new Event("input", {bubbles: true}));
	speed.value = "500";
	speed.dispatchEvent(new Event("change", {bubbles: true}));
	await new Promise(r => setTimeout(r, 300));
	// The timer ticks once per day after the first and once more to stop.
	const expect = (Number(s.max) - from + 1) * Number(speed.value);
	const t0 = performance.now();
	play.click();
	while (play.getAttribute("aria-pressed") === "true") {
		await new Promise(r => setTimeout(r, 10));
		if (performance.now() - t0 > expect * 20 + 60000) return {ms: -1, steps: 0, ideal: expect};
	}
	return {ms: performance.now() - t0, steps: Number(s.value) - from, ideal: expect};
})()`

type loadTimes struct {
	Map  float64 `json:"map"`
	Load float64 `json:"load"`
}

// loadMap loads pageURL in the browser of ctx and returns when, on the
// page's clock, the map said it had drawn and the load event ended. With
// warm, the browser opens about:blank first and is left alone for a few
// seconds: a reader follows a link in a browser that runs already, and a
// just-started Chromium goes on with its own start-up for a second or two
// after its first page, which here took 200-400 ms of the two cores from
// the page's load.
func loadMap(ctx context.Context, pageURL string, warm bool) (loadTimes, error) {
	if warm {
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			return loadTimes{}, fmt.Errorf("about:blank: %w", err)
		}
		time.Sleep(3 * time.Second)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: mapReadyWatch}); err != nil {
		return loadTimes{}, fmt.Errorf("watch the map: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return loadTimes{}, fmt.Errorf("load %s: %w", pageURL, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.mapReady === "1"`,
		chromedp.WithPollingTimeout(4*time.Minute), chromedp.WithPollingInterval(10*time.Millisecond))); err != nil {
		return loadTimes{}, fmt.Errorf("map ready on %s: %w", pageURL, err)
	}
	tm, err := chromedp.Run(ctx, chromedp.Evaluate[loadTimes](`({map: window.__mapReadyAt || -1, load: performance.getEntriesByType("navigation")[0]?.loadEventEnd || -1})`))
	if err != nil {
		return loadTimes{}, fmt.Errorf("map time: %w", err)
	}
	return tm, nil
}

// mapInFreshBrowser starts a Chromium of its own for one load and returns
// the time to the map.
func mapInFreshBrowser(chromium, pageURL string, warm bool) (float64, error) {
	ctx, cancel, _, err := openBrowser(chromium, 5*time.Minute)
	if err != nil {
		return 0, err
	}
	defer cancel()
	tm, err := loadMap(ctx, pageURL, warm)
	return tm.Map, err
}

// scaleBrowser loads the day page in a fresh Chromium and takes the browser
// figures.
func scaleBrowser(chromium, pageURL string, res *ScaleResult) error {
	ctx, cancel, received, err := openBrowser(chromium, 8*time.Minute)
	if err != nil {
		return err
	}
	defer cancel()
	tm, err := loadMap(ctx, pageURL, true)
	if err != nil {
		return err
	}
	res.MapSamples, res.LoadMs = []float64{tm.Map}, tm.Load
	// Four more loads, each in a browser of its own, for a median (single
	// loads of one page here ranged from 0.55 to 1.41 s); and one as a
	// just-started browser's first page.
	for i := 0; i < 4; i++ {
		t, err := mapInFreshBrowser(chromium, pageURL, true)
		if err != nil {
			return err
		}
		res.MapSamples = append(res.MapSamples, t)
	}
	res.MapMs = median(res.MapSamples)
	if res.MapColdMs, err = mapInFreshBrowser(chromium, pageURL, false); err != nil {
		return err
	}
	// Lazy loads such as the basemap and the territory come after the map.
	time.Sleep(2 * time.Second)
	origin := pageURL
	if u, err := url.Parse(pageURL); err == nil {
		origin = u.Scheme + "://" + u.Host
	}
	for u, n := range received() {
		if strings.Contains(u, "/tiles/") || strings.HasPrefix(u, "data:") || !strings.HasPrefix(u, origin) {
			continue
		}
		res.WeightBytes += n
		res.WeightFiles = append(res.WeightFiles, wfile{URL: strings.TrimPrefix(u, origin), Bytes: n})
	}
	slices.SortFunc(res.WeightFiles, func(a, b wfile) int { return int(b.Bytes - a.Bytes) })

	dom, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.getElementsByTagName("*").length`))
	if err != nil {
		return fmt.Errorf("dom: %w", err)
	}
	res.DOM = dom

	fm, run, err := moveAndScrub(ctx)
	if err != nil {
		return err
	}
	res.FirstMoveMs = fm
	res.ScrubRuns = []scrubRun{run}

	// Once more under the JavaScript profiler (which slows it, so its
	// times are not the figures above): where a step's time goes.
	if cpu, err := profileScrub(ctx); err != nil {
		res.Notes = append(res.Notes, "scrub profile: "+err.Error())
	} else {
		res.ScrubCPU = cpu
	}

	type playOut struct {
		Ms    float64 `json:"ms"`
		Steps int     `json:"steps"`
		Ideal float64 `json:"ideal"`
	}
	po, err := chromedp.Run(ctx, chromedp.Evaluate[playOut](scalePlay, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("play: %w", err)
	}
	if po.Ms < 0 {
		return errors.New("play did not stop by itself")
	}
	res.PlayS, res.PlaySteps, res.PlayIdealS = po.Ms/1000, po.Steps, po.Ideal/1000

	// The scrub again in browsers of their own: one scrub's p95 moved by a
	// factor of two from run to run on this machine (6.7 to 33.8 ms on one
	// page), as the map's time did from load to load.
	for len(res.ScrubRuns) < scrubRuns {
		run, err := scrubInFreshBrowser(chromium, pageURL)
		if err != nil {
			return err
		}
		res.ScrubRuns = append(res.ScrubRuns, run)
	}
	var p50s, p95s, f95s []float64
	for _, r := range res.ScrubRuns {
		p50s, p95s, f95s = append(p50s, r.P50), append(p95s, r.P95), append(f95s, r.FrameP95)
		res.ScrubSteps += r.Steps
		res.ScrubMaxms = max(res.ScrubMaxms, r.Max)
	}
	res.ScrubP50ms, res.ScrubP95ms, res.FrameP95ms = median(p50s), median(p95s), median(f95s)
	return nil
}

// scrubRuns is how many loads, each in a browser of its own, scrub the
// slider for its figures.
const scrubRuns = 3

// scrubRun is one scrub's figures: the step's time (input handler, style
// and layout) at the median, the 95th percentile and the largest, the
// time to the next frame at the 95th percentile, and how many steps.
type scrubRun struct {
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	Max      float64 `json:"max_ms"`
	FrameP95 float64 `json:"frame_p95_ms"`
	Steps    int     `json:"steps"`
}

// moveAndScrub makes the first move (which fetches the histories, so that
// the scrub steps with them there) and then scrubs the slider.
func moveAndScrub(ctx context.Context) (float64, scrubRun, error) {
	fm, err := chromedp.Run(ctx, chromedp.Evaluate[float64](scaleFirstMove, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, scrubRun{}, fmt.Errorf("first move: %w", err)
	}
	if fm < 0 {
		return 0, scrubRun{}, errors.New("the first move did not reach its day in a minute")
	}
	type scrubOut struct {
		Work   []float64 `json:"work"`
		Frames []float64 `json:"frames"`
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[scrubOut](scaleScrub, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, scrubRun{}, fmt.Errorf("scrub: %w", err)
	}
	if len(out.Work) == 0 {
		return 0, scrubRun{}, errors.New("scrub: no step")
	}
	slices.Sort(out.Work)
	slices.Sort(out.Frames)
	return fm, scrubRun{P50: pctF(out.Work, 0.5), P95: pctF(out.Work, 0.95), Max: out.Work[len(out.Work)-1], FrameP95: pctF(out.Frames, 0.95), Steps: len(out.Work)}, nil
}

// scrubInFreshBrowser loads the page in a Chromium of its own, left alone
// after about:blank as for the map's time, and scrubs.
func scrubInFreshBrowser(chromium, pageURL string) (scrubRun, error) {
	ctx, cancel, _, err := openBrowser(chromium, 5*time.Minute)
	if err != nil {
		return scrubRun{}, err
	}
	defer cancel()
	if _, err := loadMap(ctx, pageURL, true); err != nil {
		return scrubRun{}, err
	}
	_, run, err := moveAndScrub(ctx)
	return run, err
}

// cpuEntry is one function's self time in a profile.
type cpuEntry struct {
	Function string  `json:"function"`
	Ms       float64 `json:"ms"`
	Share    float64 `json:"share"`
}

// profileScrub runs the scrub under V8's sampling profiler and returns the
// functions with the most self time (rendering work shows as "(program)").
func profileScrub(ctx context.Context) ([]cpuEntry, error) {
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](scaleScrub, chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	out, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	prof := out.Profile
	if prof == nil {
		return nil, errors.New("no profile")
	}
	name := map[int64]string{}
	for _, n := range prof.Nodes {
		f := n.CallFrame.FunctionName
		if f == "" {
			f = "(anonymous)"
		}
		if u := n.CallFrame.URL; u != "" {
			f += " " + filepath.Base(u) + ":" + strconv.FormatInt(n.CallFrame.LineNumber+1, 10)
		}
		name[n.ID] = f
	}
	self := map[string]float64{}
	var total float64
	for i, id := range prof.Samples {
		if i >= len(prof.TimeDeltas) {
			break
		}
		// A sample's time is the gap to the next one.
		var dt float64
		if i+1 < len(prof.TimeDeltas) {
			dt = float64(prof.TimeDeltas[i+1]) / 1000
		}
		self[name[id]] += dt
		if name[id] != "(idle)" {
			total += dt
		}
	}
	var entries []cpuEntry
	for f, v := range self {
		if f == "(idle)" {
			continue
		}
		entries = append(entries, cpuEntry{Function: f, Ms: v, Share: v / total})
	}
	slices.SortFunc(entries, func(a, b cpuEntry) int { return cmpFloat(b.Ms, a.Ms) })
	return entries[:min(len(entries), 8)], nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// scaleTarget is one of issue 11's targets for a figure at a scale.
type scaleTarget struct {
	text string
	met  bool
}

// writeScaleSection puts the section between its marks in the file at path,
// replacing an earlier one or appending it.
func writeScaleSection(path string, results []*ScaleResult, day string, args []string) error {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	ok := func(met bool) string {
		if met {
			return "met"
		}
		return "**missed**"
	}
	w("%s\n## At three scales\n\n", scaleBegin)
	w("Written by `just bench-scale` on %s (`%s`). Every figure is from that one run on this machine (%d CPUs, %s, %s); the machine is shared with other agents, and the load average was %s before the first scale and %s at the end, so times are noisy upper bounds. Server, load generator and Chromium share the same two cores.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), scrubPaths(strings.Join(args, " ")), runtime.NumCPU(), cpuModel(), memTotal(), results[0].LoadAvgStart, results[len(results)-1].LoadAvgEnd)
	w("Each scale: `frontline import --db X DIR` into a new database (the embedded scale imports `data/`, the others the files of `frontline synth --places P --events E --days D`, a scale named PxExD), then `frontline serve` on it; the day page is /day/%s (/ar/day/%s for a scale marked @ar); Chromium 1280×900 with the cache off. A new database starts with the embedded dataset, so the synthetic databases also hold its places, localities and events; the synthetic coverage.csv (D days from 2024-11-26) replaces its declared coverage and sets their days.\n\n", day, day)

	w("| figure |")
	for _, r := range results {
		w(" %s |", scaleTitle(r))
	}
	w("\n|---|")
	for range results {
		w("---|")
	}
	w("\n")
	row := func(name string, f func(r *ScaleResult) string) {
		w("| %s |", name)
		for _, r := range results {
			w(" %s |", f(r))
		}
		w("\n")
	}
	kb := func(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }
	// targets says, for each figure and scale index (0 embedded, 1 1,000,
	// 2 10,000), issue 11's target, if any.
	withTarget := func(val string, t *scaleTarget) string {
		if t == nil {
			return val
		}
		return fmt.Sprintf("%s (%s: %s)", val, t.text, ok(t.met))
	}
	idx := func(r *ScaleResult) int {
		switch {
		case r.Spec.Places >= 10000:
			return 2
		case r.Spec.Places >= 1000:
			return 1
		}
		return 0
	}
	browserOK := func(r *ScaleResult) bool { return r.BrowserErr == "" && r.DOM > 0 }
	row("day page, raw / gzip", func(r *ScaleResult) string {
		if r.GzipBytes == 0 {
			return "–"
		}
		return fmt.Sprintf("%s / %s", kb(int64(r.RawBytes)), kb(int64(r.GzipBytes)))
	})
	row("first visit, encoded bytes (tiles excluded)", func(r *ScaleResult) string {
		if !browserOK(r) {
			return "–"
		}
		limit := []int64{150_000, 400_000, 1_000_000}[idx(r)]
		if idx(r) == 0 && r.Spec.Lang == "ar" {
			// The Arabic pages also load the Arabic font.
			limit = 200_000
		}
		return withTarget(kb(r.WeightBytes), &scaleTarget{fmt.Sprintf("≤ %s", kb(limit)), r.WeightBytes <= limit})
	})
	row("DOM elements", func(r *ScaleResult) string {
		if !browserOK(r) {
			return "–"
		}
		return strconv.Itoa(r.DOM)
	})
	row("map visible (navigation to data-map-ready; median of 5 loads, each in a fresh browser running for 3 s, cache off)", func(r *ScaleResult) string {
		if !browserOK(r) {
			return "–"
		}
		var t *scaleTarget
		switch idx(r) {
		case 1:
			t = &scaleTarget{"< 1 s", r.MapMs < 1000}
		case 2:
			t = &scaleTarget{"< 3 s", r.MapMs < 3000}
		}
		return withTarget(fmt.Sprintf("%.2f s", r.MapMs/1000), t)
	})
	row("map visible as a just-started browser's first page (its start-up included)", func(r *ScaleResult) string {
		if !browserOK(r) || r.MapColdMs == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f s", r.MapColdMs/1000)
	})
	row("first slider move (fetches the histories, then draws the day)", func(r *ScaleResult) string {
		if !browserOK(r) || r.FirstMoveMs == 0 {
			return "–"
		}
		var sum int64
		for _, h := range r.Histories {
			sum += h.Bytes
		}
		return fmt.Sprintf("%.0f ms, %s fetched", r.FirstMoveMs, kb(sum))
	})
	row("slider step p95 (set + input + layout; median of 3 loads, each in a fresh browser, scrubbing every day forward then back for up to 40 s)", func(r *ScaleResult) string {
		if !browserOK(r) {
			return "–"
		}
		var t *scaleTarget
		switch idx(r) {
		case 0, 1:
			t = &scaleTarget{"< 16 ms", r.ScrubP95ms < 16}
		case 2:
			t = &scaleTarget{"< 50 ms", r.ScrubP95ms < 50}
		}
		each := make([]string, len(r.ScrubRuns))
		for i, run := range r.ScrubRuns {
			each[i] = fmt.Sprintf("%.1f", run.P95)
		}
		return withTarget(fmt.Sprintf("%.1f ms (median of %d loads: %s; p50 %.1f, max %.1f, %d steps)", r.ScrubP95ms, len(r.ScrubRuns), strings.Join(each, " / "), r.ScrubP50ms, r.ScrubMaxms, r.ScrubSteps), t)
	})
	row("Play, the last 20 days at 2 days/s", func(r *ScaleResult) string {
		if !browserOK(r) || r.PlayS == 0 {
			return "–"
		}
		// Keeping time: within 10% of the timer's own schedule.
		return withTarget(fmt.Sprintf("%.1f s for %d steps", r.PlayS, r.PlaySteps), &scaleTarget{fmt.Sprintf("keeps time, %.1f s", r.PlayIdealS), r.PlayS <= r.PlayIdealS*1.1})
	})
	row("/healthz 200 after start", func(r *ScaleResult) string { return fmt.Sprintf("%.0f ms", r.HealthMs) })
	row("/readyz 200 after start (data loaded)", func(r *ScaleResult) string {
		if r.ReadyMs == 0 {
			return "–"
		}
		// The first /readyz loads the data, so the time after /healthz
		// said 200 is the data load.
		load := r.ReadyMs - r.HealthMs
		var t *scaleTarget
		if idx(r) == 2 {
			t = &scaleTarget{"load < 2 s", load < 2000}
		}
		return withTarget(fmt.Sprintf("%.2f s, %.2f s of it after /healthz", r.ReadyMs/1000, load/1000), t)
	})
	row("first day page after ready", func(r *ScaleResult) string {
		if r.FirstPageMs == 0 {
			return "–"
		}
		var t *scaleTarget
		switch idx(r) {
		case 1:
			t = &scaleTarget{"< 300 ms", r.FirstPageMs < 300}
		case 2:
			t = &scaleTarget{"< 2 s", r.FirstPageMs < 2000}
		}
		return withTarget(fmt.Sprintf("%.0f ms", r.FirstPageMs), t)
	})
	row("an uncached day (three other days in turn)", func(r *ScaleResult) string {
		if r.UncachedMs == 0 {
			return "–"
		}
		var t *scaleTarget
		if idx(r) == 1 {
			t = &scaleTarget{"< 100 ms", r.UncachedMs < 100}
		}
		return withTarget(fmt.Sprintf("%.0f ms (median of %s)", r.UncachedMs, floats(r.UncachedEach)), t)
	})
	row("the same day again (cached)", func(r *ScaleResult) string {
		if r.CachedMs == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f ms", r.CachedMs)
	})
	row("server RSS after every day (peak)", func(r *ScaleResult) string {
		if r.RSSAfterMB == 0 {
			return "–"
		}
		return fmt.Sprintf("%.0f MB (%.0f MB) after %d days in %.1f s", r.RSSAfterMB, r.HWMAfterMB, r.VisitedDays, r.VisitS)
	})
	row("import, wall / peak RSS", func(r *ScaleResult) string {
		if r.ImportS == 0 {
			return "–"
		}
		var t *scaleTarget
		if idx(r) == 2 {
			t = &scaleTarget{"< 30 s, < 500 MB", r.ImportS < 30 && r.ImportPeakMB < 500}
		}
		return withTarget(fmt.Sprintf("%.2f s / %.0f MB", r.ImportS, r.ImportPeakMB), t)
	})
	w("\n")
	w("Not measured here: the page against a plain file server (`just bench` measures it on the embedded data) and concurrent requests for one uncached page.\n\n")

	for _, r := range results {
		w("### %s\n\n", scaleTitle(r))
		if r.ImportOut != "" {
			w("- import: `%s`\n", scrubPaths(r.ImportOut))
		}
		if r.First != "" {
			w("- days %s to %s (%d); /readyz answered after %d tries\n", r.First, r.Last, r.Days, r.ReadyTries)
		}
		if len(r.Parts) > 0 {
			w("- day page by part, raw / gzip -6 of the part alone:")
			for i, p := range r.Parts {
				sep := ","
				if i == 0 {
					sep = ""
				}
				w("%s %s %s / %s", sep, p.Name, kb(int64(p.Raw)), kb(int64(p.Gzip)))
			}
			w(" (of %s / %s)\n", kb(int64(r.RawBytes)), kb(int64(r.GzipBytes)))
		}
		if r.TerritoryURL != "" {
			w("- territory file (immutable, cached a year): %s raw / %s as sent gzipped;", kb(int64(r.TerritoryRaw)), kb(int64(r.TerritoryGz)))
			for i, p := range r.TerritoryBy {
				sep := ","
				if i == 0 {
					sep = ""
				}
				w("%s `%s` %s / %s", sep, p.Name, kb(int64(p.Raw)), kb(int64(p.Gzip)))
			}
			w("\n")
		}
		if len(r.Histories) > 0 {
			w("- fetched on the first move (immutable, gzipped):")
			for i, h := range r.Histories {
				sep := ","
				if i == 0 {
					sep = ""
				}
				w("%s `%s` %s", sep, h.URL, kb(h.Bytes))
			}
			w("\n")
		}
		if len(r.ScrubCPU) > 0 {
			w("- slider steps under the JavaScript profiler, self time (idle left out):")
			for i, e := range r.ScrubCPU {
				sep := ","
				if i == 0 {
					sep = ""
				}
				w("%s `%s` %.0f ms (%.0f%%)", sep, e.Function, e.Ms, 100*e.Share)
			}
			w("\n")
		}
		for _, n := range r.Notes {
			w("- %s\n", scrubPaths(n))
		}
		if r.LoadMs > 0 {
			w("- load event at %.2f s after navigation\n", r.LoadMs/1000)
		}
		if r.Err != "" {
			w("- **failed**: %s\n", scrubPaths(r.Err))
		}
		if r.BrowserErr != "" {
			w("- **browser failed**: %s\n", scrubPaths(r.BrowserErr))
		}
		w("- load average %s before, %s after\n", r.LoadAvgStart, r.LoadAvgEnd)
		if len(r.WeightFiles) > 0 {
			w("- first visit by file, largest first (encoded bytes):")
			for i, f := range r.WeightFiles {
				if i == 8 {
					w(" and %d more", len(r.WeightFiles)-8)
					break
				}
				sep := ","
				if i == 0 {
					sep = ""
				}
				w("%s `%s` %s", sep, f.URL, kb(f.Bytes))
			}
			w("\n")
		}
		w("\n")
	}
	w("%s\n", scaleEnd)

	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return os.WriteFile(path, []byte(replaceScaleBlock(string(old), b.String())), 0o644)
}

// replaceScaleBlock puts block in place of the marked block in doc, or at
// its end when doc has none.
func replaceScaleBlock(doc, block string) string {
	i := strings.Index(doc, scaleBegin)
	j := strings.Index(doc, scaleEnd)
	if i >= 0 && j > i {
		return doc[:i] + block + strings.TrimPrefix(doc[j+len(scaleEnd):], "\n")
	}
	if doc != "" && !strings.HasSuffix(doc, "\n\n") {
		doc = strings.TrimRight(doc, "\n") + "\n\n"
	}
	return doc + block
}

// scaleBlock returns the marked block of doc, or "" when it has none.
func scaleBlock(doc string) string {
	i := strings.Index(doc, scaleBegin)
	j := strings.Index(doc, scaleEnd)
	if i < 0 || j < i {
		return ""
	}
	return doc[i:j+len(scaleEnd)] + "\n"
}

func scaleTitle(r *ScaleResult) string {
	t := "embedded data"
	if r.Spec.Places != 0 {
		t = fmt.Sprintf("%s places × %s events", thousands(r.Spec.Places), thousands(r.Spec.Events))
		// Scales that differ only in their span of days must say it.
		if r.Spec.SpanDays != 0 {
			t += fmt.Sprintf(" over %s days", thousands(r.Spec.SpanDays))
		}
	}
	if r.Spec.Lang != "" {
		t += ", " + r.Spec.Lang + " pages"
	}
	return t
}

// pagePath is a reader page's path in the scale's language.
func (s scaleSpec) pagePath(p string) string {
	if s.Lang == "" {
		return p
	}
	return "/" + s.Lang + p
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// scrubPaths keeps machine paths out of the committed report.
func scrubPaths(s string) string {
	return strings.ReplaceAll(s, os.TempDir(), "$TMPDIR")
}
