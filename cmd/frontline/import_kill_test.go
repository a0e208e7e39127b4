package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"frontline/data"
	"frontline/internal/dataset"
)

// The binary that the process tests start, built once per run.
var killBin struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// buildBinary builds cmd/frontline into a temporary folder, once.
func buildBinary(t *testing.T) string {
	t.Helper()
	killBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "frontline-bin-")
		if err != nil {
			killBin.err = err
			return
		}
		killBin.path = filepath.Join(dir, "frontline")
		cmd := exec.Command("go", "build", "-o", killBin.path, ".")
		killBin.out, killBin.err = cmd.CombinedOutput()
	})
	if killBin.err != nil {
		t.Fatalf("go build: %v\n%s", killBin.err, killBin.out)
	}
	return killBin.path
}

// writeImportDir writes events.csv and sources.csv with n events on the
// embedded dataset's places and factions, one source each; when badLast is
// set the last event line is invalid.
func writeImportDir(t *testing.T, n int, badLast bool) string {
	t.Helper()
	return writeImportDirPad(t, n, badLast, 0)
}

// writeImportDirPad is writeImportDir with summaries pad bytes longer.
func writeImportDirPad(t *testing.T, n int, badLast bool, pad int) string {
	t.Helper()
	ds, err := dataset.ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var ev, src bytes.Buffer
	ev.WriteString(strings.Join(dataset.Headers[dataset.EventsFile], ",") + "\n")
	src.WriteString(strings.Join(dataset.Headers[dataset.SourcesFile], ",") + "\n")
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("bulk-%07d", i)
		p := ds.Places[i%len(ds.Places)].ID
		holder := ds.Factions[i%len(ds.Factions)].ID
		day := fmt.Sprintf("2024-12-%02d", 1+i%15)
		if badLast && i == n-1 {
			day = "2024-02-30"
		}
		fmt.Fprintf(&ev, "%s,%s,%s,,control,%s,held,,claimed,Bulk import event %d at %s%s,\n", id, day, p, holder, i, p, strings.Repeat(".", pad))
		fmt.Fprintf(&src, "%s,Bulk wire,Report %d,https://example.org/bulk/%d,,,\n", id, i, i)
	}
	for name, b := range map[string][]byte{dataset.EventsFile: ev.Bytes(), dataset.SourcesFile: src.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// newDB creates a database holding the embedded dataset, closed and
// checkpointed.
func newDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := openDB(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// digest is what a database holds: its event count and a hash of every
// event and source row.
type digest struct {
	events int
	bulk   int // events written by writeImportDir
	hash   string
}

// inspect opens the database from outside the store, checks its integrity
// and returns its digest.
func inspect(t *testing.T, path string) digest {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if check != "ok" {
		t.Fatalf("integrity_check = %q, want ok", check)
	}
	var fk int
	if err := db.QueryRow("SELECT COUNT(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil {
		t.Fatalf("foreign_key_check: %v", err)
	}
	if fk != 0 {
		t.Fatalf("%d foreign key violations", fk)
	}
	var d digest
	if err := db.QueryRow("SELECT COUNT(*), COUNT(*) FILTER (WHERE id LIKE 'bulk-%') FROM events").Scan(&d.events, &d.bulk); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, q := range []string{
		"SELECT id, day, seq, COALESCE(place_id,''), kind, COALESCE(controller,''), COALESCE(status,''), COALESCE(challenger,''), confidence, summary, COALESCE(area_id,''), origin FROM events ORDER BY id",
		"SELECT event_id, n, outlet, title, url, seed, quote, '', '', '', '', '' FROM sources ORDER BY event_id, n",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols := make([]any, 12)
		vals := make([]sql.NullString, 12)
		for i := range cols {
			cols[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(cols...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(h, "%q,", v.String)
			}
			h.Write([]byte{'\n'})
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	d.hash = hex.EncodeToString(h.Sum(nil))
	return d
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// TestKillDuringImport SIGKILLs `frontline import` of 200,000 events while
// it writes: the database must open, pass integrity_check, and hold exactly
// the old data or all of the new.
func TestKillDuringImport(t *testing.T) {
	bin := buildBinary(t)
	const n = 200_000
	dbPath := newDB(t)
	before := inspect(t, dbPath)
	dir := writeImportDir(t, n, false)

	cmd := exec.Command(bin, "import", "--db", dbPath, dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// Kill once the import spills pages into the WAL: it is then mid-write.
	wal := dbPath + "-wal"
	deadline := time.Now().Add(90 * time.Second)
	killed := false
	var walAtKill int64
	var exitErr error
	finished := false
	for !finished && !killed {
		select {
		case exitErr = <-exited:
			finished = true
		case <-time.After(20 * time.Millisecond):
			if size := fileSize(wal); size > 4<<20 || time.Now().After(deadline) {
				walAtKill = size
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
					t.Fatal(err)
				}
				killed = true
				exitErr = <-exited
			}
		}
	}
	after := inspect(t, dbPath)
	switch {
	case after == before:
		t.Logf("killed=%v (WAL %d bytes at the kill, exit %v): the database holds exactly the old data (%d events)", killed, walAtKill, exitErr, after.events)
	case after.bulk == n && after.events == before.events+n:
		t.Logf("killed=%v (WAL %d bytes at the kill, exit %v): the database holds all %d new events", killed, walAtKill, exitErr, n)
	default:
		t.Errorf("after the kill: %d events (%d of the import), hash %s; want the old %d events (hash %s) or all %d new", after.events, after.bulk, after.hash, before.events, before.hash, n)
	}
	if !killed {
		if exitErr != nil {
			t.Fatalf("import ended before the kill with %v:\n%s", exitErr, out.String())
		}
		t.Log("the import finished before it could be killed; the test proved only that a finished import is whole")
	}
	// The database is still usable after the kill: importing again works.
	if err := run(context.Background(), []string{"import", "--db", dbPath, writeImportDir(t, 10, false)}, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("import after the kill: %v", err)
	}
}

// TestImportErrorOnLastLineChangesNothing imports a large file whose last
// line is wrong: the database file's bytes stay identical.
func TestImportErrorOnLastLineChangesNothing(t *testing.T) {
	bin := buildBinary(t)
	dbPath := newDB(t)
	sum := func() string {
		b, err := os.ReadFile(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(b)
		return hex.EncodeToString(s[:])
	}
	before := sum()
	if size := fileSize(dbPath + "-wal"); size != 0 {
		t.Fatalf("a closed database has %d bytes of WAL", size)
	}
	dir := writeImportDir(t, 20_000, true)
	out, err := exec.Command(bin, "import", "--db", dbPath, dir).CombinedOutput()
	if err == nil {
		t.Fatalf("import of a bad file succeeded:\n%s", out)
	}
	if want := filepath.Join(dir, dataset.EventsFile) + ":20001: day"; !strings.Contains(string(out), want) {
		t.Errorf("import output %q, want it to name %q", out, want)
	}
	if size := fileSize(dbPath + "-wal"); size != 0 {
		t.Errorf("the failed import left %d bytes of WAL", size)
	}
	if got, want := sum(), before; got != want {
		t.Errorf("database sha256 after a failed import = %s, want %s (unchanged)", got, want)
	}
}

// TestBackupWhileServingAndImporting runs `frontline backup` while the
// server answers requests and a large import is being written: the copy
// opens, passes integrity_check and holds the old data or all of the new.
func TestBackupWhileServingAndImporting(t *testing.T) {
	bin := buildBinary(t)
	const n = 40_000
	dbPath := newDB(t)
	before := inspect(t, dbPath)

	log := newLCLog()
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
	srv.Stdout, srv.Stderr = io.Discard, log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	srvExited := make(chan error, 1)
	go func() { srvExited <- srv.Wait() }()
	defer func() {
		srv.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-srvExited:
			if err != nil {
				t.Errorf("serve exit: %v\n%s", err, log.String())
			}
		case <-time.After(10 * time.Second):
			srv.Process.Kill()
			t.Error("serve did not stop within 10s of SIGTERM")
		}
	}()
	addr := log.listening(t, srvExited)

	imp := exec.Command(bin, "import", "--db", dbPath, writeImportDir(t, n, false))
	var impOut bytes.Buffer
	imp.Stdout, imp.Stderr = &impOut, &impOut
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	impExited := make(chan error, 1)
	go func() { impExited <- imp.Wait() }()
	deadline := time.Now().Add(90 * time.Second)
	for fileSize(dbPath+"-wal") < 2<<20 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}

	// The server keeps answering while the import writes.
	res, err := http.Get("http://" + addr + "/api/v1/control?day=2024-12-08")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("control during the import: status %d", res.StatusCode)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if out, err := exec.Command(bin, "backup", "--db", dbPath, "--to", copyPath).CombinedOutput(); err != nil {
		t.Fatalf("backup during the import: %v\n%s", err, out)
	}
	got := inspect(t, copyPath)
	switch {
	case got == before:
		t.Logf("the copy holds the data from before the import (%d events)", got.events)
	case got.bulk == n:
		t.Logf("the copy holds all %d imported events", n)
	default:
		t.Errorf("the copy holds %d events (%d of the import), want the old %d or all %d new", got.events, got.bulk, before.events, n)
	}
	select {
	case err := <-impExited:
		if err != nil {
			t.Fatalf("import: %v\n%s", err, impOut.String())
		}
	case <-time.After(120 * time.Second):
		imp.Process.Kill()
		t.Fatal("import did not finish within 120s")
	}
	if d := inspect(t, dbPath); d.bulk != n {
		t.Errorf("after the import the database holds %d of its %d events", d.bulk, n)
	}
}
