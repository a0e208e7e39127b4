// Package server is Frontline's HTTP side: echo routes, handlers, middleware,
// the error handler, cache headers and the buffered templ render.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"frontline/internal/basemap"
	"frontline/web"
)

// Config is everything the server needs.
type Config struct {
	Store   Store
	Logger  *slog.Logger
	Assets  fs.FS  // css/, js/, vendor/
	Basemap []byte // GeoJSON country outlines
	Tiles   web.Tiles
	// BaseURL is the public address (e.g. https://frontline.example) used in
	// absolute links such as og:image; empty means the request's own host.
	BaseURL string
	// HSTS sends Strict-Transport-Security (only when served over TLS).
	HSTS bool
	// VersionTTL is how long the data version may be reused before the
	// store is asked again; zero asks on every request.
	VersionTTL time.Duration
}

// Server answers Frontline's HTTP requests.
type Server struct {
	cfg       Config
	log       *slog.Logger
	echo      *echo.Echo
	static    *static
	assets    web.Assets
	frame     basemap.Frame
	land      []web.Path        // the static map's outlines, drawn once
	countries []basemap.Country // the outlines, for the preview image
	previews  previews          // rendered preview images, by day
	cache     *cache
	dataMu    sync.Mutex
	dataVer   int64
	data      *snapshotData
	ver       atomic.Pointer[versionAt] // the last data version asked, with when
}

// New builds a server; it reads and hashes the assets once.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	land, err := basemap.Parse(cfg.Basemap)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	st, err := newStatic(cfg.Assets, map[string][]byte{"basemap.geojson": cfg.Basemap})
	if err != nil {
		return nil, err
	}
	if cfg.Tiles.URL != "" {
		if _, err := tileSource(cfg.Tiles.URL); err != nil {
			return nil, err
		}
	}
	s := &Server{
		cfg: cfg, log: cfg.Logger, static: st, cache: newCache(4096), dataVer: -1,
		frame: basemap.NewFrame(mapW, mapH, 12, basemap.Syria),
		assets: web.Assets{
			CSS:        st.url("css/app.css"),
			LeafletCSS: st.url("vendor/leaflet/leaflet.css"),
			LeafletJS:  st.url("vendor/leaflet/leaflet.js"),
			MapJS:      st.url("js/map.js"),
			Basemap:    st.url("basemap.geojson"),
		},
	}
	s.countries = land
	for _, c := range land {
		s.land = append(s.land, web.Path{D: c.SVGPath(s.frame), Focus: c.Focus, Name: c.Name})
	}
	if s.assets.LeafletJS == "" {
		s.log.Warn("leaflet is not in assets/vendor: the map stays static; run `just assets`")
	}
	s.echo = s.routes()
	return s, nil
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Use(s.logRequests)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "path", c.Request().URL.Path, "err", err, "stack", string(stack))
			return err
		},
	}))
	e.Use(s.securityHeaders)
	e.Use(middleware.BodyLimit("64K"))

	// Pages ignore query parameters they do not use (links shared on social
	// networks gain tracking parameters); the API refuses them.
	get := func(path string, h echo.HandlerFunc) { e.Match([]string{http.MethodGet, http.MethodHead}, path, h) }
	get("/", s.page(s.handleHome))
	get("/day", s.handleDayForm)
	get("/day/:day", s.page(s.handleDay))
	get("/day/:day/panel", s.page(s.handlePanel))
	get("/day/:day/preview.png", s.page(s.handlePreview))
	get("/place/:id", s.page(s.handlePlace))
	get("/places", s.page(s.handlePlaceList))
	get("/changes", s.page(s.handleChanges, "from", "to"))
	get("/embed/:day", s.page(s.handleEmbed))
	get("/territory/:file", s.page(s.handleTerritory))
	get("/healthz", s.handleHealth)
	get("/feed.atom", s.page(s.handleFeed))
	get("/assets/*", s.handleAsset)

	api := e.Group("/api/v1")
	apiGet := func(path string, h echo.HandlerFunc) { api.Match([]string{http.MethodGet, http.MethodHead}, path, h) }
	apiGet("/control", s.api(s.handleControl, "day"))
	apiGet("/control.geojson", s.api(s.handleControlGeoJSON, "day"))
	apiGet("/territory.geojson", s.api(s.handleTerritoryGeoJSON, "day"))
	apiGet("/events", s.api(s.handleEvents, "from", "to", "place"))
	apiGet("/events.csv", s.api(s.handleEventsCSV, "from", "to", "place"))
	apiGet("/sources.csv", s.api(s.handleSourcesCSV, "from", "to", "place"))
	apiGet("/factions", s.api(s.handleFactions))
	apiGet("/places", s.api(s.handlePlaces))
	api.Any("/*", func(c echo.Context) error { return echo.ErrNotFound })
	e.RouteNotFound("/*", func(c echo.Context) error { return echo.ErrNotFound })
	return e
}

