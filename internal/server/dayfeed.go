package server

import (
	"context"
	"net/url"

	"frontline/internal/control"
)

// dayFeedMax is how many of a day's events its page embeds; a busier day
// links to the rest (the events API, paged), so no page grows with the data.
// Fifty is more than any day of the embedded data has (38 at most) and a
// long read on a phone already; at 200, a busy day's cards were 60% of the
// page's elements at 1,000 places, which a phone styles before the map.
const dayFeedMax = 50

// placeMax and changesMax bound the records a place page and a changes page
// read and show, for the same reason.
const (
	placeMax   = 1000
	changesMax = 2000
)

// dayFeed returns the first dayFeedMax events of day and, when there are
// more, the address that lists them all.
func (s *Server) dayFeed(ctx context.Context, d *snapshotData, day control.Day) ([]control.Event, string, error) {
	events, err := s.cfg.Store.Events(ctx, control.Filter{From: day, To: day, Limit: dayFeedMax + 1})
	if err != nil {
		return nil, "", err
	}
	if len(events) <= dayFeedMax {
		return events, "", nil
	}
	q := url.Values{"from": {day.String()}, "to": {day.String()}}
	return events[:dayFeedMax], "/api/v1/events?" + q.Encode(), nil
}
