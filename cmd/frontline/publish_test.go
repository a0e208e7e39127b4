package main

// Issue 16: the whole site published as static files, checked for broken
// references, compared byte for byte with serve, republished after a
// correction, and served by a real nginx to the browser checks.

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/internal/publish"
	"frontline/internal/server"
	"frontline/internal/sqlite"
)

const correctionsFlag = "mailto:corrections@example.org"

// publishTo runs `frontline publish` on the database at db into dir, with
// the base URL and corrections address the shared e2e server uses, so
// their answers can be compared byte for byte. It returns what it printed.
func publishTo(t *testing.T, db, dir, base string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	args := []string{"publish", "--db", db, "--out", dir, "--base-url", base, "--corrections", correctionsFlag}
	if err := run(context.Background(), args, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("frontline publish: %v\n%s", err, errOut.String())
	}
	return out.String()
}

// serveBase is the base URL `serve` uses for absolute links when it runs
// without --base-url: localhost on its port.
func serveBase(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return "http://localhost:" + u.Port()
}

// published is one published site shared by the tests below.
var published struct {
	dir, base, out string
}

func publishOnce(t *testing.T) (dir, base string) {
	t.Helper()
	if published.dir == "" {
		base := serveBase(t, startServer(t))
		dir := filepath.Join(e2e.dir, "site")
		out := publishTo(t, filepath.Join(e2e.dir, "publish.db"), dir, base)
		t.Logf("%s", lastLine(out))
		published.dir, published.base, published.out = dir, base, out
	}
	return published.dir, published.base
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}

// resolve maps an address to the published file a static host answers it
// with, as the nginx recipe does: the file, or the directory's index.html
// or index.json.
func resolve(dir, addr string) (string, bool) {
	p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(path.Clean(addr), "/")))
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return p, true
	}
	for _, idx := range []string{"index.html", "index.json"} {
		if st, err := os.Stat(filepath.Join(p, idx)); err == nil && !st.IsDir() {
			return filepath.Join(p, idx), true
		}
	}
	return "", false
}

// eachAttr calls fn with the name and value of each attribute written
// name="value" after white space, as the regular expression
// \s([a-zA-Z:-]+)="([^"]*)" would find them, eighty times faster: the
// published site's HTML is hundreds of megabytes.
func eachAttr(b []byte, fn func(name, value []byte)) {
	isName := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == ':' || c == '-' }
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(`="`))
		if j < 0 {
			return
		}
		eq := i + j
		k := eq
		for k > i && isName(b[k-1]) {
			k--
		}
		end := bytes.IndexByte(b[eq+2:], '"')
		if end < 0 {
			return
		}
		if c := b[max(k-1, 0)]; k < eq && k > 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
			fn(b[k:eq], b[eq+2:eq+2+end])
			i = eq + 2 + end + 1
			continue
		}
		i = eq + 2
	}
}

var (
	jsImport    = regexp.MustCompile(`(?:from|import)\s*\(?\s*"([^"]+)"`)
	jsTemplate  = regexp.MustCompile("`(/[^`]*)`")
	jsHole      = regexp.MustCompile(`\$\{[^}]*\}`)
	cssURL      = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)
	timelineURL = regexp.MustCompile(`"(/(?:territory|assets)/[^"\s]+)"`)
)

// formsNeedServe are the forms that send a query string: the no-JavaScript
// day form, the comparison of any two days and the places search. A static copy cannot answer
// them (README, "What a static copy cannot do").
var formsNeedServe = map[string]bool{"/day": true, "/changes": true, "/places": true}

