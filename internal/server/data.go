package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"time"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/internal/view"
	"frontline/web"
)

// snapshotData is what every page needs and what changes only with the data
// version: the version itself (package snapshot), the compact timeline, the
// strip's columns and the static map's outlines. It is built once per
// version.
type snapshotData struct {
	*snapshot.Data
	timeline timelineJSON
	tuples   [][][]any           // each listed place's history in the browser's format (snapshot.Data.StateTuples)
	cols     []view.StripCol     // the strip's columns; nil without one
	snaps    [][]control.Control // per column, the listed places' states on its last day, for the strip

	langMu sync.Mutex
	langs  map[string]*langData // by language tag, built on first use

	landMu sync.Mutex
	lands  []drawnLand // the last map days drawn (see landOf), oldest first

	pageMu sync.Mutex
	pages  []builtDay // the last day views built (see dayPage), oldest first
}

// langData is what a version's pages need in one language: the timeline
// the day page embeds (names and headlines in that language) and the strip.
type langData struct {
	timeline timelineJSON   // what the page carries: the file's address and what does not grow
	strip    *timelineStrip // nil when there is none
	// file is what grows with days and events (the places' histories and
	// every day's headline; the script reads no day's counts, which the
	// headline already says), served as /territory/fileName: a
	// day page stays the same size at ten years, and a correction renames
	// this one file instead of rewriting every page's inline copy of it.
	file     []byte
	fileName string
}

// langFileName names a file of one language's data by its content,
// KIND.TAG.HASH.EXT, so it is cached for good and a new version of the
// data gets a new address.
func langFileName(kind, tag, ext string, body []byte) string {
	sum := sha256.Sum256(body)
	return kind + "." + tag + "." + hex.EncodeToString(sum[:8]) + "." + ext
}

// langDataOfFile is the data of the language a file named by langFileName
// with kind belongs to, or nil when the name is not such a file's.
func (s *Server) langDataOfFile(ctx context.Context, d *snapshotData, kind, name string) (*langData, error) {
	rest, ok := strings.CutPrefix(name, kind+".")
	if !ok {
		return nil, nil
	}
	tag, _, _ := strings.Cut(rest, ".")
	l := locale.Get(tag)
	if l == nil {
		return nil, nil
	}
	return s.langData(ctx, d, s.loc(l))
}

