package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/sqlite"
)

// readPath reads a data directory or one data file.
func readPath(path string) (*dataset.Dataset, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if fi.IsDir() {
		return dataset.ReadDir(os.DirFS(path), ".", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	return dataset.ReadFile(path, f)
}

// problemsOut prints every problem and returns an error that counts them.
func problemsOut(w io.Writer, err error) error {
	var ps dataset.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(w, p)
		}
		return fmt.Errorf("%d problem(s) found", len(ps))
	}
	return err
}

func cmdCheck(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stdout)
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	dir := "data"
	if fl.NArg() > 1 {
		return usageError{"check takes one directory"}
	}
	if fl.NArg() == 1 {
		dir = fl.Arg(0)
	}
	ds, err := readPath(dir)
	if err := dataset.CheckAfterRead(ds, err, dataset.Known{}); err != nil {
		return problemsOut(stdout, err)
	}
	for _, f := range []string{dataset.FactionsFile, dataset.PlacesFile, dataset.EventsFile, dataset.SourcesFile} {
		if !ds.Has(f) {
			return problemsOut(stdout, dataset.Problems{{Pos: dataset.Pos{File: filepath.Join(dir, f)}, Msg: "missing: a data directory has factions, places, events and sources"}})
		}
	}
	fmt.Fprintf(stdout, "%s: ok: %s\n", dir, ds.Count())
	return nil
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("import", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dbPath := fl.String("db", env("FRONTLINE_DB", "data/frontline.db"), "SQLite database")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() != 1 {
		return usageError{"import takes one file or directory"}
	}
	path := fl.Arg(0)
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	// Header rows are checked before the database is opened: a file of
	// the wrong shape must not create, migrate or touch it.
	if err := checkHeaders(path, fi.IsDir()); err != nil {
		var ps dataset.Problems
		if errors.As(err, &ps) {
			return problemsOut(stderr, ps)
		}
		return fmt.Errorf("import %s: nothing was changed: %w", path, err)
	}
	if _, err := clearStaleImports(*dbPath); err != nil {
		return fmt.Errorf("import %s: nothing was changed: %w", path, err)
	}
	target, err := newImportTarget(*dbPath)
	if err != nil {
		return fmt.Errorf("import %s: nothing was changed: %w", path, err)
	}
	counts, err := importInto(ctx, target.path, path, fi.IsDir(), stderr)
	if err == nil {
		err = target.keep()
	}
	if err != nil {
		target.drop()
		var ps dataset.Problems
		if errors.As(err, &ps) {
			return problemsOut(stderr, ps)
		}
		return fmt.Errorf("import %s: nothing was changed: %w", path, err)
	}
	fmt.Fprintf(stdout, "imported %s into %s: %s\n", path, *dbPath, counts)
	return nil
}

