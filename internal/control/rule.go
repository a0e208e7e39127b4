package control

import "sort"

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
// applies only to a place its controller held; ok is false when it does
// not apply and prev stands.
func next(prev Control, e *Event) (c Control, ok bool) {
	if e.Status == StatusWithdrawn {
		if !prev.Known || prev.Controller != e.Controller {
			return prev, false
		}
		return Control{Place: prev.Place, Left: e.Controller, Confidence: e.Confidence, Since: e.Day, EventID: e.ID}, true
	}
	return held(prev, e), true
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
// latest control event dated on or before d among the events on p and the
// events on areas whose polygon contains p (a withdrawal counts only where
// its faction held p just before). Within one day, events apply
// from the largest area to the smallest, then p's own events; events of one
// area or place apply by Seq, then id. Events of other kinds, other places
// and unknown areas are ignored, so callers may pass everything they have.
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

// ranked is an event with the rank of what it names: an area's place in the
// largest-first order, or after every area for a place's own event.
type ranked struct {
	e    *Event
	rank int
}

func sortRanked(list []ranked) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.e.Day != b.e.Day {
			return a.e.Day < b.e.Day
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.e.Before(*b.e)
	})
}

// Snapshot returns the control of every place on day d, in the order of places.
func Snapshot(places []Place, events []Event, areas []Area, d Day) []Control {
	out := make([]Control, len(places))
	for i, p := range places {
		out[i] = ControlOn(p, events, areas, d)
	}
	return out
}
