package dataset

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"frontline/internal/control"
)

// Known is what already exists outside the files being checked (in the
// database an import goes into), so a file may refer to it.
type Known struct {
	Factions map[string]bool
	Places   map[string]bool
	Areas    map[string]bool
	Events   map[string]bool // every stored event has at least one source
	// First and Last are the first and last days the stored data covers;
	// zero when it declares none.
	First, Last control.Day
	// Region is the stored region, whose bounds places and areas of files
	// without their own region.json must lie in; nil when none is stored.
	Region *control.Region
}

// Check applies the rules that span records and files: references to
// factions, places, areas and events exist, every event has a source, every
// confirmed control event has a source that confirms it (see Confirms), no
// event lies outside the days the data covers, a faction ends at most once
// and no event names it from its succession's day on. It returns nil when
// the dataset is sound.
func Check(d *Dataset, known Known) error {
	var probs Problems
	faction, place, area := d.exists(known)
	cov, first, last := d.coverage(known)
	// With sources.csv cut short, an event's sources may lie in the part
	// not read: whether it has one, or one that confirms it, is unknown.
	sourcesWhole := !d.broken[SourcesFile]
	// Which events need a confirming source depends on the first day
	// covered, unknown when coverage.csv is broken.
	confirmable := sourcesWhole && !d.broken[CoverageFile]
	life := newLives()
	for _, e := range d.Events {
		at := d.eventAt[e.ID]
		life.add(e, at)
		probs = append(probs, eventRefs(e, at, cov, last, faction, place, area)...)
		if sourcesWhole && len(e.Sources) == 0 && !known.Events[e.ID] {
			probs = append(probs, Problem{at, fmt.Sprintf("event %q has no source: add a row for it to %s", e.ID, SourcesFile)})
		}
		if confirmable && len(e.Sources) > 0 && needsConfirmation(e, first) && !confirmedBySource(e, faction) {
			probs = append(probs, Problem{at, confirmMsg(e.ID)})
		}
	}
	probs = append(probs, life.problems()...)
	for _, a := range d.Aliases {
		if !place(a.Place) {
			probs = append(probs, Problem{d.aliasAt[[2]string{a.Place, control.Fold(a.Name)}], fmt.Sprintf("alias %q names unknown place id %q", control.Clip(a.Name, 60), a.Place)})
		}
	}
	ids := make([]string, 0, len(d.orphans))
	for id := range d.orphans {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		// With events.csv cut short the event may be in the part not
		// read; its problem is reported once, not once per source.
		if !known.Events[id] && !d.broken[EventsFile] {
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

// exists gives the tests of whether a faction, place or area id exists: in
// the files read or in known. An id counts as existing when the file it
// would be in was not read to the end, so one broken file is reported once
// rather than as a dangling reference in every row that names it.
func (d *Dataset) exists(known Known) (faction, place, area func(string) bool) {
	faction = func(id string) bool {
		_, ok := d.factionAt[id]
		return ok || known.Factions[id] || d.broken[FactionsFile]
	}
	place = func(id string) bool {
		_, ok := d.placeAt[id]
		return ok || known.Places[id] || d.broken[PlacesFile] || d.broken[LocalitiesFile]
	}
	area = func(id string) bool {
		_, ok := d.areaAt[id]
		return ok || known.Areas[id] || d.broken[AreasFile]
	}
	return faction, place, area
}

// coverage gives the days events are checked against: those of the files'
// coverage when they declare one, else known's. A coverage file not read
// to the end checks nothing.
func (d *Dataset) coverage(known Known) (cov *control.Coverage, first, last control.Day) {
	if d.broken[CoverageFile] {
		return nil, known.First, 0
	}
	if d.Coverage != nil {
		return d.Coverage, d.Coverage.First, d.Coverage.Last
	}
	return nil, known.First, known.Last
}

// eventRefs checks an event against the rest of the data: the day lies
// within the coverage (cov, when the files declare one, and last), and the
// place, area and factions it names exist.
func eventRefs(e control.Event, at Pos, cov *control.Coverage, last control.Day, faction, place, area func(string) bool) Problems {
	var probs Problems
	if cov != nil && e.Day < cov.First {
		probs = append(probs, Problem{at, fmt.Sprintf("event dated %s, before the first day the data covers (%s in %s)", e.Day, cov.First, CoverageFile)})
	}
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
	return probs
}

// needsConfirmation reports whether e, once it has sources, needs one that
// confirms it: a confirmed control event. A baseline (a control event on
// the first day covered) records the standing front lines before the
// offensive, which no side disputed, so there is no claim for another side
// to confirm.
func needsConfirmation(e control.Event, first control.Day) bool {
	return e.Kind == control.KindControl && e.Confidence == control.Confirmed && (first == 0 || e.Day != first)
}

// gainer is the side a control event credits: the controller when held or
// joint (so the partner's statement confirms the agreement) and in a
// succession (so the ended faction's own statement confirms it), the
// challenger when contested, nobody after a withdrawal (so the leaving
// side's own statement confirms it).
func gainer(e control.Event) string {
	switch e.Status {
	case control.StatusContested:
		return e.Challenger
	case control.StatusWithdrawn:
		return ""
	}
	return e.Controller
}

func confirmMsg(id string) string {
	return fmt.Sprintf("event %q is confirmed but no source confirms it: cite SOHR or a wire service (%s) or the losing side's statement (outlet with \"<faction id> statement\"), or mark it claimed", id, DataREADME)
}

// ConfirmingOutlets are the monitor and the wire services whose report makes
// a control event confirmed (data/README.md, "Claimed vs confirmed"). A
// source's outlet names one when it contains it as a whole word, in any
// case: "Syrian Observatory for Human Rights via EFE" and "LBCI (AFP)" both
// do. Outlets relaying one name it, so the relay counts as the wire report.
var ConfirmingOutlets = []string{
	"Syrian Observatory for Human Rights", "SOHR",
	"Reuters",
	"Associated Press",
	"AFP", "Agence France-Presse",
	"EFE",
	"dpa", "Deutsche Presse-Agentur",
}

// statementMark is what an outlet carries, after a faction id, when the
// source reports that faction's own statement: "Shafaq News (government
// statement)". When that faction is not the side the event credits, the
// losing side has admitted the change, which confirms it.
const statementMark = " statement"

// DataREADME is where the confirmation rule is written down for editors.
const DataREADME = "data/README.md"

// Confirms reports whether source s confirms the control event e: its outlet
// names a confirming outlet, or it reports the statement of a faction
// (isFaction says which ids are factions) other than the one e credits: the
// controller when held, the challenger when contested.
func Confirms(s control.Source, e control.Event, isFaction func(id string) bool) bool {
	for _, o := range ConfirmingOutlets {
		if containsWord(s.Outlet, o) {
			return true
		}
	}
	gainer := gainer(e)
	lower := strings.ToLower(s.Outlet)
	for i := 0; ; {
		j := strings.Index(lower[i:], statementMark)
		if j < 0 {
			return false
		}
		j += i
		k := j
		for k > 0 && (isIDByte(lower[k-1])) {
			k--
		}
		if id := lower[k:j]; id != "" && id != gainer && isFaction(id) && (k == 0 || !isWordRune(lastRune(lower[:k]))) {
			return true
		}
		i = j + len(statementMark)
	}
}

func confirmedBySource(e control.Event, isFaction func(id string) bool) bool {
	for _, s := range e.Sources {
		if Confirms(s, e, isFaction) {
			return true
		}
	}
	return false
}

// containsWord reports whether word occurs in s, ignoring case, with no
// letter or digit right before or after it, so "EFE" is not found in
// "Effendi".
func containsWord(s, word string) bool {
	ls, lw := strings.ToLower(s), strings.ToLower(word)
	for i := 0; ; {
		j := strings.Index(ls[i:], lw)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(lw)
		if (j == 0 || !isWordRune(lastRune(ls[:j]))) && (end == len(ls) || !isWordRune(firstRune(ls[end:]))) {
			return true
		}
		i = j + 1
	}
}

func isIDByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

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