// checkHeaders checks the header rows of the data files at path, a
// directory or one file.
func checkHeaders(path string, dir bool) error {
	if dir {
		return dataset.CheckHeaders(os.DirFS(path), ".", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	return dataset.CheckFileHeader(path, f)
}

// importInto streams the data files at path into the database at dbPath,
// in one transaction, and closes the database.
func importInto(ctx context.Context, dbPath, path string, dir bool, stderr io.Writer) (dataset.Counts, error) {
	db, err := openDB(ctx, dbPath)
	if err != nil {
		return dataset.Counts{}, err
	}
	counts, err := streamInto(ctx, db, path, dir, stderr)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return counts, err
}

func streamInto(ctx context.Context, db *sqlite.DB, path string, dir bool, stderr io.Writer) (dataset.Counts, error) {
	k, err := known(ctx, db)
	if err != nil {
		return dataset.Counts{}, err
	}
	bar := newProgress(stderr)
	total := estimateEvents(path, dir)
	var counts dataset.Counts
	// The files are read, checked and written in one pass inside one
	// transaction: a problem anywhere rolls every row back.
	err = db.ImportStream(ctx, func(w *sqlite.Writer) error {
		sink := importSink{w: w, stored: k.Events}
		tick := func(n int) { bar.update(min(n, total), total) }
		var err error
		if dir {
			counts, err = dataset.Stream(os.DirFS(path), ".", path, k, sink, tick)
		} else {
			f, oerr := os.Open(path)
			if oerr != nil {
				return fmt.Errorf("read %s: %w", path, oerr)
			}
			defer f.Close()
			counts, err = dataset.StreamFile(path, f, k, sink, tick)
		}
		return err
	})
	bar.done()
	return counts, err
}

// importTarget is the file an import writes: the database itself when it
// exists; otherwise a temporary file beside it, moved into place only once
// the import succeeded, so a failed import into a new database leaves no
// file behind (a failed import into an existing one is rolled back).
type importTarget struct {
	path    string   // the file to write
	final   string   // the database asked for; "" when path is it
	created []string // folders made for it, deepest first
	lock    *os.File // holds an flock on path while the import runs (see clearStaleImports)
}

func newImportTarget(dbPath string) (*importTarget, error) {
	_, err := os.Stat(dbPath)
	if err == nil {
		return &importTarget{path: dbPath}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("database %s: %w", dbPath, err)
	}
	t := &importTarget{final: dbPath}
	dir := filepath.Dir(dbPath)
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		t.created = append(t.created, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(dbPath)+".import-*")
	if err != nil {
		t.drop()
		return nil, fmt.Errorf("create database %s: %w", dbPath, err)
	}
	t.path, t.lock = f.Name(), f
	// The lock says the file is in use; it goes with the process, so a
	// killed import leaves a file the next start can tell is stale.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.drop()
		return nil, fmt.Errorf("create database %s: lock %s: %w", dbPath, t.path, err)
	}
	return t, nil
}

// importTemp is the pattern of an import's temporary file beside the
// database NAME: .NAME.import-*.
func importTemp(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "."+filepath.Base(dbPath)+".import-*")
}

// clearStaleImports removes the temporary files of imports into a new
// database at dbPath that were killed before they could clean up: those
// no live import holds locked. It reports what it removed.
func clearStaleImports(dbPath string) ([]string, error) {
	names, err := filepath.Glob(importTemp(dbPath))
	if err != nil {
		return nil, fmt.Errorf("database %s: look for stale imports: %w", dbPath, err)
	}
	var removed []string
	for _, name := range names {
		main := name
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			main = strings.TrimSuffix(main, suffix)
		}
		if main != name {
			// A side file goes with its database, or alone when that is gone.
			if _, err := os.Lstat(main); err == nil {
				continue
			}
		} else if !staleImport(name) {
			continue
		}
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			if err := os.Remove(main + suffix); err == nil {
				removed = append(removed, main+suffix)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return removed, fmt.Errorf("database %s: remove stale import: %w", dbPath, err)
			}
		}
	}
	return removed, nil
}

// staleImport reports whether no running import holds the file at name.
func staleImport(name string) bool {
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// keep moves a new database into place, once it is closed. It never
// replaces a database that appeared meanwhile.
func (t *importTarget) keep() error {
	if t.final == "" {
		return nil
	}
	// Closing the last connection checkpoints the WAL into the file; a
	// WAL left behind would hold rows the moved file lacks.
	if fi, err := os.Stat(t.path + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("database %s: %d bytes of WAL left after closing", t.path, fi.Size())
	}
	defer t.unlock()
	if err := os.Link(t.path, t.final); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("database %s was created by another process during the import", t.final)
		}
		// A file system without hard links: a rename, which could replace
		// a database created since the check just before it.
		if _, serr := os.Stat(t.final); !errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("move database into %s: %w", t.final, err)
		}
		if err := os.Rename(t.path, t.final); err != nil {
			return fmt.Errorf("move database into %s: %w", t.final, err)
		}
		return nil
	}
	os.Remove(t.path)
	return nil
}