// page wraps a handler that builds a page from the data; see cached.
// Query parameters other than params are ignored and do not split the cache.
func (s *Server) page(build func(c echo.Context) (*response, error), params ...string) echo.HandlerFunc {
	return s.cached(build, false, params)
}

// api wraps an API handler; see cached. Unknown or repeated parameters are
// refused before the cache is asked, so the answer never depends on it.
func (s *Server) api(build func(c echo.Context) (*response, error), params ...string) echo.HandlerFunc {
	return s.cached(build, true, params)
}

// cached keeps the finished response of build per data version and
// request (path and the params it reads), and answers with ETag, 304s and
// gzip. Only successful responses are kept.
func (s *Server) cached(build func(c echo.Context) (*response, error), strict bool, params []string) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		ctx := req.Context()
		var q url.Values
		if strict {
			var err error
			if q, err = query(c, params...); err != nil {
				return err
			}
		} else if len(params) > 0 {
			q = req.URL.Query()
		}
		ver, err := s.version(ctx)
		if err != nil {
			return err
		}
		key := s.baseURL(req) + req.URL.EscapedPath()
		if len(params) > 0 {
			canon := url.Values{}
			for _, p := range params {
				if vs, ok := q[p]; ok {
					canon[p] = vs
				}
			}
			key += "?" + canon.Encode()
		}
		if resp := s.cache.get(ver, key); resp != nil {
			resp.write(c.Response(), req)
			return nil
		}
		resp, err := build(c)
		if err != nil {
			return err
		}
		if resp.status == http.StatusOK {
			s.cache.put(ver, key, resp)
		}
		resp.write(c.Response(), req)
		return nil
	}
}

// version returns the data version, asking the store at most once per
// Config.VersionTTL: under load most requests then cost no query at all,
// and an import by another process shows within the TTL.
func (s *Server) version(ctx context.Context) (int64, error) {
	if ttl := s.cfg.VersionTTL; ttl > 0 {
		if v := s.ver.Load(); v != nil && time.Since(v.at) < ttl {
			return v.version, nil
		}
	}
	v, err := s.cfg.Store.Version(ctx)
	if err != nil {
		return 0, fmt.Errorf("server: data version: %w", err)
	}
	s.ver.Store(&versionAt{version: v, at: time.Now()})
	return v, nil
}

type versionAt struct {
	version int64
	at      time.Time
}

// baseURL is the public origin for absolute links.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if !validHost(host) {
		host = "localhost"
	}
	return scheme + "://" + host
}

// validHost keeps a hostile Host header out of the links we print.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]", c)) {
			return false
		}
	}
	return true
}

func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		res := c.Response()
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		s.log.Log(c.Request().Context(), level, "request",
			"method", c.Request().Method, "path", clip(c.Request().URL.Path, 200), "status", res.Status,
			"bytes", res.Size, "dur", time.Since(start).Round(time.Microsecond).String())
		return nil
	}
}

