package server

import (
	"context"
	"net/url"
	"sort"

	"frontline/internal/control"
	"frontline/web"
)

// dayFeedMax is how many of a day's events its page embeds; a busier day
// links to the rest (the events API, paged), so no page grows with the data.
const dayFeedMax = 200

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

// markChanged marks the rows whose place's state changed on day, as the
// browser marks them when the slider moves: the last state of the place's
// embedded history not after day begins on day. Rows are the listed places,
// in the order of the embedded timeline.
func markChanged(d *snapshotData, day control.Day, rows []web.Row) {
	off := int(day - d.First)
	for i := range rows {
		ev := d.timeline.Places[i].Events
		k := sort.Search(len(ev), func(k int) bool { return ev[k][0].(int) > off })
		rows[i].ChangedNow = k > 0 && ev[k-1][0].(int) == off
		// A state a succession set is not among the tuples; the browser
		// marks it from the succession's day, and so does the page.
		if ch := d.Index.Changes(i); !rows[i].ChangedNow {
			j := sort.Search(len(ch), func(j int) bool { return ch[j].Day > day })
			if j > 0 && ch[j-1].Day == day {
				_, rows[i].ChangedNow = d.Succession[ch[j-1].EventID]
			}
		}
	}
}
