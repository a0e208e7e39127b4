package dataset

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"frontline/data"
	"frontline/internal/control"
)

// recordSink keeps what Stream hands on, in order.
type recordSink struct {
	base    *Dataset
	calls   []string // "event ID" or "source ID N"
	events  []control.Event
	sources map[string][]control.Source
	more    map[string][]control.Source
}

func newRecordSink() *recordSink {
	return &recordSink{sources: map[string][]control.Source{}, more: map[string][]control.Source{}}
}

func (s *recordSink) Base(d *Dataset) error {
	s.base = d
	s.calls = append(s.calls, "base")
	return nil
}

func (s *recordSink) Event(e control.Event) error {
	s.calls = append(s.calls, "event "+e.ID)
	s.events = append(s.events, e)
	return nil
}

func (s *recordSink) Source(id string, n int, src control.Source) error {
	s.calls = append(s.calls, fmt.Sprintf("source %s %d", id, n))
	s.sources[id] = append(s.sources[id], src)
	return nil
}

func (s *recordSink) MoreSources(id string, ss []control.Source) error {
	s.more[id] = append(s.more[id], ss...)
	return nil
}

// TestStreamReportsWhatReadAndCheckReport runs every bad input through
// Stream: the problems are the same, in the same order, as those of
// ReadDir and CheckAfterRead (as an import reported them before it
// streamed), which hold the whole dataset.
func TestStreamReportsWhatReadAndCheckReport(t *testing.T) {
	cases := append([]struct {
		name string
		edit func(map[string]string)
		want string
	}{{"good", nil, ""}}, badInputs...)
	cases = append(cases, struct {
		name string
		edit func(map[string]string)
		want string
	}{"three files wrong", func(m map[string]string) {
		replace(EventsFile, "2024-12-07,homs", "2024-12-32,homs")(m)
		replace(SourcesFile, "https://example.org/sohr", "ftp://x")(m)
		replace(PlacesFile, "city,35.1318", "village,35.1318")(m)
	}, "data/places.csv:3"})
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadDir(dir(tt.edit), ".", "data")
			want := CheckAfterRead(ds, err, Known{})
			_, got := Stream(dir(tt.edit), ".", "data", Known{}, newRecordSink(), nil)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("Stream gave\n%v\nReadDir and Check gave\n%v", got, want)
			}
			if tt.want != "" && (got == nil || !strings.Contains(got.Error(), tt.want)) {
				t.Errorf("Stream gave %v, want a line containing %q", got, tt.want)
			}
		})
	}
}

// TestStreamShippedData streams the shipped dataset: the sink gets the same
// events, with the same sources, as ReadDir reads, every event before its
// sources, and the same counts.
func TestStreamShippedData(t *testing.T) {
	ds, err := ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	sink := newRecordSink()
	ticks := 0
	counts, err := Stream(data.FS, ".", "data", Known{}, sink, func(int) { ticks++ })
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts, ds.Count(); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
	if got, want := len(sink.events), len(ds.Events); got != want {
		t.Fatalf("%d events, want %d", got, want)
	}
	if sink.calls[0] != "base" || len(sink.base.Factions) != len(ds.Factions) || len(sink.base.Places) != len(ds.Places) || len(sink.base.Areas) != len(ds.Areas) {
		t.Errorf("base: first call %q, %d factions, %d places, %d areas; want base with %d, %d, %d", sink.calls[0],
			len(sink.base.Factions), len(sink.base.Places), len(sink.base.Areas), len(ds.Factions), len(ds.Places), len(ds.Areas))
	}
	for i, e := range ds.Events {
		got := sink.events[i]
		got.Sources = sink.sources[got.ID]
		if !reflect.DeepEqual(got, e) {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got, e)
		}
	}
	seen := map[string]bool{}
	for _, c := range sink.calls {
		if id, ok := strings.CutPrefix(c, "event "); ok {
			seen[id] = true
		} else if rest, ok := strings.CutPrefix(c, "source "); ok {
			if id, _, _ := strings.Cut(rest, " "); !seen[id] {
				t.Errorf("%s came before its event", c)
			}
		}
	}
}

// TestStreamStopsAtTheFirstProblem: after a bad row the sink gets nothing
// more, so a long import stops writing, yet every problem is reported.
func TestStreamStopsAtTheFirstProblem(t *testing.T) {
	sink := newRecordSink()
	_, err := Stream(dir(func(m map[string]string) {
		replace(EventsFile, "2024-12-07,homs", "2024-12-07,hims")(m)
		replace(SourcesFile, "https://example.org/sohr", "ftp://x")(m)
	}), ".", "data", Known{}, sink, nil)
	var ps Problems
	// The bad source row is left out, so its event has none either.
	if !errors.As(err, &ps) || len(ps) != 3 {
		t.Fatalf("got %v, want three problems", err)
	}
	if got, want := strings.Join(sink.calls, "; "), "base; event 2024-11-26-homs-baseline"; got != want {
		t.Errorf("sink calls %q, want %q", got, want)
	}
}

// TestStreamFileOfSources: a sources file alone adds to stored events, and
// names the line of a source for an event that does not exist.
func TestStreamFileOfSources(t *testing.T) {
	all := Known{Events: map[string]bool{"2024-11-26-homs-baseline": true, "2024-12-07-homs-contested": true, "2024-12-06-un": true}}
	sink := newRecordSink()
	counts, err := StreamFile("new.csv", strings.NewReader(good[SourcesFile]), all, sink, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts.Sources, 3; got != want {
		t.Errorf("%d sources, want %d", got, want)
	}
	if got, want := len(sink.more), 3; got != want {
		t.Errorf("sources for %d stored events, want %d", got, want)
	}
	_, err = StreamFile("new.csv", strings.NewReader(good[SourcesFile]), Known{}, newRecordSink(), nil)
	if err == nil || !strings.Contains(err.Error(), "new.csv:2: unknown event id") {
		t.Errorf("with nothing known: %v", err)
	}
	if _, err := StreamFile("x.csv", strings.NewReader("a,b,c\n1,2,3\n"), Known{}, newRecordSink(), nil); err == nil || !strings.Contains(err.Error(), "x.csv:1: unknown header") {
		t.Errorf("unknown header: %v", err)
	}
}

// TestTextReader reads text one byte per read, so that every character of
// more than one byte is cut between reads: Arabic passes whole, and an
// invalid byte is refused at its line.
func TestTextReader(t *testing.T) {
	text := "id,name\nhoms,حمص\nhama,حماة\n"
	got, err := io.ReadAll(&textReader{r: iotest.OneByteReader(strings.NewReader(text)), line: 1})
	if err != nil || string(got) != text {
		t.Errorf("read %q, %v; want %q", got, err, text)
	}
	bad := "id,name\nhoms,حمص\nhama,\xff\xfe\n"
	_, err = io.ReadAll(&textReader{r: iotest.OneByteReader(strings.NewReader(bad)), line: 1})
	var fe fileError
	if !errors.As(err, &fe) || fe.line != 3 {
		t.Errorf("invalid byte: %v, want a fileError at line 3", err)
	}
	// A character cut by the end of the file is invalid too.
	_, err = io.ReadAll(&textReader{r: strings.NewReader("a\nحم"[:5]), line: 1})
	if !errors.As(err, &fe) || fe.line != 2 {
		t.Errorf("cut character at the end: %v, want a fileError at line 2", err)
	}
}
