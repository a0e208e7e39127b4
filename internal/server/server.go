// Package server is Frontline's HTTP side: echo routes, handlers, middleware,
// the error handler, cache headers and the buffered templ render.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/locale"
	"frontline/internal/view"
	"frontline/web"
)

// Config is everything the server needs.
type Config struct {
	Store  Store
	Logger *slog.Logger
	Assets fs.FS // css/, js/, vendor/
	// Region is the land the data covers (the store's, else the embedded
	// one): the maps' boxes, its outline and layers, the words that name
	// it. It is read once; a new region needs a new server.
	Region *control.Region
	Tiles  web.Tiles
	// BaseURL is the public address (e.g. https://frontline.example) used in
	// absolute links such as og:image and the Atom feed; empty means
	// DefaultBaseURL. The request's Host header is never used.
	BaseURL string
	// HSTS sends Strict-Transport-Security (only when served over TLS).
	HSTS bool
	// CacheBytes is the response cache's memory budget; zero means
	// DefaultCacheBytes.
	CacheBytes int64
	// LogEvery logs one in this many successful requests; zero logs none.
	// Server errors and slow requests are always logged.
	LogEvery int
	// VersionTTL is how long the data version may be reused before the
	// store is asked again; zero asks on every request.
	VersionTTL time.Duration
	// Corrections is where readers report a mistake: a mailto: address or
	// an https: URL, shown on /about and in every footer; empty shows none.
	Corrections string
	// Changelog is data/CHANGELOG.md, the public log of corrections that
	// /about shows; empty shows none.
	Changelog []byte
	// MaxBuilds bounds the uncached answers built at once; zero means half
	// the processors, at least one.
	MaxBuilds int
	// MaxPreviews bounds the preview images drawn at once (each holds a
	// few megabytes of pixels while it is drawn); zero means one.
	MaxPreviews int
	// LimitMemory sets the Go runtime's soft memory limit, each time a data
	// version is loaded, to the memory held then plus CacheBytes and three
	// eighths more (unless GOMEMLIMIT is set): the process's peak stays
	// near the data's memory plus the cache's budget. For a server
	// process; tests and publish leave it off.
	LimitMemory bool
}

// Server answers Frontline's HTTP requests.
type Server struct {
	cfg            Config
	log            *slog.Logger
	echo           *echo.Echo
	static         *static
	assets         web.Assets
	frame          basemap.Frame
	land           []web.Path                // the static map's outlines, drawn once
	layers         []web.LayerPath           // the static map's governorates, rivers and roads
	layerURLs      map[string]string         // the layers' hashed addresses, for the live map
	countries      []basemap.Country         // the outlines, for the preview image
	locales        map[string]*locale.Locale // each language with the region's words
	previewSlots   chan struct{}             // the preview images being drawn (Config.MaxPreviews)
	previewRenders atomic.Int64              // preview images drawn, for tests
	changelog      web.Changelog             // the corrections log, read once
	cache          *cache
	byPattern      map[string]*route // the route table by echo pattern, every language and form
	builds         *builds           // runs the builds of uncached answers, once for all who ask
	dataMu         sync.Mutex
	dataVer        int64
	data           *snapshotData
	ver            atomic.Pointer[versionAt] // the last data version asked, with when
	logged         atomic.Uint64             // requests seen by the sampled access log
	envMemLimit    bool                      // set when GOMEMLIMIT chose the memory limit
	memMu          sync.Mutex                // one limitMemory at a time
}

