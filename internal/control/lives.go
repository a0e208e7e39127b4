package control

// SetLives sets Until and Successor of every faction that a succession among
// events ends: Until is the day before the succession. A faction ends at
// most once (the data checks say so); should two successions end it, the
// first in the order they apply counts.
func SetLives(factions []Faction, events []Event) {
	ends := Ends(events)
	for i := range factions {
		factions[i].Until, factions[i].Successor = 0, ""
		if e, ok := ends[factions[i].ID]; ok {
			factions[i].Until, factions[i].Successor = e.Day-1, e.Controller
		}
	}
}

// Ends returns, by the id of the faction it ends, the first succession
// among events.
func Ends(events []Event) map[string]Event {
	out := map[string]Event{}
	for _, e := range events {
		if !e.IsSuccession() || e.Challenger == "" {
			continue
		}
		if prev, ok := out[e.Challenger]; !ok || e.Before(prev) {
			out[e.Challenger] = e
		}
	}
	return out
}

// Exists reports whether the faction exists on day d: always, unless it
// ended before d.
func (f Faction) Exists(d Day) bool { return f.Until == 0 || d <= f.Until }
