// Command loadtest starts a fresh frontline server on 127.0.0.1, sends it
// mixed traffic (pages, API, GeoJSON, previews, assets) over many
// connections for a bounded time, samples the server's memory, and prints
// the totals. It exits non-zero on any 5xx or transport error (the flood
// may meet 503 with Retry-After: the server sheds builds it has no turn
// for, so that normal visitors keep theirs).
//
// With --flood N, N more connections send at the same time a cache flood:
// day pages under random Host headers and /changes with repeated and padded
// parameters, each request a distinct URL. With --distinct the flood asks
// instead for distinct valid addresses, each a real answer the cache may
// keep: every pair of days on /changes and the events API, every preview
// image, every page size of the events API, in both languages. The report
// then gives the server's memory and the normal visitors' latency during
// the flood.
//
// With --max-rss the run also fails when the server's peak memory (VmHWM)
// exceeds its memory once the data is loaded plus that many times the
// response cache's budget (--cache-mb).
//
//	go run ./tools/loadtest --bin bin/frontline --duration 60s --conns 128 --flood 32
//	go run ./tools/loadtest --duration 60s --conns 16 --flood 32 --distinct --cache-mb 64 --max-rss 1.5
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("bin", "bin/frontline", "the frontline binary to start")
	duration := flag.Duration("duration", 60*time.Second, "how long to send traffic")
	conns := flag.Int("conns", 128, "concurrent connections")
	flood := flag.Int("flood", 0, "extra connections sending a cache flood (random Hosts, repeated and padded parameters)")
	distinct := flag.Bool("distinct", false, "the flood asks for distinct valid addresses (each a real answer) instead")
	cacheMB := flag.Int("cache-mb", 64, "the server's --cache-mb")
	maxRSS := flag.Float64("max-rss", 0, "fail when peak RSS exceeds the RSS with the data loaded plus this many times --cache-mb (0: no check)")
	flag.Parse()
	if *cacheMB < 1 || *maxRSS < 0 {
		return fmt.Errorf("--cache-mb %d, --max-rss %g: want a positive budget and a factor of zero or more", *cacheMB, *maxRSS)
	}
	if *flood < 0 || *flood > 1024 {
		return fmt.Errorf("--flood %d: want 0 to 1024", *flood)
	}
	if *duration <= 0 || *duration > 10*time.Minute {
		return fmt.Errorf("--duration %s: want between 0 and 10m", *duration)
	}
	if *conns < 1 || *conns > 1024 {
		return fmt.Errorf("--conns %d: want 1 to 1024", *conns)
	}

	dir, err := os.MkdirTemp("", "frontline-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, base, err := startServer(*bin, filepath.Join(dir, "f.db"), *cacheMB)
	if err != nil {
		return err
	}
	defer srv.stop()
	// The data's own memory: the server's RSS once one page has loaded it.
	res, err := http.Get(base + "/")
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	dataKB, err := statusKB(srv.cmd.Process.Pid, "VmRSS")
	if err != nil {
		return err
	}

	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: *conns + *flood, MaxIdleConnsPerHost: *conns + *flood, MaxConnsPerHost: *conns + *flood,
			IdleConnTimeout: 30 * time.Second,
		},
	}
	urls, skipped, err := discover(client, base)
	if err != nil {
		return err
	}
	fmt.Printf("server pid %d at %s; %d URLs in the mix", srv.cmd.Process.Pid, base, len(urls))
	if len(skipped) > 0 {
		fmt.Printf(" (left out, not 200: %s)", strings.Join(skipped, ", "))
	}
	fmt.Println()

	var days []string
	for _, u := range urls {
		if d, ok := strings.CutPrefix(u, base+"/day/"); ok && !strings.Contains(d, "/") {
			days = append(days, d)
		}
	}
	if *flood > 0 && len(days) == 0 {
		return errors.New("--flood: no day pages in the mix")
	}

	var peakRSS atomic.Int64
	sampleCtx, stopSampling := context.WithCancel(context.Background())
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if kb, err := statusKB(srv.cmd.Process.Pid, "VmRSS"); err == nil && kb > peakRSS.Load() {
				peakRSS.Store(kb)
			}
			select {
			case <-sampleCtx.Done():
				return
			case <-t.C:
			}
		}
	}()

	type result struct {
		lat     []time.Duration
		byClass [6]int
		errs    int
		firstE  string
		gzipped int
		busy    int // 503 answers: a build shed under load, which the flood may meet
	}
	results := make([]result, *conns)
	floods := make([]result, *flood)
	deadline := time.Now().Add(*duration)
	var wg sync.WaitGroup
	for w := 0; w < *flood; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := &floods[w]
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			for n := 0; time.Now().Before(deadline); n++ {
				req := floodRequest(rng, base, days)
				if *distinct {
					req = distinctRequest(rng, base, days)
				}
				start := time.Now()
				res, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				r.lat = append(r.lat, time.Since(start))
				if err != nil {
					r.errs++
					if r.firstE == "" {
						r.firstE = "flood " + req.URL.String()[:min(len(req.URL.String()), 120)] + ": " + err.Error()
					}
					continue
				}
				r.byClass[min(res.StatusCode/100, 5)]++
				if res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "" {
					r.busy++
				} else if res.StatusCode >= 500 && r.firstE == "" {
					r.firstE = fmt.Sprintf("flood %s: status %d", req.URL.Path, res.StatusCode)
				}
			}
		}(w)
	}
	for w := 0; w < *conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := &results[w]
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for time.Now().Before(deadline) {
				u := urls[rng.IntN(len(urls))]
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				if rng.IntN(2) == 0 {
					// Half the clients take gzip themselves; the transport decompresses the rest.
					req.Header.Set("Accept-Encoding", "gzip")
				}
				start := time.Now()
				res, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				r.lat = append(r.lat, time.Since(start))
				if err != nil {
					r.errs++
					if r.firstE == "" {
						r.firstE = u + ": " + err.Error()
					}
					continue
				}
				if res.Header.Get("Content-Encoding") == "gzip" {
					r.gzipped++
				}
				r.byClass[min(res.StatusCode/100, 5)]++
				if res.StatusCode >= 500 && r.firstE == "" {
					r.firstE = fmt.Sprintf("%s: status %d", u, res.StatusCode)
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := *duration
	hwm, _ := statusKB(srv.cmd.Process.Pid, "VmHWM")
	stopSampling()
	<-sampled
	exitErr := srv.stop()

	var lat []time.Duration
	var byClass [6]int
	errs, gz := 0, 0
	var examples []string
	for _, r := range results {
		lat = append(lat, r.lat...)
		for i, n := range r.byClass {
			byClass[i] += n
		}
		errs += r.errs
		gz += r.gzipped
		if r.firstE != "" && len(examples) < 5 {
			examples = append(examples, r.firstE)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	fmt.Printf("requests        %d in %s (%.0f/s) over %d connections\n", len(lat), elapsed, float64(len(lat))/elapsed.Seconds(), *conns)
	fmt.Printf("status          2xx %d, 3xx %d, 4xx %d, 5xx %d (gzip %d)\n", byClass[2], byClass[3], byClass[4], byClass[5], gz)
	fmt.Printf("transport errs  %d\n", errs)
	fmt.Printf("latency         p50 %s, p99 %s, max %s\n", pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond))
	fmt.Printf("server RSS      peak sampled %.1f MiB, VmHWM %.1f MiB; %.1f MiB with the data loaded, cache budget %d MiB\n",
		float64(peakRSS.Load())/1024, float64(hwm)/1024, float64(dataKB)/1024, *cacheMB)
	limitKB := dataKB + int64(*maxRSS*float64(*cacheMB)*1024)
	var fClass [6]int
	fReqs, fErrs, fBusy := 0, 0, 0
	for _, r := range floods {
		fReqs += len(r.lat)
		for i, n := range r.byClass {
			fClass[i] += n
		}
		fErrs += r.errs
		fBusy += r.busy
		if r.firstE != "" && len(examples) < 8 {
			examples = append(examples, r.firstE)
		}
	}
	if *flood > 0 {
		fmt.Printf("flood           %d requests over %d connections: 2xx %d, 3xx %d, 4xx %d, 5xx %d (of which 503 busy: %d), transport errs %d\n",
			fReqs, *flood, fClass[2], fClass[3], fClass[4], fClass[5], fBusy, fErrs)
		fmt.Printf("                (the latency and status lines above are the normal visitors' during the flood)\n")
	}
	for _, e := range examples {
		fmt.Println("example failure:", e)
	}
	switch {
	case exitErr != nil:
		return fmt.Errorf("server did not stop cleanly: %w\n%s", exitErr, srv.log.String())
	case byClass[5] > 0 || errs > 0:
		return fmt.Errorf("%d responses were 5xx and %d requests failed", byClass[5], errs)
	case fClass[5] > fBusy:
		return fmt.Errorf("%d flood responses were 5xx other than 503 busy", fClass[5]-fBusy)
	case byClass[4] > 0:
		return fmt.Errorf("%d responses were 4xx: a URL in the mix is wrong", byClass[4])
	case *maxRSS > 0 && hwm > limitKB:
		return fmt.Errorf("peak RSS %.1f MiB is over %.1f MiB (%.1f with the data loaded + %g × %d MiB of cache)",
			float64(hwm)/1024, float64(limitKB)/1024, float64(dataKB)/1024, *maxRSS, *cacheMB)
	}
	return nil
}

// floodRequest is one request of the cache flood, a URL no one asked before:
// a day page under a random Host, or /changes with its parameters repeated
// and padded with ones the page never reads.
func floodRequest(rng *rand.Rand, base string, days []string) *http.Request {
	token := func(n int) string {
		const abc = "abcdefghijklmnopqrstuvwxyz0123456789"
		b := make([]byte, n)
		for i := range b {
			b[i] = abc[rng.IntN(len(abc))]
		}
		return string(b)
	}
	day := days[rng.IntN(len(days))]
	if rng.IntN(2) == 0 {
		req, _ := http.NewRequest(http.MethodGet, base+"/day/"+day, nil)
		req.Host = token(12) + ".example"
		req.Header.Set("Accept-Encoding", "gzip")
		return req
	}
	q := "from=" + day + "&to=" + day
	for i := 0; i < 4; i++ {
		q += "&from=" + day + "&" + token(6) + "=" + token(200)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/changes?"+q, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	return req
}

// distinctRequest is one request of the distinct flood: a valid address,
// most likely never asked before, whose answer the cache may keep.
func distinctRequest(rng *rand.Rand, base string, days []string) *http.Request {
	day := func() string { return days[rng.IntN(len(days))] }
	lang := ""
	if rng.IntN(2) == 0 {
		lang = "/ar"
	}
	var u string
	switch rng.IntN(5) {
	case 0, 1:
		u = lang + "/changes?from=" + day() + "&to=" + day()
	case 2:
		u = lang + "/day/" + day() + "/preview.png"
	case 3:
		from, to := day(), day()
		u = "/api/v1/events?from=" + min(from, to) + "&to=" + max(from, to)
	default:
		u = "/api/v1/events?limit=" + strconv.Itoa(1+rng.IntN(2000))
	}
	req, _ := http.NewRequest(http.MethodGet, base+u, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	return req
}

// server is the frontline process under test.
type server struct {
	cmd    *exec.Cmd
	log    *logBuf
	exited chan error
	once   sync.Once
	err    error
}

// stop sends SIGTERM and waits (at most 15 s) for a clean exit.
func (s *server) stop() error {
	s.once.Do(func() {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case s.err = <-s.exited:
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
			s.err = errors.New("no exit within 15s of SIGTERM")
		}
	})
	return s.err
}

type logBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() < 1<<20 {
		l.b.Write(p)
	}
	return len(p), nil
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listenRE = regexp.MustCompile(`msg=listening addr=(http://127\.0\.0\.1:\d+)`)

// startServer starts `frontline serve` on a free loopback port with a fresh
// database and returns its base URL. Request logs go nowhere but errors are
// kept for the report.
func startServer(bin, db string, cacheMB int) (*server, string, error) {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db, "--cache-mb", strconv.Itoa(cacheMB))
	cmd.Env = append(os.Environ(), "FRONTLINE_ADDR=", "FRONTLINE_DB=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, log: &logBuf{}, exited: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if m := listenRE.FindStringSubmatch(line); m != nil && !sent {
				sent = true
				addr <- m[1]
			}
			if !strings.Contains(line, "msg=request") || strings.Contains(line, "level=ERROR") {
				s.log.Write([]byte(line + "\n"))
			}
		}
		s.exited <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		return s, a, nil
	case err := <-s.exited:
		s.exited <- err
		return nil, "", fmt.Errorf("server exited before listening: %v\n%s", err, s.log.String())
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, "", fmt.Errorf("server did not listen within 30s\n%s", s.log.String())
	}
}

