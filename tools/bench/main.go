// Command bench measures Frontline as a reader meets it: page serving
// against the limit of a static file server, API latency under load, cold
// start, page weight and slider scrubbing in Chromium. It sends traffic only
// to servers it starts on 127.0.0.1, for a bounded time, and prints one
// JSON object of figures.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "static" {
		// The reference server, in its own process like the real one.
		serveStatic(os.Args[2])
		return
	}
	if len(os.Args) >= 2 && os.Args[1] == "scale" {
		// Issue 11's figures at three sizes of data (scale.go).
		os.Exit(scaleMain(os.Args[2:]))
	}
	if len(os.Args) >= 2 && os.Args[1] == "lighthouse" {
		// Issue 24's Lighthouse figures (lighthouse.go).
		os.Exit(lighthouseMain(os.Args[2:]))
	}
	bin := flag.String("bin", "bin/frontline", "the frontline binary")
	rounds := flag.Int("rounds", 5, "alternating rounds of page versus static serving")
	roundDur := flag.Duration("round", 5*time.Second, "length of one round")
	conns := flag.Int("conns", 32, "connections for page versus static serving")
	apiDur := flag.Duration("api", 30*time.Second, "length of the API latency run")
	apiConns := flag.Int("api-conns", 64, "connections for the API latency run")
	colds := flag.Int("cold", 10, "cold starts to time")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium for page weight and scrubbing")
	day := flag.String("day", "2024-12-06", "the day page to measure")
	gobench := flag.String("gobench", "", "output of the Go benchmarks, to put in the report")
	out := flag.String("out", "", "write the report (Markdown) here instead of JSON to stdout")
	flag.Parse()
	res, err := run(*bin, *day, *chromium, *rounds, *roundDur, *conns, *apiDur, *apiConns, *colds)
	if err == nil {
		err = report(res, *out, *gobench, os.Args)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// Results are every figure of one run.
type Results struct {
	PageRPS      []float64      `json:"page_rps"`
	StaticRPS    []float64      `json:"static_rps"`
	PageRPSMed   float64        `json:"page_rps_median"`
	StaticRPSMed float64        `json:"static_rps_median"`
	Ratio        float64        `json:"page_static_ratio"`
	PageBytes    int            `json:"page_gzip_bytes"`
	APIRequests  int            `json:"api_requests"`
	APIErrors    int            `json:"api_errors"`
	APIP50ms     float64        `json:"api_p50_ms"`
	APIP99ms     float64        `json:"api_p99_ms"`
	APIRPS       float64        `json:"api_rps"`
	ColdMs       []float64      `json:"cold_start_ms"`
	ColdMedMs    float64        `json:"cold_start_median_ms"`
	WeightBytes  int64          `json:"page_weight_bytes"`
	WeightFiles  []string       `json:"page_weight_files"`
	ScrubSteps   int            `json:"scrub_steps"`
	ScrubP50ms   float64        `json:"scrub_work_p50_ms"`
	ScrubP95ms   float64        `json:"scrub_work_p95_ms"`
	FrameP50ms   float64        `json:"scrub_frame_p50_ms"`
	FrameP95ms   float64        `json:"scrub_frame_p95_ms"`
	Publish      publishFigures `json:"publish"`
}

// run takes every measurement and returns the figures.
func run(bin, day, chromium string, rounds int, roundDur time.Duration, conns int, apiDur time.Duration, apiConns, colds int) (*Results, error) {
	res := &Results{}
	if err := measure(res, bin, day, chromium, rounds, roundDur, conns, apiDur, apiConns, colds); err != nil {
		return nil, err
	}
	return res, nil
}

func measure(res *Results, bin, day, chromium string, rounds int, roundDur time.Duration, conns int, apiDur time.Duration, apiConns, colds int) error {
	tmp, err := os.MkdirTemp("", "frontline-loadbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// The real server, on the embedded dataset.
	srv, err := startServer(bin, filepath.Join(tmp, "serve.db"))
	if err != nil {
		return err
	}
	defer srv.stop()
	pageURL := srv.url + "/day/" + day

	// (a) The page against the same gzipped bytes from a static server.
	body, err := fetchGzip(pageURL)
	if err != nil {
		return err
	}
	res.PageBytes = len(body)
	if err := os.WriteFile(filepath.Join(tmp, "page.html.gz"), body, 0o644); err != nil {
		return err
	}
	static, err := startProcess(os.Args[0], "static", filepath.Join(tmp, "page.html.gz"))
	if err != nil {
		return err
	}
	defer static.stop()
	for i := range rounds {
		log("round %d/%d: page", i+1, rounds)
		n, _, _ := load(pageURL, conns, roundDur, nil)
		res.PageRPS = append(res.PageRPS, float64(n)/roundDur.Seconds())
		log("round %d/%d: static", i+1, rounds)
		n, _, _ = load(static.url+"/", conns, roundDur, nil)
		res.StaticRPS = append(res.StaticRPS, float64(n)/roundDur.Seconds())
	}
	res.PageRPSMed, res.StaticRPSMed = median(res.PageRPS), median(res.StaticRPS)
	res.Ratio = res.PageRPSMed / res.StaticRPSMed
	static.stop()

	// (b) API latency over a random mix of days.
	log("api: %s at %d connections", apiDur, apiConns)
	first := time.Date(2024, 11, 26, 0, 0, 0, 0, time.UTC)
	var lats []time.Duration
	var latMu sync.Mutex
	n, errs, _ := load("", apiConns, apiDur, func(rng *rand.Rand) string {
		return srv.url + "/api/v1/control?day=" + first.AddDate(0, 0, rng.IntN(20)).Format("2006-01-02")
	}, &lats, &latMu)
	res.APIRequests, res.APIErrors = n, errs
	res.APIRPS = float64(n) / apiDur.Seconds()
	slices.Sort(lats)
	res.APIP50ms, res.APIP99ms = ms(pct(lats, 0.50)), ms(pct(lats, 0.99))

	// (f) The static site: publish, and nginx against serve.
	log("publish: embedded data")
	if err := measurePublish(res, bin, srv.url, day, tmp, rounds, roundDur, conns); err != nil {
		return err
	}

	// (d) and (e) in Chromium.
	log("chromium: page weight and scrubbing")
	if err := browser(chromium, pageURL, res); err != nil {
		return err
	}
	srv.stop()

	// (c) Cold start: a new database each time, seeded from the embedded dataset.
	for i := range colds {
		ms, err := coldStart(bin, filepath.Join(tmp, fmt.Sprintf("cold%d.db", i)), day)
		if err != nil {
			return err
		}
		res.ColdMs = append(res.ColdMs, ms)
	}
	res.ColdMedMs = median(res.ColdMs)
	return nil
}

func log(format string, args ...any) { fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...) }

type proc struct {
	cmd  *exec.Cmd
	url  string
	once sync.Once
}

func (p *proc) stop() {
	p.once.Do(func() {
		p.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			p.cmd.Process.Kill()
			<-done
		}
	})
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer starts bin/frontline serve on a free loopback port and waits
// until it answers.
func startServer(bin, db string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	cmd.Stderr = io.Discard // request logs would only measure the terminal
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &proc{cmd: cmd, url: "http://" + addr}
	if _, err := waitOK(p.url+"/healthz", 30*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// startProcess starts this program's static server on a free loopback port.
func startProcess(self, sub, file string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, sub, file)
	cmd.Env = append(os.Environ(), "BENCH_ADDR="+addr)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start static server: %w", err)
	}
	p := &proc{cmd: cmd, url: "http://" + addr}
	if _, err := waitOK(p.url+"/", 10*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// serveStatic serves one precompressed file with http.ServeContent: the
// fastest a Go server can hand out these bytes.
func serveStatic(file string) {
	body, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench static:", err)
		os.Exit(1)
	}
	mod := time.Now()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		http.ServeContent(w, r, "page.html", mod, bytes.NewReader(body))
	})
	hs := &http.Server{Addr: os.Getenv("BENCH_ADDR"), Handler: h, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signalContext()
	defer stop()
	go func() { <-ctx.Done(); hs.Close() }()
	if err := hs.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "bench static:", err)
		os.Exit(1)
	}
}