// New builds a server; it reads and hashes the assets once.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	region := cfg.Region
	if region == nil {
		return nil, errors.New("server: no region: the configuration must give the data's region")
	}
	land, err := basemap.Parse(region.Outline)
	if err != nil {
		return nil, fmt.Errorf("server: region %s: %w", region.ID, err)
	}
	extra := map[string][]byte{"basemap.geojson": region.Outline}
	for key, b := range region.Layers {
		extra[key+".geojson"] = b
	}
	st, err := newStatic(cfg.Assets, extra)
	if err != nil {
		return nil, err
	}
	if cfg.BaseURL, err = checkBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	if cfg.Tiles.URL != "" {
		if _, err := tileSource(cfg.Tiles.URL); err != nil {
			return nil, err
		}
	}
	if cfg.Corrections, err = CheckCorrections(cfg.Corrections); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	log, err := dataset.ParseChangelog(dataset.ChangelogFile, cfg.Changelog)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	changelog := view.Changelog(log)
	s := &Server{
		cfg: cfg, log: cfg.Logger, static: st, cache: newCache(cfg.CacheBytes), builds: newBuilds(cfg.MaxBuilds), dataVer: -1,
		previewSlots: make(chan struct{}, max(1, cfg.MaxPreviews)),
		frame:        basemap.NewFrame(mapW, mapH, 12, region.Box),
		assets: web.Assets{
			CSS:        st.url("css/app.css"),
			LeafletCSS: st.url("vendor/leaflet/leaflet.css"),
			LeafletJS:  st.url("vendor/leaflet/leaflet.js"),
			MapJS:      st.url("js/map.js"),
			MapModules: st.preloads("js/map.js"),
			Basemap:    st.url("basemap.geojson"),
			Favicon:    st.url("favicon.svg"),
			ArabicFont: st.url("vendor/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff2"),
		},
	}
	s.locales = map[string]*locale.Locale{}
	for _, l := range locale.All() {
		rl, err := l.WithWords(region.Words[l.Tag])
		if err != nil {
			return nil, fmt.Errorf("server: region %s: words %s: %w", region.ID, l.Tag, err)
		}
		s.locales[l.Tag] = rl
	}
	_, s.envMemLimit = os.LookupEnv("GOMEMLIMIT")
	s.countries = land
	s.changelog = changelog
	for _, c := range land {
		s.land = append(s.land, web.Path{D: c.SVGPath(s.frame), Focus: c.Focus, Name: c.Name})
	}
	if err := s.addLayers(region.Layers); err != nil {
		return nil, err
	}
	if s.assets.LeafletJS == "" {
		s.log.Warn("leaflet is not in assets/vendor: the map stays static; run `just assets`")
	}
	s.echo = s.routes()
	return s, nil
}

// loc is the language l with the region's words (its name in titles, its
// tagline): every page and message speaks through it.
func (s *Server) loc(l *locale.Locale) *locale.Locale {
	if rl := s.locales[l.Tag]; rl != nil {
		return rl
	}
	return l
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Use(s.findRoute(e))
	e.Use(s.logRequests)
	e.Use(closeOnTransferEncoding)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "path", c.Request().URL.Path, "err", err, "stack", string(stack))
			return err
		},
	}))
	e.Use(s.securityHeaders)
	e.Use(cors)
	e.Use(canonicalRedirect(e))
	e.Use(middleware.BodyLimit("64K"))
	s.register(e)
	return e
}

// inRange refuses, before build runs, a day parameter outside the data
// (see outOfRange); a day that does not parse is left to build's own
// message. Being inside the cached build, the refusal is never cached.
func (s *Server) inRange(build func(c echo.Context) (*response, error)) func(c echo.Context) (*response, error) {
	return func(c echo.Context) (*response, error) {
		q := params(c)
		if !q.Has("day") {
			return build(c)
		}
		day, err := control.ParseDay(q.Get("day"))
		if err != nil {
			return build(c)
		}
		d, err := s.loadData(c.Request().Context())
		if err != nil {
			return nil, err
		}
		if d.HasDays && (day < d.First || day > d.Last) {
			return nil, outOfRange(locale.From(c.Request().Context()), d, day)
		}
		return build(c)
	}
}

