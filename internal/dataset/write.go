package dataset

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"frontline/internal/control"
)

// Write writes one data file of d (one of Files) to w. Events are written
// in the order they apply, so reading the file back gives the same order.
func Write(w io.Writer, file string, d *Dataset) error {
	if file == AreasFile {
		return writeAreas(w, d.Areas)
	}
	cw := NewCSVWriter(w)
	if err := cw.Write(Headers[file]); err != nil {
		return fmt.Errorf("dataset: write %s: %w", file, err)
	}
	var rows [][]string
	switch file {
	case FactionsFile:
		for _, f := range d.Factions {
			rows = append(rows, []string{f.ID, f.Name, f.Short, f.Color, f.NameAR, f.ShortAR})
		}
	case PlacesFile:
		for _, p := range d.Places {
			if p.Tracked() {
				rows = append(rows, []string{p.ID, p.Name, p.NameAR, p.Kind, coord(p.Lat), coord(p.Lon)})
			}
		}
	case LocalitiesFile:
		for _, p := range d.Places {
			if !p.Tracked() {
				pop := ""
				if p.Population > 0 {
					pop = strconv.Itoa(p.Population)
				}
				rows = append(rows, []string{p.ID, p.Name, p.NameAR, p.Kind, coord(p.Lat), coord(p.Lon), pop, p.Ref})
			}
		}
	case AliasesFile:
		for _, a := range d.Aliases {
			rows = append(rows, []string{a.Place, a.Name, a.Source})
		}
	case CoverageFile:
		if c := d.Coverage; c != nil {
			rows = append(rows, []string{c.First.String(), c.Last.String(), c.Updated.String()})
		}
	case EventsFile, SourcesFile:
		events := append([]control.Event(nil), d.Events...)
		SortEvents(events)
		for _, e := range events {
			if file == EventsFile {
				rows = append(rows, EventRow(e))
				continue
			}
			for _, s := range e.Sources {
				rows = append(rows, SourceRow(e.ID, s))
			}
		}
	default:
		return fmt.Errorf("dataset: unknown data file %q", file)
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return fmt.Errorf("dataset: write %s: %w", file, err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", file, err)
	}
	return nil
}

// coord writes a coordinate with at least four decimals (about 11 m), the
// dataset's convention, and more only when the value has them.
func coord(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s + ".0000"
	}
	if decimals := len(s) - dot - 1; decimals < 4 {
		s += strings.Repeat("0", 4-decimals)
	}
	return s
}

// New returns a dataset holding the given records, as if read from every file.
func New(factions []control.Faction, places []control.Place, areas []control.Area, events []control.Event, cov *control.Coverage) *Dataset {
	d := newDataset()
	for _, f := range Files {
		d.has[f] = true
	}
	d.Factions, d.Places, d.Areas, d.Events, d.Coverage = factions, places, areas, events, cov
	for i, e := range events {
		d.eventIdx[e.ID] = i
	}
	return d
}
