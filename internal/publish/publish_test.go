package publish

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// page is one answer of a test site.
type page struct {
	ctype, body string
}

// testSite is a small site held in memory: its answers can be changed
// between publishes. It gzips HTML and JSON when asked, as the server does.
type testSite struct {
	mu    sync.Mutex
	early []string
	pages map[string]page
	asked map[string]int // how many times each address was rendered
	// digests: Fingerprints gives each address a digest of its answer;
	// otherwise "" (the site cannot tell).
	digests bool
}

func newTestSite() *testSite {
	return &testSite{
		early: []string{"/assets/app.css"},
		pages: map[string]page{
			"/assets/app.css":          {"text/css; charset=utf-8", "body{color:red}"},
			"/":                        {"text/html; charset=utf-8", "<p>home</p>"},
			"/day/2024-12-01":          {"text/html; charset=utf-8", "<p>day one</p>"},
			"/day/2024-12-02":          {"text/html; charset=utf-8", "<p>day two</p>"},
			"/api/v1/places":           {"application/json", `{"places":[]}`},
			"/api/v1/control/d1.json":  {"application/json", `{"day":1}`},
			"/day/2024-12-01/map.png":  {"image/png", "\x89PNG one"},
			"/day/2024-12-02/map.png":  {"image/png", "\x89PNG two"},
			"/feed.atom":               {"application/atom+xml; charset=utf-8", "<feed/>"},
			"/ar/day/2024-12-01":       {"text/html; charset=utf-8", "<p>يوم</p>"},
			"/ar/day/2024-12-01/panel": {"text/html; charset=utf-8", "<p>لوحة</p>"},
		},
		asked: map[string]int{},
	}
}

func (s *testSite) set(addr, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pages[addr]
	p.body = body
	s.pages[addr] = p
}

func (s *testSite) remove(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pages, addr)
}

func (s *testSite) PublicPaths(context.Context) ([][]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rest []string
	for a := range s.pages {
		if a != s.early[0] {
			rest = append(rest, a)
		}
	}
	sort.Strings(rest)
	return [][]string{s.early, rest}, nil
}

func (s *testSite) Fingerprints(context.Context) (func(string) string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fps := map[string]string{}
	if s.digests {
		for a, p := range s.pages {
			sum := sha256.Sum256([]byte(p.ctype + "\n" + p.body))
			fps[a] = hex.EncodeToString(sum[:])
		}
	}
	return func(addr string) string { return fps[addr] }, nil
}

// rendered is how many times each address was asked for since the last call.
func (s *testSite) rendered() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.asked
	s.asked = map[string]int{}
	return out
}

func (s *testSite) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		p, ok := s.pages[r.URL.Path]
		s.asked[r.URL.Path]++
		s.mu.Unlock()
		if !ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, "<p>not found</p>")
			return
		}
		w.Header().Set("Content-Type", p.ctype)
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && (strings.HasPrefix(p.ctype, "text/html") || p.ctype == "application/json") {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, p.body)
			zw.Close()
			return
		}
		io.WriteString(w, p.body)
	})
}

func publishSite(t *testing.T, site Site, dir string) (Result, string) {
	t.Helper()
	var out bytes.Buffer
	res, err := Publish(context.Background(), site, dir, &out)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return res, out.String()
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func gunzipFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(plain)
}

// A first publish writes each address to its file (a page without an
// extension as its directory's index.html or index.json), the server's
// gzip beside the types it compresses, the 404 page and the manifest.
func TestPublishWritesEveryAddress(t *testing.T) {
	site := newTestSite()
	dir := t.TempDir()
	res, _ := publishSite(t, site, dir)
	for file, want := range map[string]string{
		"index.html":                         "<p>home</p>",
		"day/2024-12-01/index.html":          "<p>day one</p>",
		"api/v1/places/index.json":           `{"places":[]}`,
		"api/v1/control/d1.json":             `{"day":1}`,
		"day/2024-12-02/map.png":             "\x89PNG two",
		"ar/day/2024-12-01/panel/index.html": "<p>لوحة</p>",
		"assets/app.css":                     "body{color:red}",
		"feed.atom":                          "<feed/>",
		"404.html":                           "<p>not found</p>",
	} {
		if got := readFile(t, filepath.Join(dir, file)); got != want {
			t.Errorf("%s holds %q, want %q", file, got, want)
		}
	}
	for _, file := range []string{"index.html", "api/v1/places/index.json", "ar/day/2024-12-01/index.html"} {
		if got, want := gunzipFile(t, filepath.Join(dir, file+".gz")), readFile(t, filepath.Join(dir, file)); got != want {
			t.Errorf("%s.gz holds %q, want %q", file, got, want)
		}
	}
	for _, file := range []string{"assets/app.css.gz", "day/2024-12-01/map.png.gz", "feed.atom.gz"} {
		if _, err := os.Stat(filepath.Join(dir, file)); err == nil {
			t.Errorf("%s was written, but the site does not compress its type", file)
		}
	}
	var m manifest
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, ManifestName))), &m); err != nil {
		t.Fatal(err)
	}
	if got, want := len(m.Files), res.Files; got != want {
		t.Errorf("the manifest lists %d files, publish reports %d", got, want)
	}
	// 11 addresses and the 404 page; 7 of them HTML or JSON, with a gzip copy.
	if got, want := res.Files, 12+7; got != want {
		t.Errorf("published %d files, want %d", got, want)
	}
	if got, want := len(res.Added), res.Files; got != want {
		t.Errorf("added %d files, want all %d", got, want)
	}
}

