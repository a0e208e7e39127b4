// Package dataset reads, checks and writes Frontline's data files: four CSV
// files (factions, places, events, sources) that are reviewed in git like
// code. It knows nothing of the database.
package dataset

import (
	"fmt"
	"sort"
	"strings"

	"frontline/internal/control"
)

// The file names of a data directory.
const (
	FactionsFile = "factions.csv"
	PlacesFile   = "places.csv"
	EventsFile   = "events.csv"
	SourcesFile  = "sources.csv"
)

// Headers are the exact header rows of each file; a file is recognised by its header.
var Headers = map[string][]string{
	FactionsFile: {"id", "name", "short", "color"},
	PlacesFile:   {"id", "name", "name_ar", "kind", "lat", "lon"},
	EventsFile:   {"id", "day", "place", "kind", "controller", "status", "challenger", "confidence", "summary"},
	SourcesFile:  {"event", "outlet", "title", "url", "seed", "quote"},
}

// Files lists the data files in the order they are read and written.
var Files = []string{FactionsFile, PlacesFile, EventsFile, SourcesFile}

// Dataset is the content of some data files. Events carry their sources.
type Dataset struct {
	Factions []control.Faction
	Places   []control.Place
	Events   []control.Event

	// Where each record came from, for messages about references.
	factionAt map[string]Pos
	placeAt   map[string]Pos
	eventAt   map[string]Pos
	sourceAt  map[string][]Pos // by event id, one per source
	has       map[string]bool  // which files were read
	eventIdx  map[string]int   // position of each event in Events
	orphans   map[string][]control.Source
}

// Pos is a file and line.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Problem is one thing wrong with a data file.
type Problem struct {
	Pos
	Msg string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return p.File + ": " + p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// Problems is every problem found in a read or a check; it is an error.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return fileRank(ps[i].File) < fileRank(ps[j].File)
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

func fileRank(name string) string {
	for i, f := range Files {
		if strings.HasSuffix(name, f) {
			return fmt.Sprintf("%d%s", i, name)
		}
	}
	return "9" + name
}

// Has reports whether the dataset includes the named file (e.g. EventsFile).
func (d *Dataset) Has(file string) bool { return d.has[file] }

// Counts summarises a dataset for people.
func (d *Dataset) Counts() (factions, places, events, sources int) {
	for _, e := range d.Events {
		sources += len(e.Sources)
	}
	return len(d.Factions), len(d.Places), len(d.Events), sources
}
