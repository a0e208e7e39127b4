package server

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
)

// handleHealth answers 200 when the database answers the reads a page
// makes (the data version, factions, places, the coverage, the day range
// and the latest day's events), straight from the store and never from a cache, so a
// damaged table shows here as it does on the pages.
func (s *Server) handleHealth(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	c.Response().Header().Set("Cache-Control", "no-store")
	if err := s.readLikeAPage(ctx); err != nil {
		s.log.Error("health check", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "the database does not answer the reads pages make"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readLikeAPage(ctx context.Context) error {
	st := s.cfg.Store
	if _, err := st.Version(ctx); err != nil {
		return err
	}
	if _, err := st.Factions(ctx); err != nil {
		return err
	}
	if _, err := st.Places(ctx); err != nil {
		return err
	}
	if _, err := st.Coverage(ctx); err != nil {
		return err
	}
	_, last, ok, err := st.Span(ctx)
	if err != nil || !ok {
		return err
	}
	_, err = st.Events(ctx, control.Filter{From: last, To: last, Limit: 50})
	return err
}

// handleReady answers 200 only once the data is loaded: the per-version
// state built and at least one day of events to show. A load balancer
// sends visitors only to a ready server.
func (s *Server) handleReady(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 10*time.Second)
	defer cancel()
	c.Response().Header().Set("Cache-Control", "no-store")
	d, err := s.loadData(ctx)
	switch {
	case err != nil:
		s.log.Error("readiness", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "not ready", "error": "the data could not be loaded"})
	case !d.HasDays:
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "not ready", "error": "the database holds no events"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready", "first": d.First.String(), "last": d.Last.String()})
}
