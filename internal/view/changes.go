package view

import (
	"sort"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/web"
)

// Range is the two days a changes page compares, as read from what was
// asked: From before To, both inside the data; On is the day asked for
// when one day was (0 otherwise), and Notes say how the asking was read.
type Range struct {
	From, To, On control.Day
	Notes        []string
}

// ChangesRange reads the days a changes page was asked for. A range the
// reader got wrong still answers, with a note saying what is shown:
// reversed days are swapped, days beyond the data are clamped to it, and
// one day is compared with the day before. reversed and clamped say that
// the server's cache already did the first two (its key holds the days in
// order and inside the data).
func ChangesRange(l *locale.Locale, d *snapshot.Data, from, to control.Day, reversed, clamped bool) Range {
	var notes []string
	if from > to || reversed {
		from, to = min(from, to), max(from, to)
		notes = append(notes, l.T("changes.note_reversed", "from", ShortDay(l, from), "to", ShortDay(l, to)))
	}
	if cf, ct := ClampDay(d, from), ClampDay(d, to); cf != from || ct != to || clamped {
		from, to = cf, ct
		notes = append(notes, l.T("changes.note_clamped", "first", LongDay(l, d.First), "last", LongDay(l, d.Last), "from", ShortDay(l, from), "to", ShortDay(l, to)))
	}
	on := control.Day(0)
	if from == to {
		on = to
		if to > d.First {
			from = to - 1
		} else {
			notes = append(notes, l.T("changes.note_first", "date", LongDay(l, to)))
		}
	}
	return Range{From: from, To: to, On: on, Notes: notes}
}

// ClampDay is day moved inside the data's days.
func ClampDay(d *snapshot.Data, day control.Day) control.Day {
	return max(d.First, min(day, d.Last))
}

// Changes compares control on the two days of r: the places that changed
// hands, those that passed to a successor, those that became or stopped
// being contested, and the control records in between (events, dated
// after r.From up to r.To; more is the address of all of them when events
// are the first ones).
func Changes(e Env, r Range, events []control.Event, more string) web.ChangesPage {
	l, d := e.L, e.Data
	from, to, on := r.From, r.To, r.On
	before, after := d.Index.At(from), d.Index.At(to)
	byPlace := map[string][]web.Event{}
	for _, ev := range events {
		if ev.Area == "" {
			byPlace[ev.Place] = append(byPlace[ev.Place], Event(l, d, ev))
			continue
		}
		// An area's record stands behind every place inside the area.
		for k, i := range d.InArea[ev.Area] {
			v := Event(l, d, ev)
			v.Repeat = k > 0
			byPlace[d.Places[i].ID] = append(byPlace[d.Places[i].ID], v)
		}
	}
	page := web.ChangesPage{
		Assets: e.Assets, From: from.String(), To: to.String(), FromLong: LongDay(l, from), ToLong: LongDay(l, to),
		First: d.First.String(), Last: d.Last.String(), Total: len(after), More: more, Notes: r.Notes,
	}
	canonical := web.ChangesURL(from.String(), to.String())
	if on != 0 {
		page.On, page.OnLong = on.String(), LongDay(l, on)
		canonical = web.ChangesURL(on.String(), on.String())
	}
	page.Map, page.Gains = e.changesMap(from, to)
	// By place, not by index: an import between the two reads may add one.
	was := map[string]control.Control{}
	for _, b := range before {
		was[b.Place] = b
	}
	var names []string
	succ := map[[2]string]int{} // by ended and successor, the group in page.Successions
	for _, a := range after {
		b := was[a.Place]
		p := d.PlaceBy[a.Place]
		ch := web.Change{PlaceID: p.ID, Name: p.Name, NameAR: p.NameAR, Before: Side(l, d, b), After: Side(l, d, a), Events: byPlace[p.ID]}
		wasC, isC := b.Known && b.Status == control.StatusContested, a.Known && a.Status == control.StatusContested
		if b.Known && a.Known && d.Succeeded(b.Controller, a.Controller, from, to) {
			_, ended, _ := d.SuccessorIn(b.Controller, from, to)
			key := [2]string{b.Controller, a.Controller}
			k, ok := succ[key]
			if !ok {
				k = len(page.Successions)
				succ[key] = k
				page.Successions = append(page.Successions, web.SuccessionGroup{Ended: Faction(l, d, b.Controller), Successor: Faction(l, d, a.Controller),
					Day: ended.String(), DayLong: LongDay(l, ended)})
			}
			page.Successions[k].Places = append(page.Successions[k].Places, ch)
			continue
		}
		if b.Known != a.Known || b.Controller != a.Controller {
			if isC && !wasC {
				ch.Note = l.T("changes.now_contested")
			}
			page.Changed = append(page.Changed, ch)
			names = append(names, PlaceName(l, p))
			continue
		}
		page.Same++
		switch {
		case isC && !wasC:
			ch.Note = l.T("changes.became_contested")
		case wasC && !isC:
			ch.Note = l.T("changes.no_longer_contested")
		default:
			continue
		}
		page.Contested = append(page.Contested, ch)
	}
	shown := map[string]bool{}
	page.ChangedGroups = web.GroupChanges(page.Changed, shown)
	page.ContestedGroups = web.GroupChanges(page.Contested, shown)
	fromS, toS := ShortDay(l, from), ShortDay(l, to)
	title := l.T("changes.title_range", "from", fromS, "to", toS)
	desc := l.T("changes.desc_none_range", "from", fromS, "to", toS)
	if len(names) > 0 {
		desc = l.N("changes.desc_range", len(names), "from", fromS, "to", toS, "names", JoinNames(l, names))
	}
	if on != 0 {
		onS := ShortDay(l, on)
		title = l.T("changes.title_on", "date", onS)
		desc = l.T("changes.desc_none_on", "date", onS)
		if len(names) > 0 {
			desc = l.N("changes.desc_on", len(names), "date", onS, "names", JoinNames(l, names))
		}
	}
	page.Meta = e.Meta(string(canonical))
	page.Meta.Title = l.T("site.title_suffix", "title", title)
	page.Meta.Description = desc
	page.Meta.Site = e.Site()
	return page
}

