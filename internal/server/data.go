package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"sync"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/symbol"
	"frontline/web"
)

// snapshotData is what every page needs and what changes only with the data
// version: factions, places, the day range, the compact timeline and the
// static map's outlines. It is built once per version.
type snapshotData struct {
	version   int64
	factions  []control.Faction
	factionBy map[string]control.Faction
	places    []control.Place // the tracked places, which the tables, lists and timeline show
	placeBy   map[string]control.Place
	all       []control.Place // tracked places and localities: every point that owns land
	areas     []control.Area
	coverage  *control.Coverage // nil when the data declares none
	first     control.Day
	last      control.Day
	hasDays   bool
	timeline  timelineJSON
	disputed  map[string][]control.Event // by place
	index     *control.Index             // the rule for any day, by binary search, over places
	allIndex  *control.Index             // the same over all
	cols      []stripCol                 // the strip's columns; nil without one
	snaps     [][]control.Control        // per column, the listed places' states on its last day, for the strip
	terr      *territoryData             // the land of every place; nil when there are no places
	inArea    map[string][]int           // per area id, the positions in places of the tracked places inside it
	changed   []control.Day              // the days some place changed holder, status or confidence (the map changed), in order

	langMu sync.Mutex
	langs  map[string]*langData // by language tag, built on first use
}

// langData is what a version's pages need in one language: the timeline
// the day page embeds (names and headlines in that language) and the strip.
type langData struct {
	timeline timelineJSON   // what the page carries: the file's address and what does not grow
	strip    *timelineStrip // nil when there is none
	// file is what grows with days and events (the places' histories and
	// every day's counts and headline), served as /territory/fileName: a
	// day page stays the same size at ten years, and a correction renames
	// this one file instead of rewriting every page's inline copy of it.
	file     []byte
	fileName string
}

// timelineFile is the part of the timeline the script fetches.
type timelineFile struct {
	Changed   []int            `json:"changed"` // the days the map changed, as offsets from First
	Counts    []map[string]int `json:"counts,omitempty"`
	Headlines []web.Runs       `json:"headlines,omitempty"`
	Places    []timelinePlace  `json:"places"`
}

// langData returns d's words in l, building them on first use.
func (s *Server) langData(ctx context.Context, d *snapshotData, l *locale.Locale) (*langData, error) {
	d.langMu.Lock()
	defer d.langMu.Unlock()
	if ld := d.langs[l.Tag]; ld != nil {
		return ld, nil
	}
	ld := &langData{timeline: d.timeline}
	tl := &ld.timeline
	tl.Factions = make(map[string]factionJSON, len(d.timeline.Factions))
	for _, f := range d.factions {
		fj := d.timeline.Factions[f.ID]
		n := factionNames(l, f)
		fj.Name, fj.Short, fj.Lang = n.name, n.short, n.shortLang
		tl.Factions[f.ID] = fj
	}
	tl.Places = make([]timelinePlace, len(d.timeline.Places))
	for i, p := range d.timeline.Places {
		p.Name = placeNameIn(l, d.places[i])
		tl.Places[i] = p
	}
	// The headline of every day is written here, once, in the page's
	// language; the script shows it as the slider moves.
	tl.Headlines = make([]web.Runs, len(d.timeline.Counts))
	for k, c := range d.timeline.Counts {
		tl.Headlines[k] = headlineOn(l, d, d.first.Add(k), c, len(d.places))
	}
	changed := make([]int, len(d.changed))
	for i, day := range d.changed {
		changed[i] = int(day - d.first)
	}
	file, err := json.Marshal(timelineFile{Changed: changed, Counts: tl.Counts, Headlines: tl.Headlines, Places: tl.Places})
	if err != nil {
		return nil, fmt.Errorf("server: timeline file in %s: %w", l.Tag, err)
	}
	sum := sha256.Sum256(file)
	ld.file, ld.fileName = file, "timeline."+l.Tag+"."+hex.EncodeToString(sum[:8])+".json"
	tl.Counts, tl.Headlines, tl.Places = nil, nil, nil
	tl.Data = "/territory/" + ld.fileName
	strip, err := buildStrip(locale.With(ctx, l), d, d.cols, d.snaps)
	if err != nil {
		return nil, fmt.Errorf("server: timeline in %s: %w", l.Tag, err)
	}
	ld.strip = strip
	if d.langs == nil {
		d.langs = map[string]*langData{}
	}
	d.langs[l.Tag] = ld
	return ld, nil
}