// Every reference in every published file resolves to a file inside the
// published directory, and no reference has a query string; the only
// exceptions are the forms in formsNeedServe.
func TestPublishedReferencesResolve(t *testing.T) {
	dir, base := publishOnce(t)
	var files, refs int
	forms := map[string]bool{}
	// Most references repeat (the assets, the navigation): each is looked up once.
	found := map[string]bool{}
	check := func(from, ref string) {
		t.Helper()
		ref = html.UnescapeString(ref)
		if strings.HasPrefix(ref, base+"/") {
			ref = strings.TrimPrefix(ref, base)
		}
		if i := strings.IndexByte(ref, '#'); i >= 0 {
			ref = ref[:i]
		}
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			return
		}
		refs++
		if strings.Contains(ref, "?") {
			t.Errorf("%s refers to %s, which has a query string a static host ignores", from, ref)
			return
		}
		ok, seen := found[ref]
		if !seen {
			_, ok = resolve(dir, ref)
			found[ref] = ok
		}
		if !ok {
			t.Errorf("%s refers to %s, which is not published", from, ref)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := "/" + filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch path.Ext(p) {
		case ".html":
			files++
			eachAttr(b, func(name, value []byte) {
				if string(name) == "action" {
					forms[string(value)] = true
					return
				}
				// The boot script's data-preload lists the map's modules.
				if string(name) == "data-preload" {
					for _, ref := range strings.Fields(string(value)) {
						check(rel, ref)
					}
					return
				}
				check(rel, string(value))
			})
			// The embedded timeline names the territory file and the layers.
			for _, m := range timelineURL.FindAllSubmatch(b, -1) {
				check(rel, string(m[1]))
			}
		case ".js":
			files++
			for _, m := range jsImport.FindAllSubmatch(b, -1) {
				check(rel, path.Join(path.Dir(rel), string(m[1])))
			}
			// fetch(`/day/${day}/panel`) and links built from templates:
			// only path forms, whose every filled-in form is published.
			for _, m := range jsTemplate.FindAllSubmatch(b, -1) {
				if strings.Contains(jsHole.ReplaceAllString(string(m[1]), ""), "?") {
					t.Errorf("%s builds the address %s with a query string", rel, m[1])
				}
			}
		case ".css":
			files++
			for _, m := range cssURL.FindAllSubmatch(b, -1) {
				if ref := string(m[1]); !strings.HasPrefix(ref, "data:") && !strings.HasPrefix(ref, "#") {
					check(rel, path.Join(path.Dir(rel), ref))
				}
			}
		case ".atom":
			eachAttr(b, func(_, value []byte) { check(rel, string(value)) })
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for f := range forms {
		// Each language has the same forms under its prefix.
		if _, rest := locale.ForPath(f); !formsNeedServe[rest] {
			t.Errorf("a form sends its query to %s, which a static copy cannot answer", f)
		}
	}
	t.Logf("checked %d references in %d files", refs, files)
	if files < 100 || refs < 1000 {
		t.Errorf("checked %d files and %d references; the walk missed the site", files, refs)
	}
	// Every day the slider reaches has its panel, which the page fetches.
	for d := firstDay; d <= lastDay(t); d = dayAfter(t, d, 1) {
		if _, ok := resolve(dir, "/day/"+d+"/panel"); !ok {
			t.Errorf("/day/%s/panel is not published", d)
		}
	}
}

// sampleAddresses are compared between the published files, serve and nginx.
func sampleAddresses(t *testing.T, dir string) []string {
	t.Helper()
	out := []string{
		"/", "/day/2024-11-26", "/day/2024-12-06", "/day/2024-12-06/panel", "/day/2024-12-08/preview.png",
		"/embed/2024-12-06", "/ar/embed/2024-12-06", "/ar/day/2024-12-06", "/place/aleppo", "/places", "/about", "/feed.atom",
		"/changes/2024-11-26/2024-12-08", "/changes/2024-12-07/2024-12-08",
		"/api/v1/control", "/api/v1/control/2024-12-06.json", "/api/v1/control/2024-12-06.geojson",
		"/api/v1/territory/2024-12-06.geojson", "/api/v1/factions", "/api/v1/places", "/api/v1/events.csv",
		"/assets/js/map.js", "/assets/vendor/leaflet/images/layers.png",
	}
	// The hashed names, the territory file and its history, as the day page names them.
	page, err := os.ReadFile(filepath.Join(dir, "day", "2024-12-06", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{`/assets/css/app\.[0-9a-f]{8}\.css`, `/assets/js/map\.[0-9a-f]{8}\.js`, `/territory/[0-9a-f]+\.json`, `/territory/history\.[0-9a-f]+\.json`} {
		m := regexp.MustCompile(re).Find(page)
		if m == nil {
			t.Fatalf("the day page names nothing like %s", re)
		}
		out = append(out, string(m))
	}
	return out
}

func get(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp, b
}

// A sample of published files holds exactly what serve answers.
func TestPublishedMatchesServe(t *testing.T) {
	dir, _ := publishOnce(t)
	serve := startServer(t)
	for _, addr := range sampleAddresses(t, dir) {
		file, ok := resolve(dir, addr)
		if !ok {
			t.Errorf("%s is not published", addr)
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		resp, want := get(t, serve+addr)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("serve GET %s: status %d", addr, resp.StatusCode)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the published file (%d bytes) differs from serve's answer (%d bytes)", addr, len(got), len(want))
		}
		// Its gzip copy, when there is one, holds the same bytes.
		if gz, err := os.ReadFile(file + ".gz"); err == nil {
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				t.Fatalf("%s.gz: %v", file, err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(plain, got) {
				t.Errorf("%s.gz does not hold the file's bytes (%v)", file, err)
			}
		} else if strings.HasSuffix(file, ".html") || strings.HasSuffix(file, ".json") {
			t.Errorf("%s has no gzip copy", file)
		}
	}
}

// synthSite is a small synthetic dataset (12 places, 14 days) in a
// database of its own, without the embedded data, and the server publish
// asks for it: publishing mechanics need no two years of data.
func synthSite(t *testing.T, dir string) (*sqlite.DB, *dataset.Dataset, func() *server.Server) {
	t.Helper()
	ctx := context.Background()
	src := filepath.Join(dir, "synth")
	var out bytes.Buffer
	if err := run(ctx, []string{"synth", "--places", "12", "--events", "80", "--days", "14", "--out", src}, nil, &out, &out); err != nil {
		t.Fatalf("synth: %v\n%s", err, out.String())
	}
	ds, err := dataset.ReadDir(os.DirFS(src), ".", src)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "synth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Import(ctx, batch(ds), nil); err != nil {
		t.Fatalf("import synthetic data: %v", err)
	}
	// A new server for each publish, as each run of `frontline publish` has.
	newServer := func() *server.Server {
		t.Helper()
		srv, err := siteServer(ctx, db, slog.New(slog.DiscardHandler), server.Config{BaseURL: "https://frontline.example", Corrections: correctionsFlag})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	return db, ds, newServer
}

// changedFiles is what a publish printed as added, changed or removed.
func changedFiles(out string) map[string]bool {
	changed := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		if len(l) > 2 && strings.Contains("+~-", l[:1]) && l[1] == ' ' {
			changed[l[2:]] = true
		}
	}
	return changed
}

// Publishing again after a correction to one event rewrites the files of
// the days from that event on and of its place, and leaves earlier days,
// other places and the assets alone; publishing once more changes nothing.
func TestPublishAgainAfterCorrection(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	db, ds, newServer := synthSite(t, tmp)
	dir := filepath.Join(tmp, "site")
	var first bytes.Buffer
	if _, err := publish.Publish(ctx, newServer(), dir, &first); err != nil {
		t.Fatalf("first publish: %v", err)
	}
	if !strings.Contains(lastLine(first.String()), " 0 changed, 0 removed, 0 unchanged") {
		t.Fatalf("first publish: %s, want everything added", lastLine(first.String()))
	}
	// A stray file publish did not write must survive.
	stray := filepath.Join(dir, "day", "notes.txt")
	if err := os.WriteFile(stray, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshotFiles(t, dir)

	// The first confirmed control event on a place in the second week,
	// downgraded to claimed.
	var ev control.Event
	for _, e := range ds.Events {
		if e.Kind == control.KindControl && e.Place != "" && e.Confidence == control.Confirmed && e.Day.String() >= "2024-12-03" {
			ev = e
			break
		}
	}
	if ev.ID == "" {
		t.Fatal("the synthetic data has no confirmed control event on a place after 2 December")
	}
	ev.Confidence = control.Claimed
	if err := db.Import(ctx, sqlite.Batch{Events: []control.Event{ev}}, nil); err != nil {
		t.Fatalf("import the correction: %v", err)
	}
	place, day := ev.Place, ev.Day.String()

	var second bytes.Buffer
	res, err := publish.Publish(ctx, newServer(), dir, &second)
	if err != nil {
		t.Fatalf("publish after the correction: %v", err)
	}
	after := snapshotFiles(t, dir)
	// The days before the correction were left alone without being asked
	// for, and what publish left is what a publish from scratch writes.
	if res.Kept == 0 || res.Asked == 0 {
		t.Errorf("after the correction publish asked for %d addresses and kept %d, want some of each", res.Asked, res.Kept)
	}
	fresh := filepath.Join(tmp, "fresh")
	if _, err := publish.Publish(ctx, newServer(), fresh, io.Discard); err != nil {
		t.Fatalf("publish from scratch: %v", err)
	}
	want := snapshotFiles(t, fresh)
	for f, b := range want {
		if got, ok := after[f]; !ok || !bytes.Equal(got, b) {
			t.Errorf("%s differs from a publish from scratch (published: %v)", f, ok)
		}
	}
	for f := range after {
		if _, ok := want[f]; !ok && f != "day/notes.txt" {
			t.Errorf("%s is published but a publish from scratch has no such file", f)
		}
	}
	changed := changedFiles(second.String())
	// What publish printed is what changed on disk.
	for f, b := range after {
		if old, ok := before[f]; (!ok || !bytes.Equal(old, b)) != changed[f] {
			t.Errorf("%s: changed on disk %v, printed as changed %v", f, !ok || !bytes.Equal(old, b), changed[f])
		}
	}
	for f := range before {
		if _, ok := after[f]; !ok && !changed[f] {
			t.Errorf("%s was removed but not printed", f)
		}
	}
	if _, err := os.Stat(stray); err != nil {
		t.Errorf("a file publish did not write was touched: %v", err)
	}
	for _, f := range []string{"place/" + place + "/index.html",
		"day/" + day + "/panel/index.html", "api/v1/control/" + day + ".json", "api/v1/control/" + day + ".geojson"} {
		if !changed[f] {
			t.Errorf("%s did not change after the correction of %s on %s", f, ev.ID, day)
		}
	}
	for file := range before {
		if !changed[file] {
			continue
		}
		// A file's gzip copy changes exactly when the file does.
		if plain, ok := strings.CutSuffix(file, ".gz"); ok {
			if !changed[plain] {
				t.Errorf("%s changed but %s did not", file, plain)
			}
			continue
		}
		// A page in another language (ar/day/…) follows the same rules as
		// the default language's.
		_, rest := locale.ForPath("/" + file)
		f := strings.TrimPrefix(rest, "/")
		switch {
		case strings.HasPrefix(f, "assets/"):
			t.Errorf("asset %s changed", file)
		case strings.HasPrefix(f, "place/") && f != "place/"+place+"/index.html":
			t.Errorf("%s changed, but the correction is on %s", file, place)
		case dayOf(f) != "" && dayOf(f) < day && f != "day/"+dayOf(f)+"/index.html" && f != "embed/"+dayOf(f)+"/index.html":
			// Day pages of earlier days name the timeline and history files,
			// and embeds the territory file, so they may change with a
			// correction; their panels, previews and data must not.
			t.Errorf("%s changed, but it is a day before %s", file, day)
		case strings.HasPrefix(f, "changes/") && changesTo(f) < day:
			t.Errorf("%s changed, but it ends before %s", file, day)
		}
	}
	t.Logf("after the correction of %s on %s: %s", ev.ID, day, lastLine(second.String()))

	var third bytes.Buffer
	if _, err := publish.Publish(ctx, newServer(), dir, &third); err != nil {
		t.Fatalf("publish again: %v", err)
	}
	if want := fmt.Sprintf("0 added, 0 changed, 0 removed, %d unchanged", len(after)-1); !strings.HasSuffix(lastLine(third.String()), want) {
		t.Errorf("publishing again with no change: %q, want it to end %q", lastLine(third.String()), want)
	}
}

var dayInPath = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// dayOf is the day a file of one day belongs to (day/D/…, embed/D/…,
// api/v1/*/D.*), or "".
func dayOf(f string) string {
	if strings.HasPrefix(f, "changes/") {
		return ""
	}
	return dayInPath.FindString(f)
}

// changesTo is the later day of changes/A/B/index.html.
func changesTo(f string) string {
	ds := dayInPath.FindAllString(f, -1)
	return ds[len(ds)-1]
}

// snapshotFiles reads every file publish wrote (the manifest excluded).
func snapshotFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	delete(out, publish.ManifestName)
	return out
}

// nginxPath finds Debian's nginx, which is in /usr/sbin.
func nginxPath() (string, error) {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx", nil
	}
	return "", fmt.Errorf("nginx is not on PATH nor at /usr/sbin/nginx")
}

// readmeNginx is the nginx server block the README documents.
func readmeNginx(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("README.md has no ```nginx block")
	}
	return string(m[1])
}

// startNginx serves dir with the README's configuration on a free port of
// 127.0.0.1, in the foreground, and returns its base URL.
func startNginx(t *testing.T, dir string) string {
	t.Helper()
	bin, err := nginxPath()
	need(t, "nginx", err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	prefix := t.TempDir()
	server := readmeNginx(t)
	for old, repl := range map[string]string{"listen 80;": "listen " + addr + ";", "root /srv/frontline/public;": "root " + dir + ";"} {
		if !strings.Contains(server, old) {
			t.Fatalf("the README's nginx block has no %q", old)
		}
		server = strings.Replace(server, old, repl, 1)
	}
	user := ""
	if os.Geteuid() == 0 {
		// Started as root, nginx would run its worker as nobody, who cannot
		// read the test's private temporary folders.
		user = "user root;"
	}
	conf := fmt.Sprintf(`%s
daemon off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
%[3]s
}
`, user, prefix, server)
	confPath := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", prefix, "-e", filepath.Join(prefix, "error.log"), "-c", confPath)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start nginx: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if log, _ := os.ReadFile(filepath.Join(prefix, "error.log")); t.Failed() && len(log) > 0 {
			t.Logf("nginx error.log:\n%s", log)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-done:
			log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
			t.Fatalf("nginx stopped: %v\n%s%s", err, stderr.String(), log)
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on %s within 10s: %s", addr, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The README's nginx recipe serves the published site: the same bytes,
// content types and Cache-Control as serve, query-only addresses not at
// all, and the day page passes the browser checks with no server behind.
func TestPublishServedByNginx(t *testing.T) {
	external(t, "nginx")
	dir, _ := publishOnce(t)
	static := startNginx(t, dir)
	serve := startServer(t)
	for _, addr := range sampleAddresses(t, dir) {
		sresp, want := get(t, serve+addr)
		nresp, got := get(t, static+addr)
		if nresp.StatusCode != http.StatusOK {
			t.Errorf("nginx GET %s: status %d", addr, nresp.StatusCode)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: nginx answers %d bytes that differ from serve's %d", addr, len(got), len(want))
		}
		if got, want := mediaType(t, nresp.Header.Get("Content-Type")), mediaType(t, sresp.Header.Get("Content-Type")); got != want {
			t.Errorf("%s: nginx Content-Type %q, serve %q", addr, got, want)
		}
		for _, h := range []string{"Cache-Control", "X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options"} {
			if got, want := nresp.Header.Get(h), sresp.Header.Get(h); got != want {
				t.Errorf("%s: nginx %s %q, serve %q", addr, h, got, want)
			}
		}
		if nresp.Header.Get("ETag") == "" || nresp.Header.Get("Last-Modified") == "" {
			t.Errorf("%s: nginx sends no validators", addr)
		}
	}
	// /favicon.ico leads to the icon, as serve's does.
	if resp, _ := get(t, static+"/favicon.ico"); resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/assets/favicon.svg" {
		t.Errorf("nginx GET /favicon.ico: status %d at %s, want 200 at /assets/favicon.svg", resp.StatusCode, resp.Request.URL.Path)
	}
	// Addresses that need a server are not found, rather than answered with
	// the wrong page.
	for _, addr := range []string{"/changes?from=2024-11-26&to=2024-12-01", "/day?day=2024-12-06", "/no-such-page"} {
		if resp, _ := get(t, static+addr); resp.StatusCode != http.StatusNotFound {
			t.Errorf("nginx GET %s: status %d, want 404", addr, resp.StatusCode)
		}
	}

	t.Run("loads clean", func(t *testing.T) { checkDayPageLoadsClean(t, static) })
	t.Run("slider drag is local", func(t *testing.T) { checkSliderDragIsLocal(t, static) })
	t.Run("permalink", func(t *testing.T) { checkPermalinkRestoresDayAndView(t, static) })
}

// mediaType is a Content-Type with its parameters in canonical case.
func mediaType(t *testing.T, ct string) string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatalf("Content-Type %q: %v", ct, err)
	}
	if cs := params["charset"]; cs != "" {
		return mt + "; charset=" + strings.ToLower(cs)
	}
	return mt
}

// TestEachAttr: the fast scanner finds what the regular expression finds.
func TestEachAttr(t *testing.T) {
	attrRE := regexp.MustCompile(`\s([a-zA-Z:-]+)="([^"]*)"`)
	for _, in := range []string{
		`<a href="/day/2024-12-06" class="x">d</a><img src="/a.png" alt="">`,
		`<p data-x="1"title="t" xlink:href="/x"> ="/no" =" a-b="c" x="unclosed`,
		"<a\nhref=\"/n\"\tid=\"i\">=\"\"</a>",
		`لا <b lang="ar" dir="rtl">حلب</b>`,
	} {
		var got, want []string
		eachAttr([]byte(in), func(n, v []byte) { got = append(got, string(n)+"="+string(v)) })
		for _, m := range attrRE.FindAllStringSubmatch(in, -1) {
			want = append(want, m[1]+"="+m[2])
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("eachAttr(%q) = %q, want %q", in, got, want)
		}
	}
}
