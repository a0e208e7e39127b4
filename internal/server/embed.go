package server

import (
	"github.com/labstack/echo/v4"

	"frontline/internal/locale"
	"frontline/web"
)

// handleEmbed renders the map of one day alone, for other sites' iframes.
// It is the one route the table lets be framed.
func (s *Server) handleEmbed(c echo.Context) (*response, error) {
	l := locale.From(c.Request().Context())
	ctx := c.Request().Context()
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	day, err := s.pageDay(c, d)
	if err != nil {
		return nil, err
	}
	// The day page's view has the map, legend and headline already; the
	// embed keeps those and drops the rest.
	full, err := s.dayPage(c.Request(), d, day)
	if err != nil {
		return nil, err
	}
	// The embed's canonical page is the day page, in the embed's language.
	meta := s.meta(l, "/day/"+day.String())
	meta.Title = l.T("site.title_suffix", "title", l.T("day.page_title", "date", longDay(l, day)))
	meta.Description = full.Headline.String()
	// The embed shows its one day, from the states the page carries: it
	// names no history, so a correction after its day leaves it as it was.
	tl := full.Timeline.(timelineJSON)
	tl.Data, tl.History = "", ""
	page := web.EmbedPage{
		Meta:         meta,
		Assets:       s.assets,
		EmbedJS:      s.static.url("js/embed.js"),
		Day:          day.String(),
		DayLong:      longDay(l, day),
		Headline:     full.Headline,
		Factions:     holding(full.Factions),
		Unknown:      full.Unknown,
		UnknownShare: full.UnknownShare,
		Timeline:     tl,
		Tiles:        s.cfg.Tiles,
		MapSVG:       full.MapSVG,
	}
	body, err := render(ctx, web.EmbedView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// holding keeps the factions that hold land on the day: the embed's legend
// explains its map in little room, and a faction with no land is not on it.
func holding(fs []web.Faction) []web.Faction {
	var out []web.Faction
	for _, f := range fs {
		if f.Land > 0 {
			out = append(out, f)
		}
	}
	return out
}