// timelineJSON is the compact history of every place that the day page
// embeds, so the slider can redraw any day with no request. Days are
// offsets from First. Each event is [day, controller, status, challenger,
// confidence, since].
type timelineJSON struct {
	Territory string                 `json:"territory,omitempty"` // the address of the territory asset
	Data      string                 `json:"data,omitempty"`      // the address of the file of counts, headlines and places (a page's timeline has these there)
	Layers    map[string]string      `json:"layers,omitempty"`    // the basemap layers' addresses by key
	Tracked   int                    `json:"tracked"`             // how many tracked places there are, listed or not
	Counts    []map[string]int       `json:"counts,omitempty"`    // per day from First, how many places each side holds
	Headlines []web.Runs             `json:"headlines,omitempty"` // per day from First, the headline in the page's language (see web.Runs)
	Symbols   symbol.Set             `json:"symbols"`             // how held, contested and claimed look (internal/symbol)
	First     string                 `json:"first"`
	Last      string                 `json:"last"`
	Factions  map[string]factionJSON `json:"factions"`
	Places    []timelinePlace        `json:"places,omitempty"`
}

type factionJSON struct {
	Name  string `json:"name"`
	Short string `json:"short"`
	// Lang is the language of the short name when it is not the page's
	// (an English name on an Arabic page), so the script marks it.
	Lang  string `json:"lang,omitempty"`
	Color string `json:"color"`
}

