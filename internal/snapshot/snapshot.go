// Package snapshot holds one version of the data, built once from the
// store: factions, places, areas, the indexes that answer any day by the
// one rule, successions, the days the map changed, each day's counts and
// the places' histories in the browser's format. The server asks it, and
// so can publishing and the tests, without HTTP.
package snapshot

import (
	"context"
	"fmt"
	"slices"

	"frontline/internal/control"
	"frontline/internal/territory"
)

// Source is what a version is built from. The package owns this
// interface; the SQLite store satisfies it.
type Source interface {
	Factions(ctx context.Context) ([]control.Faction, error)
	Places(ctx context.Context) ([]control.Place, error)
	Events(ctx context.Context, f control.Filter) ([]control.Event, error)
	// Timeline is every control event, on places and on areas.
	Timeline(ctx context.Context) ([]control.Event, error)
	Areas(ctx context.Context) ([]control.Area, error)
	Span(ctx context.Context) (first, last control.Day, ok bool, err error)
	// Coverage is the span the data declares, or nil when it declares none.
	Coverage(ctx context.Context) (*control.Coverage, error)
}

// ShownMax bounds the tracked places a day page lists, draws as markers and
// embeds histories of: the first ones in list order (the main cities come
// first). The rest are on /places, their own pages and the shaded land, so
// a page does not grow with the number of places.
const ShownMax = 100

// Data is one version of the data. It is not changed after Build.
type Data struct {
	Version   int64
	Factions  []control.Faction
	FactionBy map[string]control.Faction
	Places    []control.Place // the tracked places, which the tables, lists and timeline show
	PlaceBy   map[string]control.Place
	All       []control.Place // tracked places and localities: every point that owns land
	Areas     []control.Area
	Coverage  *control.Coverage // nil when the data declares none
	First     control.Day
	Last      control.Day
	HasDays   bool
	Disputed  map[string][]control.Event // by place
	Index     *control.Index             // the rule for any day, by binary search, over Places
	AllIndex  *control.Index             // the same over All
	InArea    map[string][]int           // per area id, the positions in Places of the tracked places inside it
	// Successions are the succession events, in the order they apply, and
	// Succession the same by id.
	Successions []control.Event
	Succession  map[string]control.Event
	From        map[string]control.Day // by faction: the first day of one that exists only as a successor
	Changed     []control.Day          // the days some place changed holder, status or confidence (the map changed), in order
	// Counts is, per day from First, how many tracked places each faction
	// holds; nil when the span is longer than MaxDays.
	Counts []map[string]int
	// Territory is the land of every place; nil when there are no places.
	Territory *Territory
}

// MaxDays keeps a dataset with a stray far-off day from building per-day
// tables of millions of rows; past it a version has no Counts.
const MaxDays = 100 * 366

