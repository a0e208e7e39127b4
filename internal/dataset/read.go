package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"frontline/internal/control"
)

// MaxFileSize bounds one data file, so a runaway file is refused rather than
// read into memory.
const MaxFileSize = 512 << 20

// ReadDir reads the data files present in dir of fsys; at least one must be.
// Names in messages are shown as path.Join(shown, file). It returns the
// dataset and, as Problems, everything wrong with the files' syntax; call
// Check for the rules that span records and files.
func ReadDir(fsys fs.FS, dir, shown string) (*Dataset, error) {
	d := newDataset()
	var probs Problems
	found := 0
	// The region first: its bounds are where places and areas must lie.
	if ok, ps := d.readRegion(fsys, dir, shown); ok {
		found++
		probs = append(probs, ps...)
		d.useRegion(d.Region)
	}
	for _, name := range Files {
		f, err := fsys.Open(path.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("dataset: open %s: %w", path.Join(shown, name), err)
		}
		found++
		if name == AreasFile {
			probs = append(probs, d.readAreas(path.Join(shown, name), f)...)
		} else {
			probs = append(probs, d.read(path.Join(shown, name), name, f)...)
		}
		f.Close()
	}
	if found == 0 {
		return nil, fmt.Errorf("dataset: %s holds none of %s, %s", shown, RegionFile, strings.Join(Files, ", "))
	}
	// The log of corrections beside the files is checked, not imported.
	if log, err := fs.ReadFile(fsys, path.Join(dir, ChangelogFile)); err == nil {
		if _, err := ParseChangelog(path.Join(shown, ChangelogFile), log); err != nil {
			var ps Problems
			if !errors.As(err, &ps) {
				return nil, err
			}
			probs = append(probs, ps...)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("dataset: read %s: %w", path.Join(shown, ChangelogFile), err)
	}
	// An ended faction's last day and successor come from the events.
	control.SetLives(d.Factions, d.Events)
	if len(probs) > 0 {
		return d, probs.sorted()
	}
	return d, nil
}

// ReadFile reads one data file, recognised by its header row; shown is the
// name used in messages.
func ReadFile(shown string, r io.Reader) (*Dataset, error) {
	br := &peekReader{r: r}
	head, err := br.firstLine()
	if err != nil {
		return nil, fmt.Errorf("dataset: read %s: %w", shown, err)
	}
	kind, err := fileKind(shown, head)
	if err != nil {
		return nil, err
	}
	if kind == "" {
		d := newDataset()
		if probs := d.readAreas(shown, br); len(probs) > 0 {
			return d, probs.sorted()
		}
		return d, nil
	}
	d := newDataset()
	if probs := d.read(shown, kind, br); len(probs) > 0 {
		return d, probs.sorted()
	}
	return d, nil
}

func knownHeaders() string {
	var hs []string
	for _, name := range Files {
		if h, ok := Headers[name]; ok {
			hs = append(hs, fmt.Sprintf("%q (%s)", strings.Join(h, ","), name))
		}
	}
	return strings.Join(hs, ", ") + ", or a GeoJSON FeatureCollection (" + AreasFile + ")"
}

// headerFits says why a header row does not fit a file kind, or "" when it
// does: every column is the kind's, none twice, in the kind's order, and only
// optional ones are missing.
func headerFits(kind string, head []string) string {
	full := Headers[kind]
	at := 0
	for _, col := range head {
		i := slices.Index(full[at:], col)
		if i < 0 {
			if slices.Contains(full, col) {
				return fmt.Sprintf("column %q is out of order or given twice", control.Clip(col, 40))
			}
			return fmt.Sprintf("unknown column %q", control.Clip(col, 40))
		}
		for _, skipped := range full[at : at+i] {
			if !slices.Contains(Optional[kind], skipped) {
				return fmt.Sprintf("column %q is missing", skipped)
			}
		}
		at += i + 1
	}
	for _, skipped := range full[at:] {
		if !slices.Contains(Optional[kind], skipped) {
			return fmt.Sprintf("column %q is missing", skipped)
		}
	}
	return ""
}

// row gives a record's fields by column name; a column the file leaves out reads as "".
type row struct {
	rec []string
	col map[string]int
}

func (r row) get(name string) string {
	if i, ok := r.col[name]; ok {
		return plain(r.rec[i]) // as CSVWriter neutralised it
	}
	return ""
}

func newDataset() *Dataset {
	return &Dataset{
		factionAt: map[string]Pos{},
		placeAt:   map[string]Pos{},
		areaAt:    map[string]Pos{},
		eventAt:   map[string]Pos{},
		sourceAt:  map[string][]Pos{},
		aliasAt:   map[[2]string]Pos{},
		has:       map[string]bool{},
		broken:    map[string]bool{},
		eventIdx:  map[string]int{},
		orphans:   map[string][]control.Source{},
	}
}

// read parses one file of the given kind into d.
func (d *Dataset) read(shown, kind string, r io.Reader) Problems {
	d.has[kind] = true
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		d.broken[kind] = true
		return Problems{{Pos{shown, 0}, fmt.Sprintf("read: %v", err)}}
	}
	if len(data) > MaxFileSize {
		d.broken[kind] = true
		return Problems{{Pos{shown, 0}, fmt.Sprintf("larger than %d MiB", MaxFileSize>>20)}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		d.broken[kind] = true
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return Problems{{Pos{shown, line}, "not valid UTF-8 text"}}
	}
	probs, whole := scanCSV(shown, kind, bytes.NewReader(data), func(at Pos, r row) Problems {
		switch kind {
		case FactionsFile:
			return d.readFaction(at, r)
		case PlacesFile, LocalitiesFile:
			return d.readPlace(at, kind, r)
		case AliasesFile:
			return d.readAlias(at, r)
		case EventsFile:
			return d.readEvent(at, r)
		case SourcesFile:
			return d.readSource(at, r)
		case CoverageFile:
			return d.readCoverage(at, r)
		}
		return nil
	})
	if !whole {
		d.broken[kind] = true
	}
	return probs
}

// scanCSV reads the header and records of one CSV file of the given kind
// from r and hands every well-formed record to each, with its position. It
// returns the problems of the file's syntax and those each reports, and
// whether every record was read: a wrong header or a syntax error stops it
// early. With each nil it reads the header alone. The reader is consumed as
// it goes, so a large file is never held whole.
func scanCSV(shown, kind string, r io.Reader, each func(at Pos, r row) Problems) (Problems, bool) {
	var probs Problems
	bad := func(line int, format string, args ...any) {
		probs = append(probs, Problem{Pos{shown, line}, fmt.Sprintf(format, args...)})
	}
	cr := csv.NewReader(&recordLimit{r: r})
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return Problems{emptyFile(shown, kind)}, false
	}
	if err != nil {
		bad(lineOf(err, 1), "%v", csvMsg(err))
		return probs, false
	}
	head = slices.Clone(head)
	if p, ok := headerProblem(shown, kind, head); !ok {
		return Problems{p}, false
	}
	if each == nil {
		return nil, true
	}
	col := make(map[string]int, len(head))
	for i, c := range head {
		col[c] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var fe fileError
			if errors.As(err, &fe) {
				return Problems{{Pos{shown, fe.line}, fe.msg}}, false // the file as a whole is refused
			}
			bad(lineOf(err, 0), "%v", csvMsg(err))
			return probs, false // the rest of the file cannot be trusted after a syntax error
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(head) {
			bad(line, "%d fields, want %d (%s)", len(rec), len(head), strings.Join(head, ","))
			continue
		}
		at := Pos{shown, line}
		if cp := checkCells(at, head, rec); len(cp) > 0 {
			probs = append(probs, cp...)
			continue
		}
		probs = append(probs, each(at, row{rec, col})...)
	}
	return probs, true
}

