package control

import "sort"

// Control is the state of one place on one day. A place with no control
// event on or before the day is unknown: Known is false and the other
// fields are empty.
type Control struct {
	Place      string
	Known      bool
	Controller string
	Status     Status
	Challenger string
	Confidence Confidence
	Since      Day    // first day of the controller's current unbroken hold
	EventID    string // the event that set this state
}

// ControlOn applies the rule: the control of a place on day d is set by the
// latest control event dated on or before d (ties on one day go to the later
// Seq, then the later id). Events of other kinds and other places are
// ignored, so callers may pass everything they have.
func ControlOn(place string, events []Event, d Day) Control {
	c := Control{Place: place}
	var sorted []Event
	for _, e := range events {
		if e.Place == place && e.Kind == KindControl && e.Day <= d {
			sorted = append(sorted, e)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
	for _, e := range sorted {
		if !c.Known || c.Controller != e.Controller {
			c.Since = e.Day
		}
		c.Known = true
		c.Controller = e.Controller
		c.Status = e.Status
		c.Challenger = e.Challenger
		c.Confidence = e.Confidence
		c.EventID = e.ID
	}
	return c
}

// Snapshot returns the control of every place on day d, in the order of places.
func Snapshot(places []Place, events []Event, d Day) []Control {
	out := make([]Control, len(places))
	for i, p := range places {
		out[i] = ControlOn(p.ID, events, d)
	}
	return out
}

// SinceDays returns, for each control event, the first day of the unbroken
// hold it belongs to (the Since that ControlOn reports once the event applies).
// Stores use it to keep that day beside each event so a snapshot needs one
// seek per place.
func SinceDays(events []Event) map[string]Day {
	var ctl []Event
	for _, e := range events {
		if e.Kind == KindControl {
			ctl = append(ctl, e)
		}
	}
	sort.SliceStable(ctl, func(i, j int) bool {
		if ctl[i].Place != ctl[j].Place {
			return ctl[i].Place < ctl[j].Place
		}
		return ctl[i].Before(ctl[j])
	})
	out := make(map[string]Day, len(ctl))
	for i, e := range ctl {
		since := e.Day
		if i > 0 && ctl[i-1].Place == e.Place && ctl[i-1].Controller == e.Controller {
			since = out[ctl[i-1].ID]
		}
		out[e.ID] = since
	}
	return out
}
