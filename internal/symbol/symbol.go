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

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The opacity of land: held, claimed only, and contested (under its stripes).
const (
	HeldLand      = 0.6
	ClaimedLand   = 0.25
	ContestedLand = 0.6
)

// BaseLand is the basemap's fill of the country whose control is shown,
// under the land's colours (app.css's .land.focus and places-map.js draw
// it); the colour test composites the factions' colours over it.
const BaseLand = Paper

// The map's own colours: a faction's colour comes from the data, and these
// are the ink, paper and greys around it, for every renderer (the browser
// gets them as Set.Colors).
const (
	Ink        = "#1d2733" // marker edges, front lines, a key's outlines
	Paper      = "#ffffff" // a place or land with no known holder, and what sits behind the day stamp
	KeyGrey    = "#8a8a8a" // the neutral holder that the legend's keys draw their patterns on
	NoFaction  = "#777777" // a holder the data does not define
	Muted      = "#55606e" // ticks, the edge of the place map's other places
	Faint      = "#c3c7cc" // the edge of the strip's unknown cells
	LeftLand   = "#9aa3ad" // land its holder left and no source gives to another; the edge of neighbouring countries
	Neighbour  = "#f4f1ea" // neighbouring countries' land (app.css's --land)
	Sea        = "#c9dbe8" // behind the server-drawn maps
	OtherPlace = "#d6d3cc" // the other places on a place page's map
	Boundary   = "#6b7480" // governorate boundaries
	River      = "#4a90c2" // rivers and the edge of lakes
	Lake       = "#a9cde8" // lakes
	Road       = "#7a5a2a" // main roads
)

// Colors is the map's own colours by name, as the browser reads them.
func Colors() map[string]string {
	return map[string]string{"ink": Ink, "paper": Paper, "keyGrey": KeyGrey, "noFaction": NoFaction, "muted": Muted, "faint": Faint,
		"leftLand": LeftLand, "neighbour": Neighbour, "sea": Sea, "otherPlace": OtherPlace, "boundary": Boundary, "river": River, "lake": Lake, "road": Road}
}

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
	// Shapes is the shape of each kind of place (see Shapes).
	Shapes map[string]Shape `json:"shapes"`
	// Colors is the map's own colours (see Colors).
	Colors map[string]string `json:"colors"`
}

// Browser returns the definition for the page's JSON.
func Browser() Set {
	return Set{HeldLand, ClaimedLand, ContestedLand, StripePeriod, StripeWidth, DotPeriod, DotRadius, RingWidth, ClaimedFill, ClaimedDash, FrontWidth, Shapes, Colors()}
}

// Shape is the outline of a place's marker by the place's kind, so an
// airbase, a crossing or a dam reads as such at a glance: a closed polygon
// in units of the marker's radius around its centre (y down), or a circle
// when Points is empty. Scale multiplies the marker's radius (a town is a
// smaller circle than a city). Every shape takes the same fill, ring, split
// and dashed edge as a circle, so control reads the same on each.
type Shape struct {
	Name   string       `json:"name"`
	Scale  float64      `json:"scale"`
	Points [][2]float64 `json:"points,omitempty"`
}

// The shapes, each with about a circle's area so a holder's colour shows as
// much on every kind.
var (
	City     = Shape{Name: "circle", Scale: 1}
	Town     = Shape{Name: "small-circle", Scale: 0.78}
	Airbase  = Shape{Name: "triangle", Scale: 1, Points: [][2]float64{{0, -1.3}, {1.25, 0.9}, {-1.25, 0.9}}}
	Base     = Shape{Name: "square", Scale: 1, Points: [][2]float64{{-0.9, -0.9}, {0.9, -0.9}, {0.9, 0.9}, {-0.9, 0.9}}}
	Crossing = Shape{Name: "diamond", Scale: 1, Points: [][2]float64{{0, -1.25}, {1.25, 0}, {0, 1.25}, {-1.25, 0}}}
	Dam      = Shape{Name: "bar", Scale: 1, Points: [][2]float64{{-1.3, -0.65}, {1.3, -0.65}, {1.3, 0.65}, {-1.3, 0.65}}}
	Mountain = Shape{Name: "peaks", Scale: 1, Points: [][2]float64{{-1.35, 0.85}, {-0.45, -1.05}, {0.05, -0.1}, {0.5, -0.75}, {1.35, 0.85}}}
)