func emptyFile(shown, kind string) Problem {
	return Problem{Pos{shown, 1}, fmt.Sprintf("empty file: the first line must be the header %q", strings.Join(Headers[kind], ","))}
}

// headerProblem checks the header row of a CSV file of the given kind; ok
// is false when it does not fit, with the problem to report.
func headerProblem(shown, kind string, head []string) (p Problem, ok bool) {
	if why := headerFits(kind, head); why != "" {
		return Problem{Pos{shown, 1}, fmt.Sprintf("header is %q, want %q (%s)", control.Clip(strings.Join(head, ","), 120), strings.Join(Headers[kind], ","), why)}, false
	}
	return Problem{}, true
}

func (d *Dataset) readFaction(at Pos, r row) Problems {
	var probs Problems
	f := control.Faction{ID: r.get("id"), Name: r.get("name"), Short: r.get("short"), Color: r.get("color"), NameAR: r.get("name_ar"), ShortAR: r.get("short_ar")}
	probs = append(probs, checkID(at, "faction id", f.ID)...)
	if strings.TrimSpace(f.Name) == "" || strings.TrimSpace(f.Short) == "" {
		probs = append(probs, Problem{at, "faction needs a name and a short name"})
	}
	if !isColor(f.Color) {
		probs = append(probs, Problem{at, fmt.Sprintf("colour %q is not #rrggbb", control.Clip(f.Color, 40))})
	}
	if prev, dup := d.factionAt[f.ID]; dup {
		probs = append(probs, Problem{at, fmt.Sprintf("duplicate faction id %q (first at line %d)", f.ID, prev.Line)})
		return probs
	}
	d.factionAt[f.ID] = at
	d.Factions = append(d.Factions, f)
	return probs
}

