package server

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
)

// Event answers are paged so that no answer grows with the data: limit
// events at most (defaultEventLimit when absent), and a link to the next page.
const (
	defaultEventLimit = 500
	maxEventLimit     = 2000
)

// eventPager is what the store offers for paging; the SQLite store has it.
type eventPager interface {
	EventsAfter(ctx context.Context, f control.Filter, day control.Day, seq int, id string) ([]control.Event, error)
}

// eventPage is one page of events and the address of the next, if any.
type eventPage struct {
	events []control.Event
	next   string // path and query of the next page; empty on the last
}

// filteredEvents answers one page of the events the request's from, to and
// place select, for every event route, reading limit and after.
func (s *Server) filteredEvents(c echo.Context) (eventPage, error) {
	ctx := c.Request().Context()
	d, err := s.loadData(ctx)
	if err != nil {
		return eventPage{}, err
	}
	f, err := s.eventFilter(c, d)
	if err != nil {
		return eventPage{}, err
	}
	q := params(c)
	limit := defaultEventLimit
	if q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 || n > maxEventLimit {
			return eventPage{}, badRequest(fmt.Sprintf("limit=%q is not a number from 1 to %d.", control.Clip(q.Get("limit"), 20), maxEventLimit), "")
		}
		limit = n
	}
	// One more than asked tells whether there is a next page.
	f.Limit = limit + 1
	var events []control.Event
	pager, ok := s.cfg.Store.(eventPager)
	switch {
	case q.Has("after") && !ok:
		return eventPage{}, badRequest("This server cannot page events.", "")
	case q.Has("after"):
		day, seq, id, err := parseCursor(q.Get("after"))
		if err != nil {
			return eventPage{}, badRequest("after= is not a cursor from a next link.", "Follow the next link of the previous page.")
		}
		events, err = pager.EventsAfter(ctx, f, day, seq, id)
		if err != nil {
			return eventPage{}, err
		}
	default:
		if events, err = s.cfg.Store.Events(ctx, f); err != nil {
			return eventPage{}, err
		}
	}
	page := eventPage{events: events}
	if len(events) > limit && ok {
		page.events = events[:limit]
		last := events[limit-1]
		next := url.Values{}
		for k, v := range params(c) {
			next[k] = v
		}
		next.Set("after", cursor(last))
		page.next = c.Path() + "?" + next.Encode()
	} else if len(events) > limit {
		page.events = events[:limit]
	}
	return page, nil
}

// cursor names the place of e in the order events apply.
func cursor(e control.Event) string {
	return base64.RawURLEncoding.EncodeToString([]byte(e.Day.String() + "|" + strconv.Itoa(e.Seq) + "|" + e.ID))
}

func parseCursor(raw string) (control.Day, int, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return 0, 0, "", err
	}
	parts := strings.SplitN(string(b), "|", 3)
	if len(parts) != 3 {
		return 0, 0, "", fmt.Errorf("cursor has %d parts", len(parts))
	}
	day, err := control.ParseDay(parts[0])
	if err != nil {
		return 0, 0, "", err
	}
	seq, err := strconv.Atoi(parts[1])
	if err != nil {
		return 0, 0, "", err
	}
	return day, seq, parts[2], nil
}
