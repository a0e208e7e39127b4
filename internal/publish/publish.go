// Package publish writes every public address of a site into a
// directory, as the bytes the server sends for it, so any static host or
// CDN can serve it. Publishing again rewrites only the files whose bytes
// changed and removes the files the site no longer has.
package publish

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Site is what publish needs of a server: the addresses a static copy
// holds, the handler that answers them, and a digest of what each answer
// is made of.
type Site interface {
	// PublicPaths lists the addresses in batches, in the order a copy is
	// written: the files pages name first.
	PublicPaths(ctx context.Context) ([][]string, error)
	Handler() http.Handler
	// Fingerprints gives, for the site as it is now, each address's
	// digest of everything its answer is made of, or "" when it cannot
	// tell. An address whose digest is the one the manifest recorded, and
	// whose files are still there, is not asked for again.
	Fingerprints(ctx context.Context) (func(addr string) string, error)
}

// ManifestName is the published directory's record of what publish wrote:
// file path (slash-separated, relative to the directory) to content hash
// and size. Files not in it are never touched.
const ManifestName = "manifest.json"

// notFoundPage is the file the static host answers unknown addresses with.
const notFoundPage = "404.html"

type manifestEntry struct {
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
}

type manifest struct {
	Files map[string]manifestEntry `json:"files"`
	// Addresses are the fingerprint of each address published and the
	// files its answer went to.
	Addresses map[string]addressEntry `json:"addresses,omitempty"`
}

type addressEntry struct {
	Fingerprint string   `json:"fingerprint"`
	Files       []string `json:"files"`
}

// Result says what a publish did.
type Result struct {
	Files                   int   // files in the site
	Bytes                   int64 // their total size
	Added, Changed, Removed []string
	Unchanged               int
	// Asked is how many addresses were asked for; Kept how many were not,
	// their fingerprint and files being as recorded.
	Asked, Kept int
	Took        time.Duration
}

// siteFile is one answer and where it goes.
type siteFile struct {
	url, file string
	body      []byte
	gz        []byte // the server's own gzip of body, when it compresses this type
}