// drop removes a new database's temporary file and the folders made for
// it; an existing database is left to its rolled-back transaction.
func (t *importTarget) drop() {
	if t.final == "" {
		return
	}
	defer t.unlock()
	if t.path != "" {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(t.path + suffix)
		}
	}
	for _, d := range t.created {
		os.Remove(d) // only when empty: never another's files
	}
}

// unlock lets the temporary file go, once it is moved or removed.
func (t *importTarget) unlock() {
	if t.lock != nil {
		t.lock.Close()
		t.lock = nil
	}
}

// importSink hands the records of a streamed import to the database.
type importSink struct {
	w      *sqlite.Writer
	stored map[string]bool // the events the database held before
}

func (s importSink) Base(d *dataset.Dataset) error {
	if err := s.w.Base(d.Factions, d.Places, d.Areas, d.Coverage); err != nil {
		return err
	}
	return s.w.Region(d.Region)
}

func (s importSink) Event(e control.Event) error { return s.w.Event(e, s.stored[e.ID]) }

func (s importSink) Source(id string, n int, src control.Source) error { return s.w.Source(id, n, src) }

func (s importSink) MoreSources(id string, ss []control.Source) error { return s.w.MoreSources(id, ss) }

// estimateEvents counts the lines of the events file an import reads, for
// the progress bar: a quick pass over text the import then reads from the
// page cache. A field with a line break makes it an overestimate.
func estimateEvents(path string, dir bool) int {
	if dir {
		path = filepath.Join(path, dataset.EventsFile)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	n := 0
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte("\n"))
		if err != nil {
			break
		}
	}
	return max(n-1, 0) // the header
}

// progress draws a bar on a terminal and stays quiet otherwise.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	drawn bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.tty || total < 1000 {
		return
	}
	const width = 30
	n := done * width / total
	rate := float64(done) / time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d events %3d%% %.0f/s", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, done*100/total, rate)
	p.drawn = true
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

func cmdExport(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	fl.SetOutput(stdout)
	dbPath := fl.String("db", env("FRONTLINE_DB", "data/frontline.db"), "SQLite database")
	format := fl.String("format", "csv", "csv (a directory of four files), json or geojson")
	out := fl.String("out", "", "where to write: a directory for csv (required), a file for json and geojson (default: standard output)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		return usageError{"export takes no arguments"}
	}
	if *format == "csv" && *out == "" {
		return usageError{"export --format csv needs --out DIR"}
	}
	if *format != "csv" && *format != "json" && *format != "geojson" {
		return usageError{fmt.Sprintf("unknown format %q: use csv, json or geojson", *format)}
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ds, err := loadAll(ctx, db)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, name := range dataset.Files {
			if err := writeFileAtomic(filepath.Join(*out, name), func(w io.Writer) error { return dataset.Write(w, name, ds) }); err != nil {
				return err
			}
		}
		return nil
	case "json":
		return writeOut(*out, stdout, func(w io.Writer) error { return exportJSON(w, ds) })
	default:
		return writeOut(*out, stdout, func(w io.Writer) error { return exportGeoJSON(ctx, w, db, ds) })
	}
}

func loadAll(ctx context.Context, db *sqlite.DB) (*dataset.Dataset, error) {
	factions, err := db.Factions(ctx)
	if err != nil {
		return nil, err
	}
	places, err := db.Places(ctx)
	if err != nil {
		return nil, err
	}
	areas, err := db.Areas(ctx)
	if err != nil {
		return nil, err
	}
	events, err := db.Events(ctx, control.Filter{})
	if err != nil {
		return nil, err
	}
	cov, err := db.Coverage(ctx)
	if err != nil {
		return nil, err
	}
	aliases, err := db.Aliases(ctx)
	if err != nil {
		return nil, err
	}
	ds := dataset.New(factions, places, areas, events, cov)
	ds.Aliases = aliases
	return ds, nil
}

