package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"frontline/internal/control"
)

// Sink receives the records of an import as they are read. Stream calls
// Base once, before any event, then Event and Source as rows come, then
// MoreSources for events that were stored before. Once a problem is found
// Stream calls nothing more, and the caller discards what it received (an
// import rolls its transaction back).
type Sink interface {
	// Base gets the small files, read whole: factions, places, localities,
	// areas and coverage. Its Events are empty.
	Base(d *Dataset) error
	// Event gets one event, without its sources.
	Event(e control.Event) error
	// Source gets the n-th source (from 1) of an event Event was given.
	Source(event string, n int, s control.Source) error
	// MoreSources gets the sources for an event stored before this import.
	MoreSources(event string, ss []control.Source) error
}

// StreamProgress is told how many events were read so far.
type StreamProgress func(events int)

// Stream reads the data files present in dir of fsys (at least one must be)
// and hands each record to sink as it is read, applying every rule of
// ReadDir and Check (references are checked against the files and known).
// Events and sources are never held whole: only their ids and what the
// confirmation rule needs are kept, so memory does not grow with the text
// of the files. It returns what was read and, as Problems, everything
// wrong; when it returns an error the sink's records must be discarded.
func Stream(fsys fs.FS, dir, shown string, known Known, sink Sink, progress StreamProgress) (Counts, error) {
	st := newStreamer(known, sink, progress)
	found := 0
	open := func(name string) (fs.File, bool, error) {
		f, err := fsys.Open(path.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("dataset: open %s: %w", path.Join(shown, name), err)
		}
		found++
		return f, true, nil
	}
	// The region first, whose bounds places and areas must lie in; then
	// the small files, coverage included, so each event can be checked
	// against them as it is read.
	if ok, ps := st.base.readRegion(fsys, dir, shown); ok {
		found++
		st.probs = append(st.probs, ps...)
		st.base.useRegion(st.base.Region)
	}
	for _, name := range Files {
		if name == EventsFile || name == SourcesFile {
			continue
		}
		f, ok, err := open(name)
		if err != nil {
			return Counts{}, err
		}
		if !ok {
			continue
		}
		if name == AreasFile {
			st.probs = append(st.probs, st.base.readAreas(path.Join(shown, name), f)...)
		} else {
			st.probs = append(st.probs, st.base.read(path.Join(shown, name), name, f)...)
		}
		f.Close()
	}
	if err := st.begin(); err != nil {
		return Counts{}, err
	}
	for _, name := range []string{EventsFile, SourcesFile} {
		f, ok, err := open(name)
		if err != nil {
			return Counts{}, err
		}
		if !ok {
			continue
		}
		err = st.stream(path.Join(shown, name), name, f)
		f.Close()
		if err != nil {
			return Counts{}, err
		}
	}
	if found == 0 {
		return Counts{}, fmt.Errorf("dataset: %s holds none of %s, %s", shown, RegionFile, strings.Join(Files, ", "))
	}
	return st.finish()
}

// StreamFile is Stream for one data file, recognised by its header row as
// ReadFile does; shown is the name used in messages.
func StreamFile(shown string, r io.Reader, known Known, sink Sink, progress StreamProgress) (Counts, error) {
	br := &peekReader{r: r}
	head, err := br.firstLine()
	if err != nil {
		return Counts{}, fmt.Errorf("dataset: read %s: %w", shown, err)
	}
	kind, err := fileKind(shown, head)
	if err != nil {
		return Counts{}, err
	}
	st := newStreamer(known, sink, progress)
	switch kind {
	case "":
		st.probs = append(st.probs, st.base.readAreas(shown, br)...)
	case EventsFile, SourcesFile:
	default:
		st.probs = append(st.probs, st.base.read(shown, kind, br)...)
	}
	if err := st.begin(); err != nil {
		return Counts{}, err
	}
	if kind == EventsFile || kind == SourcesFile {
		if err := st.stream(shown, kind, br); err != nil {
			return Counts{}, err
		}
	}
	return st.finish()
}

// streamEvent is what an import keeps of an event it has handed on.
type streamEvent struct {
	line    int32
	sources int32 // how many sources it has in this import
	gainer  int16 // position in the streamer's factions of the side a confirming source must not be; -1 when none is needed
	pending bool  // still needs a source that confirms it
}