// tileSource checks a tile URL template (https://{s}.host/{z}/{x}/{y}.png)
// and returns the origin the Content-Security-Policy must let images come
// from: a {s} subdomain becomes a wildcard.
func tileSource(tmpl string) (string, error) {
	if tmpl == "" {
		return "", nil
	}
	bad := fmt.Errorf("server: tile URL %q is not an http(s) URL template such as https://{s}.tile.example/{z}/{x}/{y}.png", tmpl)
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0", "{r}", "", "{s}", "s").Replace(tmpl))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return "", bad
	}
	host := u.Host
	if strings.HasPrefix(tmpl[len(u.Scheme)+3:], "{s}.") {
		host = "*" + strings.TrimPrefix(host, "s")
	} else if strings.Contains(tmpl[len(u.Scheme)+3:len(u.Scheme)+3+len(host)], "{") {
		return "", bad
	}
	return u.Scheme + "://" + host, nil
}

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	img := "'self' data:"
	if src, err := tileSource(s.cfg.Tiles.URL); err == nil && src != "" {
		img += " " + src
	}
	csp := func(frame string) string {
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img +
			"; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + frame
	}
	page, embed := csp("'none'"), csp("*")
	return func(c echo.Context) error {
		h := c.Response().Header()
		if strings.HasPrefix(c.Request().URL.Path, "/embed/") {
			h.Set("Content-Security-Policy", embed)
		} else {
			h.Set("Content-Security-Policy", page)
			h.Set("X-Frame-Options", "DENY")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if s.cfg.HSTS && c.Request().TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

func (s *Server) handleHealth(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	c.Response().Header().Set("Cache-Control", "no-store")
	if err := s.cfg.Store.Ping(ctx); err != nil {
		s.log.Error("health check", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "the database does not answer"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleAsset(c echo.Context) error {
	name := c.Param("*")
	if !s.static.serve(c.Response(), c.Request(), name) {
		return echo.NewHTTPError(http.StatusNotFound, "no such file")
	}
	return nil
}

// problem is an error the user caused: a status, a message and a hint.
type problem struct {
	status  int
	message string
	hint    string
	links   []web.Link // where to go instead, shown before the link to the latest day
}

func (p *problem) Error() string { return p.message }

func badRequest(msg, hint string) error {
	return &problem{status: http.StatusBadRequest, message: msg, hint: hint}
}

func notFound(msg, hint string) error {
	return &problem{status: http.StatusNotFound, message: msg, hint: hint}
}

const dayHint = "A valid day is written YYYY-MM-DD with a real month and day, for example 2024-12-06."

// handleError answers every error: JSON under /api, an HTML page elsewhere.
// Internal errors are logged and never shown.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg, hint := http.StatusInternalServerError, "Something went wrong on our side. Please try again.", ""
	var p *problem
	var he *echo.HTTPError
	var links []web.Link
	switch {
	case errors.As(err, &p):
		status, msg, hint = p.status, p.message, p.hint
		links = append(links, p.links...)
	case errors.As(err, &he):
		status = he.Code
		msg = http.StatusText(status)
		if m, ok := he.Message.(string); ok && status < 500 {
			msg = m
		}
		if status == http.StatusNotFound {
			msg = "There is no page at this address."
		}
	}
	if status >= 500 {
		s.log.Error("internal error", "path", clip(c.Request().URL.Path, 200), "err", err)
	}
	req := c.Request()
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	if strings.HasPrefix(req.URL.Path, "/api/") {
		body := map[string]string{"error": msg}
		if hint != "" {
			body["hint"] = hint
		}
		if req.Method == http.MethodHead {
			c.NoContent(status)
			return
		}
		c.JSON(status, body)
		return
	}
	title := map[int]string{400: "That address is not valid", 404: "Not found", 405: "Method not allowed", 413: "Request too large"}[status]
	if title == "" {
		title = http.StatusText(status)
	}
	page := web.ErrorPage{
		Meta:    web.Meta{Title: title + " · Frontline", Description: msg, Robots: "noindex"},
		Assets:  s.assets,
		Status:  status,
		Title:   title,
		Message: msg,
		Hint:    hint,
		Links:   append(links, web.Link{Href: "/", Label: "The latest day"}),
	}
	body, rerr := render(req.Context(), web.ErrorView(page))
	if rerr != nil {
		s.log.Error("render error page", "err", rerr)
		c.String(status, msg)
		return
	}
	if req.Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	c.HTMLBlob(status, body)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
