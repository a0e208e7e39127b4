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
	FactionsFile   = "factions.csv"
	PlacesFile     = "places.csv"
	LocalitiesFile = "localities.csv"
	AliasesFile    = "aliases.csv"
	AreasFile      = "areas.geojson"
	EventsFile     = "events.csv"
	SourcesFile    = "sources.csv"
	CoverageFile   = "coverage.csv"
)

// Headers are the full header rows of each CSV file, as export writes them.
// A file may leave out the columns that Optional lists; it is recognised by
// its header.
var Headers = map[string][]string{
	FactionsFile:   {"id", "name", "short", "color", "name_ar", "short_ar"},
	PlacesFile:     {"id", "name", "name_ar", "kind", "lat", "lon"},
	LocalitiesFile: {"id", "name", "name_ar", "kind", "lat", "lon", "population", "source"},
	AliasesFile:    {"place", "name", "source"},
	EventsFile:     {"id", "day", "place", "area", "kind", "controller", "status", "challenger", "confidence", "summary", "summary_ar"},
	SourcesFile:    {"event", "outlet", "title", "url", "seed", "quote", "published"},
	CoverageFile:   {"first", "last", "updated"},
}

// Optional lists the columns a file may leave out; files written before a
// column existed still read.
var Optional = map[string][]string{
	FactionsFile: {"name_ar", "short_ar"},
	EventsFile:   {"area", "summary_ar"},
	SourcesFile:  {"published"},
}

// Files lists the data files in the order they are read and written. Every
// one is optional in a directory, but at least one must be there.
var Files = []string{FactionsFile, PlacesFile, LocalitiesFile, AliasesFile, AreasFile, EventsFile, SourcesFile, CoverageFile}

// Dataset is the content of some data files. Events carry their sources.
// Places holds the tracked places and the localities (Kind "locality").
type Dataset struct {
	Factions []control.Faction
	Places   []control.Place
	Areas    []control.Area
	Events   []control.Event
	Coverage *control.Coverage // nil when no coverage file was read
	// Region is the land the data covers, from region.json; nil when the
	// directory has none (the stored or embedded region stays).
	Region *control.Region
	// Aliases are the places' other names, in file order.
	Aliases []control.Alias

	// Where each record came from, for messages about references.
	factionAt map[string]Pos
	placeAt   map[string]Pos
	areaAt    map[string]Pos
	eventAt   map[string]Pos
	sourceAt  map[string][]Pos  // by event id, one per source
	aliasAt   map[[2]string]Pos // by place and folded name
	has       map[string]bool   // which files were read
	// broken holds the files that were not read to the end (a wrong header,
	// a syntax error, a file refused whole): references into them cannot
	// be judged, so they are not reported as dangling.
	broken   map[string]bool
	eventIdx map[string]int // position of each event in Events
	orphans  map[string][]control.Source
	coverAt  Pos
	// bounds is where places and areas must lie: the region's, from
	// region.json or Known, or nil when no region is known.
	bounds *control.Box
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
	if strings.HasSuffix(name, RegionFile) {
		return "/" + name // before every other file, as it is read
	}
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
type Counts struct {
	Factions, Places, Localities, Areas, Events, AreaEvents, Sources int
}

// Count counts the records of a dataset.
func (d *Dataset) Count() Counts {
	c := Counts{Factions: len(d.Factions), Areas: len(d.Areas), Events: len(d.Events)}
	for _, p := range d.Places {
		if p.Kind == control.KindLocality {
			c.Localities++
		} else {
			c.Places++
		}
	}
	for _, e := range d.Events {
		c.Sources += len(e.Sources)
		if e.Area != "" {
			c.AreaEvents++
		}
	}
	return c
}

func (c Counts) String() string {
	return fmt.Sprintf("%d factions, %d places, %d localities, %d areas, %d events (%d on areas), %d sources",
		c.Factions, c.Places, c.Localities, c.Areas, c.Events, c.AreaEvents, c.Sources)
}
