package dataset

import (
	"errors"
	"fmt"
	"sort"

	"frontline/internal/control"
)

// Known is what already exists outside the files being checked (in the
// database an import goes into), so a file may refer to it.
type Known struct {
	Factions map[string]bool
	Places   map[string]bool
	Areas    map[string]bool
	Events   map[string]bool // every stored event has at least one source
	// Last is the last day the stored data covers; zero when it declares none.
	Last control.Day
}

// Check applies the rules that span records and files: references to
// factions, places, areas and events exist, every event has a source, and
// no event lies outside the days the data covers. It returns nil when the
// dataset is sound.
func Check(d *Dataset, known Known) error {
	var probs Problems
	faction := func(id string) bool { _, ok := d.factionAt[id]; return ok || known.Factions[id] }
	place := func(id string) bool { _, ok := d.placeAt[id]; return ok || known.Places[id] }
	area := func(id string) bool { _, ok := d.areaAt[id]; return ok || known.Areas[id] }
	last := known.Last
	if d.Coverage != nil {
		last = d.Coverage.Last
		for _, e := range d.Events {
			if e.Day < d.Coverage.First {
				probs = append(probs, Problem{d.eventAt[e.ID], fmt.Sprintf("event dated %s, before the first day the data covers (%s in %s)", e.Day, d.Coverage.First, CoverageFile)})
			}
		}
	}
	for _, e := range d.Events {
		at := d.eventAt[e.ID]
		if e.Place != "" && !place(e.Place) {
			probs = append(probs, Problem{at, fmt.Sprintf("unknown place id %q", e.Place)})
		}
		if e.Area != "" && !area(e.Area) {
			probs = append(probs, Problem{at, fmt.Sprintf("unknown area id %q (areas are the features of %s)", e.Area, AreasFile)})
		}
		if last != 0 && e.Day > last {
			probs = append(probs, Problem{at, fmt.Sprintf("event dated %s, after the last day the data covers (%s in %s)", e.Day, last, CoverageFile)})
		}
		if e.Controller != "" && !faction(e.Controller) {
			probs = append(probs, Problem{at, fmt.Sprintf("unknown faction id %q (controller)", e.Controller)})
		}
		if e.Challenger != "" && !faction(e.Challenger) {
			probs = append(probs, Problem{at, fmt.Sprintf("unknown faction id %q (challenger)", e.Challenger)})
		}
		if len(e.Sources) == 0 && !known.Events[e.ID] {
			probs = append(probs, Problem{at, fmt.Sprintf("event %q has no source: add a row for it to %s", e.ID, SourcesFile)})
		}
	}
	ids := make([]string, 0, len(d.orphans))
	for id := range d.orphans {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !known.Events[id] {
			for _, at := range d.sourceAt[id] {
				probs = append(probs, Problem{at, fmt.Sprintf("unknown event id %q", id)})
			}
		}
	}
	if len(probs) > 0 {
		return probs.sorted()
	}
	return nil
}

// Orphans returns the sources read for events that are not in this dataset,
// by event id; an import adds them to events already in the database.
func (d *Dataset) Orphans() map[string][]control.Source { return d.orphans }

// SortEvents sorts events into the order in which they apply.
func SortEvents(events []control.Event) {
	sort.SliceStable(events, func(i, j int) bool { return events[i].Before(events[j]) })
}

// CheckAfterRead adds the cross-file problems of Check to those a read
// found, so an editor sees every problem at once. A read that failed for
// another reason (a missing directory) is returned as it is.
func CheckAfterRead(d *Dataset, readErr error, known Known) error {
	var all Problems
	if readErr != nil {
		var ps Problems
		if d == nil || !errors.As(readErr, &ps) {
			return readErr
		}
		all = append(all, ps...)
	}
	if err := Check(d, known); err != nil {
		all = append(all, err.(Problems)...)
	}
	if len(all) > 0 {
		return all.sorted()
	}
	return nil
}
