package control

import (
	"cmp"
	"slices"
)

// Control is the state of one place on one day. A place with no control
// event on or before the day is unknown: Known is false and the other
// fields are empty. A place its holder withdrew from is unknown too, but
// keeps the withdrawal: Left, Since (the day) and EventID.
type Control struct {
	Place      string
	Known      bool
	Controller string
	Status     Status
	Challenger string
	Confidence Confidence
	Since      Day    // first day of the controller's current unbroken hold
	EventID    string // the event that set this state (a place's own or an area's)
	// ContestedSince is, while the place is contested, the first day of the
	// current unbroken contest by this challenger against this holder; zero
	// otherwise.
	ContestedSince Day
	// ClaimedOn is, while the hold is only claimed, the first day of the
	// current unbroken claim of this holder; zero once confirmed.
	ClaimedOn Day
	// Left is, while the place is unknown after a withdrawal, the faction
	// that left.
	Left string
}

// next returns the state after event e applies to prev (which may be
// unknown): the one place where since, contested-since and claimed-on are
// carried forward or restarted, shared by ControlOn and Index. A withdrawal
// applies only to a place its controller held, a succession only to a place
// its ended faction held or challenged; ok is false when e does not apply
// and prev stands.
func next(prev Control, e *Event) (c Control, ok bool) {
	switch e.Status {
	case StatusWithdrawn:
		if !prev.Known || prev.Controller != e.Controller {
			return prev, false
		}
		return Control{Place: prev.Place, Left: e.Controller, Confidence: e.Confidence, Since: e.Day, EventID: e.ID}, true
	case StatusSuccession:
		return succeed(prev, e)
	}
	// A claim never undoes a confirmation: a claimed event that names the
	// holder, status and challenger a place already has, confirmed, is no
	// change (a broad claim over a governorate leaves the cities in it that
	// sources confirmed as they were).
	if e.Confidence == Claimed && prev.Known && prev.Confidence == Confirmed && prev.Controller == e.Controller &&
		prev.Status == e.Status && prev.Challenger == e.Challenger {
		return prev, false
	}
	return held(prev, e), true
}

// succeed is the state after succession e, in which e.Challenger ends and
// e.Controller succeeds it. Where the ended faction held the place, the
// successor holds it with the same status, challenger or partner and
// confidence, from the succession's day; where it was the challenger or
// partner, the successor takes that role and the hold goes on. As when an
// event names new sides, a contest restarts on the day (its sides changed),
// and so does a claim whose holder changed. Where the successor would be
// its own challenger or partner, it holds the place alone. Other places,
// and places nobody holds, are not touched.
func succeed(prev Control, e *Event) (Control, bool) {
	ended, successor := e.Challenger, e.Controller
	if !prev.Known || ended == "" || (prev.Controller != ended && prev.Challenger != ended) {
		return prev, false
	}
	c := prev
	c.EventID = e.ID
	if c.Controller == ended {
		c.Controller, c.Since = successor, e.Day
		if c.Confidence == Claimed {
			c.ClaimedOn = e.Day
		}
	}
	if c.Challenger == ended {
		c.Challenger = successor
	}
	if c.Status == StatusContested {
		c.ContestedSince = e.Day
	}
	if c.Challenger == c.Controller {
		c.Status, c.Challenger, c.ContestedSince = StatusHeld, "", 0
	}
	return c, true
}

// held is the state after a control event that names a holder.
func held(prev Control, e *Event) Control {
	c := Control{Place: prev.Place, Known: true, Controller: e.Controller, Status: e.Status, Challenger: e.Challenger,
		Confidence: e.Confidence, Since: e.Day, EventID: e.ID}
	same := prev.Known && prev.Controller == e.Controller
	if same {
		c.Since = prev.Since
	}
	if e.Status == StatusContested {
		c.ContestedSince = e.Day
		if same && prev.Status == StatusContested && prev.Challenger == e.Challenger {
			c.ContestedSince = prev.ContestedSince
		}
	}
	if e.Confidence == Claimed {
		c.ClaimedOn = e.Day
		if same && prev.Confidence == Claimed {
			c.ClaimedOn = prev.ClaimedOn
		}
	}
	return c
}

// ControlOn applies the rule: the control of place p on day d is set by the
// latest control event dated on or before d among the successions, the
// events on p and the events on areas whose polygon contains p (a
// withdrawal counts only where its faction held p just before, a succession
// only where its ended faction held or challenged p). Within one day,
// successions apply first, then events from the largest area to the
// smallest, then p's own events; events of one rank apply by Seq, then id.
// Events of other kinds, other places and unknown areas are ignored, so
// callers may pass everything they have.
func ControlOn(p Place, events []Event, areas []Area, d Day) Control {
	rank := areaRanks(areas)
	inside := map[string]bool{}
	for _, a := range areas {
		if a.Contains(p.Lon, p.Lat) {
			inside[a.ID] = true
		}
	}
	var list []ranked
	for i := range events {
		e := &events[i]
		if e.Kind != KindControl || e.Day > d {
			continue
		}
		switch {
		case e.IsSuccession():
			list = append(list, ranked{e, successionRank})
		case e.Area != "":
			if inside[e.Area] {
				list = append(list, ranked{e, rank[e.Area]})
			}
		case e.Place == p.ID:
			list = append(list, ranked{e, len(areas)})
		}
	}
	sortRanked(list)
	c := Control{Place: p.ID}
	for _, x := range list {
		c, _ = next(c, x.e)
	}
	return c
}

// successionRank puts successions before every area and place event of their day.
const successionRank = -1

// ranked is an event with the rank of what it names: an area's place in the
// largest-first order, after every area for a place's own event, or before
// them all for a succession.
type ranked struct {
	e    *Event
	rank int
}

func sortRanked(list []ranked) {
	slices.SortStableFunc(list, func(a, b ranked) int {
		if c := cmp.Compare(a.e.Day, b.e.Day); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(a.e.Seq, b.e.Seq); c != 0 {
			return c
		}
		// The order of Event.Before, without copying the events.
		return cmp.Compare(a.e.ID, b.e.ID)
	})
}

// Reaching returns the events and the areas that can decide p's control:
// successions, events on the areas that contain p and p's own events, and
// those areas. ControlOn over them gives the same answer as over all (it
// ranks areas largest first whatever else is listed) without testing every
// area's outline again for each day asked.
func Reaching(p Place, events []Event, areas []Area) ([]Event, []Area) {
	var in []Area
	inside := map[string]bool{}
	for _, a := range areas {
		if a.Contains(p.Lon, p.Lat) {
			in = append(in, a)
			inside[a.ID] = true
		}
	}
	var reach []Event
	for _, e := range events {
		if e.Kind == KindControl && (e.IsSuccession() || inside[e.Area] || e.Area == "" && e.Place == p.ID) {
			reach = append(reach, e)
		}
	}
	return reach, in
}

// Snapshot returns the control of every place on day d, in the order of places.
func Snapshot(places []Place, events []Event, areas []Area, d Day) []Control {
	out := make([]Control, len(places))
	for i, p := range places {
		out[i] = ControlOn(p, events, areas, d)
	}
	return out
}
