package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeReadOnly: `serve --read-only` answers from a read-only copy of
// the database and leaves the file and its folder as they were.
func TestServeReadOnly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	src, ro := filepath.Join(dir, "src.db"), filepath.Join(dir, "ro", "f.db")
	db, err := openDB(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Dir(ro), 0o755)
	if err := db.Backup(ctx, ro); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(ro)
	log := newLCLog()
	exited := make(chan error, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--read-only", "--addr", "127.0.0.1:0", "--db", ro}, strings.NewReader(""), log, log)
	}()
	addr := log.listening(t, exited)
	res, err := http.Get("http://" + addr + "/day/2024-12-06")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("day page from a read-only database: %d\n%s", res.StatusCode, log)
	}
	cancel()
	if err := <-exited; err != nil {
		t.Errorf("serve: %v", err)
	}
	after, _ := os.ReadFile(ro)
	if string(before) != string(after) {
		t.Error("the read-only database file changed")
	}
	entries, _ := os.ReadDir(filepath.Dir(ro))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the read-only database's folder holds %v, want f.db alone", names)
	}
}
