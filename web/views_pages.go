package web

import (
	"context"
	"fmt"
	"net/url"
	"sort"

	"github.com/a-h/templ"
)

// PlacePage is the full history of one place.
type PlacePage struct {
	Meta     Meta
	Assets   Assets
	Place    PlaceInfo
	Current  Row    // the state on the last day of the data
	AsOf     string // that day, long form
	AsOfDay  string // that day, YYYY-MM-DD
	Changes  []PlaceChange
	Orphans  []PlaceDispute // disputed claims made before any control record
	Others   []Event        // events at the place that change nothing on the map
	Map      PlaceMap
	Disputed int // how many disputed claims the place has
	// More is, when the page shows only the first records of a place with
	// very many, the address of all of them.
	More string
}

// PlaceInfo is what a place is, ready to print.
type PlaceInfo struct {
	ID, Name, NameAR, Kind string
	Lat, Lon               string // degrees with four decimals
	LatLon                 string // e.g. 34.7268° N, 36.7234° E
}

// PlaceChange is one control record of a place, with the claims of other
// sources that the dataset chose not to follow while it was in force.
type PlaceChange struct {
	Event    Event
	Disputes []PlaceDispute
}

// PlaceDispute is a claim a source made that the dataset does not follow.
type PlaceDispute struct {
	Event    Event
	Followed string // what the dataset follows instead, in words
}

// PlaceMap is the static map of a place page: every place, one highlighted.
type PlaceMap struct {
	Width, Height int
	Land          []Path
	Others        []Point
	Here          Point
}

// PlacesPage lists every place with its holder on the last day.
type PlacesPage struct {
	Meta    Meta
	Assets  Assets
	AsOf    string
	AsOfDay string
	Rows    []Row
	Query   string // the search, as typed
	Matched int    // places that match it (all when there is none)
	Total   int    // places Frontline follows
	First   int    // 1-based position of the first row shown
	Prev    string // the previous page's address, or ""
	Next    string // the next page's address, or ""
}

// ChangesPage compares control between two days.
type ChangesPage struct {
	Meta             Meta
	Assets           Assets
	From, To         string // YYYY-MM-DD
	FromLong, ToLong string
	First, Last      string // the data's range, for the form
	Changed          []Change
	Contested        []Change // places that became or stopped being contested
	// ChangedGroups and ContestedGroups are the same, grouped by where the
	// places went (GroupChanges), as the page shows them.
	ChangedGroups, ContestedGroups []ChangeGroup
	Same                           int // places whose holder did not change
	// Successions are the places whose holder ended between the days and
	// passed them to its successor: a change of name, not of the ground.
	Successions []SuccessionGroup
	Total       int
	Map         *MapSVG // the land that changed hands, in the gainer's colour; nil without territory
	Gains       []Gain  // who took land from whom, largest first
	// More is, when the records between the days are too many to list, the
	// address of all of them; the lists then show the first ones.
	More string
	// On is the day asked for when one day was (from = to): the page then
	// says what changed on it, From being the day before (or the same day
	// on the data's first day).
	On, OnLong string
	// Notes say how the range asked for was read: swapped, or clamped to
	// the data.
	Notes []string
}

// Gain is the land one side took from another between two days.
type Gain struct {
	Gainer, Loser Faction // Loser.ID is empty when the land was unknown before; Gainer.ID when the loser withdrew and no one is named
	Cells         int     // how many places and localities' land
}

// SucceededCount is how many places passed to a successor.
func (p ChangesPage) SucceededCount() int {
	n := 0
	for _, g := range p.Successions {
		n += len(g.Places)
	}
	return n
}

// SuccessionGroup is the places one faction held that passed to its
// successor, and the day it ended.
type SuccessionGroup struct {
	Ended, Successor Faction
	Day, DayLong     string
	Places           []Change
}

// Change is one place whose state differs between two days, and the
// control records that made the difference.
type Change struct {
	PlaceID, Name, NameAR string
	Before, After         Side
	Note                  string // "became contested" and the like
	Events                []Event
}

// Side is the state of a place on one end of a comparison.
type Side struct {
	Known      bool
	Left       Faction // while unknown after a withdrawal: the faction that left
	Holder     Faction
	Status     string
	Challenger Faction
	Confidence string
}

// EmbedPage is the chrome-less map for iframes.
type EmbedPage struct {
	Meta         Meta
	Assets       Assets
	EmbedJS      string
	Day          string
	DayLong      string
	Headline     Runs
	Factions     []Faction
	Unknown      int
	UnknownShare string
	Timeline     any
	Tiles        Tiles
	MapSVG       MapSVG
}