// timelineFile is the part of the timeline the script fetches when the
// reader first moves to another day.
type timelineFile struct {
	Changed   []int      `json:"changed"` // the days the map changed, as offsets from First
	Headlines []web.Runs `json:"headlines,omitempty"`
	// Ev is each listed place's history (see timelinePlace.Events), in
	// the order of the page's places.
	Ev [][][]any `json:"ev"`
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
	for _, f := range d.Factions {
		fj := d.timeline.Factions[f.ID]
		n := view.FactionNames(l, f)
		fj.Name, fj.Short, fj.Lang = n.Name, n.Short, n.ShortLang
		tl.Factions[f.ID] = fj
	}
	tl.Places = make([]timelinePlace, len(d.timeline.Places))
	for i, p := range d.timeline.Places {
		p.Name = view.PlaceName(l, d.Places[i])
		tl.Places[i] = p
	}
	// The headline of every day is written here, once, in the page's
	// language; the script shows it as the slider moves.
	tl.Headlines = make([]web.Runs, len(d.timeline.Counts))
	for k, c := range d.timeline.Counts {
		tl.Headlines[k] = view.HeadlineOn(l, d.Data, d.First.Add(k), c, len(d.Places))
	}
	changed := make([]int, len(d.Changed))
	for i, day := range d.Changed {
		changed[i] = int(day - d.First)
	}
	ev := make([][][]any, len(tl.Places))
	for i := range tl.Places {
		ev[i] = tl.Places[i].Events
		// A page carries only the state in force on its day (dayTimeline).
		tl.Places[i].Events = nil
	}
	file, err := json.Marshal(timelineFile{Changed: changed, Headlines: tl.Headlines, Ev: ev})
	if err != nil {
		return nil, fmt.Errorf("server: timeline file in %s: %w", l.Tag, err)
	}
	ld.file, ld.fileName = file, langFileName("timeline", l.Tag, "json", file)
	tl.Counts, tl.Headlines = nil, nil
	tl.Data = "/territory/" + ld.fileName
	strip, err := buildStrip(locale.With(ctx, l), d, d.cols, d.snaps, s.assets.CSS)
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

// dayTimeline is the timeline a page of day carries: the language's, with
// each listed place's one state tuple in force on day and every cell's
// state on day. The map paints that day from these alone; the histories
// (the timeline file and the territory's history file) grow with the days,
// so the script fetches them only when the reader moves to another day.
func dayTimeline(d *snapshotData, ld *langData, day control.Day) timelineJSON {
	tl := ld.timeline
	off := int(day - d.First)
	tl.Day = off
	tl.Places = make([]timelinePlace, len(ld.timeline.Places))
	for i, p := range ld.timeline.Places {
		ev := d.timeline.Places[i].Events
		k := sort.Search(len(ev), func(k int) bool { return ev[k][0].(int) > off })
		// The tuple in force is all rule.js needs for this day: a state it
		// carries through the successions after it, or a withdrawal.
		p.Events = [][]any{}
		if k > 0 {
			p.Events = ev[k-1 : k]
		}
		tl.Places[i] = p
	}
	if d.Territory != nil {
		tl.Cells = d.Territory.StatesOn(off)
	}
	return tl
}

// timelineJSON is what the day page and the embed carry for the script,
// as JSON. Days are offsets from First. Each event is [day, controller,
// status, challenger, confidence, since, contestedSince, claimedOn] (see
// rule.js); a page carries one per place, the one in force on its day, and
// the timeline file every one.
type timelineJSON struct {
	Territory string                 `json:"territory,omitempty"` // the address of the territory asset
	History   string                 `json:"history,omitempty"`   // the address of every cell's history, fetched on the first move
	Data      string                 `json:"data,omitempty"`      // the address of the file of counts, headlines and histories (a page's timeline has these there)
	Day       int                    `json:"day"`                 // the page's day: Places and Cells are its states
	Cells     []int                  `json:"cells,omitempty"`     // every cell's state on Day, an index into the territory asset's states (-1: unknown)
	Layers    map[string]string      `json:"layers,omitempty"`    // the basemap layers' addresses by key
	Tracked   int                    `json:"tracked"`             // how many tracked places there are, listed or not
	Counts    []map[string]int       `json:"counts,omitempty"`    // per day from First, how many places each side holds
	Headlines []web.Runs             `json:"headlines,omitempty"` // per day from First, the headline in the page's language (see web.Runs)
	Symbols   symbol.Set             `json:"symbols"`             // how held, contested and claimed look (internal/symbol)
	Region    regionJSON             `json:"region"`              // where the live map opens and how far it pans
	First     string                 `json:"first"`
	Last      string                 `json:"last"`
	Factions  map[string]factionJSON `json:"factions"`
	// Successions are [day, successor, ended] in the order they apply: the
	// browser's rule applies them to every place's history, which therefore
	// holds no state a succession alone set (see stateTuples), so a page
	// does not grow per place per succession.
	Successions [][]any         `json:"successions"`
	Places      []timelinePlace `json:"places,omitempty"`
}

// regionJSON is the region's boxes as Leaflet takes them, [[south, west],
// [north, east]]: View is what the map opens on, Pan how far it may be
// moved (View and control.PanMargin around it).
type regionJSON struct {
	View [2][2]float64 `json:"view"`
	Pan  [2][2]float64 `json:"pan"`
}

// leafletBox writes a box as Leaflet's bounds, to a millionth of a degree
// (a margin added in floating point would otherwise read 30.299999999999997).
func leafletBox(b control.Box) [2][2]float64 {
	r := func(x float64) float64 { return math.Round(x*1e6) / 1e6 }
	return [2][2]float64{{r(b[1]), r(b[0])}, {r(b[3]), r(b[2])}}
}

type factionJSON struct {
	Name  string `json:"name"`
	Short string `json:"short"`
	// Lang is the language of the short name when it is not the page's
	// (an English name on an Arabic page), so the script marks it.
	Lang  string `json:"lang,omitempty"`
	Color string `json:"color"`
	// Until is the offset of an ended faction's last day, absent while it
	// exists; the legend of a later day leaves it out.
	Until *int `json:"until,omitempty"`
	// From is the offset of the first day of a faction that succeeded
	// another and held nothing before; the legend of an earlier day leaves
	// it out.
	From *int `json:"from,omitempty"`
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

// The static map's size in SVG units.
const mapW, mapH = view.MapW, view.MapH

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
	start := time.Now()
	sd, err := snapshot.Build(ctx, s.cfg.Store, ver, draw.Outline(s.countries), s.cfg.Region.Lat0)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	d := &snapshotData{Data: sd}
	d.timeline = timelineJSON{First: d.First.String(), Last: d.Last.String(), Factions: map[string]factionJSON{}, Symbols: symbol.Browser(), Counts: d.Counts,
		Region: regionJSON{View: leafletBox(s.cfg.Region.View), Pan: leafletBox(s.cfg.Region.View.Widen(control.PanMargin))}}
	for _, f := range d.Factions {
		fj := factionJSON{Name: f.Name, Short: f.Short, Color: f.Color}
		if f.Until != 0 {
			fj.Until = ptrInt(int(f.Until - d.First))
		}
		if from := d.From[f.ID]; from != 0 {
			fj.From = ptrInt(int(from - d.First))
		}
		d.timeline.Factions[f.ID] = fj
	}
	d.timeline.Successions = [][]any{}
	for _, e := range d.Successions {
		d.timeline.Successions = append(d.timeline.Successions, []any{int(e.Day - d.First), e.Controller, e.Challenger})
	}
	for i, p := range d.Places[:d.Shown()] {
		d.tuples = append(d.tuples, d.StateTuples(i))
		d.timeline.Places = append(d.timeline.Places, timelinePlace{ID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind, Lat: p.Lat, Lon: p.Lon,
			Events: d.tuples[i]})
	}
	d.timeline.Tracked = len(d.Places)
	// The strip shows each column's last day.
	if d.Counts != nil {
		d.cols = view.StripColumns(d.First, d.Last)
		// Only the listed places: at 10,000 places the whole index per
		// column was a quarter of a second of the load.
		shown := d.Index.Subset(seq(d.Shown()))
		for _, c := range d.cols {
			d.snaps = append(d.snaps, shown.At(c.To))
		}
	}
	if d.Territory != nil {
		d.timeline.Territory = "/territory/" + d.Territory.Name
		d.timeline.History = "/territory/" + d.Territory.HistoryName
	}
	if len(s.layerURLs) > 0 {
		d.timeline.Layers = s.layerURLs
	}
	s.data, s.dataVer = d, ver
	s.log.Info("data loaded", "version", ver, "places", len(d.All), "days", len(d.Counts), "took", time.Since(start).Round(time.Millisecond).String())
	if s.cfg.LimitMemory {
		// Measuring what the data holds takes a full collection (a tenth of
		// a second and more at 10,000 places): the data is served at once
		// and the limit follows.
		go s.limitMemory(ver)
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
	s.memMu.Lock()
	defer s.memMu.Unlock()
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

func ptrInt(n int) *int { return &n }

// seq is 0, 1, …, n-1.
func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
