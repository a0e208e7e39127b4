// Package control holds Frontline's model (factions, places, sourced events,
// days) and the one rule that turns events into control of a place on a day.
// It imports no other package of ours.
package control

// IsSlug reports whether s can be an id of a faction, place or event:
// lowercase ASCII letters, digits and single inner hyphens, 1 to 80 bytes.
func IsSlug(s string) bool {
	if len(s) == 0 || len(s) > 80 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' && s[i-1] == '-' {
			return false
		}
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Faction is a party that can hold a place.
type Faction struct {
	ID     string
	Name   string
	Short  string
	Color  string // #rrggbb, always shown next to a text label
	NameAR string
	// ShortAR is the Arabic short name; pages fall back to NameAR.
	ShortAR string
	// Until is the last day of a faction that ended (the day before its
	// succession), zero while it exists; Successor is the faction its places
	// passed to. Both are derived from the events by SetLives, never stored.
	Until     Day
	Successor string
}

// Place is a point on the map: a tracked place (a city, town, airbase…)
// with events of its own, or a locality from a gazetteer that takes its
// control from the areas around it.
type Place struct {
	ID         string
	Name       string
	NameAR     string
	Kind       string // "city", "town", "airbase", "crossing", "dam", "mountain", or KindLocality
	Lat        float64
	Lon        float64
	Population int    // localities: from the gazetteer, for label priority; 0 when unknown
	Ref        string // localities: where the row came from, e.g. "geonames:170063"
	// Aliases are other names readers search the place by (usual
	// spellings in either script), from the aliases file.
	Aliases []string
}

// Alias is another name of a place and where it comes from.
type Alias struct {
	Place  string
	Name   string
	Source string // e.g. "geonames:170063"
}

// KindLocality marks a place from the gazetteer layer rather than a tracked place.
const KindLocality = "locality"

// PlaceKinds are the kinds a tracked place may have.
var PlaceKinds = []string{"city", "town", "airbase", "naval-base", "crossing", "dam", "mountain"}

// Tracked reports whether the place is tracked (not a locality).
func (p Place) Tracked() bool { return p.Kind != KindLocality }

// Coverage is the span of days the data covers and the day it was last
// updated. No event is dated after Last, and pages and the API end there.
type Coverage struct {
	First, Last, Updated Day
}

// Kind says what an event is. Only KindControl changes the map.
type Kind string

// The kinds of event.
const (
	KindControl      Kind = "control"      // who holds the place from this day
	KindDisputed     Kind = "disputed"     // a control claim the dataset does not follow
	KindStrike       Kind = "strike"       // bombardment or attack
	KindDisplacement Kind = "displacement" // people fleeing
	KindCasualties   Kind = "casualties"   // tolls of the dead and wounded
	KindStatement    Kind = "statement"    // announcements, decisions, diplomacy
)

// Kinds lists every kind in the order the page explains them.
var Kinds = []Kind{KindControl, KindDisputed, KindStrike, KindDisplacement, KindCasualties, KindStatement}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// CarriesControl reports whether events of this kind name a controller and status.
func (k Kind) CarriesControl() bool { return k == KindControl || k == KindDisputed }

// Status says whether the controller holds a place alone or is fighting for it.
type Status string

// The statuses of a control event.
const (
	StatusHeld      Status = "held"
	StatusContested Status = "contested"
	// StatusWithdrawn says the controller left: the places it held just
	// before have no known holder from that day until a later event names
	// one. Places it did not hold are not touched. Only control events
	// carry it, never with a challenger.
	StatusWithdrawn Status = "withdrawn"
	// StatusJoint says two sides hold the place together by agreement, with
	// no fighting: the controller and its partner, named as the challenger.
	StatusJoint Status = "joint"
	// StatusSuccession says a faction ended and passed everything to a
	// successor: the controller is the successor, the challenger the faction
	// that ended, and the event names no place and no area because it
	// reaches every place. See next for what it does to a place.
	StatusSuccession Status = "succession"
)

// Statuses lists every status in the order the data's documentation gives them.
var Statuses = []Status{StatusHeld, StatusContested, StatusJoint, StatusWithdrawn, StatusSuccession}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// HasPartner reports whether the challenger field of a state or event with
// this status names a second side: the challenger when contested, the
// partner when joint.
func (s Status) HasPartner() bool { return s == StatusContested || s == StatusJoint }

// Confidence separates claims from confirmations.
type Confidence string

// The confidences of an event.
const (
	Claimed   Confidence = "claimed"
	Confirmed Confidence = "confirmed"
)

// Valid reports whether c is a known confidence.
func (c Confidence) Valid() bool { return c == Claimed || c == Confirmed }

// Source is one piece of evidence for an event.
type Source struct {
	Outlet string
	Title  string
	URL    string // http(s) or empty
	Seed   string // the seed article's file name, when it came from one
	Quote  string
	// Published is the day the page or article came out, YYYY-MM-DD, or
	// empty when it could not be verified.
	Published string
}

// Event is something that happened at a place, in an area, or (when both
// are empty) in the whole country, on a day.
type Event struct {
	ID         string
	Day        Day
	Seq        int // order within a day: a later Seq wins a tie
	Place      string
	Area       string // an area id instead of a place: a control event then sets every place inside it
	Kind       Kind
	Controller string // faction id, for kinds that carry control
	Status     Status
	Challenger string // faction id: the challenger when contested, the partner when joint, the faction that ends in a succession
	Confidence Confidence
	Summary    string
	// SummaryAR is the Arabic summary, empty where the data has none.
	SummaryAR string
	Sources   []Source
}

// IsSuccession reports whether e is a succession: a control event that ends
// a faction (the challenger) and passes what it holds to the controller. It
// reaches every place, whatever place or area it names.
func (e Event) IsSuccession() bool { return e.Kind == KindControl && e.Status == StatusSuccession }

// Before orders events by day, then by Seq, then by id, which is the order
// in which they apply.
func (e Event) Before(o Event) bool {
	if e.Day != o.Day {
		return e.Day < o.Day
	}
	if e.Seq != o.Seq {
		return e.Seq < o.Seq
	}
	return e.ID < o.ID
}

// Filter selects events. Zero values select everything.
type Filter struct {
	From, To Day // inclusive; zero means open
	Place    string
	Kind     Kind   // only events of this kind; empty means every kind
	Area     string // only events on this area
	Limit    int    // at most this many; zero means no limit
	Newest   bool   // newest first instead of the order they apply
}