// useRegion sets the bounds places and areas are checked against; a nil
// region leaves them as they are.
func (d *Dataset) useRegion(r *control.Region) {
	if r != nil {
		b := r.Bounds
		d.bounds = &b
	}
}

// boundsProblem says why a position is refused, or "": outside the
// region's bounds (almost surely a typo: swapped latitude and longitude, a
// dropped digit), or, with no region known, off the globe.
func (d *Dataset) boundsProblem(lon, lat float64) string {
	b := control.Box{-180, -90, 180, 90}
	where := "the globe"
	if d.bounds != nil {
		b, where = *d.bounds, "the region's bounds in "+RegionFile
	}
	if b.Contains(lon, lat) {
		return ""
	}
	return fmt.Sprintf("outside %s (latitude %g to %g, longitude %g to %g)", where, b[1], b[3], b[0], b[2])
}

func (d *Dataset) readPlace(at Pos, file string, r row) Problems {
	var probs Problems
	p := control.Place{ID: r.get("id"), Name: r.get("name"), NameAR: r.get("name_ar"), Kind: r.get("kind"), Ref: r.get("source")}
	probs = append(probs, checkID(at, "place id", p.ID)...)
	if strings.TrimSpace(p.Name) == "" {
		probs = append(probs, Problem{at, "place needs an English name"})
	}
	if file == LocalitiesFile {
		if p.Kind != control.KindLocality {
			probs = append(probs, Problem{at, fmt.Sprintf("kind %q in %s: every row there is a %s", control.Clip(p.Kind, 40), LocalitiesFile, control.KindLocality)})
		}
		if pop := r.get("population"); pop != "" {
			n, err := strconv.Atoi(pop)
			if err != nil || n < 0 {
				probs = append(probs, Problem{at, fmt.Sprintf("population %q is not a whole number", control.Clip(pop, 40))})
			}
			p.Population = n
		}
	} else if !slices.Contains(control.PlaceKinds, p.Kind) {
		probs = append(probs, Problem{at, fmt.Sprintf("place kind %q is not one of %s", control.Clip(p.Kind, 40), strings.Join(control.PlaceKinds, ", "))})
	}
	lat, lon := r.get("lat"), r.get("lon")
	var err error
	if p.Lat, err = strconv.ParseFloat(lat, 64); err != nil {
		probs = append(probs, Problem{at, fmt.Sprintf("latitude %q is not a number", control.Clip(lat, 40))})
	} else if p.Lon, err = strconv.ParseFloat(lon, 64); err != nil {
		probs = append(probs, Problem{at, fmt.Sprintf("longitude %q is not a number", control.Clip(lon, 40))})
	} else if why := d.boundsProblem(p.Lon, p.Lat); why != "" {
		probs = append(probs, Problem{at, fmt.Sprintf("coordinates %s,%s are %s", lat, lon, why)})
	}
	if prev, dup := d.placeAt[p.ID]; dup {
		probs = append(probs, Problem{at, fmt.Sprintf("duplicate place id %q (first at %s)", p.ID, prev)})
		return probs
	}
	d.placeAt[p.ID] = at
	d.Places = append(d.Places, p)
	return probs
}