// Publish requests every public address of site in-process and writes the
// answers under dir, rewriting only files whose bytes changed and removing
// files an earlier publish wrote that the site no longer has. Assets are
// written before the pages that name them, and stale files removed last, so
// a host serving dir while it is published never links to a missing file.
func Publish(ctx context.Context, site Site, dir string, w io.Writer) (Result, error) {
	start := time.Now()
	var res Result
	batches, err := site.PublicPaths(ctx)
	if err != nil {
		return res, fmt.Errorf("publish: list addresses: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	// Every file is read, written and removed through root, which refuses
	// a name leading outside dir: "..", an absolute name, or a symbolic
	// link planted inside (a directory, or a manifest entry through one).
	root, err := os.OpenRoot(dir)
	if err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	defer root.Close()
	old, err := readManifest(root)
	if err != nil {
		return res, err
	}
	h := site.Handler()
	fetch := func(u string, want int) (siteFile, error) {
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			return siteFile{}, fmt.Errorf("publish: GET %s: status %d, want %d", u, rec.Code, want)
		}
		f, err := fileFor(u, rec.Header().Get("Content-Type"))
		if err != nil {
			return siteFile{}, err
		}
		sf := siteFile{url: u, file: f, body: rec.Body.Bytes()}
		// The same address asked with gzip gives the bytes serve sends such
		// a client; written beside the file, a static host hands them out
		// as they are (nginx's gzip_static) instead of compressing each time.
		greq := httptest.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		greq.Header.Set("Accept-Encoding", "gzip")
		grec := httptest.NewRecorder()
		h.ServeHTTP(grec, greq)
		if grec.Code == want && grec.Header().Get("Content-Encoding") == "gzip" {
			sf.gz = grec.Body.Bytes()
		}
		return sf, nil
	}
	fingerprint, err := site.Fingerprints(ctx)
	if err != nil {
		return res, fmt.Errorf("publish: fingerprints: %w", err)
	}
	next := manifest{Files: map[string]manifestEntry{}, Addresses: map[string]addressEntry{}}
	var mu sync.Mutex
	// record notes one file in the new manifest; the caller holds mu.
	record := func(file string, e manifestEntry) error {
		if _, dup := next.Files[file]; dup {
			return fmt.Errorf("publish: two addresses map to the file %s", file)
		}
		next.Files[file] = e
		res.Files++
		res.Bytes += int64(e.Size)
		return nil
	}
	// put1 writes one file, named from the site's root, into d, the
	// directory that holds it.
	put1 := func(d *os.Root, file string, body []byte) error {
		sum := sha256.Sum256(body)
		e := manifestEntry{SHA256: hex.EncodeToString(sum[:]), Size: len(body)}
		// A file the last publish recorded with other bytes is rewritten
		// without being read first.
		prev, ok := old.Files[file]
		differs := ok && prev.SHA256 != e.SHA256
		wrote, existed, err := writeIfChanged(d, path.Base(file), body, differs)
		if err != nil {
			return fmt.Errorf("publish: %s: %w", file, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if err := record(file, e); err != nil {
			return err
		}
		switch {
		case !wrote:
			res.Unchanged++
		case existed:
			res.Changed = append(res.Changed, file)
		default:
			res.Added = append(res.Added, file)
		}
		return nil
	}
	// put writes an answer's file and, first, its gzip copy beside it,
	// through one opening of their directory: a name inside it then costs
	// one system call, where a path from the root costs one per segment.
	put := func(f siteFile) error {
		d, err := openDir(root, path.Dir(f.file))
		if err != nil {
			return err
		}
		if d != root {
			defer d.Close()
		}
		if f.gz != nil {
			if err := put1(d, f.file+".gz", f.gz); err != nil {
				return err
			}
		}
		return put1(d, f.file, f.body)
	}
	// keep leaves the files of an address alone when its fingerprint is
	// the one recorded and they still hold what was recorded (their size,
	// as a quick check that no one else rewrote or removed them).
	keep := func(u, fp string) (bool, error) {
		prev, ok := old.Addresses[u]
		if fp == "" || !ok || prev.Fingerprint != fp || len(prev.Files) == 0 {
			return false, nil
		}
		for _, f := range prev.Files {
			e, ok := old.Files[f]
			if !ok {
				return false, nil
			}
			st, err := root.Lstat(filepath.FromSlash(f))
			if err != nil || !st.Mode().IsRegular() || st.Size() != int64(e.Size) {
				return false, nil
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for _, f := range prev.Files {
			if err := record(f, old.Files[f]); err != nil {
				return false, err
			}
			res.Unchanged++
		}
		next.Addresses[u] = prev
		res.Kept++
		return true, nil
	}
	// Files others name (assets, the territory file) come in the first batch.
	for _, batch := range batches {
		if err := parallel(ctx, batch, func(u string) error {
			fp := fingerprint(u)
			if kept, err := keep(u, fp); kept || err != nil {
				return err
			}
			f, err := fetch(u, http.StatusOK)
			if err != nil {
				return err
			}
			if err := put(f); err != nil {
				return err
			}
			files := []string{f.file}
			if f.gz != nil {
				files = append(files, f.file+".gz")
			}
			mu.Lock()
			next.Addresses[u] = addressEntry{Fingerprint: fp, Files: files}
			res.Asked++
			mu.Unlock()
			return nil
		}); err != nil {
			return res, err
		}
	}
	// What a static host answers for an address the site does not have.
	nf, err := fetch("/"+strings.TrimSuffix(notFoundPage, ".html"), http.StatusNotFound)
	if err != nil {
		return res, err
	}
	nf.file = notFoundPage
	if err := put(nf); err != nil {
		return res, err
	}
	for f := range old.Files {
		if _, ok := next.Files[f]; ok {
			continue
		}
		p := filepath.FromSlash(f)
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, fmt.Errorf("publish: remove %s: %w", f, err)
		}
		removeEmptyDirs(root, filepath.Dir(p))
		res.Removed = append(res.Removed, f)
	}
	mb, err := json.MarshalIndent(next, "", " ")
	if err != nil {
		return res, fmt.Errorf("publish: manifest: %w", err)
	}
	if _, _, err := writeIfChanged(root, ManifestName, append(mb, '\n'), false); err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	res.Took = time.Since(start)
	sort.Strings(res.Added)
	sort.Strings(res.Changed)
	sort.Strings(res.Removed)
	for _, l := range []struct {
		mark  string
		files []string
	}{{"+", res.Added}, {"~", res.Changed}, {"-", res.Removed}} {
		for _, f := range l.files {
			fmt.Fprintln(w, l.mark, f)
		}
	}
	fmt.Fprintf(w, "published %d files, %d bytes, to %s in %s (%d addresses asked for, %d kept as their fingerprint was unchanged): %d added, %d changed, %d removed, %d unchanged\n",
		res.Files, res.Bytes, dir, res.Took.Round(time.Millisecond), res.Asked, res.Kept, len(res.Added), len(res.Changed), len(res.Removed), res.Unchanged)
	return res, nil
}

// fileFor is the file, relative to the published directory, that holds the
// answer at urlPath. An address whose last segment has an extension is its
// own file; one without is a directory holding index.html (pages) or
// index.json (API lists), which a static host serves for the bare address.
func fileFor(urlPath, contentType string) (string, error) {
	clean := path.Clean(urlPath)
	if clean != urlPath && urlPath != "/" || strings.Contains(urlPath, "..") {
		return "", fmt.Errorf("publish: address %q is not a clean path", urlPath)
	}
	rel := strings.TrimPrefix(clean, "/")
	if path.Ext(rel) != "" {
		return rel, nil
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	var index string
	switch mt {
	case "text/html":
		index = "index.html"
	case "application/json":
		index = "index.json"
	default:
		return "", fmt.Errorf("publish: %s answers %q, which has no file name without an extension", urlPath, contentType)
	}
	return path.Join(rel, index), nil
}

// openDir opens the directory dir (slash-separated, "." for root itself)
// inside root, making it when missing. Like root, it refuses a name that
// leads outside, through a symbolic link or otherwise.
func openDir(root *os.Root, dir string) (*os.Root, error) {
	if dir == "." {
		return root, nil
	}
	name := filepath.FromSlash(dir)
	d, err := root.OpenRoot(name)
	if errors.Is(err, fs.ErrNotExist) {
		if err := root.MkdirAll(name, 0o755); err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
		d, err = root.OpenRoot(name)
	}
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return d, nil
}

// writeIfChanged writes body to the file name in the directory dir unless
// it already holds exactly these bytes, through a temporary file and a
// rename so a reader never sees half a file. When differs is set the file
// is known to hold other bytes and is not read first. It reports whether it
// wrote and whether the file existed before.
func writeIfChanged(dir *os.Root, name string, body []byte, differs bool) (wrote, existed bool, err error) {
	if differs {
		_, err := dir.Lstat(name)
		existed = err == nil
	} else if cur, err := dir.ReadFile(name); err == nil {
		if bytes.Equal(cur, body) {
			return false, true, nil
		}
		existed = true
	}
	tmpName := ".publish-" + rand.Text()
	tmp, err := dir.OpenFile(tmpName, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return false, existed, err
	}
	fail := func(err error) (bool, bool, error) {
		tmp.Close()
		dir.Remove(tmpName)
		return false, existed, err
	}
	if _, err := tmp.Write(body); err != nil {
		return fail(fmt.Errorf("write %s: %w", name, err))
	}
	// The mode asked for at creation is cut by the umask.
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		dir.Remove(tmpName)
		return false, existed, fmt.Errorf("write %s: %w", name, err)
	}
	// A rename replaces a symbolic link at name itself, never its target.
	if err := dir.Rename(tmpName, name); err != nil {
		dir.Remove(tmpName)
		return false, existed, err
	}
	return true, existed, nil
}

// readManifest reads the manifest an earlier publish left in root. An
// entry that leads outside the directory, by its name or through a
// symbolic link planted in it, is refused before anything is written.
func readManifest(root *os.Root) (manifest, error) {
	m := manifest{Files: map[string]manifestEntry{}}
	b, err := root.ReadFile(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("publish: read manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("publish: %s is not a manifest publish wrote: %w", filepath.Join(root.Name(), ManifestName), err)
	}
	for f := range m.Files {
		// Never follow a manifest out of the directory.
		if !filepath.IsLocal(filepath.FromSlash(f)) {
			return m, fmt.Errorf("publish: manifest names %q, outside the directory", f)
		}
		if _, err := root.Lstat(filepath.FromSlash(f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return m, fmt.Errorf("publish: manifest names %q, which leads outside the directory: %w", f, err)
		}
	}
	return m, nil
}

// removeEmptyDirs removes d and its parents, named inside root, while they
// are empty, up to but not including root itself.
func removeEmptyDirs(root *os.Root, d string) {
	for d != "." && filepath.IsLocal(d) {
		if root.Remove(d) != nil {
			return
		}
		d = filepath.Dir(d)
	}
}

// Workers is how many addresses publish asks for at once: twice the
// processors, so they have answers to build while some workers wait on
// the disk. A site should let as many answers be built at once.
func Workers() int { return 2 * runtime.GOMAXPROCS(0) }

// parallel runs fn on every item with Workers workers and returns the
// first error.
func parallel(ctx context.Context, items []string, fn func(string) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan string)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range Workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if err := fn(it); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
	for _, it := range items {
		select {
		case work <- it:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		// The caller's context ended.
		return fmt.Errorf("publish: %w", context.Cause(ctx))
	}
	return first
}
