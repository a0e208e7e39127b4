package web

import (
	"fmt"
	"html"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"frontline/internal/symbol"
)

func statusText(code int) string { return strconv.Itoa(code) }

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }

func dayURL(day string) templ.SafeURL { return templ.SafeURL("/day/" + day) }

func placeURL(id string) templ.SafeURL { return templ.SafeURL("/place/" + id) }

// confidenceLabel is the word shown beside an event or a state.
func confidenceLabel(c string) string {
	switch c {
	case "claimed":
		return "Claimed"
	case "confirmed":
		return "Confirmed"
	}
	return c
}

func sourcesLabel(n int) string {
	if n == 1 {
		return "1 source"
	}
	return fmt.Sprintf("%d sources", n)
}

// hostOf names a link by its host when the source has no title.
func hostOf(u string) string {
	if i := strings.Index(u, "//"); i >= 0 {
		u = u[i+2:]
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	return u
}

// mapLabel names what a static map shows.
func mapLabel(m MapSVG) string {
	if m.Label != "" {
		return m.Label
	}
	return "Static map of the places and their holders"
}

// landCount is "1 place or locality" or "N places and localities".
func landCount(n int) string {
	if n == 1 {
		return "1 place or locality"
	}
	return itoa(n) + " places and localities"
}

// originOf is the scheme and host of an absolute URL, or "" for a relative
// one: the embed code names the site the page was served from.
func originOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" {
		return ""
	}
	return p.Scheme + "://" + p.Host
}

// embedCode is the iframe that shows the map of a day on another site.
func embedCode(origin, day, dayLong string) string {
	return fmt.Sprintf(`<iframe src="%s/embed/%s" width="600" height="450" title="%s" loading="lazy"></iframe>`,
		origin, day, html.EscapeString("Control in Syria on "+dayLong+" · Frontline"))
}

// eventAnchor is the id of an event's entry, or none for a repeated one, so
// a page never holds one id twice.
func eventAnchor(e Event) templ.Attributes {
	if e.Repeat {
		return templ.Attributes{}
	}
	return templ.Attributes{"id": "ev-" + e.ID}
}

// The symbol language's values, for the templates (see internal/symbol).
const (
	stripePeriod = symbol.StripePeriod
	stripeWidth  = symbol.StripeWidth
	ringWidth    = symbol.RingWidth
	claimedFill  = symbol.ClaimedFill
	claimedDash  = symbol.ClaimedDash
	contestedKey = symbol.ContestedKey
	claimedKey   = symbol.ClaimedKey
)

// f2 writes a number with at most two decimals.
func f2(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }

// hatchID names the timeline's stripe pattern of a challenger colour
// (#rrggbb without its #).
func hatchID(color string) string { return strings.TrimPrefix(color, "#") }
