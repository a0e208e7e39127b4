package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"frontline/internal/control"
	"frontline/internal/dataset"
)

// synthSpec says how big a synthetic dataset is and which random sequence
// makes it, so the same spec always writes the same bytes.
type synthSpec struct {
	Places int
	Events int
	Seed   uint64
	First  control.Day // the first day of the span events are spread over
	Days   int
	// Box, when set, is where the places lie, and the dataset gets a
	// region of its own for it (region.json, a plain box outline) and
	// neutral factions; zero keeps the embedded region and its factions.
	Box control.Box
}

func cmdSynth(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("synth", flag.ContinueOnError)
	fl.SetOutput(stdout)
	places := fl.Int("places", 100, "number of places")
	events := fl.Int("events", 1000, "number of events")
	seed := fl.Uint64("seed", 1, "random seed: the same seed writes the same files")
	days := fl.Int("days", 36, "number of days, from 26 November 2024, the events are spread over (coverage.csv says so)")
	out := fl.String("out", "", "directory to write the four data files into")
	bbox := fl.String("bbox", "", "minLon,minLat,maxLon,maxLat: put the places in this box and write a region of its own for it (region.json), with neutral factions; empty keeps the embedded region")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *out == "" || fl.NArg() > 0 {
		return usageError{"synth needs --out DIR and no other arguments"}
	}
	if *places < 1 || *events < 0 {
		return usageError{"synth needs at least one place and no negative event count"}
	}
	if *days < 1 || *days > 100*366 {
		return usageError{"synth needs --days between 1 and 36600"}
	}
	spec := synthSpec{Places: *places, Events: *events, Seed: *seed, First: control.MustDay("2024-11-26"), Days: *days}
	if *bbox != "" {
		box, err := parseBBox(*bbox)
		if err != nil {
			return usageError{"--bbox: " + err.Error()}
		}
		spec.Box = box
	}
	ds, _, err := embedded()
	if err != nil {
		return err
	}
	factions := ds.Factions
	if spec.Box != (control.Box{}) {
		factions = neutralFactions(ds.Factions)
	}
	if err := writeSynth(ctx, *out, spec, factions); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: wrote %d factions, %d places, %d events over %d days\n", *out, len(factions), *places, *events, *days)
	return nil
}

// parseBBox reads minLon,minLat,maxLon,maxLat.
func parseBBox(s string) (control.Box, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return control.Box{}, fmt.Errorf("%q is not minLon,minLat,maxLon,maxLat", s)
	}
	var b control.Box
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return control.Box{}, fmt.Errorf("%q is not a number", p)
		}
		b[i] = v
	}
	switch {
	case b[0] < -179 || b[2] > 179:
		return control.Box{}, fmt.Errorf("longitudes must lie between -179 and 179")
	case b[1] < -84 || b[3] > 84:
		return control.Box{}, fmt.Errorf("latitudes must lie between -84 and 84 (the web map's projection ends at 85)")
	case b[0] >= b[2] || b[1] >= b[3]:
		return control.Box{}, fmt.Errorf("the minimum must be less than the maximum")
	}
	return b, nil
}

// neutralFactions are the embedded factions' colours under names that
// claim nothing: a synthetic region's sides are no real ones.
func neutralFactions(real []control.Faction) []control.Faction {
	out := make([]control.Faction, len(real))
	for i, f := range real {
		n := strconv.Itoa(i + 1)
		out[i] = control.Faction{ID: "side-" + n, Name: "Side " + n, Short: "Side " + n, Color: f.Color}
	}
	return out
}