// cached keeps the finished response of build per data version and
// representation (see cacheKey), and answers with ETag, 304s and gzip.
// Only successful responses that were sent in full are kept. A page reads
// the query parameters in allowed and ignores the rest (shared links gain
// tracking parameters); the API refuses the rest before the cache is
// asked, so the answer never depends on it.
func (s *Server) cached(rt *route, allowed []string, build func(c echo.Context) (*response, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		q, err := readParams(c, allowed, rt.strict())
		if err != nil {
			return err
		}
		c.Set(paramsKey, q)
		// A page's language is the one its path names; the API and data
		// files speak the default language.
		l := locale.English()
		if rt.kind == kindPage {
			l, _ = locale.ForPath(c.Path())
		}
		req = req.WithContext(locale.With(req.Context(), s.loc(l)))
		c.SetRequest(req)
		if rt.path == "/changes" {
			if q, err = s.clampChanges(req.Context(), q); err != nil {
				return err
			}
			c.Set(paramsKey, q)
		}
		ver, err := s.version(req.Context())
		if err != nil {
			return err
		}
		key := cacheKey(c, q)
		if resp := s.cache.get(ver, key); resp != nil {
			resp.write(c.Response(), req)
			return nil
		}
		// Concurrent requests for one uncached answer build it once, on a
		// context of the build's own; the others wait for that build and
		// send the same bytes.
		resp, err := s.builds.do(req.Context(), strconv.FormatInt(ver, 10)+"\x00"+key, func(ctx context.Context) (*response, error) {
			c.SetRequest(req.WithContext(ctx))
			defer c.SetRequest(req)
			return build(c)
		})
		if errors.Is(err, errBusy) {
			c.Response().Header().Set("Retry-After", "5")
		}
		if err != nil {
			return err
		}
		if err := resp.write(c.Response(), req); err == nil && resp.status == http.StatusOK {
			s.cache.put(ver, key, resp)
		}
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

// DefaultBaseURL is the origin of absolute links (og:image, the Atom feed)
// when Config.BaseURL is empty.
const DefaultBaseURL = "http://localhost:8080"

// abs is the absolute URL of a path on this site (canonical links, og:url,
// og:image), under the configured base URL alone: the Host header and the
// request target are the client's to choose, and these links go into
// answers shared caches keep.
func (s *Server) abs(path string) string { return s.cfg.BaseURL + path }

// checkBaseURL returns the public origin without its trailing slash, or an
// error when it is not an absolute http(s) URL.
func checkBaseURL(raw string) (string, error) {
	if raw == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("server: base URL %q is not an http(s) origin such as https://frontline.example", raw)
	}
	return strings.TrimSuffix(raw, "/"), nil
}

// slowRequest is how long a request may take before it is logged whatever
// the sampling.
const slowRequest = time.Second

// statusClientClosed is what the access log records for a request whose
// reader left before its answer was built (nginx's 499): not a server error.
const statusClientClosed = 499

// logRequests logs server errors and slow requests always, and one in
// Config.LogEvery of the others (none when it is zero), so a flood cannot
// fill the disk with the access log.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		res := c.Response()
		dur := time.Since(start)
		level := slog.LevelInfo
		switch {
		case res.Status >= 500 && res.Status != http.StatusServiceUnavailable:
			level = slog.LevelError
		case res.Status == http.StatusServiceUnavailable || res.Status == statusClientClosed || dur >= slowRequest:
			level = slog.LevelWarn
		case s.cfg.LogEvery <= 0 || s.logged.Add(1)%uint64(s.cfg.LogEvery) != 0:
			return nil
		}
		s.log.Log(c.Request().Context(), level, "request",
			"method", c.Request().Method, "path", control.Clip(c.Request().URL.Path, 200), "status", res.Status,
			"bytes", res.Size, "dur", dur.Round(time.Microsecond).String())
		return nil
	}
}

// closeOnTransferEncoding closes the connection after a request that came
// with a Transfer-Encoding. No route here takes a body, and net/http drops
// a Content-Length sent beside one before handlers see it, so this is the
// only place to honour RFC 9112 section 6.1: such a request may be an
// attempt at request smuggling, and the connection must not be reused.
func closeOnTransferEncoding(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if len(c.Request().TransferEncoding) > 0 {
			c.Response().Header().Set("Connection", "close")
		}
		return next(c)
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
	// The only inline script allowed is the day page's boot script, by its hash.
	boot := sha256.Sum256([]byte(web.BootScript))
	scripts := "'self' 'sha256-" + base64.StdEncoding.EncodeToString(boot[:]) + "'"
	csp := func(frame string) string {
		return "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src " + img +
			"; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + frame
	}
	page, embed := csp("'none'"), csp("*")
	return func(c echo.Context) error {
		h := c.Response().Header()
		if routeOf(c).frame {
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

// CORS answers: the same for every origin, so a cached answer serves any
// site and no Vary: Origin is needed. No credentials are ever allowed.
const (
	corsMethods = "GET, HEAD, OPTIONS"
	corsHeaders = "Accept, Accept-Language, Content-Language, Content-Type, Cache-Control, If-None-Match, Pragma"
	corsExpose  = "ETag, Link, Content-Length"
)

// cors lets other sites' scripts read the public data (the routes the
// table marks): every answer there, errors included, says
// Access-Control-Allow-Origin: *, and a preflight OPTIONS is answered 204
// with the methods and headers allowed. Pages and the embed are not.
func cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !routeOf(c).corsFor(c.Request().URL.Path) {
			return next(c)
		}
		h := c.Response().Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", corsExpose)
		if c.Request().Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", corsMethods)
			h.Set("Access-Control-Allow-Headers", corsHeaders)
			h.Set("Access-Control-Max-Age", "86400")
			h.Set("Allow", corsMethods)
			h.Set("Cache-Control", redirectCache)
			return c.NoContent(http.StatusNoContent)
		}
		return next(c)
	}
}

