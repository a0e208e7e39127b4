package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"frontline/internal/dataset"
)

// runCmd runs the program with args and returns its output and error.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCheckShippedData(t *testing.T) {
	out, _, err := runCmd(t, "check", "../../data")
	if err != nil {
		t.Fatalf("check ../../data: %v\n%s", err, out)
	}
	// The counts are the records of the shipped files, counted here without
	// the dataset reader, so a reader that drops rows fails the test.
	dir := "../../data"
	records := func(name string) [][]string {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		all, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(all) == 0 {
			t.Fatalf("%s has no header", name)
		}
		return all[1:]
	}
	events := records("events.csv")
	onAreas := 0
	for _, r := range events {
		if r[3] != "" { // the area column (data/README.md)
			onAreas++
		}
	}
	if onAreas == 0 {
		t.Error("no event of the shipped data names an area; is column 4 still the area?")
	}
	b, err := os.ReadFile(filepath.Join(dir, "areas.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%s: ok: %d factions, %d places, %d localities, %d areas, %d events (%d on areas), %d sources\n", dir,
		len(records("factions.csv")), len(records("places.csv")), len(records("localities.csv")), len(fc.Features),
		len(events), onAreas, len(records("sources.csv")))
	if out != want {
		t.Errorf("check output %q, want %q", out, want)
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	dir := copyData(t)
	appendLine(t, filepath.Join(dir, "events.csv"), "2024-12-09-homs-bad,2024-12-32,homs,,control,assad,held,,confirmed,Bad row.,")
	appendLine(t, filepath.Join(dir, "sources.csv"), "2024-12-09-homs-bad,X,,javascript:alert(1),,q,")
	out, _, err := runCmd(t, "check", dir)
	if err == nil {
		t.Fatal("check passed a broken directory")
	}
	lines := countLines(t, filepath.Join(dir, "events.csv"))
	for _, want := range []string{
		filepath.Join(dir, "events.csv") + ":" + itoa(lines) + `: day "2024-12-32"`,
		filepath.Join(dir, "events.csv") + ":" + itoa(lines) + `: unknown faction id "assad"`,
		filepath.Join(dir, "sources.csv") + ":" + itoa(countLines(t, filepath.Join(dir, "sources.csv"))) + `: url "javascript:alert(1)"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}

// TestFailedImportChangesNothing proves a file with an error on its last
// line leaves the database byte for byte as it was.
func TestFailedImportChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	if _, _, err := runCmd(t, "import", "--db", db, "../../data"); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, db)
	bad := filepath.Join(t.TempDir(), "events.csv")
	var b strings.Builder
	b.WriteString("id,day,place,kind,controller,status,challenger,confidence,summary\n")
	for i := 0; i < 50; i++ {
		b.WriteString("2024-12-20-homs-n" + itoa(i) + ",2024-12-20,homs,statement,,,,claimed,Fine row.\n")
	}
	b.WriteString("2024-12-20-homs-last,2024-12-20,nowhere,statement,,,,claimed,Unknown place.\n")
	os.WriteFile(bad, []byte(b.String()), 0o644)
	_, errOut, err := runCmd(t, "import", "--db", db, bad)
	if err == nil {
		t.Fatal("import of a bad file succeeded")
	}
	if want := bad + `:52: unknown place id "nowhere"`; !strings.Contains(errOut, want) {
		t.Errorf("import errors %q lack %q", errOut, want)
	}
	if after := fileHash(t, db); after != before {
		t.Error("the database file changed after a failed import")
	}
	if _, err := os.Stat(db + "-wal"); err == nil {
		if fi, _ := os.Stat(db + "-wal"); fi.Size() > 0 {
			t.Errorf("a failed import left %d bytes of WAL", fi.Size())
		}
	}
}

// TestExportImportRoundTrip exports, imports the export into a new
// database, exports again and compares.
func TestExportImportRoundTrip(t *testing.T) {
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a.db"), filepath.Join(tmp, "b.db")
	extra := copyData(t)
	// An editor's event on top of the dataset must survive the trip.
	appendLine(t, filepath.Join(extra, "events.csv"), `2024-12-14-homs-editor,2024-12-14,homs,,statement,,,,claimed,"An editor's note, with a comma and ""quotes"".",مذكرة محرر`)
	appendLine(t, filepath.Join(extra, "sources.csv"), "2024-12-14-homs-editor,Desk,,https://example.org/x?a=1&b=2,,quoted,")
	if _, _, err := runCmd(t, "import", "--db", a, extra); err != nil {
		t.Fatal(err)
	}
	outA, outB := filepath.Join(tmp, "outA"), filepath.Join(tmp, "outB")
	if _, _, err := runCmd(t, "export", "--db", a, "--out", outA); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "import", "--db", b, outA); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "export", "--db", b, "--out", outB); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"factions.csv", "places.csv", "events.csv", "sources.csv", "region.json", "basemap.geojson", "water.geojson"} {
		x, _ := os.ReadFile(filepath.Join(outA, name))
		y, _ := os.ReadFile(filepath.Join(outB, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs after export → import → export (%d vs %d bytes)", name, len(x), len(y))
		}
	}
	// The exported region is the embedded one.
	got, err := dataset.ReadRegion(os.DirFS(outA), ".", outA)
	if err != nil {
		t.Fatal(err)
	}
	want, err := dataset.ReadRegion(os.DirFS("../../data"), ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the exported region differs from data/region.json")
	}
	ev, _ := os.ReadFile(filepath.Join(outA, "events.csv"))
	if !strings.Contains(string(ev), "2024-12-14-homs-editor") {
		t.Error("the editor's event is not in the export")
	}
	if !strings.Contains(string(ev), ",مذكرة محرر") {
		t.Error("the editor's event lost its summary_ar in the export")
	}
	for _, format := range []string{"json", "geojson"} {
		out, _, err := runCmd(t, "export", "--db", b, "--format", format)
		if err != nil || !strings.HasPrefix(strings.TrimSpace(out), "{") {
			t.Errorf("export --format %s: %v %.80q", format, err, out)
		}
	}
}

func TestUsage(t *testing.T) {
	if _, _, err := runCmd(t); err == nil {
		t.Error("no arguments: want a usage error")
	}
	if _, _, err := runCmd(t, "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
	out, _, err := runCmd(t, "help")
	if err != nil || !strings.Contains(out, "frontline serve") {
		t.Errorf("help: %v %q", err, out)
	}
}

func copyData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"factions.csv", "places.csv", "events.csv", "sources.csv"} {
		b, err := os.ReadFile(filepath.Join("../../data", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func appendLine(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestImportBadHeader: a data file with a wrong header is one problem, on
// its line 1, and the import touches no database: a new one is not
// created, an existing one keeps every byte. A problem found later, in the
// rows, leaves no new database behind either.
func TestImportBadHeader(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "old.db")
	if _, _, err := runCmd(t, "import", "--db", existing, "../../data"); err != nil {
		t.Fatal(err)
	}
	oldBytes, err := os.ReadFile(existing)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string // the path imported, under a copy of the shipped data
		edit func(t *testing.T, dir string)
		want string // the only problem, after the path
	}{
		{
			name: "events.csv header in a directory",
			edit: func(t *testing.T, dir string) { replaceHeader(t, filepath.Join(dir, "events.csv"), "id,date,place") },
			want: `events.csv:1: header is "id,date,place", want "id,day,place,area,kind,controller,status,challenger,confidence,summary,summary_ar" (unknown column "date")`,
		},
		{
			name: "sources.csv header in a directory",
			edit: func(t *testing.T, dir string) {
				replaceHeader(t, filepath.Join(dir, "sources.csv"), "event,outlet,headline")
			},
			want: `sources.csv:1: header is "event,outlet,headline", want "event,outlet,title,url,seed,quote,published" (unknown column "headline")`,
		},
		{
			name: "one file of unknown header",
			file: "events.csv",
			edit: func(t *testing.T, dir string) { replaceHeader(t, filepath.Join(dir, "events.csv"), "id,date,place") },
			want: `events.csv:1: unknown header "id,date,place": a data file starts with one of`,
		},
		{
			name: "a bad row",
			edit: func(t *testing.T, dir string) {
				appendLine(t, filepath.Join(dir, "events.csv"), "2024-12-09-homs-bad,2024-12-09,nowhere,,statement,,,,claimed,Bad row.,")
				appendLine(t, filepath.Join(dir, "sources.csv"), "2024-12-09-homs-bad,X,,,,q,")
			},
			want: `events.csv:` + itoa(countLines(t, "../../data/events.csv")+1) + `: unknown place id "nowhere"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := copyData(t)
			tt.edit(t, src)
			in := filepath.Join(src, tt.file)
			want := filepath.Join(src, tt.want)
			// A new database in a folder the import would have to create.
			dbDir := filepath.Join(t.TempDir(), "new")
			newDB := filepath.Join(dbDir, "sub", "f.db")
			old := filepath.Join(t.TempDir(), "old.db")
			if err := os.WriteFile(old, oldBytes, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, db := range []string{newDB, old} {
				_, errOut, err := runCmd(t, "import", "--db", db, in)
				if err == nil {
					t.Fatalf("import into %s succeeded", db)
				}
				if got, want := err.Error(), "1 problem(s) found"; got != want {
					t.Errorf("import into %s: error %q, want %q\n%s", db, got, want, errOut)
				}
				if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
					t.Errorf("import into %s printed\n%s\nwant one line starting %q", db, errOut, want)
				}
			}
			if _, err := os.Stat(dbDir); !errors.Is(err, fs.ErrNotExist) {
				entries, _ := os.ReadDir(dbDir)
				t.Errorf("a failed import left %s behind (%v, %d entries)", dbDir, err, len(entries))
			}
			after, err := os.ReadFile(old)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(after, oldBytes) {
				t.Error("a failed import changed the existing database")
			}
			if fi, err := os.Stat(old + "-wal"); err == nil && fi.Size() > 0 {
				t.Errorf("a failed import left %d bytes of WAL", fi.Size())
			}
		})
	}
}

// TestImportCreatesNewDatabase: a good import into a new database in a new
// folder leaves the database there, and nothing else.
func TestImportCreatesNewDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	db := filepath.Join(dir, "f.db")
	out, _, err := runCmd(t, "import", "--db", db, "../../data")
	if err != nil {
		t.Fatal(err)
	}
	if want := "imported ../../data into " + db + ": "; !strings.HasPrefix(out, want) {
		t.Errorf("import printed %q, want it to start %q", out, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "f.db"; got != want {
		t.Errorf("the folder holds %q, want %q", got, want)
	}
	if got, want := inspect(t, db).events, countLines(t, "../../data/events.csv")-1; got < want {
		t.Errorf("the new database holds %d events, want at least %d", got, want)
	}
}

// replaceHeader replaces the first line of a file.
func replaceHeader(t *testing.T, path, head string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := bytes.Cut(b, []byte("\n"))
	if err := os.WriteFile(path, append([]byte(head+"\n"), rest...), 0o644); err != nil {
		t.Fatal(err)
	}
}