func (d *Dataset) readAlias(at Pos, r row) Problems {
	var probs Problems
	a := control.Alias{Place: r.get("place"), Name: strings.TrimSpace(r.get("name")), Source: strings.TrimSpace(r.get("source"))}
	probs = append(probs, checkID(at, "place id", a.Place)...)
	if a.Name == "" {
		probs = append(probs, Problem{at, "alias needs a name"})
	}
	if a.Source == "" {
		probs = append(probs, Problem{at, "alias needs a source: where the name comes from"})
	}
	if len(probs) > 0 {
		return probs
	}
	key := [2]string{a.Place, control.Fold(a.Name)}
	if prev, dup := d.aliasAt[key]; dup {
		return Problems{{at, fmt.Sprintf("alias %q of %q is the same name as at line %d (case, marks and hamza forms aside)", control.Clip(a.Name, 60), a.Place, prev.Line)}}
	}
	d.aliasAt[key] = at
	d.Aliases = append(d.Aliases, a)
	return nil
}

func (d *Dataset) readEvent(at Pos, r row) Problems {
	e, probs := parseEvent(at, r)
	if prev, dup := d.eventAt[e.ID]; dup {
		probs = append(probs, Problem{at, fmt.Sprintf("duplicate event id %q (first at line %d)", e.ID, prev.Line)})
		return probs
	}
	d.eventAt[e.ID] = at
	d.eventIdx[e.ID] = len(d.Events)
	d.Events = append(d.Events, e)
	return probs
}

