package web

import "github.com/a-h/templ"

// A swatch is a state's square, as in the legend, the tables and the feed:
// the holder's colour, striped when contested, dotted in the partner's
// colour when joint. Its size and its outlines are app.css's (.sw), so each
// of the hundred rows of a day's table carries only its colours; the view
// box starts at -1 so that the square needs no position. map.js's swatch()
// and jointSwatch() write the same elements. They are written here rather
// than in templ, which cannot close an SVG element with "/>".

// swatch is the square of a holder's colour, striped when contested.
func swatch(color string, contested bool) templ.Component {
	stripes := ""
	if contested {
		stripes = `<path d="M0 12 12 0M0 6 6 0M6 12 12 6"/>`
	}
	return swatchSVG(square(color) + stripes)
}

// jointSwatch is the swatch of a place held jointly: the holder's colour
// dotted in the partner's, as joint land is drawn.
func jointSwatch(color, partner string) templ.Component {
	return swatchSVG(square(color) + `<g fill="` + templ.EscapeString(partner) + `"><circle cx="3.5" cy="3.5" r="2"/><circle cx="8.5" cy="8.5" r="2"/></g>`)
}

func square(color string) string {
	return `<rect width="12" height="12" rx="2" fill="` + templ.EscapeString(color) + `"/>`
}

func swatchSVG(inner string) templ.Component {
	return templ.Raw(`<svg class="sw" viewBox="-1 -1 14 14" aria-hidden="true">` + inner + `</svg>`)
}
