package server

import (
	"context"

	"frontline/internal/control"
)

// snapshotData is what every page needs and what changes only with the data
// version: factions, places, the day range, the compact timeline and the
// static map's outlines. It is built once per version.
type snapshotData struct {
	version   int64
	factions  []control.Faction
	factionBy map[string]control.Faction
	places    []control.Place
	placeBy   map[string]control.Place
	first     control.Day
	last      control.Day
	hasDays   bool
	timeline  timelineJSON
	disputed  map[string][]control.Event // by place
	index     *control.Index             // the rule for any day, by binary search
	strip     *timelineStrip             // the day page's timeline; nil when there is none
}

// timelineJSON is the compact history of every place that the day page
// embeds, so the slider can redraw any day with no request. Days are
// offsets from First. Each event is [day, controller, status, challenger,
// confidence, since].
type timelineJSON struct {
	First    string                 `json:"first"`
	Last     string                 `json:"last"`
	Factions map[string]factionJSON `json:"factions"`
	Places   []timelinePlace        `json:"places"`
}

type factionJSON struct {
	Name  string `json:"name"`
	Short string `json:"short"`
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
	for _, p := range d.places {
		d.placeBy[p.ID] = p
	}
	if d.first, d.last, d.hasDays, err = s.cfg.Store.Span(ctx); err != nil {
		return nil, err
	}
	events, since, err := s.cfg.Store.Timeline(ctx)
	if err != nil {
		return nil, err
	}
	d.index = control.NewIndex(d.places, events)
	d.timeline = timelineJSON{First: d.first.String(), Last: d.last.String(), Factions: map[string]factionJSON{}}
	for _, f := range d.factions {
		d.timeline.Factions[f.ID] = factionJSON{Name: f.Name, Short: f.Short, Color: f.Color}
	}
	byPlace := map[string][][]any{}
	for _, e := range events {
		byPlace[e.Place] = append(byPlace[e.Place], []any{
			int(e.Day - d.first), e.Controller, string(e.Status), e.Challenger, string(e.Confidence), int(since[e.ID] - d.first),
		})
	}
	for _, p := range d.places {
		ev := byPlace[p.ID]
		if ev == nil {
			ev = [][]any{}
		}
		d.timeline.Places = append(d.timeline.Places, timelinePlace{ID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind, Lat: p.Lat, Lon: p.Lon, Events: ev})
	}
	if d.strip, err = buildStrip(ctx, d, events, since); err != nil {
		return nil, err
	}
	disputed, err := s.cfg.Store.Events(ctx, control.Filter{Kind: control.KindDisputed})
	if err != nil {
		return nil, err
	}
	for _, e := range disputed {
		d.disputed[e.Place] = append(d.disputed[e.Place], e)
	}
	s.data, s.dataVer = d, ver
	return d, nil
}