// synthRegion is the region of a synthetic dataset in box: its outline is
// the box itself, it has no layers, and its words are neutral.
func synthRegion(box control.Box) ([]byte, []byte, error) {
	w, s, e, n := box[0], box[1], box[2], box[3]
	outline := map[string]any{"type": "FeatureCollection", "features": []any{map[string]any{
		"type":       "Feature",
		"properties": map[string]any{"name": "Synthetic region", "name_ar": "منطقة تجريبية", "focus": true},
		"geometry":   map[string]any{"type": "Polygon", "coordinates": [][][2]float64{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}},
	}}}
	ob, err := json.Marshal(outline)
	if err != nil {
		return nil, nil, err
	}
	// The bounds leave a degree around the box, within the projection.
	bounds := control.Box{max(w-1, -180), max(s-1, -85), min(e+1, 180), min(n+1, 85)}
	region := map[string]any{
		"id": "synthetic", "box": box, "view": box, "bounds": bounds, "lat0": math.Round((s+n)/2*1e4) / 1e4,
		"outline": synthOutlineFile,
		"words": map[string]map[string]string{
			"en": {
				"site.tagline":  "Synthetic data: who held which place, day by day",
				"site.subtitle": "Control in the synthetic region",
				"feed.title":    "Frontline: the synthetic region, day by day",
			},
			"ar": {
				"site.tagline":  "بيانات تجريبية: من سيطر على أي مكان، يوماً بيوم",
				"site.subtitle": "السيطرة في المنطقة التجريبية",
			},
		},
	}
	rb, err := json.MarshalIndent(region, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	return append(rb, '\n'), append(ob, '\n'), nil
}

// synthOutlineFile is the synthetic region's outline, beside region.json.
const synthOutlineFile = "outline.geojson"

// Names for places, outlets and event summaries: varied enough to look like
// the real data in the page, with nothing that claims to be real.
var (
	synthOutlets = []string{"Synthetic Wire", "Test Gazette", "Bench Monitor", "Sample Observer"}
	synthOther   = []control.Kind{control.KindStrike, control.KindDisplacement, control.KindCasualties, control.KindStatement, control.KindDisputed}
)

// writeSynth writes the data files of a synthetic dataset into dir.
// Factions are the given ones; places lie inside spec.Box (with its own
// region.json), else inside the embedded region's box; most events are
// control events that follow the shapes of the real data (a baseline hold,
// contests, changes of hands claimed and then confirmed), the rest are the
// other kinds. Every event has one source with an https URL.
func writeSynth(ctx context.Context, dir string, spec synthSpec, factions []control.Faction) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))
	// Where places lie: inside the box, a little in from its edges.
	lon0, lat0, lonSpan, latSpan := 35.8, 32.4, 6.4, 4.8 // well inside the embedded region's box
	if b := spec.Box; b != (control.Box{}) {
		lonSpan, latSpan = (b[2]-b[0])*0.9, (b[3]-b[1])*0.9
		lon0, lat0 = b[0]+(b[2]-b[0])*0.05, b[1]+(b[3]-b[1])*0.05
	}
	places := make([]control.Place, spec.Places)
	for i := range places {
		kind := "town"
		if i%10 == 0 {
			kind = "city"
		}
		places[i] = control.Place{
			ID:     fmt.Sprintf("p%d", i+1),
			Name:   fmt.Sprintf("Place %d", i+1),
			NameAR: fmt.Sprintf("بلدة %d", i+1),
			Kind:   kind,
			Lat:    lat0 + rng.Float64()*latSpan,
			Lon:    lon0 + rng.Float64()*lonSpan,
		}
	}
	events := synthEvents(rng, spec, places, factions)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	write := func(name string, rows func(cw *dataset.CSVWriter) error) error {
		path := filepath.Join(dir, name)
		defer os.Chmod(path, 0o644) // readable like any checked-out data file
		return writeFileAtomic(path, func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 1<<16)
			cw := dataset.NewCSVWriter(bw)
			if err := cw.Write(dataset.Headers[name]); err != nil {
				return err
			}
			if err := rows(cw); err != nil {
				return err
			}
			if err := cw.Flush(); err != nil {
				return err
			}
			return bw.Flush()
		})
	}
	err := write(dataset.FactionsFile, func(cw *dataset.CSVWriter) error {
		for _, f := range factions {
			if err := cw.Write([]string{f.ID, f.Name, f.Short, f.Color, "", ""}); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = write(dataset.PlacesFile, func(cw *dataset.CSVWriter) error {
			for _, p := range places {
				if err := cw.Write([]string{p.ID, p.Name, p.NameAR, p.Kind, strconv.FormatFloat(p.Lat, 'f', 4, 64), strconv.FormatFloat(p.Lon, 'f', 4, 64)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err == nil {
		err = write(dataset.EventsFile, func(cw *dataset.CSVWriter) error {
			for _, e := range events {
				if err := cw.Write(dataset.EventRow(e)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err == nil {
		err = write(dataset.SourcesFile, func(cw *dataset.CSVWriter) error {
			for _, e := range events {
				if err := cw.Write(dataset.SourceRow(e.ID, e.Sources[0])); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err == nil {
		// The coverage matches the span, so pages, the slider and the API
		// offer exactly the days the events are spread over.
		err = write(dataset.CoverageFile, func(cw *dataset.CSVWriter) error {
			last := spec.First.Add(spec.Days - 1)
			return cw.Write([]string{spec.First.String(), last.String(), last.String()})
		})
	}
	if err == nil && spec.Box != (control.Box{}) {
		var region, outline []byte
		if region, outline, err = synthRegion(spec.Box); err == nil {
			for name, b := range map[string][]byte{dataset.RegionFile: region, synthOutlineFile: outline} {
				path := filepath.Join(dir, name)
				if err = writeFileAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
					break
				}
				os.Chmod(path, 0o644)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	return nil
}

// synthEvents makes spec.Events events spread evenly over the places, each
// place's history a small state machine, returned in the order they apply
// (which is the order of the events file, since a line's number is its seq).
func synthEvents(rng *rand.Rand, spec synthSpec, places []control.Place, factions []control.Faction) []control.Event {
	type draft struct {
		control.Event
		place, k int
	}
	drafts := make([]draft, 0, spec.Events)
	per, extra := spec.Events/len(places), spec.Events%len(places)
	fid := func() string { return factions[rng.IntN(len(factions))].ID }
	short := map[string]string{}
	for _, f := range factions {
		short[f.ID] = f.Short
	}
	other := func(not string) string {
		for {
			if f := fid(); f != not {
				return f
			}
		}
	}
	for pi, p := range places {
		n := per
		if pi < extra {
			n++
		}
		days := make([]int, n)
		for i := range days {
			days[i] = rng.IntN(spec.Days)
		}
		slices.Sort(days)
		if n > 0 {
			days[0] = 0 // every place with events starts with a baseline on the first day
		}
		var holder string
		var status control.Status
		var challenger string
		claimed := false
		for k, d := range days {
			e := control.Event{Day: spec.First.Add(d), Place: p.ID, Confidence: control.Confirmed}
			switch {
			case k > 0 && !claimed && rng.IntN(100) < 12:
				// Something happens here that does not change the map.
				e.Kind = synthOther[rng.IntN(len(synthOther))]
				if e.Kind == control.KindStatement && rng.IntN(2) == 0 {
					e.Place = ""
				}
				if e.Kind == control.KindDisputed {
					e.Controller, e.Status, e.Confidence = other(holder), control.StatusHeld, control.Claimed
					e.Summary = fmt.Sprintf("%s claims %s; the claim is not followed.", short[e.Controller], p.Name)
				} else {
					e.Confidence = []control.Confidence{control.Claimed, control.Confirmed}[rng.IntN(2)]
					e.Summary = fmt.Sprintf("Synthetic %s report near %s.", e.Kind, p.Name)
				}
			case k == 0:
				holder, status, challenger = factions[0].ID, control.StatusHeld, ""
				if rng.IntN(5) == 0 {
					holder = fid()
				}
				e.Kind = control.KindControl
				e.Summary = fmt.Sprintf("Before the offensive %s was held by %s.", p.Name, short[holder])
			case claimed:
				// A change of hands that was claimed is confirmed next.
				e.Kind = control.KindControl
				claimed = false
				e.Summary = fmt.Sprintf("%s's hold on %s is confirmed.", short[holder], p.Name)
			case status == control.StatusContested:
				e.Kind = control.KindControl
				switch r := rng.IntN(10); {
				case r < 5:
					holder, status, challenger, claimed = challenger, control.StatusHeld, "", true
					e.Confidence = control.Claimed
					e.Summary = fmt.Sprintf("%s claims to have taken %s.", short[holder], p.Name)
				case r < 8:
					status, challenger = control.StatusHeld, ""
					e.Summary = fmt.Sprintf("%s repels the attack on %s.", short[holder], p.Name)
				default:
					e.Summary = fmt.Sprintf("Fighting goes on in %s.", p.Name)
				}
			default:
				e.Kind = control.KindControl
				switch r := rng.IntN(10); {
				case r < 4:
					status, challenger = control.StatusContested, other(holder)
					e.Summary = fmt.Sprintf("%s attacks %s.", short[challenger], p.Name)
				case r < 6:
					holder, claimed = other(holder), true
					e.Confidence = control.Claimed
					e.Summary = fmt.Sprintf("%s claims to have taken %s.", short[holder], p.Name)
				default:
					e.Summary = fmt.Sprintf("%s still holds %s.", short[holder], p.Name)
				}
			}
			if e.Kind == control.KindControl {
				e.Controller, e.Status, e.Challenger = holder, status, challenger
			}
			drafts = append(drafts, draft{Event: e, place: pi, k: k})
		}
	}
	// The order they apply: by day, and within a day by place and history.
	slices.SortStableFunc(drafts, func(a, b draft) int { return int(a.Day - b.Day) })
	out := make([]control.Event, len(drafts))
	for i, d := range drafts {
		e := d.Event
		e.ID = "e" + strconv.Itoa(i+1)
		e.Seq = i + 2 // the line in the events file
		outlet := synthOutlets[rng.IntN(len(synthOutlets))]
		if e.Kind == control.KindControl && e.Confidence == control.Confirmed {
			// The check wants a confirming outlet behind every confirmed
			// change of control (data/README.md); this names one in the way a
			// relaying outlet does.
			outlet += " (SOHR)"
		}
		e.Sources = []control.Source{{
			Outlet: outlet,
			Title:  "Report " + strconv.Itoa(i+1),
			URL:    "https://example.org/synthetic/" + e.ID,
			Quote:  e.Summary,
		}}
		out[i] = e
	}
	return out
}