// leftLand is the grey of land its holder left and no source gives to
// anyone, on the map of what changed.
const leftLand = symbol.LeftLand

// changesMap draws the land whose holder differs between two days, in the
// new holder's colour (grey where the holder withdrew and no one is named),
// with the front lines of the second day, and counts who took land from whom.
func (e Env) changesMap(from, to control.Day) (*web.MapSVG, []web.Gain) {
	l, d := e.L, e.Data
	if d.Territory == nil {
		return nil, nil
	}
	before, after := d.AllIndex.At(from), d.AllIndex.At(to)
	type pair struct{ gainer, loser string }
	var pairs []pair
	idx := map[pair]int{}
	count := map[pair]int{}
	group := make([]int, len(after))
	for i, a := range after {
		b := before[i]
		group[i] = -1
		var k pair
		switch {
		case a.Known && b.Known && d.Succeeded(b.Controller, a.Controller, from, to):
			// Passed to a successor: the same hands under a new name.
			continue
		case a.Known && !(b.Known && b.Controller == a.Controller):
			k = pair{a.Controller, ""}
			if b.Known {
				k.loser = b.Controller
			}
		case !a.Known && a.Left != "" && b.Known:
			// Left by its holder, taken by no one a source names.
			k = pair{"", b.Controller}
		default:
			continue
		}
		g, ok := idx[k]
		if !ok {
			g = len(pairs)
			idx[k] = g
			pairs = append(pairs, k)
		}
		group[i] = g
		count[k]++
	}
	m := &web.MapSVG{Width: MapW, Height: MapH, Land: e.Map.Land, Layers: e.Map.Layers,
		Label: l.T("changes.map_label", "from", ShortDay(l, from), "to", ShortDay(l, to))}
	// Land left to no one named is grey.
	gainColor := func(gainer string) string {
		if gainer == "" {
			return leftLand
		}
		return draw.HolderColor(d, gainer)
	}
	for g, polys := range d.Territory.Cells.Dissolve(group) {
		m.Areas = append(m.Areas, web.Area{D: draw.Polys(e.Map.Frame, polys, draw.Step(len(d.All))), Fill: gainColor(pairs[g].gainer), Opacity: symbol.ContestedLand})
	}
	draw.SortAreas(m.Areas)
	keys, dg := draw.DayGroups(d, to)
	m.Fronts = draw.Fronts(e.Map.Frame, d, keys, dg)
	var gains []web.Gain
	for _, k := range pairs {
		gn := web.Gain{Cells: count[k]}
		if k.gainer != "" {
			gn.Gainer = Faction(l, d, k.gainer)
		}
		gn.Gainer.Color = gainColor(k.gainer)
		if k.loser != "" {
			gn.Loser = Faction(l, d, k.loser)
		}
		gains = append(gains, gn)
	}
	sort.SliceStable(gains, func(i, j int) bool { return gains[i].Cells > gains[j].Cells })
	return m, gains
}