func waitOK(url string, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	c := &http.Client{Timeout: time.Second}
	for time.Since(start) < limit {
		resp, err := c.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("%s did not answer 200 within %s", url, limit)
}

func fetchGzip(url string) ([]byte, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
		return nil, fmt.Errorf("GET %s: %s, encoding %q: want 200 gzipped", url, resp.Status, resp.Header.Get("Content-Encoding"))
	}
	return io.ReadAll(resp.Body)
}

// load sends GETs from conns keep-alive connections for d and returns how
// many answered 200 and how many did not. With pick, each request's URL is
// chosen by it; with lats, each latency is recorded.
func load(url string, conns int, d time.Duration, pick func(*rand.Rand) string, rec ...any) (ok, bad int, _ error) {
	tr := &http.Transport{DisableCompression: true, MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var lats *[]time.Duration
	var mu *sync.Mutex
	if len(rec) == 2 {
		lats, mu = rec[0].(*[]time.Duration), rec[1].(*sync.Mutex)
	}
	var nOK, nBad atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			var mine []time.Duration
			for time.Now().Before(deadline) {
				u := url
				if pick != nil {
					u = pick(rng)
				}
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					nBad.Add(1)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					nBad.Add(1)
					continue
				}
				if lats != nil {
					mine = append(mine, time.Since(start))
				}
				nOK.Add(1)
			}
			if lats != nil {
				mu.Lock()
				*lats = append(*lats, mine...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return int(nOK.Load()), int(nBad.Load()), nil
}

// coldStart times from starting the server on a missing database to its
// first 200 for the day page.
func coldStart(bin, db, day string) (float64, error) {
	addr, err := freeAddr()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &proc{cmd: cmd}
	defer p.stop()
	if _, err := waitOK("http://"+addr+"/day/"+day, 30*time.Second); err != nil {
		return 0, err
	}
	return ms(time.Since(start)), nil
}

// browser measures page weight (every response's encoded bytes for a first
// visit) and scrubbing (the slider stepped through every day) in Chromium.
func browser(chromium, pageURL string, res *Results) error {
	ctx, cancel, received, err := openBrowser(chromium, 120*time.Second)
	if err != nil {
		return err
	}
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return fmt.Errorf("chromium: load %s: %w", pageURL, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete" && !!document.getElementById("day-slider")`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		return fmt.Errorf("chromium: load %s: %w", pageURL, err)
	}
	// Lazy loads such as the basemap come after the load event.
	time.Sleep(1500 * time.Millisecond)
	for u, n := range received() {
		if strings.Contains(u, "/tiles/") || strings.HasPrefix(u, "data:") {
			continue
		}
		res.WeightBytes += n
		res.WeightFiles = append(res.WeightFiles, fmt.Sprintf("%s %d", strings.TrimPrefix(u, strings.SplitN(pageURL, "/day/", 2)[0]), n))
	}
	slices.Sort(res.WeightFiles)

	// Each step starts in an animation frame callback: the work is the input
	// handler plus style and layout forced at once; the frame is the time to
	// the next animation frame, which a step that fits the budget keeps at
	// one display frame.
	const scrub = `(async () => {
		const s = document.getElementById("day-slider");
		const frame = () => new Promise(r => requestAnimationFrame(r));
		const work = [], frames = [];
		const lo = Number(s.min), hi = Number(s.max);
		// The page fetches the histories on its first move; the steps are
		// timed once they are there.
		while (!window.frontline) await frame();
		await window.frontline.history?.();
		for (let pass = 0; pass < 3; pass++) {
			for (let v = lo; v <= hi; v++) {
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
	type scrubOut struct {
		Work   []float64 `json:"work"`
		Frames []float64 `json:"frames"`
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[scrubOut](scrub, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("chromium: scrub: %w", err)
	}
	slices.Sort(out.Work)
	slices.Sort(out.Frames)
	res.ScrubSteps = len(out.Work)
	res.ScrubP50ms, res.ScrubP95ms = pctF(out.Work, 0.5), pctF(out.Work, 0.95)
	res.FrameP50ms, res.FrameP95ms = pctF(out.Frames, 0.5), pctF(out.Frames, 0.95)
	return nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func pctF(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

// openBrowser starts a fresh headless Chromium at 1280×900 with its cache
// off and every response's size recorded, for the given time. received
// returns the encoded bytes of each response so far, by address.
func openBrowser(chromium string, limit time.Duration) (ctx context.Context, cancel func(), received func() map[string]int64, err error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.NoFirstRun,
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.NoDefaultBrowserCheck, chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	var mu sync.Mutex
	urls := map[network.RequestID]string{}
	sizes := map[network.RequestID]float64{}
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			urls[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			sizes[e.RequestID] = e.EncodedDataLength
		}
	}
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithListener(listen))
	// The first Do starts the browser; its context must carry no timeout.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, nil, nil, fmt.Errorf("start chromium at %s: %w", chromium, err)
	}
	tctx, cancelTime := context.WithTimeout(bctx, limit)
	cancel = func() { cancelTime(); cancelBrowser(); cancelAlloc() }
	if _, err := chromedp.Call(tctx, network.Enable, network.EnableParams{}); err != nil {
		cancel()
		return nil, nil, nil, fmt.Errorf("chromium: network: %w", err)
	}
	if _, err := chromedp.Call(tctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		cancel()
		return nil, nil, nil, fmt.Errorf("chromium: network: %w", err)
	}
	received = func() map[string]int64 {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int64{}
		for id, n := range sizes {
			out[urls[id]] += int64(n)
		}
		return out
	}
	return tctx, cancel, received, nil
}