// Timeline is the grid of the timeline strip: one row per place, one
// column per day. It is rendered once per data version.
type Timeline struct {
	Width, Height int
	LabelW        int // width of the place names at the left (the right when RTL)
	// NameX and NameAnchor place the names: at the left, right-aligned, or
	// in a right-to-left page at the right, left-aligned, so that the
	// days run in the page's reading direction.
	NameX       int
	NameAnchor  string
	Top         int // height of the date ticks above the rows
	CellW, RowH int
	Rows        []TimelineRow
	Days        []TimelineDay
	Hatches     []string // the challengers' colours that stripe some run
	Dots        []string // the partners' colours that dot some run
}

// TimelineRow is one place's line of the strip.
type TimelineRow struct {
	PlaceID, Name string
	NameLang      string // "en" when Name is not in the page's language
	Y             int
	Runs          []TimelineRun
	Marks         []int // where columns of many days in which the place changed start
}

// TimelineRun is a stretch of days over which a place's state does not
// change, drawn as one rectangle.
type TimelineRun struct {
	X, W      int
	Fill      string // the holder's colour, white when unknown
	Known     bool
	Contested bool
	Hatch     string // the challenger's colour, for the stripes of a contested run
	Joint     bool
	Dots      string // the partner's colour, for the dots of a joint run
	Claimed   bool
}

// TimelineDay is one column: its link and, on some days, a date tick.
type TimelineDay struct {
	Day   string // YYYY-MM-DD
	Label string // e.g. "6 Dec 2024", for the link's title
	Tick  string // short label above the column, or empty
	X     int
}

// TimelineStrip is the timeline as the day page shows it: the frame of the
// grid, whose file (Src) the page loads when the strip comes near the
// view, and the column of the page's day.
type TimelineStrip struct {
	Src           string // the grid's file, the same for every day of a version (TimelineFile)
	Width, Height int
	X0, CellW     int // where column 0 starts and how wide a column is (negative when days run leftwards)
	Top           int
	MarkerX       int
	Label         string // what a screen reader hears
	Unit          string // "week" or "month" when a column holds many days; else empty
	Cols          string // when a column holds many days, the day offset each column starts at, space-separated; else empty
}

// kindLabel names a kind of place for people.
func kindLabel(ctx context.Context, k string) string {
	if key := "place_kind." + k; lc(ctx).Has(key) {
		return t(ctx, key)
	}
	return k
}

// ChangesURL is the address of the comparison of two days, in its path
// form (/changes/FROM/TO), which a static copy of the site can hold.
func ChangesURL(from, to string) templ.SafeURL {
	return templ.SafeURL("/changes/" + url.PathEscape(from) + "/" + url.PathEscape(to))
}

// ChangeGroup is the places that went the same way between the two days
// (from one side to the other), listed together with the records behind
// them, each record once however many of the places it reaches.
type ChangeGroup struct {
	Before, After Side
	Note          string
	Places        []Change
	Events        []Event
}

// GroupChanges groups changes by where they went, the largest group first
// (ties in the order the changes come), so that one area's record or one
// withdrawal is said once rather than under each of its places. shown holds
// the records already on the page (it is added to): a record shown again
// is marked Repeat, so only its first showing carries the anchor.
func GroupChanges(cs []Change, shown map[string]bool) []ChangeGroup {
	type key struct {
		before, after string
		note          string
	}
	side := func(s Side) string {
		return fmt.Sprint(s.Known, s.Holder.ID, s.Status, s.Challenger.ID, s.Left.ID)
	}
	var groups []ChangeGroup
	at := map[key]int{}
	seen := map[int]map[string]bool{}
	for _, c := range cs {
		k := key{side(c.Before), side(c.After), c.Note}
		i, ok := at[k]
		if !ok {
			i = len(groups)
			at[k] = i
			groups = append(groups, ChangeGroup{Before: c.Before, After: c.After, Note: c.Note})
			seen[i] = map[string]bool{}
		}
		g := &groups[i]
		g.Places = append(g.Places, c)
		for _, e := range c.Events {
			if !seen[i][e.ID] {
				seen[i][e.ID] = true
				g.Events = append(g.Events, e)
			}
		}
	}
	sort.SliceStable(groups, func(a, b int) bool { return len(groups[a].Places) > len(groups[b].Places) })
	for i := range groups {
		for j, e := range groups[i].Events {
			groups[i].Events[j].Repeat = shown[e.ID]
			shown[e.ID] = true
		}
	}
	return groups
}

// TimelineFile is the strip's grid as a file of its own: an SVG document
// that every day page of a version loads, and that opens on its own.
type TimelineFile struct {
	Grid  Timeline
	Label string // what the strip is, and every change of holder, for a screen reader
	Lang  string // the language of its words
	CSS   string // the site's stylesheet, which styles it when opened on its own
}
