package server

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/locale"
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
				src.URL = safeURL(src.URL)
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

// The Atom feed: the newest events first, each linking to its day.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title    string   `xml:"title"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Link     atomLink `xml:"link"`
	Category atomCat  `xml:"category"`
	Content  atomText `xml:"content"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
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
	base := s.cfg.BaseURL
	feed := atomFeed{
		Title:   s.loc(locale.English()).T("feed.title"),
		Sub:     "Every sourced event: changes of control, contests, claims and confirmations.",
		ID:      base + "/feed.atom",
		Updated: "1970-01-01T00:00:00Z",
		Links:   []atomLink{{Href: base + "/feed.atom", Rel: "self", Type: "application/atom+xml"}, {Href: base + "/", Rel: "alternate", Type: "text/html"}},
		Author:  atomPerson{Name: "Frontline"},
	}
	if len(events) > 0 {
		feed.Updated = events[0].Day.String() + "T00:00:00Z"
	}
	for _, e := range events {
		ev := s.eventView(s.loc(locale.English()), d, e) // the feed is in the default language
		// What the event is about: its place, else its area.
		where := ev.PlaceName
		if where == "" {
			where = ev.AreaName
		}
		title := ev.KindLabel
		if where != "" {
			title = where + ": " + title
		}
		if e.Kind == control.KindControl {
			title = where + ": held by " + ev.Controller.Short
			switch e.Status {
			case control.StatusContested:
				title = where + ": " + ev.Controller.Short + ", contested by " + ev.Challenger.Short
			case control.StatusWithdrawn:
				title = where + ": " + ev.Controller.Short + " withdrew, holder unknown"
			case control.StatusJoint:
				title = where + ": " + ev.Controller.Short + " jointly with " + ev.Challenger.Short
			case control.StatusSuccession:
				// It names no place: it reaches every place the ended faction held.
				title = ev.Challenger.Name + ", since " + ev.DayShort + " part of the " + ev.Controller.Name
			}
		}
		title += " (" + string(e.Confidence) + ")"
		var body strings.Builder
		fmt.Fprintf(&body, "<p>%s</p><ul>", html.EscapeString(e.Summary))
		for _, src := range ev.Sources {
			body.WriteString("<li>" + html.EscapeString(src.Outlet))
			if src.URL != "" {
				label := src.Title
				if label == "" {
					label = src.URL
				}
				fmt.Fprintf(&body, `: <a href="%s">%s</a>`, html.EscapeString(src.URL), html.EscapeString(label))
			}
			if src.Quote != "" {
				fmt.Fprintf(&body, " — “%s”", html.EscapeString(src.Quote))
			}
			body.WriteString("</li>")
		}
		body.WriteString("</ul>")
		feed.Entries = append(feed.Entries, atomEntry{
			Title:    title,
			ID:       base + "/day/" + e.Day.String() + "#ev-" + e.ID,
			Updated:  e.Day.String() + "T00:00:00Z",
			Link:     atomLink{Href: base + "/day/" + e.Day.String() + "#ev-" + e.ID, Rel: "alternate", Type: "text/html"},
			Category: atomCat{Term: string(e.Kind)},
			Content:  atomText{Type: "html", Body: body.String()},
		})
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("server: encode feed: %w", err)
	}
	return answer(c, append([]byte(xml.Header), out...)), nil
}