// Publishing again rewrites only the files whose bytes changed (and their
// gzip copies), removes what the site no longer has, leaves files publish
// did not write alone, and prints what it did.
func TestPublishAgainRewritesOnlyWhatChanged(t *testing.T) {
	site := newTestSite()
	dir := t.TempDir()
	publishSite(t, site, dir)
	stray := filepath.Join(dir, "day", "notes.txt")
	if err := os.WriteFile(stray, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An unchanged file keeps its modification time: it is not rewritten.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	kept := filepath.Join(dir, "day", "2024-12-01", "index.html")
	if err := os.Chtimes(kept, old, old); err != nil {
		t.Fatal(err)
	}

	site.set("/day/2024-12-02", "<p>day two, corrected</p>")
	site.set("/day/2024-12-02/map.png", "\x89PNG two, corrected")
	site.remove("/api/v1/control/d1.json")
	site.remove("/ar/day/2024-12-01/panel")
	res, out := publishSite(t, site, dir)

	if got, want := strings.Join(res.Changed, " "), "day/2024-12-02/index.html day/2024-12-02/index.html.gz day/2024-12-02/map.png"; got != want {
		t.Errorf("changed %q, want %q", got, want)
	}
	if got, want := strings.Join(res.Removed, " "), "api/v1/control/d1.json api/v1/control/d1.json.gz ar/day/2024-12-01/panel/index.html ar/day/2024-12-01/panel/index.html.gz"; got != want {
		t.Errorf("removed %q, want %q", got, want)
	}
	if len(res.Added) != 0 {
		t.Errorf("added %q, want nothing", res.Added)
	}
	for _, l := range []string{"~ day/2024-12-02/map.png\n", "- api/v1/control/d1.json\n", "4 removed"} {
		if !strings.Contains(out, l) {
			t.Errorf("publish printed no %q:\n%s", l, out)
		}
	}
	if got := readFile(t, filepath.Join(dir, "day", "2024-12-02", "index.html")); got != "<p>day two, corrected</p>" {
		t.Errorf("the changed page holds %q", got)
	}
	for _, gone := range []string{"api/v1/control/d1.json", "ar/day/2024-12-01/panel"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
	// The emptied directory went with its files; its parent still holds a page.
	if _, err := os.Stat(filepath.Join(dir, "ar", "day", "2024-12-01", "index.html")); err != nil {
		t.Errorf("the Arabic day page went with its panel: %v", err)
	}
	if got := readFile(t, stray); got != "mine" {
		t.Errorf("a file publish did not write holds %q", got)
	}
	if st, err := os.Stat(kept); err != nil || !st.ModTime().Equal(old) {
		t.Errorf("an unchanged file was rewritten (%v)", err)
	}

	again, out := publishSite(t, site, dir)
	if len(again.Added)+len(again.Changed)+len(again.Removed) != 0 || again.Unchanged != again.Files {
		t.Errorf("publishing again with no change: %s", out)
	}
}

// With fingerprints, publishing again asks only for the addresses whose
// fingerprint changed or whose files are gone, and the result is the same
// as asking for everything.
func TestPublishSkipsUnchangedFingerprints(t *testing.T) {
	site := newTestSite()
	site.digests = true
	dir := t.TempDir()
	publishSite(t, site, dir)
	if got, want := len(site.rendered()), len(site.pages)+1; got != want {
		t.Errorf("the first publish asked for %d addresses, want all %d and the 404 page", got, want)
	}

	site.set("/day/2024-12-02", "<p>day two, corrected</p>")
	res, _ := publishSite(t, site, dir)
	asked := site.rendered()
	// Each address is asked twice, plain and with gzip; the 404 page has
	// no fingerprint.
	if got, want := len(asked), 2; got != want || asked["/day/2024-12-02"] == 0 || asked["/404"] == 0 {
		t.Errorf("after one change publish asked for %v, want the changed page and the 404 page", asked)
	}
	if got, want := strings.Join(res.Changed, " "), "day/2024-12-02/index.html day/2024-12-02/index.html.gz"; got != want {
		t.Errorf("changed %q, want %q", got, want)
	}
	if got := readFile(t, filepath.Join(dir, "day", "2024-12-02", "index.html")); got != "<p>day two, corrected</p>" {
		t.Errorf("the changed page holds %q", got)
	}

	// A file removed behind publish's back is written again, though its
	// fingerprint did not change.
	gone := filepath.Join(dir, "day", "2024-12-01", "index.html")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	res, _ = publishSite(t, site, dir)
	if asked := site.rendered(); asked["/day/2024-12-01"] == 0 {
		t.Errorf("a page whose file is gone was not asked for again: %v", asked)
	}
	if got, want := strings.Join(res.Added, " "), "day/2024-12-01/index.html"; got != want {
		t.Errorf("added %q, want %q", got, want)
	}

	// Without fingerprints everything is asked for, and nothing differs
	// from what the skipping publishes left.
	site.digests = false
	res, out := publishSite(t, site, dir)
	if got, want := len(site.rendered()), len(site.pages)+1; got != want {
		t.Errorf("without fingerprints publish asked for %d addresses, want %d", got, want)
	}
	if len(res.Added)+len(res.Changed)+len(res.Removed) != 0 {
		t.Errorf("publishing everything after skipping publishes changed files: %s", out)
	}
}

// fileFor maps an address to its file, and refuses an address a static
// host could not serve with the right type.
func TestFileFor(t *testing.T) {
	for _, tc := range []struct {
		addr, ctype, want string
		fails             bool
	}{
		{"/", "text/html; charset=utf-8", "index.html", false},
		{"/day/2024-12-01", "text/html; charset=utf-8", "day/2024-12-01/index.html", false},
		{"/api/v1/factions", "application/json", "api/v1/factions/index.json", false},
		{"/assets/app.1234abcd.css", "text/css", "assets/app.1234abcd.css", false},
		{"/assets/LICENSE", "text/plain; charset=utf-8", "", true},
		{"/day/../etc/passwd", "text/html", "", true},
		{"/day//x.png", "image/png", "", true},
	} {
		got, err := fileFor(tc.addr, tc.ctype)
		if (err != nil) != tc.fails || got != tc.want {
			t.Errorf("fileFor(%q, %q) = %q, %v; want %q, failing %v", tc.addr, tc.ctype, got, err, tc.want, tc.fails)
		}
	}
}

// A site file without an extension whose type needs one fails the publish
// with the address in the message, rather than writing an untyped file.
func TestPublishRefusesFileWithoutExtension(t *testing.T) {
	site := newTestSite()
	site.pages["/assets/LICENSE"] = page{"text/plain; charset=utf-8", "MIT"}
	_, err := Publish(context.Background(), site, t.TempDir(), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "/assets/LICENSE") {
		t.Errorf("publish of a file without an extension: %v, want an error naming it", err)
	}
}

// Two addresses that map to one file fail the publish.
func TestPublishRefusesTwoAddressesForOneFile(t *testing.T) {
	site := newTestSite()
	site.pages["/day/2024-12-01/index.html"] = page{"text/html; charset=utf-8", "<p>other</p>"}
	_, err := Publish(context.Background(), site, t.TempDir(), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "two addresses") {
		t.Errorf("publish of two addresses for one file: %v, want an error", err)
	}
}

// TestPublishStaysInsideItsDirectory: publish never writes or removes a
// file outside its directory, whether a symbolic link to a directory
// outside is planted in it or the manifest names a file outside (by "..",
// by an absolute name or through a planted link); it refuses instead.
func TestPublishStaysInsideItsDirectory(t *testing.T) {
	tmp := t.TempDir()
	outside := filepath.Join(tmp, "outside")
	keep := filepath.Join(outside, "keep.txt")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keep, []byte("not publish's"), 0o644); err != nil {
		t.Fatal(err)
	}
	publishInto := func(dir string) error {
		_, err := Publish(context.Background(), newTestSite(), dir, io.Discard)
		return err
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
		if err := publishInto(dir); err == nil {
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
			if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifest), 0o644); err != nil {
				t.Fatal(err)
			}
			err := publishInto(dir)
			if err == nil {
				t.Errorf("publish with the manifest entry %q succeeded", entry)
			} else if !strings.Contains(err.Error(), "outside the directory") {
				t.Errorf("the refusal does not say the entry leads outside the directory: %v", err)
			}
			outsideUntouched(t)
		})
	}
}
