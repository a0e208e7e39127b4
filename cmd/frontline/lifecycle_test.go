package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lcLog collects what the program writes to stderr and reports the address
// it listens on.
type lcLog struct {
	mu   sync.Mutex
	buf  strings.Builder
	addr chan string
	sent bool
}

var lcListenRE = regexp.MustCompile(`msg=listening addr=http://(\S+)`)

func newLCLog() *lcLog { return &lcLog{addr: make(chan string, 1)} }

func (l *lcLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if m := lcListenRE.FindStringSubmatch(l.buf.String()); m != nil && !l.sent {
		l.sent = true
		l.addr <- m[1]
	}
	return len(p), nil
}

func (l *lcLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *lcLog) listening(t *testing.T, exited <-chan error) string {
	t.Helper()
	select {
	case a := <-l.addr:
		return a
	case err := <-exited:
		t.Fatalf("frontline serve ended before it listened: %v\n%s", err, l.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("frontline serve did not listen within 60s:\n%s", l.String())
	}
	return ""
}

// bigEvents is how many events bigDB imports: with the embedded ones, fewer
// than one page of 2000.
const bigEvents = 1500

// bigDB creates a database whose /api/v1/events?limit=2000 answer (every
// event, one page) is megabytes, larger than the socket buffers, so a
// client that stops reading holds the request in flight. Summaries stay
// within the import's field limit.
func bigDB(t *testing.T) string {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "f.db")
	dir := writeImportDirPad(t, bigEvents, false, 1900)
	// The built binary imports faster than this test binary under -race.
	if out, err := exec.Command(buildBinary(t), "import", "--db", dbPath, dir).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	return dbPath
}

// slowRequest is a GET whose client reads only the first bytes of the
// answer and then stops, so the server's write blocks in flight.
type slowRequest struct {
	conn   net.Conn
	resp   *http.Response
	header int64 // bytes read so far
}

func startSlowRequest(t *testing.T, addr, path string) *slowRequest {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			// A small receive window keeps most of the answer on the server.
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, addr)
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 4096), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	n, err := io.CopyN(io.Discard, resp.Body, 16<<10)
	if err != nil {
		t.Fatalf("read the first bytes: %v", err)
	}
	return &slowRequest{conn: conn, resp: resp, header: n}
}

// finish reads the rest of the answer and checks it is whole.
func (s *slowRequest) finish(t *testing.T) {
	t.Helper()
	s.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	rest, err := io.ReadAll(s.resp.Body)
	if err != nil {
		t.Fatalf("the in-flight request was cut off after %d bytes: %v", s.header+int64(len(rest)), err)
	}
	if got, want := s.header+int64(len(rest)), s.resp.ContentLength; got != want {
		t.Fatalf("the in-flight request got %d bytes, want %d", got, want)
	}
	if !strings.HasSuffix(strings.TrimSpace(string(rest)), "]}") {
		t.Fatalf("the in-flight answer does not end as JSON: …%q", rest[max(0, len(rest)-40):])
	}
}

// refusing waits until new connections to addr are refused: the server has
// stopped listening.
func refusing(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the server still accepts connections 5s after the stop")
}

// TestServeStopsGracefully starts the real program, holds a request in
// flight, cancels the context (as SIGTERM does) and checks that the request
// finishes, run returns nil within 10s and the database is closed cleanly.
func TestServeStopsGracefully(t *testing.T) {
	dbPath := bigDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := newLCLog()
	exited := make(chan error, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}, nil, io.Discard, log)
	}()
	addr := log.listening(t, exited)

	// Other requests in flight at the same time must finish too.
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	slow := startSlowRequest(t, addr, "/api/v1/events?limit=2000")
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res, err := http.Get(fmt.Sprintf("http://%s/api/v1/control?day=2024-12-%02d", addr, 1+i%15))
			if err != nil {
				errs <- err
				return
			}
			defer res.Body.Close()
			if _, err := io.Copy(io.Discard, res.Body); err != nil {
				errs <- err
			} else if res.StatusCode != http.StatusOK {
				errs <- fmt.Errorf("status %d", res.StatusCode)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("request before the stop: %v", err)
	}

	stopped := time.Now()
	cancel()
	refusing(t, addr)
	select {
	case err := <-exited:
		t.Fatalf("run returned (%v) while a request was in flight", err)
	default:
	}
	slow.finish(t)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("run returned %v, want nil\n%s", err, log.String())
		}
	case <-time.After(10*time.Second - time.Since(stopped)):
		t.Fatalf("run did not return within 10s of the stop\n%s", log.String())
	}
	if !strings.Contains(log.String(), "msg=stopped") {
		t.Errorf("no 'stopped' in the log:\n%s", log.String())
	}
	if size := fileSize(dbPath + "-wal"); size != 0 {
		t.Errorf("after a clean stop the WAL holds %d bytes, want none", size)
	}
	if d := inspect(t, dbPath); d.bulk != bigEvents {
		t.Errorf("after the stop the database holds %d imported events, want %d", d.bulk, bigEvents)
	}
}

// TestServeExitsOnSIGTERM starts the built binary, holds a request in
// flight, sends a real SIGTERM and checks the request finishes and the
// process exits 0 within 10s.
func TestServeExitsOnSIGTERM(t *testing.T) {
	bin := buildBinary(t)
	dbPath := bigDB(t)
	log := newLCLog()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
	cmd.Stdout, cmd.Stderr = io.Discard, log
	cmd.Env = append(os.Environ(), "FRONTLINE_ADDR=", "FRONTLINE_DB=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	})
	addr := log.listening(t, exited)
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: status %d", res.StatusCode)
	}
	slow := startSlowRequest(t, addr, "/api/v1/events?limit=2000")

	stopped := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	refusing(t, addr)
	slow.finish(t)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit: %v, want status 0\n%s", err, log.String())
		}
		if got := cmd.ProcessState.ExitCode(); got != 0 {
			t.Fatalf("exit code %d, want 0", got)
		}
	case <-time.After(10*time.Second - time.Since(stopped)):
		t.Fatalf("the process did not exit within 10s of SIGTERM\n%s", log.String())
	}
	if size := fileSize(dbPath + "-wal"); size != 0 {
		t.Errorf("after SIGTERM the WAL holds %d bytes, want none", size)
	}
	inspect(t, dbPath)
}

// TestServeWritesCPUProfile: with --cpuprofile, serve writes a CPU profile
// of its whole run (loading the data included) once it stops.
func TestServeWritesCPUProfile(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.prof")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := newLCLog()
	exited := make(chan error, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "f.db"), "--cpuprofile", prof}, nil, io.Discard, log)
	}()
	addr := log.listening(t, exited)
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.StatusCode, http.StatusOK; got != want {
		t.Fatalf("/readyz: got %d, want %d", got, want)
	}
	cancel()
	if err := <-exited; err != nil {
		t.Fatalf("run returned %v, want nil\n%s", err, log.String())
	}
	f, err := os.Open(prof)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A profile is a gzipped protocol buffer whose strings name its unit.
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("the profile is not gzipped: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("the profile does not decompress: %v", err)
	}
	if !bytes.Contains(b, []byte("nanoseconds")) {
		t.Errorf("the profile (%d bytes) names no unit of CPU time", len(b))
	}
}