// Build reads version ver of the data from src; the places' land is cut
// from outline, the region's outline.
func Build(ctx context.Context, src Source, ver int64, outline []territory.Polygon, lat0 float64) (*Data, error) {
	d := &Data{Version: ver, FactionBy: map[string]control.Faction{}, PlaceBy: map[string]control.Place{}, Disputed: map[string][]control.Event{}}
	// The disputed events (with their sources) are read while the timeline
	// is read and indexed: neither needs the other, and at a million events
	// each takes a good part of the load.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type eventsRead struct {
		events []control.Event
		err    error
	}
	disputedRead := make(chan eventsRead, 1)
	go func() {
		ev, err := src.Events(ctx, control.Filter{Kind: control.KindDisputed})
		disputedRead <- eventsRead{ev, err}
	}()
	var err error
	if d.Factions, err = src.Factions(ctx); err != nil {
		return nil, fmt.Errorf("snapshot: factions: %w", err)
	}
	if d.All, err = src.Places(ctx); err != nil {
		return nil, fmt.Errorf("snapshot: places: %w", err)
	}
	for _, p := range d.All {
		if p.Tracked() {
			d.Places = append(d.Places, p)
			d.PlaceBy[p.ID] = p
		}
	}
	if d.Areas, err = src.Areas(ctx); err != nil {
		return nil, fmt.Errorf("snapshot: areas: %w", err)
	}
	if d.First, d.Last, d.HasDays, err = src.Span(ctx); err != nil {
		return nil, fmt.Errorf("snapshot: span: %w", err)
	}
	if d.Coverage, err = src.Coverage(ctx); err != nil {
		return nil, fmt.Errorf("snapshot: coverage: %w", err)
	}
	// Declared coverage decides the days pages and the API offer: the
	// slider ends on the last day the data covers, not on its last event.
	if c := d.Coverage; c != nil {
		d.First, d.Last, d.HasDays = c.First, c.Last, true
	}
	events, err := src.Timeline(ctx)
	if err != nil {
		return nil, fmt.Errorf("snapshot: timeline: %w", err)
	}
	// An ended faction's last day and successor come from the events.
	control.SetLives(d.Factions, events)
	for _, f := range d.Factions {
		d.FactionBy[f.ID] = f
	}
	d.Succession, d.From = map[string]control.Event{}, map[string]control.Day{}
	for _, e := range events {
		if e.IsSuccession() {
			d.Successions = append(d.Successions, e)
			d.Succession[e.ID] = e
		}
	}
	slices.SortStableFunc(d.Successions, func(a, b control.Event) int {
		if a.Before(b) {
			return -1
		}
		if b.Before(a) {
			return 1
		}
		return 0
	})
	d.AllIndex = control.NewIndex(d.All, events, d.Areas)
	// The territory reads only the index: it is built on another core
	// while the rest is worked out.
	territoryBuilt := make(chan error, 1)
	go func() {
		var err error
		if len(d.All) > 0 {
			d.Territory, err = d.BuildTerritory(outline, lat0)
		}
		territoryBuilt <- err
	}()
	d.InArea = control.InsideAreas(d.Places, d.Areas)
	// The tracked places' index shares the histories of the full one.
	var tracked []int
	for i, p := range d.All {
		if p.Tracked() {
			tracked = append(tracked, i)
		}
	}
	d.Index = d.AllIndex.Subset(tracked)
	// The map's changes: of every place that owns land, so a quiet day's
	// map is the map of its last change, and its preview and "what
	// changed" pages can be that day's.
	d.Changed = changeDays(d.AllIndex, len(d.All))
	for _, f := range d.Factions {
		if from := d.factionFrom(f.ID); from != 0 {
			d.From[f.ID] = from
		}
	}
	// The headline counts every tracked place, listed or not: per day, how
	// many each side holds.
	if d.HasDays && int(d.Last-d.First) < MaxDays {
		d.Counts = d.Index.Held(d.First, d.Last)
	}
	terr := <-territoryBuilt
	disputed := <-disputedRead
	if disputed.err != nil {
		return nil, fmt.Errorf("snapshot: disputed events: %w", disputed.err)
	}
	if terr != nil {
		return nil, terr
	}
	for _, e := range disputed.events {
		d.Disputed[e.Place] = append(d.Disputed[e.Place], e)
	}
	return d, nil
}

// Shown is how many of the tracked places a day page lists.
func (d *Data) Shown() int { return min(len(d.Places), ShownMax) }

// Days yields every day of the data.
func (d *Data) Days() func(func(control.Day) bool) {
	return func(yield func(control.Day) bool) {
		if !d.HasDays {
			return
		}
		for day := d.First; day <= d.Last; day++ {
			if !yield(day) {
				return
			}
		}
	}
}

// changeDays lists, in order, the days on which some of the n places of ix
// changed holder, status, challenger or confidence (an event that repeats
// the state a place had is no change).
func changeDays(ix *control.Index, n int) []control.Day {
	seen := map[control.Day]bool{}
	for i := range n {
		var prev control.Control
		for _, c := range ix.Changes(i) {
			st := c.Control
			if st.Known != prev.Known || st.Controller != prev.Controller || st.Status != prev.Status || st.Challenger != prev.Challenger || st.Confidence != prev.Confidence {
				seen[c.Day] = true
			}
			prev = st
		}
	}
	days := make([]control.Day, 0, len(seen))
	for day := range seen {
		days = append(days, day)
	}
	slices.Sort(days)
	return days
}

// LastChange is the last day on or before day on which a place changed;
// ok is false when none did.
func (d *Data) LastChange(day control.Day) (last control.Day, ok bool) {
	i, found := slices.BinarySearch(d.Changed, day)
	if found {
		return day, true
	}
	if i == 0 {
		return 0, false
	}
	return d.Changed[i-1], true
}

// MapDay is the day whose map is day's: the last change on or before it,
// or day itself when there is none.
func (d *Data) MapDay(day control.Day) control.Day {
	if last, ok := d.LastChange(day); ok {
		return last
	}
	return day
}