type streamer struct {
	known    Known
	sink     Sink
	progress StreamProgress
	base     *Dataset // the small files
	probs    Problems
	failed   bool // a problem was found: nothing more goes to the sink
	events   map[string]*streamEvent
	factions []string // the ids of base's factions, and known ones, for the confirmation rule
	orphans  map[string][]control.Source
	orphanAt map[string][]Pos
	lives    *lives
	evFile   string // where the events came from, for messages
	counts   Counts

	// What the small files and known hold, as Check's tests; set by begin.
	isFaction, isPlace, isArea func(id string) bool
	cov                        *control.Coverage
	first, last                control.Day
}

func newStreamer(known Known, sink Sink, progress StreamProgress) *streamer {
	st := &streamer{known: known, sink: sink, progress: progress, base: newDataset(), events: map[string]*streamEvent{},
		orphans: map[string][]control.Source{}, orphanAt: map[string][]Pos{}, lives: newLives()}
	// Files without their own region.json are checked against the stored one.
	st.base.useRegion(known.Region)
	return st
}

// begin hands the small files to the sink once they are read.
func (st *streamer) begin() error {
	st.isFaction, st.isPlace, st.isArea = st.base.exists(st.known)
	st.cov, st.first, st.last = st.base.coverage(st.known)
	c := st.base.Count()
	st.counts.Factions, st.counts.Places, st.counts.Localities, st.counts.Areas = c.Factions, c.Places, c.Localities, c.Areas
	if len(st.probs) > 0 {
		st.failed = true
		return nil
	}
	if err := st.sink.Base(st.base); err != nil {
		return fmt.Errorf("dataset: import: %w", err)
	}
	return nil
}

// stream reads events.csv or sources.csv from r, record by record.
func (st *streamer) stream(shown, kind string, r io.Reader) error {
	st.base.has[kind] = true
	br := newStreamReader(r)
	var sinkErr error
	each := func(at Pos, r row) Problems {
		if sinkErr != nil {
			return nil
		}
		var probs Problems
		if kind == EventsFile {
			probs, sinkErr = st.event(at, r)
		} else {
			probs, sinkErr = st.source(at, r)
		}
		return probs
	}
	probs, whole := scanCSV(shown, kind, br, each)
	if !whole {
		st.base.broken[kind] = true
	}
	if sinkErr != nil {
		return fmt.Errorf("dataset: import: %w", sinkErr)
	}
	if len(probs) > 0 {
		st.probs = append(st.probs, probs...)
		st.failed = true
	}
	return nil
}

func (st *streamer) fail(probs Problems) {
	st.probs = append(st.probs, probs...)
	st.failed = true
}

func (st *streamer) event(at Pos, r row) (Problems, error) {
	e, probs := parseEvent(at, r)
	st.evFile = at.File
	if prev, dup := st.events[e.ID]; dup {
		probs = append(probs, Problem{at, fmt.Sprintf("duplicate event id %q (first at line %d)", e.ID, prev.line)})
		st.fail(probs)
		return nil, nil
	}
	// The rules of Check that need only the event and the small files.
	probs = append(probs, eventRefs(e, at, st.cov, st.last, st.isFaction, st.isPlace, st.isArea)...)
	st.lives.add(e, at)
	// The id is cloned: it is part of the row's text, which must not stay
	// in memory for the sake of one short string.
	se := &streamEvent{line: int32(at.Line), gainer: -1}
	if needsConfirmation(e, st.first) {
		se.pending = true
		se.gainer = st.factionIndex(gainer(e))
	}
	st.events[strings.Clone(e.ID)] = se
	st.counts.Events++
	if e.Area != "" {
		st.counts.AreaEvents++
	}
	if st.progress != nil && st.counts.Events%1000 == 0 {
		st.progress(st.counts.Events)
	}
	if len(probs) > 0 {
		st.fail(probs)
		return nil, nil
	}
	if st.failed {
		return nil, nil
	}
	return nil, st.sink.Event(e)
}