func writeOut(path string, stdout io.Writer, fn func(io.Writer) error) error {
	if path == "" || path == "-" {
		return fn(stdout)
	}
	return writeFileAtomic(path, fn)
}

// writeFileAtomic writes to a temporary file and renames it into place, so
// a failed export never leaves half a file.
func writeFileAtomic(path string, fn func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func exportJSON(w io.Writer, ds *dataset.Dataset) error {
	type src struct {
		Outlet string `json:"outlet"`
		Title  string `json:"title,omitempty"`
		URL    string `json:"url,omitempty"`
		Seed   string `json:"seed,omitempty"`
		Quote  string `json:"quote,omitempty"`
		// Published is the day the source came out, when known.
		Published string `json:"published,omitempty"`
	}
	type ev struct {
		ID         string `json:"id"`
		Day        string `json:"day"`
		Place      string `json:"place,omitempty"`
		Kind       string `json:"kind"`
		Controller string `json:"controller,omitempty"`
		Status     string `json:"status,omitempty"`
		Challenger string `json:"challenger,omitempty"`
		Confidence string `json:"confidence"`
		Summary    string `json:"summary"`
		Sources    []src  `json:"sources"`
	}
	out := struct {
		Factions []map[string]string `json:"factions"`
		Places   []map[string]any    `json:"places"`
		Events   []ev                `json:"events"`
	}{}
	for _, f := range ds.Factions {
		out.Factions = append(out.Factions, map[string]string{"id": f.ID, "name": f.Name, "short": f.Short, "color": f.Color})
	}
	for _, p := range ds.Places {
		out.Places = append(out.Places, map[string]any{"id": p.ID, "name": p.Name, "name_ar": p.NameAR, "kind": p.Kind, "lat": p.Lat, "lon": p.Lon})
	}
	for _, e := range ds.Events {
		x := ev{e.ID, e.Day.String(), e.Place, string(e.Kind), e.Controller, string(e.Status), e.Challenger, string(e.Confidence), e.Summary, []src{}}
		for _, s := range e.Sources {
			x.Sources = append(x.Sources, src(s))
		}
		out.Events = append(out.Events, x)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return nil
}

// exportGeoJSON writes the places with their full control history.
func exportGeoJSON(ctx context.Context, w io.Writer, db *sqlite.DB, ds *dataset.Dataset) error {
	type change struct {
		Day        string `json:"day"`
		Controller string `json:"controller"`
		Status     string `json:"status"`
		Challenger string `json:"challenger,omitempty"`
		Confidence string `json:"confidence"`
		Event      string `json:"event"`
	}
	history := map[string][]change{}
	for _, e := range ds.Events {
		if e.Kind == control.KindControl {
			history[e.Place] = append(history[e.Place], change{e.Day.String(), e.Controller, string(e.Status), e.Challenger, string(e.Confidence), e.ID})
		}
	}
	var features []map[string]any
	for _, p := range ds.Places {
		h := history[p.ID]
		if h == nil {
			h = []change{}
		}
		features = append(features, map[string]any{
			"type": "Feature", "id": p.ID,
			"geometry":   map[string]any{"type": "Point", "coordinates": []float64{p.Lon, p.Lat}},
			"properties": map[string]any{"name": p.Name, "name_ar": p.NameAR, "kind": p.Kind, "history": h},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"type": "FeatureCollection", "features": features}); err != nil {
		return fmt.Errorf("export geojson: %w", err)
	}
	return nil
}

func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("backup", flag.ContinueOnError)
	fl.SetOutput(stdout)
	dbPath := fl.String("db", env("FRONTLINE_DB", "data/frontline.db"), "SQLite database")
	to := fl.String("to", "", "the backup file to create (must not exist)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *to == "" || fl.NArg() > 0 {
		return usageError{"backup needs --to FILE"}
	}
	if _, err := os.Stat(*to); err == nil {
		return fmt.Errorf("backup: %s exists already", *to)
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *dbPath, *to)
	return nil
}
