// Package web holds Frontline's pages as templ components. Components take
// view structs built by the server; they know nothing of HTTP or SQL.
package web

// Assets are the URLs of the files a page loads (content-hashed by the server).
type Assets struct {
	CSS        string
	LeafletCSS string
	LeafletJS  string
	MapJS      string
	// MapModules are the modules MapJS imports, directly or not: the day
	// page's BootScript asks for them as modulepreload so they load beside
	// MapJS instead of one level of imports after another, each waiting
	// for the parse of the page.
	MapModules []string
	Basemap    string
	Favicon    string // an SVG icon
	// ArabicFont is app.css's Arabic web font, preloaded on Arabic pages so
	// that it is there for the first layout instead of relaying out the
	// whole page when it arrives.
	ArabicFont string
}

// BootScript runs inline in the day page's head, before the page is first
// laid out: it marks the page as scripted (app.css's .js rules) so that the
// first layout is the one the reader will see. Marked later, by map.js, the
// page is laid out twice, and on a phone the first, shorter layout brings
// the side panel's hundred-row table near enough to the screen for the
// browser to lay it out too. A browser without modules runs none of our
// scripts, so it keeps the page as it is without them. Inline, it costs no
// request before the first paint; the Content-Security-Policy allows it by
// its hash (internal/server computes it from this text), and no other
// inline script.
//
// It also asks now for the modules map.js imports, listed in its
// data-preload; a browser without scripts asks for none.
const BootScript = `if ("noModule" in HTMLScriptElement.prototype) {` +
	`document.documentElement.classList.add("js");` +
	`for (const href of (document.currentScript.dataset.preload || "").split(" ")) if (href) {` +
	`const l = document.createElement("link"); l.rel = "modulepreload"; l.href = href; document.head.append(l);` +
	`}}`

// Meta is what a page says about itself to browsers, crawlers and link previews.
type Meta struct {
	Title       string
	Description string
	Canonical   string // absolute URL under the configured base, e.g. https://frontline.example/day/2024-12-06
	Image       string // absolute URL of the preview image, or empty
	ImageAlt    string
	Robots      string // empty, or e.g. "noindex"
	Site        Site   // the footer's freshness line and corrections address
	Day         string // the day a day page shows (YYYY-MM-DD), so its data links name it; "" elsewhere
	// Alternates are this page in every language, the current one marked.
	Alternates []Alternate
}

// Faction is a faction as pages show it, with how many places it holds.
// NameLang and ShortLang are the language of Name and Short when it is not
// the page's (an English name on an Arabic page), else "".
type Faction struct {
	ID        string
	Name      string
	NameLang  string
	Short     string
	ShortLang string
	Color     string
	Count     int
	Gone      bool   // in a day's legend: the faction does not exist that day (ended, or not yet begun as a successor)
	Share     string // its share of the land on the day, as the legend writes it ("34%"); empty without land
	Land      int    // the land it holds on the day, in km²
}

// Row is one line of the "who holds what" table.
type Row struct {
	PlaceID    string
	Name       string
	NameAR     string
	Kind       string
	Known      bool
	Left       Faction // while unknown after a withdrawal: the faction that left
	Holder     Faction
	Status     string  // held, contested or joint
	Challenger Faction // the challenger when contested, the partner when joint
	Since      string
	SinceLong  string
	// ContestedSince is the first day of the current contest ("" unless
	// contested); ClaimedOn the first day of the current claim ("" once
	// confirmed). Each part of a state says since when it holds.
	ContestedSince, ContestedSinceLong string
	// SinceStart and ContestedSinceStart say that the day is the data's
	// first: the state held already then, not that it began then.
	SinceStart, ContestedSinceStart bool
	ClaimedOn, ClaimedOnLong        string
	Confidence                      string
	ChangedNow                      bool // control changed on the page's day
	Disputes                        []Dispute
}

// Dispute is a control claim the dataset does not follow.
type Dispute struct {
	Day     string
	Claimer Faction // who the dissenting source says holds the place
	Summary string
	EventID string
}

// Source is one piece of evidence.
type Source struct {
	Outlet string
	Title  string
	URL    string // only ever an http(s) address
	Seed   string
	Quote  string
	// Published is the day the source was published (YYYY-MM-DD), or "".
	Published string
}

