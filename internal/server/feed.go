package server

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/internal/view"
)

// handleEventsCSV answers the events of /api/v1/events in the events.csv
// format of the data directory, so a reader can open it in a spreadsheet or
// an editor can import it back.
func (s *Server) handleEventsCSV(c echo.Context) (*response, error) {
	return s.csvOf(c, dataset.Headers[dataset.EventsFile],
		func(e control.Event) [][]string { return [][]string{dataset.EventRow(e)} })
}

// handleSourcesCSV answers the sources of the same events in sources.csv format.
func (s *Server) handleSourcesCSV(c echo.Context) (*response, error) {
	return s.csvOf(c, dataset.Headers[dataset.SourcesFile],
		func(e control.Event) [][]string {
			var rows [][]string
			for _, src := range e.Sources {
				src.URL = view.SafeURL(src.URL)
				rows = append(rows, dataset.SourceRow(e.ID, src))
			}
			return rows
		})
}

func (s *Server) csvOf(c echo.Context, header []string, rows func(control.Event) [][]string) (*response, error) {
	page, err := s.filteredEvents(c)
	if err != nil {
		return nil, err
	}
	events := page.events
	var buf bytes.Buffer
	w := dataset.NewCSVWriter(&buf)
	if err := w.Write(header); err != nil {
		return nil, fmt.Errorf("server: write csv: %w", err)
	}
	for _, e := range events {
		for _, r := range rows(e) {
			if err := w.Write(r); err != nil {
				return nil, fmt.Errorf("server: write csv: %w", err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("server: write csv: %w", err)
	}
	resp := answer(c, buf.Bytes())
	if page.next != "" {
		// CSV has no room for the next page's address; the header carries it.
		resp.link = "<" + page.next + `>; rel="next"`
	}
	return resp, nil
}

const feedSize = 50

func (s *Server) handleFeed(c echo.Context) (*response, error) {
	ctx := c.Request().Context()
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	events, err := s.cfg.Store.Events(ctx, control.Filter{Newest: true, Limit: feedSize})
	if err != nil {
		return nil, err
	}
	feed := view.Feed(s.loc(locale.English()), d.Data, s.cfg.BaseURL, events) // the feed is in the default language
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("server: encode feed: %w", err)
	}
	return answer(c, append([]byte(xml.Header), out...)), nil
}
