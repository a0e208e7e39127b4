package server

import (
	"github.com/labstack/echo/v4"

	"frontline/internal/locale"
	"frontline/internal/view"
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
	// The embed shows its one day, from the states the page carries: it
	// names no history, so a correction after its day leaves it as it was.
	tl := full.Timeline.(timelineJSON)
	tl.Data, tl.History = "", ""
	page := view.Embed(s.env(l, d), day, full, s.static.url("js/embed.js"), tl)
	body, err := render(ctx, web.EmbedView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}