// Shapes is the shape of each kind of tracked place; a kind not listed
// (a gazetteer locality, a kind added later) is drawn as a town.
var Shapes = map[string]Shape{
	"city":       City,
	"town":       Town,
	"airbase":    Airbase,
	"naval-base": Base,
	"base":       Base,
	"crossing":   Crossing,
	"dam":        Dam,
	"mountain":   Mountain,
}

// ShapeOf returns the shape of a place of the kind.
func ShapeOf(kind string) Shape {
	if s, ok := Shapes[kind]; ok {
		return s
	}
	return Town
}

// Circle reports whether the shape is a circle.
func (s Shape) Circle() bool { return len(s.Points) == 0 }

// Outline is the shape around (x, y) at radius r as a closed polygon; a
// circle becomes n points (at least 8).
func (s Shape) Outline(x, y, r float64, n int) [][2]float64 {
	r *= s.Scale
	if s.Circle() {
		n = max(n, 8)
		out := make([][2]float64, n)
		for i := range out {
			a := 2 * math.Pi * float64(i) / float64(n)
			out[i] = [2]float64{x + r*math.Cos(a), y + r*math.Sin(a)}
		}
		return out
	}
	out := make([][2]float64, len(s.Points))
	for i, q := range s.Points {
		out[i] = [2]float64{x + r*q[0], y + r*q[1]}
	}
	return out
}

// Half is the left or right half of the outline (the part with x ≤ cx or
// x ≥ cx), for a place held jointly.
func (s Shape) Half(x, y, r float64, n int, right bool) [][2]float64 {
	ring := s.Outline(x, y, r, n)
	in := func(q [2]float64) bool {
		if right {
			return q[0] >= x
		}
		return q[0] <= x
	}
	var out [][2]float64
	for i, a := range ring {
		b := ring[(i+1)%len(ring)]
		if in(a) {
			out = append(out, a)
		}
		if in(a) != in(b) {
			t := (x - a[0]) / (b[0] - a[0])
			out = append(out, [2]float64{x, a[1] + t*(b[1]-a[1])})
		}
	}
	return out
}

// Path is the shape as an SVG path: a circle with two arcs, a polygon with
// its corners.
func (s Shape) Path(x, y, r float64) string {
	if s.Circle() {
		r *= s.Scale
		return fmt.Sprintf("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 %s 0Z", num(x-r), num(y), num(r), num(r), num(2*r), num(r), num(r), num(-2*r))
	}
	return polyPath(s.Outline(x, y, r, 0))
}

// HalfPath is Half as an SVG path.
func (s Shape) HalfPath(x, y, r float64, right bool) string {
	if s.Circle() {
		r *= s.Scale
		sweep := "0"
		if right {
			sweep = "1"
		}
		return fmt.Sprintf("M%s %sA%s %s 0 0 %s %s %sZ", num(x), num(y-r), num(r), num(r), sweep, num(x), num(y+r))
	}
	return polyPath(s.Half(x, y, r, 0, right))
}

func polyPath(ring [][2]float64) string {
	var b strings.Builder
	for i, q := range ring {
		if i == 0 {
			b.WriteByte('M')
		} else {
			b.WriteByte('L')
		}
		b.WriteString(num(q[0]))
		b.WriteByte(' ')
		b.WriteString(num(q[1]))
	}
	b.WriteByte('Z')
	return b.String()
}

// num writes a coordinate to a tenth of a pixel (a hundredth below 10, for
// the legend's small keys), without trailing zeros.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}
