package server

import (
	"bytes"
	"fmt"
	"image/color"
	"sort"

	"github.com/labstack/echo/v4"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/preview"
	"frontline/internal/view"
)

// handlePreview draws the day's link-preview image (og:image). The response
// cache keeps one PNG per data version, language and day (the route reads
// no query parameter, so no query splits it), and its single flight draws
// each once however many ask at the same time.
func (s *Server) handlePreview(c echo.Context) (*response, error) {
	l := locale.From(c.Request().Context())
	ctx := c.Request().Context()
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	day, err := s.pageDay(c, d)
	if err != nil {
		return nil, err
	}
	// Few drawings at a time (one, unless publishing): a flood of
	// different days cannot keep every core busy drawing.
	select {
	case s.previewSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.previewSlots }()
	s.previewRenders.Add(1)
	var buf bytes.Buffer
	if err := preview.Render(&buf, s.previewInput(l, d, day, d.Index.At(day))); err != nil {
		return nil, fmt.Errorf("server: preview of %s: %w", day, err)
	}
	return answer(c, buf.Bytes()), nil
}

// previewInput says what the preview of one day shows; the headline and
// counts are the day page's.
func (s *Server) previewInput(l *locale.Locale, d *snapshotData, day control.Day, snap []control.Control) preview.Input {
	colors := map[string]color.RGBA{}
	colorOf := func(id string) color.RGBA {
		if col, ok := colors[id]; ok {
			return col
		}
		col, err := preview.ParseColor(view.Faction(l, d.Data, id).Color)
		if err != nil {
			// A bad colour in an old database draws grey rather than failing.
			col = color.RGBA{0x77, 0x77, 0x77, 0xff}
		}
		colors[id] = col
		return col
	}
	counts := map[string]int{}
	var points []preview.Point
	for _, st := range snap {
		p, ok := d.PlaceBy[st.Place]
		if !ok {
			continue
		}
		pt := preview.Point{Lon: p.Lon, Lat: p.Lat, Major: p.Kind == "city", Kind: p.Kind, Known: st.Known}
		if pt.Major {
			pt.Label = view.PlaceName(l, p)
		}
		if st.Known {
			counts[st.Controller]++
			pt.Color = colorOf(st.Controller)
			pt.Claimed = st.Confidence == control.Claimed
			if st.Status == control.StatusContested {
				pt.Contested = true
				if st.Challenger != "" {
					pt.Challenger = colorOf(st.Challenger)
				}
			}
			if st.Status == control.StatusJoint {
				pt.Joint, pt.Partner = true, colorOf(st.Challenger)
			}
		}
		points = append(points, pt)
	}
	var legend []preview.LegendEntry
	for _, f := range d.Factions {
		n := counts[f.ID]
		if !d.Exists(f.ID, day) {
			continue // the legend of a day names only the factions that exist that day
		}
		legend = append(legend, preview.LegendEntry{Color: colorOf(f.ID), Name: view.Faction(l, d.Data, f.ID).Short, Count: n, CountText: l.Num(n)})
	}
	// Largest holder first, like the headline; ties keep the factions' order.
	sort.SliceStable(legend, func(i, j int) bool { return legend[i].Count > legend[j].Count })
	areas, fronts := s.previewTerritory(d, day, colorOf)
	in := preview.Input{
		Areas:     areas,
		Fronts:    fronts,
		Title:     l.T("site.name"),
		Subtitle:  l.T("site.subtitle"),
		Date:      view.LongDay(l, day),
		Headline:  view.HeadlineLead(l, d.Data, counts, len(snap)).String(),
		Footer:    l.T("preview.footer"),
		Countries: s.countriesIn(l),
		Box:       s.cfg.Region.Box,
		RTL:       l.RTL(),
		Points:    points,
		Legend:    legend,
	}
	// The image draws no word of its own: the note and the keys to the
	// symbols are said here.
	in.Note = l.T("preview.note")
	in.ContestedKey, in.ClaimedKey, in.UnknownKey = l.T("legend.contested"), l.T("legend.claimed"), l.T("legend.holder_unknown")
	in.JointKey = l.T("legend.joint")
	return in
}

// countriesIn are the basemap's countries named in l's language, where the
// outlines carry the name.
func (s *Server) countriesIn(l *locale.Locale) []basemap.Country {
	cs := make([]basemap.Country, len(s.countries))
	for i, c := range s.countries {
		c.Name, _ = l.Pick(c.Name, c.NameAR)
		cs[i] = c
	}
	return cs
}

// previewTerritory is the land of one day for the preview, as plain lon/lat:
// the same groups, fills and front lines as the day page's map, in the
// groups' first-seen order so that the image is the same every time.
func (s *Server) previewTerritory(d *snapshotData, day control.Day, colorOf func(string) color.RGBA) ([]preview.Area, [][][2]float64) {
	if d.Territory == nil {
		return nil, nil
	}
	keys, group := draw.DayGroups(d.Data, day)
	dissolved := d.Territory.Cells.Dissolve(group)
	var areas []preview.Area
	for g, k := range keys {
		polys := dissolved[g]
		if len(polys) == 0 {
			continue
		}
		a := preview.Area{Fill: colorOf(k.Controller), Claimed: k.Confidence == control.Claimed}
		for _, poly := range polys {
			for _, ring := range poly {
				a.Rings = append(a.Rings, ring)
			}
		}
		if k.Status == control.StatusContested {
			a.Contested = true
			if k.Challenger != "" {
				a.Hatch = colorOf(k.Challenger)
			}
		}
		if k.Status == control.StatusJoint {
			a.Joint, a.Dots = true, colorOf(k.Challenger)
		}
		areas = append(areas, a)
	}
	return areas, d.Territory.Cells.Fronts(draw.HolderGroups(keys, group))
}
