package server

import (
	"bytes"
	"fmt"
	"image/color"
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/preview"
)

// handlePreview draws the day's link-preview image (og:image). The cache
// wrapper keeps one PNG per data version and day.
func (s *Server) handlePreview(c echo.Context) (*response, error) {
	ctx := c.Request().Context()
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	day, err := s.pageDay(c, d)
	if err != nil {
		return nil, err
	}
	snap, err := s.cfg.Store.Snapshot(ctx, day)
	if err != nil {
		return nil, err
	}
	in := s.previewInput(d, day, snap)
	var buf bytes.Buffer
	if err := preview.Render(&buf, in); err != nil {
		return nil, fmt.Errorf("server: preview of %s: %w", day, err)
	}
	return newResponse(http.StatusOK, "image/png", pageCache, buf.Bytes()), nil
}

// previewInput says what the preview of one day shows; the headline and
// counts are the day page's.
func (s *Server) previewInput(d *snapshotData, day control.Day, snap []control.Control) preview.Input {
	colors := map[string]color.RGBA{}
	colorOf := func(id string) color.RGBA {
		if col, ok := colors[id]; ok {
			return col
		}
		col, err := preview.ParseColor(s.factionView(d, id).Color)
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
		p, ok := d.placeBy[st.Place]
		if !ok {
			continue
		}
		pt := preview.Point{Lon: p.Lon, Lat: p.Lat, Major: p.Kind == "city", Known: st.Known}
		if pt.Major {
			pt.Label = p.Name
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
		}
		points = append(points, pt)
	}
	var legend []preview.LegendEntry
	for _, f := range d.factions {
		legend = append(legend, preview.LegendEntry{Color: colorOf(f.ID), Name: s.factionView(d, f.ID).Short, Count: counts[f.ID]})
	}
	// Largest holder first, like the headline; ties keep the factions' order.
	sort.SliceStable(legend, func(i, j int) bool { return legend[i].Count > legend[j].Count })
	return preview.Input{
		Title:     "Frontline",
		Subtitle:  "Control in Syria",
		Date:      longDay(day),
		Headline:  headline(d, counts, len(snap)),
		Footer:    "Outlines: Natural Earth",
		Countries: s.countries,
		Points:    points,
		Legend:    legend,
	}
}
