package control

import "sort"

// Index answers the rule for every place on any day by binary search over
// each place's control events: a snapshot costs N log M for N places and M
// events, whatever the day. Build it once per version of the data.
type Index struct {
	places []string
	events [][]indexed // per place, in the order they apply
}

type indexed struct {
	day   Day
	since Day
	e     *Event
}

// NewIndex indexes the control events of the given places; events of other
// kinds and of unknown places are ignored.
func NewIndex(places []Place, events []Event) *Index {
	ix := &Index{places: make([]string, len(places)), events: make([][]indexed, len(places))}
	pos := make(map[string]int, len(places))
	for i, p := range places {
		ix.places[i] = p.ID
		pos[p.ID] = i
	}
	for i := range events {
		e := &events[i]
		if e.Kind != KindControl {
			continue
		}
		if j, ok := pos[e.Place]; ok {
			ix.events[j] = append(ix.events[j], indexed{day: e.Day, e: e})
		}
	}
	for _, list := range ix.events {
		sort.SliceStable(list, func(a, b int) bool { return list[a].e.Before(*list[b].e) })
		for k := range list {
			list[k].day = list[k].e.Day
			list[k].since = list[k].day
			if k > 0 && list[k-1].e.Controller == list[k].e.Controller {
				list[k].since = list[k-1].since
			}
		}
	}
	return ix
}

// At returns the control of every place on day d, in the order of places.
func (ix *Index) At(d Day) []Control {
	out := make([]Control, len(ix.places))
	for i, list := range ix.events {
		out[i] = Control{Place: ix.places[i]}
		// The first event dated after d; the one before it applies.
		k := sort.Search(len(list), func(k int) bool { return list[k].day > d })
		if k == 0 {
			continue
		}
		x := list[k-1]
		out[i] = Control{Place: ix.places[i], Known: true, Controller: x.e.Controller, Status: x.e.Status,
			Challenger: x.e.Challenger, Confidence: x.e.Confidence, Since: x.since, EventID: x.e.ID}
	}
	return out
}