var assetRE = regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`)

// discover builds the URL mix: every day's page, panel and API answers,
// places, the routes that may exist (previews, embeds, feeds), and the
// assets the day page links to. URLs that do not answer 200 are left out.
func discover(c *http.Client, base string) (urls, skipped []string, err error) {
	get := func(path string) ([]byte, int, error) {
		res, err := c.Get(base + path)
		if err != nil {
			return nil, 0, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return b, res.StatusCode, err
	}
	var places struct {
		Places []struct {
			ID string `json:"id"`
		} `json:"places"`
	}
	var events struct {
		Events []struct {
			Day string `json:"day"`
		} `json:"events"`
	}
	for path, v := range map[string]any{"/api/v1/places": &places, "/api/v1/events": &events} {
		b, status, err := get(path)
		if err != nil || status != http.StatusOK {
			return nil, nil, fmt.Errorf("GET %s: status %d, %v", path, status, err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return nil, nil, fmt.Errorf("GET %s: %w", path, err)
		}
	}
	days := map[string]bool{}
	for _, e := range events.Events {
		days[e.Day] = true
	}
	var cands []string
	for d := range days {
		cands = append(cands,
			"/day/"+d, "/day/"+d+"/panel", "/day/"+d+"/preview.png", "/embed/"+d,
			"/api/v1/control?day="+d, "/api/v1/control.geojson?day="+d, "/api/v1/events?from="+d+"&to="+d)
	}
	for _, p := range places.Places {
		cands = append(cands, "/place/"+p.ID, "/api/v1/events?place="+p.ID)
	}
	cands = append(cands, "/", "/places", "/changes", "/feed.atom", "/healthz",
		"/api/v1/control", "/api/v1/control.geojson", "/api/v1/events", "/api/v1/events.csv", "/api/v1/factions", "/api/v1/places")
	page, status, err := get("/")
	if err != nil || status != http.StatusOK {
		return nil, nil, fmt.Errorf("GET /: status %d, %v", status, err)
	}
	for _, m := range assetRE.FindAllStringSubmatch(string(page), -1) {
		cands = append(cands, m[1])
	}
	// The modules the page's script imports by plain name.
	for _, m := range regexp.MustCompile(`from\s+["'](\./[^"']+)["']`).FindAllStringSubmatch(string(page), -1) {
		cands = append(cands, "/assets/js/"+strings.TrimPrefix(m[1], "./"))
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	for _, p := range cands {
		_, status, err := get(p)
		if err != nil {
			return nil, nil, fmt.Errorf("GET %s: %w", p, err)
		}
		if status >= 500 {
			return nil, nil, fmt.Errorf("GET %s: status %d during discovery", p, status)
		}
		if status != http.StatusOK {
			skipped = append(skipped, p+" "+strconv.Itoa(status))
			continue
		}
		urls = append(urls, base+p)
	}
	return urls, skipped, nil
}

// statusKB reads a field such as VmRSS from /proc/PID/status, in kB.
func statusKB(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("%s not in /proc/%d/status", field, pid)
}