// canonicalRedirect answers 301 to an address's canonical form when a GET
// or HEAD names it with upper-case letters or trailing slashes
// (/place/Aleppo/, /places/) and that form is one of our routes. The
// Location is a path on this site, never another host: a form starting
// with // or holding a backslash is not redirected. Routes the table marks
// exact (assets, territory files: hashed names) are left alone.
func canonicalRedirect(e *echo.Echo) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			p := req.URL.Path
			if (req.Method != http.MethodGet && req.Method != http.MethodHead) || routeOf(c).exact {
				return next(c)
			}
			want := canonicalForm(p)
			if want == p || strings.HasPrefix(want, "//") || strings.Contains(want, `\`) || !routable(e, want) {
				return next(c)
			}
			loc := (&url.URL{Path: want, RawQuery: req.URL.RawQuery}).String()
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
				return next(c)
			}
			// The same for every request to this path: shared caches may keep it.
			c.Response().Header().Set("Cache-Control", redirectCache)
			return c.Redirect(http.StatusMovedPermanently, loc)
		}
	}
}

// canonicalForm is p without trailing slashes and with ASCII letters in
// lower case: place ids, days and route names are all lower case.
func canonicalForm(p string) string {
	p = strings.TrimRight(p, "/")
	if p == "" {
		return "/"
	}
	b := []byte(p)
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}

// routable reports whether a GET of path reaches a route of ours rather
// than a not-found catch-all.
func routable(e *echo.Echo, path string) bool {
	c := e.NewContext(nil, nil)
	e.Router().Find(http.MethodGet, path, c)
	r := c.Path()
	return r != "" && !strings.HasSuffix(r, "/*")
}

// handleFavicon sends the address browsers and feed readers ask for
// whatever a page links to, to the one icon: the SVG every page names
// (Chrome, Edge and Firefox show an SVG icon). Its plain name, not the
// hashed one, so a kept redirect never points at an icon that is gone.
func (s *Server) handleFavicon(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", routeOf(c).cache)
	return c.Redirect(http.StatusMovedPermanently, "/assets/favicon.svg")
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
	req := c.Request()
	// An error page speaks the language of the address asked for; the API
	// speaks the default language.
	api := routeOf(c).kind == kindAPI
	l, _ := locale.ForPath(req.URL.Path)
	if api {
		l = locale.English()
	}
	l = s.loc(l)
	ctx := locale.With(req.Context(), l)
	status, msg, hint := http.StatusInternalServerError, l.T("error.internal"), ""
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
			msg = l.T("error.no_page")
		}
	}
	switch {
	case errors.Is(err, context.Canceled) && req.Context().Err() != nil:
		// The reader left before the answer was ready: nothing is wrong
		// with the server, and no one reads what follows.
		s.log.Info("client went away", "path", control.Clip(req.URL.Path, 200))
		c.Response().Header().Set("Cache-Control", noStore)
		c.NoContent(statusClientClosed)
		return
	case err == errBusy:
		// Shedding a cold build under a flood is the server working as
		// designed; the access log's warning counts them.
	case status >= 500:
		s.log.Error("internal error", "path", control.Clip(req.URL.Path, 200), "err", err)
	}
	h := c.Response().Header()
	h.Set("Cache-Control", noStore)
	if api {
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
	title := http.StatusText(status)
	if key := "error.title." + itoa(status); l.Has(key) {
		title = l.T(key)
	} else if status >= 500 {
		title = l.T("error.title.500")
	}
	page := web.ErrorPage{
		Meta:    web.Meta{Title: l.T("site.title_suffix", "title", title), Description: msg, Robots: "noindex", Site: s.loadedSite()},
		Assets:  s.assets,
		Status:  status,
		Title:   title,
		Message: msg,
		Hint:    hint,
		Links:   append(links, web.Link{Href: l.Path("/"), Label: l.T("error.latest_day")}),
	}
	body, rerr := render(ctx, web.ErrorView(page))
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

func itoa(n int) string { return strconv.Itoa(n) }
