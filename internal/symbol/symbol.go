// Package symbol is the one definition of how Frontline draws the states
// of a place, so the live map, the server-drawn map, the timeline, the
// embed and the preview image speak one language:
//
//   - held: the holder's colour, solid;
//   - contested: stripes in the challenger's colour over the holder's (land
//     and the timeline), or a ring in the challenger's colour around a place;
//   - joint (held by agreement by two sides, no fighting): dots in the
//     partner's colour over the holder's (land and the timeline), or a place
//     split in two, the holder's colour on the left and the partner's on the
//     right;
//   - claimed only: paler, with a dashed edge around a place.
//
// The server hands these values to its templates and the preview, and to
// the browser in the page's timeline JSON.
package symbol

// The opacity of land: held, claimed only, and contested (under its stripes).
const (
	HeldLand      = 0.6
	ClaimedLand   = 0.25
	ContestedLand = 0.6
)

// BaseLand is the basemap's fill of the country whose control is shown,
// under the land's colours (app.css's .land.focus and places-map.js draw
// it); the colour test composites the factions' colours over it.
const BaseLand = "#ffffff"

// Stripes of contested land and timeline cells: period and width across the
// stripe, in pixels, at 45 degrees.
const (
	StripePeriod = 8.0
	StripeWidth  = 3.0
)

// Dots of joint land and timeline cells: the distance between dots (on a
// square grid, every other row shifted by half) and their radius, in pixels.
const (
	DotPeriod = 6.0
	DotRadius = 1.6
)

// Places (markers and dots).
const (
	// RingWidth is the width of the challenger-coloured ring around a
	// contested place.
	RingWidth = 3.0
	// ClaimedFill is the opacity of a place's dot that is only claimed.
	ClaimedFill = 0.45
	// ClaimedDash is the dash pattern of its edge (SVG stroke-dasharray).
	ClaimedDash = "3 3"
)

// FrontWidth is the width of a front line between holders.
const FrontWidth = 2.0

// Set is the definition as the browser receives it.
type Set struct {
	HeldLand      float64 `json:"heldLand"`
	ClaimedLand   float64 `json:"claimedLand"`
	ContestedLand float64 `json:"contestedLand"`
	StripePeriod  float64 `json:"stripePeriod"`
	StripeWidth   float64 `json:"stripeWidth"`
	DotPeriod     float64 `json:"dotPeriod"`
	DotRadius     float64 `json:"dotRadius"`
	RingWidth     float64 `json:"ringWidth"`
	ClaimedFill   float64 `json:"claimedFill"`
	ClaimedDash   string  `json:"claimedDash"`
	FrontWidth    float64 `json:"frontWidth"`
}

// Browser returns the definition for the page's JSON.
func Browser() Set {
	return Set{HeldLand, ClaimedLand, ContestedLand, StripePeriod, StripeWidth, DotPeriod, DotRadius, RingWidth, ClaimedFill, ClaimedDash, FrontWidth}
}
