package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/a-h/templ"

	"frontline/internal/symbol"
)

func statusText(code int) string { return strconv.Itoa(code) }

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }

func dayURL(ctx context.Context, day string) templ.SafeURL { return href(ctx, "/day/"+day) }

func placeURL(ctx context.Context, id string) templ.SafeURL { return href(ctx, "/place/"+id) }

// Names are the two names the data gives a place or faction: English and
// Arabic. A page shows the one of its language first when the data has it,
// else the English one marked as English; the other follows as a second
// name.
type names struct {
	Main, MainLang string // MainLang is "" when Main is in the page's language
	Alt, AltLang   string
}

func localNames(ctx context.Context, en, ar string) names {
	var nm names
	nm.Main, nm.MainLang = lc(ctx).Pick(en, ar)
	// The other name is whichever of the two the page did not show first.
	switch {
	case nm.Main == ar && ar != "":
		nm.Alt, nm.AltLang = en, "en"
	case ar != "":
		nm.Alt, nm.AltLang = ar, "ar"
	}
	return nm
}

// confidenceLabel is the word shown beside an event or a state.
func confidenceLabel(ctx context.Context, c string) string {
	switch c {
	case "claimed":
		return t(ctx, "js.claimed")
	case "confirmed":
		return t(ctx, "js.confirmed")
	}
	return c
}

// langAttrs marks text that is not in the page's language (an English
// name or summary on an Arabic page) with its language and direction.
func langAttrs(lang string) templ.Attributes {
	switch lang {
	case "":
		return templ.Attributes{}
	case "ar":
		return templ.Attributes{"lang": "ar", "dir": "rtl"}
	}
	return templ.Attributes{"lang": lang, "dir": "ltr"}
}

// textLang is the language of a text the data gives without saying which:
// "ar" when it has Arabic letters, else "en" (every source so far is in
// one of the two), so that its words are read and spoken as they are.
func textLang(s string) string {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return "ar"
		}
	}
	return "en"
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
func mapLabel(ctx context.Context, m MapSVG) string {
	if m.Label != "" {
		return m.Label
	}
	return t(ctx, "map.static_label")
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
func embedCode(ctx context.Context, origin, day string) string {
	return fmt.Sprintf(`<iframe src="%s%s" width="600" height="450" title="%s" loading="lazy"></iframe>`,
		origin, lc(ctx).Path("/embed/"+day), html.EscapeString(t(ctx, "js.day_title", "date", dateLong(ctx, day))))
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
	dotPeriod    = symbol.DotPeriod
	dotRadius    = symbol.DotRadius
)

// halfDisc is the SVG path of the left or right half of a circle: a joint
// place is split in two, the holder's colour on the left.
func halfDisc(x, y, r float64, right bool) string {
	sweep := "0"
	if right {
		sweep = "1"
	}
	return "M" + f2(x) + " " + f2(y-r) + "A" + f2(r) + " " + f2(r) + " 0 0 " + sweep + " " + f2(x) + " " + f2(y+r) + "Z"
}

// ptPath is the SVG path of a place's shape (by its kind) at radius r.
func ptPath(pt Point, r float64) string { return symbol.ShapeOf(pt.Kind).Path(pt.X, pt.Y, r) }

// ptHalf is the left or right half of a place's shape, for a joint hold.
func ptHalf(pt Point, right bool) string {
	return symbol.ShapeOf(pt.Kind).HalfPath(pt.X, pt.Y, 6, right)
}

// ptShape names a place's shape, for tests and styles.
func ptShape(pt Point) string { return symbol.ShapeOf(pt.Kind).Name }

// keyKinds are the kinds of place the map key shows, one per shape.
var keyKinds = []string{"city", "town", "airbase", "naval-base", "crossing", "dam", "mountain"}

// kindPath is the SVG path of a kind's shape at (x, y), radius r.
func kindPath(kind string, x, y, r float64) string { return symbol.ShapeOf(kind).Path(x, y, r) }

// keyLines are the basemap's lines as the map key draws them: the live
// map's styles (layers.js, places-map.js).
var keyLines = []struct {
	Key, Color, Dash string
	Width            float64
}{
	{"border", symbol.Muted, "", 1.5},
	{"admin1", symbol.Boundary, "3 2", 1},
	{"river", symbol.River, "", 1.5},
	{"road", symbol.Road, "6 3", 1.5},
}

// f2 writes a number with at most two decimals.
func f2(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }

// hatchID names the timeline's stripe pattern of a challenger colour
// (#rrggbb without its #).
func hatchID(color string) string { return strings.TrimPrefix(color, "#") }

// Run is a piece of text in one language: Lang is "" when the text is in
// the page's language, else its own ("en" for a name the data has only in
// English).
type Run struct {
	Text, Lang string
}

// Runs is a text of several runs, such as a headline naming a faction whose
// name falls back to English on an Arabic page.
type Runs []Run

// String is the text without its languages, for attributes and metadata.
func (rs Runs) String() string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// MarshalJSON writes text all in the page's language as one string, and
// other text as an array of strings (in the page's language) and
// [text, lang] pairs, which the day page's script turns into marked spans.
func (rs Runs) MarshalJSON() ([]byte, error) {
	marked := false
	for _, r := range rs {
		marked = marked || r.Lang != ""
	}
	var v any = rs.String()
	if marked {
		parts := make([]any, len(rs))
		for i, r := range rs {
			if r.Lang == "" {
				parts[i] = r.Text
			} else {
				parts[i] = [2]string{r.Text, r.Lang}
			}
		}
		v = parts
	}
	// The encoder of the whole document decides whether to escape HTML
	// characters, as it does for a plain string.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("web: runs: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// jointOpacity is the fill opacity of a joint place's halves: paler when
// the hold is only claimed.
func jointOpacity(claimed bool) string {
	if claimed {
		return f2(claimedFill)
	}
	return "1"
}

// tickLen is how far a slider tick reaches down: a year's further than a month's.
func tickLen(major bool) string {
	if major {
		return "9"
	}
	return "5"
}
