package dataset

import (
	"fmt"
	"sort"
	"strings"

	"frontline/internal/control"
)

// lives checks the rules of factions' lives that span rows: a faction ends
// at most once, and once it has ended no event names it, from the
// succession's day on (its last day is the day before). It keeps one record
// per faction, not per event, so an import that streams millions of rows
// can use it; of several events that name an ended faction too late, the
// latest is reported.
type lives struct {
	ends  map[string]ending // by the faction that ends: its first succession read
	named map[string]naming // by faction: the latest event that names it, successions ending it aside
	probs Problems
}

type ending struct {
	id, successor string
	day           control.Day
	at            Pos
}

type naming struct {
	id  string
	day control.Day
	at  Pos
}

func newLives() *lives { return &lives{ends: map[string]ending{}, named: map[string]naming{}} }

// add records event e, read at at.
func (l *lives) add(e control.Event, at Pos) {
	if e.IsSuccession() && e.Challenger != "" {
		if prev, ok := l.ends[e.Challenger]; ok {
			l.probs = append(l.probs, Problem{at, fmt.Sprintf("faction %q ends a second time: a faction ends at most once (first at line %d, on %s)", e.Challenger, prev.at.Line, prev.day)})
		} else {
			l.ends[strings.Clone(e.Challenger)] = ending{strings.Clone(e.ID), strings.Clone(e.Controller), e.Day, at}
		}
	}
	names := []string{e.Controller}
	if !e.IsSuccession() {
		names = append(names, e.Challenger)
	}
	for _, f := range names {
		if f == "" {
			continue
		}
		if prev, ok := l.named[f]; !ok || e.Day > prev.day {
			// Cloned: the ids are part of the row's text, which an
			// import does not keep.
			l.named[strings.Clone(f)] = naming{strings.Clone(e.ID), e.Day, at}
		}
	}
}

// problems returns what add found and, for each faction that ended, the
// latest event that names it on or after its succession's day.
func (l *lives) problems() Problems {
	out := append(Problems(nil), l.probs...)
	ended := make([]string, 0, len(l.ends))
	for f := range l.ends {
		ended = append(ended, f)
	}
	sort.Strings(ended)
	for _, f := range ended {
		end := l.ends[f]
		if n, ok := l.named[f]; ok && n.day >= end.day {
			out = append(out, Problem{n.at, fmt.Sprintf("event %q names faction %q on %s, but %q ended on %s when event %q (line %d) passed it to %q: its last day is %s",
				n.id, f, n.day, f, end.day, end.id, end.at.Line, end.successor, end.day-1)})
		}
	}
	return out
}