// parseEvent reads one row of events.csv and checks what the row alone can
// show; the event is returned even when it has problems.
func parseEvent(at Pos, r row) (control.Event, Problems) {
	var probs Problems
	bad := func(format string, args ...any) { probs = append(probs, Problem{at, fmt.Sprintf(format, args...)}) }
	e := control.Event{
		ID: r.get("id"), Seq: at.Line, Place: r.get("place"), Area: r.get("area"), Kind: control.Kind(r.get("kind")), Controller: r.get("controller"),
		Status: control.Status(r.get("status")), Challenger: r.get("challenger"), Confidence: control.Confidence(r.get("confidence")), Summary: r.get("summary"),
		SummaryAR: r.get("summary_ar"),
	}
	probs = append(probs, checkID(at, "event id", e.ID)...)
	day, err := control.ParseDay(r.get("day"))
	if err != nil {
		bad("day %v", err)
	} else if why := checkYear(day); why != "" {
		bad("%s", why)
	}
	e.Day = day
	if !e.Kind.Valid() {
		bad("kind %q is not one of %s", control.Clip(string(e.Kind), 40), kindList())
	}
	if !e.Confidence.Valid() {
		bad("confidence %q is not claimed or confirmed", control.Clip(string(e.Confidence), 40))
	}
	if strings.TrimSpace(e.Summary) == "" {
		bad("event needs a summary")
	}
	if e.Place != "" && e.Area != "" {
		bad("an event names a place or an area, not both (place %q, area %q)", control.Clip(e.Place, 40), control.Clip(e.Area, 40))
	}
	if e.Kind.CarriesControl() {
		if e.Status == control.StatusSuccession {
			if e.Place != "" || e.Area != "" {
				bad("a succession names no place and no area: it reaches every place the ended faction held")
			}
		} else if e.Place == "" && e.Area == "" {
			bad("a %s event needs a place or an area", e.Kind)
		}
		if e.Controller == "" {
			bad("a %s event needs a controller", e.Kind)
		}
		switch e.Status {
		case control.StatusHeld:
			if e.Challenger != "" {
				bad("challenger %q given but status is held: a challenger goes with status contested", control.Clip(e.Challenger, 40))
			}
		case control.StatusContested:
			if e.Challenger == "" {
				bad("status contested needs a challenger")
			} else if e.Challenger == e.Controller {
				bad("challenger %q is the holder itself", e.Challenger)
			}
		case control.StatusJoint:
			if e.Challenger == "" {
				bad("status joint needs the partner as challenger")
			} else if e.Challenger == e.Controller {
				bad("partner %q is the holder itself", e.Challenger)
			}
		case control.StatusWithdrawn:
			if e.Kind != control.KindControl {
				bad("status withdrawn goes with kind control: a withdrawal is not a disputed claim")
			}
			if e.Challenger != "" {
				bad("challenger %q given but status is withdrawn: a withdrawal names only the side that left", control.Clip(e.Challenger, 40))
			}
		case control.StatusSuccession:
			if e.Kind != control.KindControl {
				bad("status succession goes with kind control: a succession is not a disputed claim")
			}
			if e.Challenger == "" {
				bad("status succession needs the faction that ends as challenger")
			} else if e.Challenger == e.Controller {
				bad("faction %q cannot succeed itself", e.Challenger)
			}
		default:
			bad("status %q is not held, contested, joint, withdrawn or succession", control.Clip(string(e.Status), 40))
		}
	} else if e.Kind.Valid() && (e.Controller != "" || e.Status != "" || e.Challenger != "") {
		bad("a %s event changes no control: leave controller, status and challenger empty", e.Kind)
	}
	return e, probs
}

func (d *Dataset) readSource(at Pos, r row) Problems {
	id, s, probs := parseSource(at, r)
	if len(probs) > 0 {
		return probs
	}
	d.sourceAt[id] = append(d.sourceAt[id], at)
	d.attach(id, s)
	return nil
}

// parseSource reads one row of sources.csv: the id of its event and the
// source, with the problems the row alone shows.
func parseSource(at Pos, r row) (string, control.Source, Problems) {
	var probs Problems
	s := control.Source{Outlet: r.get("outlet"), Title: r.get("title"), URL: r.get("url"), Seed: r.get("seed"), Quote: r.get("quote"), Published: r.get("published")}
	id := r.get("event")
	if id == "" {
		probs = append(probs, Problem{at, "source needs the id of its event"})
	}
	if strings.TrimSpace(s.Outlet) == "" {
		probs = append(probs, Problem{at, "source needs an outlet"})
	}
	if s.URL != "" {
		if msg := CheckURL(s.URL); msg != "" {
			probs = append(probs, Problem{at, msg})
		}
	}
	if s.Published != "" {
		// Checked like an event's day, so a reader can sort and compare them.
		if day, err := control.ParseDay(s.Published); err != nil {
			probs = append(probs, Problem{at, fmt.Sprintf("published %v", err)})
		} else if why := checkYear(day); why != "" {
			probs = append(probs, Problem{at, "published " + why})
		}
	}
	if s.Seed != "" && !seedName(s.Seed) {
		probs = append(probs, Problem{at, fmt.Sprintf("seed %q is not a seed file name such as 000_02a8d958f0e5c51b.txt", control.Clip(s.Seed, 60))})
	}
	if s.Seed != "" && strings.TrimSpace(s.Quote) == "" {
		probs = append(probs, Problem{at, "a source from a seed article must quote it"})
	}
	return id, s, probs
}