type timelinePlace struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	NameAR string  `json:"ar"`
	Kind   string  `json:"kind"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Events [][]any `json:"ev"`
}

// shownMax bounds the tracked places a day page lists, draws as markers and
// embeds histories of: the first ones in list order (the main cities come
// first). The rest are on /places, their own pages and the shaded land, so
// a page does not grow with the number of places.
const shownMax = 100

// shown is how many of the tracked places a day page lists.
func (d *snapshotData) shown() int { return min(len(d.places), shownMax) }

// The static map's size in SVG units.
const mapW, mapH = 640, 520

func (s *Server) loadData(ctx context.Context) (*snapshotData, error) {
	ver, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	if s.data != nil && s.dataVer == ver {
		return s.data, nil
	}
	d := &snapshotData{version: ver, factionBy: map[string]control.Faction{}, placeBy: map[string]control.Place{}, disputed: map[string][]control.Event{}}
	if d.factions, err = s.cfg.Store.Factions(ctx); err != nil {
		return nil, err
	}
	for _, f := range d.factions {
		d.factionBy[f.ID] = f
	}
	if d.places, err = s.cfg.Store.Places(ctx); err != nil {
		return nil, err
	}
	d.all = d.places
	d.places = nil
	for _, p := range d.all {
		if p.Tracked() {
			d.places = append(d.places, p)
			d.placeBy[p.ID] = p
		}
	}
	if d.areas, err = s.cfg.Store.Areas(ctx); err != nil {
		return nil, err
	}
	if d.first, d.last, d.hasDays, err = s.cfg.Store.Span(ctx); err != nil {
		return nil, err
	}
	if d.coverage, err = s.cfg.Store.Coverage(ctx); err != nil {
		return nil, err
	}
	// Declared coverage decides the days pages and the API offer: the
	// slider ends on the last day the data covers, not on its last event.
	if c := d.coverage; c != nil {
		d.first, d.last, d.hasDays = c.First, c.Last, true
	}
	events, err := s.cfg.Store.Timeline(ctx)
	if err != nil {
		return nil, err
	}
	d.allIndex = control.NewIndex(d.all, events, d.areas)
	d.inArea = control.InsideAreas(d.places, d.areas)
	// The tracked places' index shares the histories of the full one.
	var tracked []int
	for i, p := range d.all {
		if p.Tracked() {
			tracked = append(tracked, i)
		}
	}
	d.index = d.allIndex.Subset(tracked)
	// The map's changes: of every place that owns land, so a quiet day's
	// map is the map of its last change, and its preview and "what
	// changed" pages can be that day's.
	d.changed = changeDays(d.allIndex, len(d.all))
	d.timeline = timelineJSON{First: d.first.String(), Last: d.last.String(), Factions: map[string]factionJSON{}, Symbols: symbol.Browser()}
	for _, f := range d.factions {
		d.timeline.Factions[f.ID] = factionJSON{Name: f.Name, Short: f.Short, Color: f.Color}
	}
	for i, p := range d.places[:d.shown()] {
		d.timeline.Places = append(d.timeline.Places, timelinePlace{ID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind, Lat: p.Lat, Lon: p.Lon,
			Events: stateTuples(d.index.Changes(i), d.first)})
	}
	// The headline counts every tracked place, listed or not: per day, how
	// many each side holds.
	// Each day's snapshot is taken once, for these counts and, on the last
	// day of each of its columns, the strip.
	d.timeline.Tracked = len(d.places)
	var snaps [][]control.Control
	if d.hasDays && int(d.last-d.first) < tlMaxDays {
		d.cols = stripColumns(d.first, d.last)
		k := 0
		for day := d.first; day <= d.last; day++ {
			snap := d.index.At(day)
			c := map[string]int{}
			for _, st := range snap {
				if st.Known {
					c[st.Controller]++
				}
			}
			d.timeline.Counts = append(d.timeline.Counts, c)
			if k < len(d.cols) && d.cols[k].to == day {
				snaps = append(snaps, snap[:d.shown()])
				k++
			}
		}
	}
	d.snaps = snaps
	if len(d.all) > 0 {
		if d.terr, err = s.buildTerritory(d); err != nil {
			return nil, err
		}
		d.timeline.Territory = "/territory/" + d.terr.name
	}
	if len(s.layerURLs) > 0 {
		d.timeline.Layers = s.layerURLs
	}
	disputed, err := s.cfg.Store.Events(ctx, control.Filter{Kind: control.KindDisputed})
	if err != nil {
		return nil, err
	}
	for _, e := range disputed {
		d.disputed[e.Place] = append(d.disputed[e.Place], e)
	}
	s.data, s.dataVer = d, ver
	if s.cfg.LimitMemory {
		s.limitMemory(ver)
	}
	return d, nil
}

// limitMemory sets the Go runtime's soft memory limit to what the process
// holds once a data version is loaded, plus the response cache's budget
// and three eighths more for the answers being built, so that a flood of new
// addresses makes the collector work harder rather than the process grow.
// A limit set by GOMEMLIMIT is left alone.
func (s *Server) limitMemory(ver int64) {
	if s.envMemLimit {
		return
	}
	// The previous version's answers are of no more use: let them go
	// before measuring.
	s.cache.advance(ver)
	runtime.GC()
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(samples)
	held := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64())
	limit := held + s.cache.budget*11/8
	debug.SetMemoryLimit(limit)
	s.log.Info("memory limit", "data_mib", held>>20, "cache_mib", s.cache.budget>>20, "limit_mib", limit>>20)
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

// lastChange is the last day on or before day on which a tracked place
// changed; ok is false when none did.
func (d *snapshotData) lastChange(day control.Day) (last control.Day, ok bool) {
	i, found := slices.BinarySearch(d.changed, day)
	if found {
		return day, true
	}
	if i == 0 {
		return 0, false
	}
	return d.changed[i-1], true
}

// mapDay is the day whose map is day's: the last change on or before it,
// or day itself when there is none.
func (d *snapshotData) mapDay(day control.Day) control.Day {
	if last, ok := d.lastChange(day); ok {
		return last
	}
	return day
}

// window is the smallest range with the changes of from..to: from the day
// before the first change after from to the last change on or before to.
// Its comparison shows the same changes with the records behind them, and
// every window of the same changes is one page. ok is false when nothing
// changed after from up to to.
func (d *snapshotData) window(from, to control.Day) (a, b control.Day, ok bool) {
	i, found := slices.BinarySearch(d.changed, from)
	if found {
		i++
	}
	if i >= len(d.changed) || d.changed[i] > to {
		return 0, 0, false
	}
	b, _ = d.lastChange(to)
	return d.changed[i] - 1, b, true
}

// noChangeSince is the day of the last change before day when nothing
// changed on day itself, written "12 April 2025"; empty otherwise.
func noChangeSince(l *locale.Locale, d *snapshotData, day control.Day) string {
	last, ok := d.lastChange(day)
	if !ok || last == day {
		return ""
	}
	y, m, dd := last.Civil()
	months := l.ForBrowser().Months
	if len(months) != 12 {
		return l.Date(last.String())
	}
	return l.Num(dd) + " " + months[m-1] + " " + l.Digits(strconv.Itoa(y))
}

// stateTuples is a place's history for the browser's rule: the state each
// applying event sets, as [day, controller, status, challenger, confidence,
// since] with days as offsets from first (after a withdrawal: no
// controller, status withdrawn, and the faction that left as challenger). Only the last state of a day is
// kept, and a state equal to the one before it is dropped, so area events
// that repeat what a place already had cost nothing.
func stateTuples(changes []control.Change, first control.Day) [][]any {
	out := [][]any{}
	var prev *control.Change
	for k := range changes {
		c := &changes[k]
		if k+1 < len(changes) && changes[k+1].Day == c.Day {
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
			offsetOr(c.ContestedSince, first), offsetOr(c.ClaimedOn, first)})
		prev = c
	}
	return out
}

// sameState reports whether two states look the same to a reader.
func sameState(a, b control.Control) bool {
	return a.Known == b.Known && a.Left == b.Left && a.Controller == b.Controller && a.Status == b.Status && a.Challenger == b.Challenger &&
		a.Confidence == b.Confidence && a.Since == b.Since && a.ContestedSince == b.ContestedSince && a.ClaimedOn == b.ClaimedOn
}

// offsetOr is day as an offset from first, or -1 when day is zero (unset).
func offsetOr(day, first control.Day) int {
	if day == 0 {
		return -1
	}
	return int(day - first)
}