// Window is the smallest range with the changes of from..to: from the day
// before the first change after from to the last change on or before to.
// Its comparison shows the same changes with the records behind them, and
// every window of the same changes is one page. ok is false when nothing
// changed after from up to to.
func (d *Data) Window(from, to control.Day) (a, b control.Day, ok bool) {
	i, found := slices.BinarySearch(d.Changed, from)
	if found {
		i++
	}
	if i >= len(d.Changed) || d.Changed[i] > to {
		return 0, 0, false
	}
	b, _ = d.LastChange(to)
	return d.Changed[i] - 1, b, true
}

// SuccessorIn follows faction id through the successions dated after from
// up to to, in the order they apply: the faction its holdings passed to
// and the day id ended. ok is false when no succession in the range ended
// it.
func (d *Data) SuccessorIn(id string, from, to control.Day) (successor string, ended control.Day, ok bool) {
	successor = id
	for _, e := range d.Successions {
		if e.Day <= from || e.Day > to || e.Challenger != successor {
			continue
		}
		if !ok {
			ended = e.Day
		}
		successor, ok = e.Controller, true
	}
	return successor, ended, ok
}

// Succeeded reports whether a place held by was on from and by is on to
// passed from one to the other only by successions in between.
func (d *Data) Succeeded(was, is string, from, to control.Day) bool {
	if was == "" || was == is {
		return false
	}
	s, _, ok := d.SuccessorIn(was, from, to)
	return ok && s == is
}

// Exists reports whether faction id exists on day: it has not ended before
// it, and a faction that exists only as a successor has begun.
func (d *Data) Exists(id string, day control.Day) bool {
	if from := d.From[id]; from != 0 && day < from {
		return false
	}
	f, ok := d.FactionBy[id]
	return !ok || f.Exists(day)
}

// factionFrom is the first day of a faction that exists only as a
// successor: the day of the first succession that names it, when no
// control event before that day names it; zero otherwise.
func (d *Data) factionFrom(id string) control.Day {
	var from control.Day
	for _, e := range d.Successions {
		if e.Controller == id {
			from = e.Day
			break
		}
	}
	if from == 0 {
		return 0
	}
	for i := range d.All {
		for _, c := range d.AllIndex.Changes(i) {
			if c.Day >= from {
				break
			}
			if c.Controller == id || c.Challenger == id || c.Left == id {
				return 0
			}
		}
	}
	return from
}

// StateTuples is tracked place i's history for the browser's rule: the
// state each applying event sets, as [day, controller, status, challenger,
// confidence, since, contested since, claimed on] with days as offsets from
// First (after a withdrawal: no controller, status withdrawn, and the
// faction that left as challenger). Only the last state of a day is kept,
// and a state equal to the one before it is dropped, so area events that
// repeat what a place already had cost nothing. A state that successions
// alone set (the last event of its day is a succession) is dropped too:
// the browser applies the timeline's successions to the state before it,
// which gives the same state (a test checks this).
func (d *Data) StateTuples(i int) [][]any {
	changes, first := d.Index.Changes(i), d.First
	out := [][]any{}
	var prev *control.Change
	for k := range changes {
		c := &changes[k]
		if k+1 < len(changes) && changes[k+1].Day == c.Day {
			continue
		}
		if _, ok := d.Succession[c.EventID]; ok {
			// Successions apply first in a day, so every change of this
			// day came from one. What follows compares with this state,
			// which the browser derives.
			prev = c
			continue
		}
		if prev != nil && sameState(prev.Control, c.Control) {
			continue
		}
		if !c.Known {
			// Unknown after a withdrawal: no controller, which the
			// browser's rule reads as unknown.
			out = append(out, []any{int(c.Day - first), "", string(control.StatusWithdrawn), c.Left, string(c.Confidence), int(c.Since - first), -1, -1})
			prev = c
			continue
		}
		out = append(out, []any{int(c.Day - first), c.Controller, string(c.Status), c.Challenger, string(c.Confidence), int(c.Since - first),
			OffsetOr(c.ContestedSince, first), OffsetOr(c.ClaimedOn, first)})
		prev = c
	}
	return out
}

// sameState reports whether two states look the same to a reader.
func sameState(a, b control.Control) bool {
	return a.Known == b.Known && a.Left == b.Left && a.Controller == b.Controller && a.Status == b.Status && a.Challenger == b.Challenger &&
		a.Confidence == b.Confidence && a.Since == b.Since && a.ContestedSince == b.ContestedSince && a.ClaimedOn == b.ClaimedOn
}

// OffsetOr is day as an offset from first, or -1 when day is zero (unset).
func OffsetOr(day, first control.Day) int {
	if day == 0 {
		return -1
	}
	return int(day - first)
}