func (d *Dataset) readCoverage(at Pos, r row) Problems {
	if d.Coverage != nil {
		return Problems{{at, fmt.Sprintf("%s has one row; a second was found (first at line %d)", CoverageFile, d.coverAt.Line)}}
	}
	var probs Problems
	var c control.Coverage
	for _, f := range []struct {
		col string
		to  *control.Day
	}{{"first", &c.First}, {"last", &c.Last}, {"updated", &c.Updated}} {
		day, err := control.ParseDay(r.get(f.col))
		if err != nil {
			probs = append(probs, Problem{at, fmt.Sprintf("%s %v", f.col, err)})
		} else if why := checkYear(day); why != "" {
			probs = append(probs, Problem{at, f.col + " " + why})
		}
		*f.to = day
	}
	if len(probs) == 0 && c.Last < c.First {
		probs = append(probs, Problem{at, fmt.Sprintf("last day %s is before the first, %s", c.Last, c.First)})
	}
	if len(probs) > 0 {
		return probs
	}
	d.Coverage, d.coverAt = &c, at
	return nil
}

// attach adds a source to its event when the event is in this dataset, or
// keeps it for an event that lives elsewhere (see Orphans).
func (d *Dataset) attach(id string, s control.Source) {
	if i, ok := d.eventIdx[id]; ok {
		d.Events[i].Sources = append(d.Events[i].Sources, s)
		return
	}
	d.orphans[id] = append(d.orphans[id], s)
}

func kindList() string {
	var ks []string
	for _, k := range control.Kinds {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

func checkID(at Pos, what, id string) Problems {
	if !control.IsSlug(id) {
		return Problems{{at, fmt.Sprintf("%s %q must be lowercase letters, digits and single hyphens (at most 80)", what, control.Clip(id, 40))}}
	}
	return nil
}

// CheckURL returns why a source URL is refused, or "" when it is an absolute
// http(s) URL. Anything else (javascript:, data:, relative) could become a
// dangerous or broken link.
func CheckURL(u string) string {
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		return fmt.Sprintf("url %q is not an http(s) address", control.Clip(u, 60))
	}
	rest := u[strings.Index(u, "//")+2:]
	if rest == "" || rest[0] == '/' || strings.ContainsAny(u, " \t\r\n\"<>\\`") {
		return fmt.Sprintf("url %q is not a well-formed http(s) address", control.Clip(u, 60))
	}
	if hasUserInfo(u) {
		return fmt.Sprintf("url %q has a user name before @ (it would show one host and open another) or does not parse", control.Clip(u, 60))
	}
	return ""
}

func isColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < 7; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func seedName(s string) bool {
	if len(s) != 24 || !strings.HasSuffix(s, ".txt") || s[3] != '_' {
		return false
	}
	for i, c := range s[:20] {
		if i == 3 {
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func lineOf(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return def
}

func csvMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "CSV syntax: " + pe.Err.Error()
	}
	return err.Error()
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// peekReader lets ReadFile look at the header line and then hand the whole
// stream, header included, to the CSV reader.
type peekReader struct {
	r    io.Reader
	head []byte
}

func (p *peekReader) firstLine() (string, error) {
	buf := make([]byte, 0, 512)
	one := make([]byte, 1)
	for len(buf) < 4096 {
		n, err := p.r.Read(one)
		if n == 1 {
			buf = append(buf, one[0])
			if one[0] == '\n' {
				break
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	p.head = buf
	line := strings.TrimRight(string(bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))), "\r\n")
	return line, nil
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	return p.r.Read(b)
}
