package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublishStaysInsideItsDirectory: publish never writes or removes a
// file outside its directory, whether a symbolic link to a directory
// outside is planted in it or the manifest names a file outside (by "..",
// by an absolute name or through a planted link); it refuses instead.
func TestPublishStaysInsideItsDirectory(t *testing.T) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "publish.db")
	outside := filepath.Join(tmp, "outside")
	keep := filepath.Join(outside, "keep.txt")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keep, []byte("not publish's"), 0o644); err != nil {
		t.Fatal(err)
	}
	publishInto := func(dir string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"publish", "--db", db, "--out", dir}, strings.NewReader(""), &out, &errOut)
		return errOut.String(), err
	}
	outsideUntouched := func(t *testing.T) {
		t.Helper()
		entries, err := os.ReadDir(outside)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) != 1 || names[0] != "keep.txt" {
			t.Errorf("the directory outside holds %d entries after publish, want keep.txt alone: %.5q", len(names), names)
		}
		if b, err := os.ReadFile(keep); err != nil || string(b) != "not publish's" {
			t.Errorf("the file outside was changed or removed: %q, %v", b, err)
		}
	}

	t.Run("planted directory link", func(t *testing.T) {
		dir := filepath.Join(tmp, "site-link")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// Assets are written first, so the refusal comes at once.
		if err := os.Symlink(outside, filepath.Join(dir, "assets")); err != nil {
			t.Fatal(err)
		}
		if _, err := publishInto(dir); err == nil {
			t.Error("publish into a directory with a link leading out of it succeeded")
		}
		outsideUntouched(t)
	})

	for name, entry := range map[string]string{
		"dot-dot":  "../outside/keep.txt",
		"absolute": keep,
		"via link": "out/keep.txt",
	} {
		t.Run("manifest "+name, func(t *testing.T) {
			dir := filepath.Join(tmp, "site-"+strings.ReplaceAll(name, " ", "-"))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
				t.Fatal(err)
			}
			manifest := `{"files": {"` + filepath.ToSlash(entry) + `": {"sha256": "00", "size": 13}}}`
			if err := os.WriteFile(filepath.Join(dir, manifestName), []byte(manifest), 0o644); err != nil {
				t.Fatal(err)
			}
			stderr, err := publishInto(dir)
			if err == nil {
				t.Errorf("publish with the manifest entry %q succeeded", entry)
			} else if !strings.Contains(err.Error()+stderr, "outside the directory") {
				t.Errorf("the refusal does not say the entry leads outside the directory: %v", err)
			}
			outsideUntouched(t)
		})
	}
}