// Event is an event as the feed shows it.
type Event struct {
	ID string
	// Repeat marks a record shown again on the same page (an area's record
	// under each place inside it): only its first showing carries the anchor.
	Repeat    bool
	Day       string
	DayLong   string
	DayShort  string // "29 Jan 2025", for a succession's sentence
	Kind      string
	KindLabel string
	PlaceID   string
	PlaceName string
	// PlaceNameLang, AreaNameLang and SummaryLang are the language of the
	// text when it is not the page's (an English summary on an Arabic
	// page), else "".
	PlaceNameLang string
	// AreaName names the area of an area event that has no place.
	AreaName, AreaNameLang string
	Controller             Faction
	Status                 string
	Challenger             Faction
	Confidence             string
	Summary                string
	SummaryLang            string
	Sources                []Source
}

// Nav is the day navigation shared by pages about one day.
type Nav struct {
	Day, DayLong string
	Prev, Next   string // empty at the ends of the range
	First, Last  string
	Index, Count int // the day's position in the range, for the slider
	Ticks        []Tick
	Recent       []Recent // "what changed" over the last day, week, month and year
	Since        string   // the day "what changed since the first day" compares up to: the last change on or before Day
}

// Tick is a mark under the slider at the first day of a month.
type Tick struct {
	Pct   string // how far from the slider's left end, in percent (from its right end's mirror right to left)
	Label string // a year on January's tick, or the month when the range is short; may be empty
	Major bool   // a year's tick
}

// Recent links to what changed over the Back days up to the page's day,
// clamped to the data, as the smallest range with the same changes; From
// and To are empty when nothing changed.
type Recent struct {
	Back     int
	Label    string
	From, To string
}

// DayPage is the main page: the map, legend, table and feed of one day.
type DayPage struct {
	Meta     Meta
	Assets   Assets
	Nav      Nav
	Headline Runs
	Factions []Faction
	Rows     []Row
	Unknown  int
	// UnknownShare is the land no known faction holds, as the legend writes it.
	UnknownShare string
	Events       []Event
	// More is, when the feed shows only the first events of a busy day,
	// the address of all of them.
	More     string
	Tracked  int // how many tracked places there are; Rows lists the first ones
	Timeline any // compact timeline for the slider, embedded as JSON
	Tiles    Tiles
	MapSVG   MapSVG
	Strip    *TimelineStrip // the timeline under the map; nil when there is none
	Quiet    string         // on a day when no place changed, the day of the last change ("12 April 2025"); else empty
}

// Tiles configures an optional web tile layer.
type Tiles struct {
	URL         string
	Attribution string
}

// MapSVG is a static map drawn by the server so the page shows the map
// before (or without) JavaScript.
type MapSVG struct {
	Width, Height int
	Land          []Path
	Areas         []Area // the land of each holder, drawn under the points
	Fronts        string // SVG path of the lines between holders
	Layers        []LayerPath
	Label         string // what the map shows, for screen readers; a default when empty
	Points        []Point
}

// LayerPath is one governorate outline, river or road on the static map.
type LayerPath struct {
	D     string
	Class string // admin1, water (with lake for lakes) or roads
	Name  string
}

// Area is the land of one holder in one state on the static map.
type Area struct {
	D         string
	Fill      string
	Opacity   float64 // from internal/symbol: held, claimed or contested land
	Claimed   bool    // drawn paler
	Contested bool    // hatched in the challenger's colour
	Hatch     string  // the challenger's colour
	Joint     bool    // dotted in the partner's colour
	Dots      string  // the partner's colour
}

// Path is one outline of the basemap.
type Path struct {
	D     string
	Focus bool
	Name  string
}

// Point is one place on the static map.
type Point struct {
	X, Y      float64
	Kind      string // the place's kind, which picks its shape (internal/symbol)
	Color     string
	Label     string
	Contested bool
	Ring      string // the challenger's colour, drawn as a ring when contested
	Joint     bool   // held jointly: split in the holder's and the partner's colour
	Partner   string // the partner's colour, when joint
	Claimed   bool   // paler, with a dashed edge
	Known     bool
	LabelLeft bool
}

// ErrorPage explains what went wrong and what to do.
type ErrorPage struct {
	Meta    Meta
	Assets  Assets
	Status  int
	Title   string
	Message string
	Hint    string
	Links   []Link
}

// Link is a labelled link.
type Link struct {
	Href, Label string
}