// factionIndex gives the position of a faction id in st.factions, adding it.
func (st *streamer) factionIndex(id string) int16 {
	for i, f := range st.factions {
		if f == id {
			return int16(i)
		}
	}
	st.factions = append(st.factions, strings.Clone(id))
	return int16(len(st.factions) - 1)
}

func (st *streamer) source(at Pos, r row) (Problems, error) {
	id, s, probs := parseSource(at, r)
	if len(probs) > 0 {
		st.fail(probs)
		return nil, nil
	}
	st.counts.Sources++
	se, ok := st.events[id]
	if !ok {
		// A source for an event stored before: kept until the end (such
		// files are small: they add sources, not events).
		st.orphans[id] = append(st.orphans[id], s)
		st.orphanAt[id] = append(st.orphanAt[id], at)
		return nil, nil
	}
	se.sources++
	if se.pending {
		e := control.Event{Kind: control.KindControl, Controller: st.factions[se.gainer], Status: control.StatusHeld}
		if Confirms(s, e, st.isFaction) {
			se.pending = false
		}
	}
	if st.failed {
		return nil, nil
	}
	return nil, st.sink.Source(id, int(se.sources), s)
}

// finish applies the rules that need every source read, and hands on the
// sources for stored events.
func (st *streamer) finish() (Counts, error) {
	// As in Check: a file cut short is reported once, and what depends on
	// its unread part is not judged.
	sourcesWhole := !st.base.broken[SourcesFile]
	confirmable := sourcesWhole && !st.base.broken[CoverageFile]
	for id, se := range st.events {
		at := Pos{st.evFile, int(se.line)}
		switch {
		case sourcesWhole && se.sources == 0 && !st.known.Events[id]:
			st.probs = append(st.probs, Problem{at, fmt.Sprintf("event %q has no source: add a row for it to %s", id, SourcesFile)})
		case confirmable && se.sources > 0 && se.pending:
			st.probs = append(st.probs, Problem{at, confirmMsg(id)})
		}
	}
	st.probs = append(st.probs, st.lives.problems()...)
	for id, ats := range st.orphanAt {
		if !st.known.Events[id] && !st.base.broken[EventsFile] {
			for _, at := range ats {
				st.probs = append(st.probs, Problem{at, fmt.Sprintf("unknown event id %q", id)})
			}
		}
	}
	if len(st.probs) > 0 {
		return st.counts, st.probs.sorted()
	}
	for id, ss := range st.orphans {
		if err := st.sink.MoreSources(id, ss); err != nil {
			return st.counts, fmt.Errorf("dataset: import: %w", err)
		}
	}
	return st.counts, nil
}

// fileError refuses a file as a whole (not UTF-8, too large), at a line.
type fileError struct {
	line int
	msg  string
}

func (e fileError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// textReader passes a file through, checking that it is UTF-8 and no larger
// than MaxFileSize as it goes, so that a streamed file is refused as ReadDir
// refuses it, without holding it whole.
type textReader struct {
	r     io.Reader
	n     int64
	line  int    // 1 + the newlines passed on so far
	carry []byte // the start of a character cut by the last read
	err   error
}

func (t *textReader) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if len(p) < utf8.UTFMax {
		return 0, io.ErrShortBuffer
	}
	k := copy(p, t.carry)
	t.carry = t.carry[:0]
	n, err := t.r.Read(p[k:])
	t.n += int64(n)
	n += k
	if t.n > MaxFileSize {
		t.err = fileError{0, fmt.Sprintf("larger than %d MiB", MaxFileSize>>20)}
		return 0, t.err
	}
	if err != nil && err != io.EOF {
		t.err = fileError{0, fmt.Sprintf("read: %v", err)}
		return 0, t.err
	}
	b := p[:n]
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if err == nil && !utf8.FullRune(b[i:]) {
				// The rest of this character comes with the next read.
				t.carry = append(t.carry, b[i:]...)
				b = b[:i]
				break
			}
			t.err = fileError{t.line + bytes.Count(b[:i], []byte("\n")), "not valid UTF-8 text"}
			return 0, t.err
		}
		i += size
	}
	t.line += bytes.Count(b, []byte("\n"))
	if err == io.EOF && len(t.carry) == 0 {
		return len(b), io.EOF
	}
	return len(b), nil
}
