package server

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/view"
)

// The route table: every address pattern of the site, declared once. The
// router, the response cache, the security and CORS headers, the canonical
// redirects, the error pages, the static copy (publish) and the tests all
// read it, so a new route is one entry here and its handler.

// kind says how a route answers and how its errors look.
type kind int

const (
	// kindPage is HTML people read: its language comes from its path, it
	// ignores query parameters it does not read, its errors are pages.
	kindPage kind = iota
	// kindAPI is the JSON and CSV API: unknown or repeated parameters are
	// refused, errors are JSON in the default language.
	kindAPI
	// kindFile is public data outside the API (the feed, the territory
	// file, /favicon.ico): lenient like a page, in the default language.
	kindFile
	// kindProbe is a health check: never cached anywhere.
	kindProbe
	// kindAsset is a static file under its exact (hashed or plain) name.
	kindAsset
)

// corsPolicy says which answers of a route other sites' scripts may read.
type corsPolicy int

const (
	corsNone corsPolicy = iota
	corsAll             // every answer, errors included
	corsData            // only the .json and .geojson files (assets)
)

// route is one address pattern and everything about it.
type route struct {
	path    string   // the echo pattern in the default language: /day/:day
	methods []string // what it answers; other methods get 405 with Allow
	params  []string // the query parameters it reads, and so its cache key
	// form is the address of the same answer without a query string, for
	// static hosts, which drop query strings: each query parameter is a
	// segment (/changes/:from/:to) or a file name (/api/v1/control/:day.json).
	form  string
	langs bool // also under each other language's prefix (/ar/day/:day)
	kind  kind
	ctype string // Content-Type of a 200; "" when it varies (assets, probes, redirects)
	cache string // Cache-Control of a 200; "" when it varies (assets)
	frame bool   // any site may frame it (the embed)
	cors  corsPolicy
	// exact means its names are exact (content-hashed), never redirected to
	// a lower-case form.
	exact bool
	// early files are named by pages, so a static copy writes them first.
	early bool
	build func(*Server, echo.Context) (*response, error) // a cached answer
	serve func(*Server, echo.Context) error              // an uncached one
	// publish lists the addresses of this route a static copy holds, in
	// the default language (the others are added when langs is set); nil
	// means none.
	publish func(s *Server, d *snapshotData, rt *route) []string
}

// Cache-Control values, named once.
const (
	pageCache     = "public, max-age=300, stale-while-revalidate=3600"
	homeCache     = "public, max-age=60, stale-while-revalidate=600"
	immutable     = "public, max-age=31536000, immutable"
	revalidate    = "public, no-cache"
	redirectCache = "public, max-age=86400"
	noStore       = "no-store"
)

// Content types, named once.
const (
	htmlType  = echo.MIMETextHTMLCharsetUTF8
	jsonType  = echo.MIMEApplicationJSON
	geoType   = "application/geo+json"
	csvType   = "text/csv; charset=utf-8"
	atomType  = "application/atom+xml; charset=utf-8"
	pngType   = "image/png"
	svgType   = "image/svg+xml"
	readOnlyM = "GET, HEAD"
)

var getHead = []string{http.MethodGet, http.MethodHead}

// eventParams are what every event route reads: the filter and the page.
var eventParams = []string{"from", "to", "place", "limit", "after"}

// table is every route of the site.
var table = []route{
	{path: "/", langs: true, ctype: htmlType, cache: homeCache, build: (*Server).handleHome, publish: bare},
	// The no-JavaScript day form, a redirect to the day's address.
	{path: "/day", langs: true, params: []string{"day"}, serve: (*Server).handleDayForm},
	{path: "/day/:day", langs: true, ctype: htmlType, cache: pageCache, build: (*Server).handleDay, publish: everyDay},
	{path: "/day/:day/panel", langs: true, ctype: htmlType, cache: pageCache, build: (*Server).handlePanel, publish: everyDay},
	{path: "/day/:day/preview.png", langs: true, ctype: pngType, cache: pageCache, build: (*Server).handlePreview, publish: mapDays},
	{path: "/embed/:day", langs: true, ctype: htmlType, cache: pageCache, frame: true, build: (*Server).handleEmbed, publish: everyDay},
	{path: "/place/:id", langs: true, ctype: htmlType, cache: pageCache, build: (*Server).handlePlace, publish: everyPlace},
	{path: "/places", langs: true, params: []string{"q", "page"}, ctype: htmlType, cache: pageCache, build: (*Server).handlePlaceList, publish: bare},
	{path: "/changes", langs: true, params: []string{"from", "to"}, form: changesForm, ctype: htmlType, cache: pageCache,
		build: (*Server).handleChanges, publish: linkedChanges},
	{path: "/about", langs: true, ctype: htmlType, cache: pageCache, build: (*Server).handleAbout, publish: bare},
	{path: "/feed.atom", kind: kindFile, ctype: atomType, cache: pageCache, cors: corsAll, build: (*Server).handleFeed, publish: bare},
	{path: "/territory/:file", kind: kindFile, ctype: jsonType, cache: immutable, cors: corsAll, exact: true, early: true,
		build: (*Server).handleTerritory, publish: territoryFile},
	// A language's timeline strip, the same for every day page (strip.TAG.HASH.svg).
	{path: "/strip/:file", kind: kindFile, ctype: svgType, cache: immutable, exact: true, early: true,
		build: (*Server).handleStrip, publish: stripFile},
	// Browsers and feed readers ask for /favicon.ico whatever the page
	// says; the icon is the SVG every page links to.
	{path: "/favicon.ico", kind: kindFile, cache: redirectCache, serve: (*Server).handleFavicon},
	{path: "/assets/*", kind: kindAsset, cors: corsData, exact: true, early: true, serve: (*Server).handleAsset, publish: everyAsset},
	{path: "/healthz", kind: kindProbe, ctype: jsonType, cache: noStore, serve: (*Server).handleHealth},
	{path: "/readyz", kind: kindProbe, ctype: jsonType, cache: noStore, serve: (*Server).handleReady},
	{path: "/api/v1/control", kind: kindAPI, params: []string{"day"}, form: "/api/v1/control/:day.json", ctype: jsonType, cache: pageCache,
		cors: corsAll, build: (*Server).handleControl, publish: bareAndEveryDay},
	{path: "/api/v1/control.geojson", kind: kindAPI, params: []string{"day"}, form: "/api/v1/control/:day.geojson", ctype: geoType, cache: pageCache,
		cors: corsAll, build: (*Server).handleControlGeoJSON, publish: bareAndEveryDay},
	{path: "/api/v1/territory.geojson", kind: kindAPI, params: []string{"day"}, form: "/api/v1/territory/:day.geojson", ctype: geoType, cache: pageCache,
		cors: corsAll, build: (*Server).handleTerritoryGeoJSON, publish: bareAndEveryDay},
	{path: "/api/v1/events", kind: kindAPI, params: eventParams, ctype: jsonType, cache: pageCache, cors: corsAll, build: (*Server).handleEvents, publish: bare},
	{path: "/api/v1/events.csv", kind: kindAPI, params: eventParams, ctype: csvType, cache: pageCache, cors: corsAll, build: (*Server).handleEventsCSV, publish: bare},
	{path: "/api/v1/sources.csv", kind: kindAPI, params: eventParams, ctype: csvType, cache: pageCache, cors: corsAll, build: (*Server).handleSourcesCSV, publish: bare},
	{path: "/api/v1/factions", kind: kindAPI, ctype: jsonType, cache: pageCache, cors: corsAll, build: (*Server).handleFactions, publish: bare},
	{path: "/api/v1/places", kind: kindAPI, ctype: jsonType, cache: pageCache, cors: corsAll, build: (*Server).handlePlaces, publish: bare},
}

// The catch-alls answer what no route above does: 405 with Allow when a
// route has the path but not the method, else 404 (JSON under the API).
var (
	apiRest  = route{path: "/api/*", kind: kindAPI, cors: corsAll}
	siteRest = route{path: "/*"}
)

func init() {
	for i := range table {
		if table[i].methods == nil {
			table[i].methods = getHead
		}
	}
}

// allow is the Allow header of the route: its methods, and OPTIONS where
// other sites may ask (the CORS preflight).
func (rt *route) allow() string {
	m := strings.Join(rt.methods, ", ")
	if rt.cors != corsNone {
		m += ", " + http.MethodOptions
	}
	return m
}

// corsFor reports whether other sites' scripts may read the answer at p.
func (rt *route) corsFor(p string) bool {
	switch rt.cors {
	case corsAll:
		return true
	case corsData:
		return strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".geojson")
	}
	return false
}

// strict reports whether unknown query parameters are refused.
func (rt *route) strict() bool { return rt.kind == kindAPI }

// formPattern splits a path form into the echo pattern that matches it and,
// for a file form (/api/v1/control/:day.json), the parameter its name
// carries and the extension: /api/v1/control/:file, "day", ".json".
func formPattern(form string) (pattern, param, ext string) {
	dir, last := path.Split(form)
	if name, e, ok := strings.Cut(last, "."); ok && strings.HasPrefix(name, ":") {
		return dir + ":file", name[1:], "." + e
	}
	return form, "", ""
}

// fill puts values into a pattern's parameters, in order:
// fill("/changes/:from/:to", a, b) is /changes/a/b.
func fill(pattern string, values ...string) string {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if len(values) == 0 {
			break
		}
		if name, ok := strings.CutPrefix(p, ":"); ok {
			_, ext, _ := strings.Cut(name, ".")
			parts[i] = values[0]
			if ext != "" {
				parts[i] += "." + ext
			}
			values = values[1:]
		}
	}
	return strings.Join(parts, "/")
}

// Publishing: what each route adds to a static copy.

func bare(_ *Server, _ *snapshotData, rt *route) []string { return []string{rt.path} }

func everyDay(_ *Server, d *snapshotData, rt *route) []string {
	var out []string
	for day := range d.Days() {
		out = append(out, fill(rt.path, day.String()))
	}
	return out
}

func bareAndEveryDay(_ *Server, d *snapshotData, rt *route) []string {
	out := []string{rt.path}
	for day := range d.Days() {
		out = append(out, fill(rt.form, day.String()))
	}
	return out
}

func everyPlace(_ *Server, d *snapshotData, rt *route) []string {
	var out []string
	for _, p := range d.Places {
		out = append(out, fill(rt.path, p.ID))
	}
	return out
}

// mapDays are the days whose map differs from the day before's (and the
// first): a quiet day's page names the preview of its last change.
func mapDays(_ *Server, d *snapshotData, rt *route) []string {
	var out []string
	for day := range d.Days() {
		out = append(out, fill(rt.path, d.MapDay(day).String()))
	}
	return out
}

// linkedChanges are the comparisons the day pages link to: since the first
// day, and over the last day, week, month and year, each as the smallest
// range with the same changes, so quiet days share them.
func linkedChanges(s *Server, d *snapshotData, rt *route) []string {
	var out []string
	l := locale.English() // the ranges do not depend on the language
	for day := range d.Days() {
		n := view.Nav(s.env(l, d), day)
		out = append(out, fill(rt.form, n.First, n.Since))
		for _, r := range n.Recent {
			if r.From != "" {
				out = append(out, fill(rt.form, r.From, r.To))
			}
		}
	}
	return out
}

// territoryFile is the territory file, its history and each language's
// timeline file, which the day pages and embeds fetch.
func territoryFile(s *Server, d *snapshotData, rt *route) []string {
	var out []string
	if d.Territory != nil {
		out = append(out, fill(rt.path, d.Territory.Name), fill(rt.path, d.Territory.HistoryName))
	}
	return append(out, langFiles(s, d, rt, func(ld *langData) string { return ld.fileName })...)
}

func stripFile(s *Server, d *snapshotData, rt *route) []string {
	return langFiles(s, d, rt, func(ld *langData) string {
		if ld.strip == nil {
			return ""
		}
		return ld.strip.fileName
	})
}

// langFiles is the address of each language's file that name gives ("" for
// none). A language whose data cannot be built has no day pages either.
func langFiles(s *Server, d *snapshotData, rt *route, name func(*langData) string) []string {
	var out []string
	for _, l := range locale.All() {
		if ld, err := s.langData(context.Background(), d, l); err == nil && name(ld) != "" {
			out = append(out, fill(rt.path, name(ld)))
		}
	}
	return out
}

func everyAsset(s *Server, _ *snapshotData, _ *route) []string {
	var out []string
	for name := range s.static.byName {
		out = append(out, "/assets/"+name)
	}
	return out
}

// publicPaths lists the addresses of the table's routes that a static copy
// holds, in two batches: the files pages name first, then the rest, a day
// at a time (a day's page, panel, embed and files in every language
// together, since they share the day's view and land while built).
func (s *Server) publicPaths(d *snapshotData) [][]string {
	var early, rest []string
	for i := range table {
		rt := &table[i]
		if rt.publish == nil {
			continue
		}
		paths := rt.publish(s, d, rt)
		if rt.langs {
			paths = inLanguages(paths, locale.All())
		}
		if rt.early {
			early = append(early, paths...)
		} else {
			rest = append(rest, paths...)
		}
	}
	return [][]string{dedupe(early), byDay(dedupe(rest))}
}

// byDay orders paths by the first day each names (2006-01-02; none
// first), keeping their order within a day. Each day is found once: a
// sort would otherwise search a path again at every comparison.
func byDay(paths []string) []string {
	type keyed struct{ day, path string }
	ks := make([]keyed, len(paths))
	for i, p := range paths {
		ks[i] = keyed{dayInPath.FindString(p), p}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].day < ks[j].day })
	for i, k := range ks {
		paths[i] = k.path
	}
	return paths
}

var dayInPath = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}`)

// inLanguages returns the default language's addresses followed by each
// other language's copies of them: the copies of the default's only, never
// of another language's (a third language would otherwise list /fr/ar/…).
func inLanguages(paths []string, ls []*locale.Locale) []string {
	base := paths[:len(paths):len(paths)]
	for _, l := range ls {
		if l.Prefix == "" {
			continue
		}
		for _, p := range base {
			paths = append(paths, l.Path(p))
		}
	}
	return paths
}

// dedupe sorts paths and drops repeats (the first day's comparison with
// itself and with the day before are one address).
func dedupe(paths []string) []string {
	sort.Strings(paths)
	out := paths[:0]
	for i, p := range paths {
		if i == 0 || p != paths[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// Serving.

const routeKey = "frontline.route"

// routeOf is the route a request is for (set by findRoute).
func routeOf(c echo.Context) *route {
	if rt, ok := c.Get(routeKey).(*route); ok {
		return rt
	}
	return &siteRest
}

// register adds every route of the table to e, in every language, with
// its path form, and the catch-alls.
func (s *Server) register(e *echo.Echo) {
	s.byPattern = map[string]*route{}
	// Other methods on a route's pattern reach handleRest, which answers
	// 405 (echo's own 405 would not carry the table's Allow).
	add := func(rt *route, pattern string, h echo.HandlerFunc) {
		for _, p := range rt.inLanguages(pattern) {
			s.byPattern[p] = rt
			e.Match(rt.methods, p, h)
			e.RouteNotFound(p, s.handleRest)
		}
	}
	// File forms that share an echo pattern (/api/v1/control/:file), by
	// the extension that picks the route.
	files := map[string]map[string]*route{}
	for i := range table {
		rt := &table[i]
		if rt.serve != nil {
			add(rt, rt.path, func(c echo.Context) error { return rt.serve(s, c) })
			continue
		}
		add(rt, rt.path, s.cached(rt, rt.params, s.builder(rt)))
		if rt.form == "" {
			continue
		}
		pattern, _, ext := formPattern(rt.form)
		if ext == "" {
			add(rt, pattern, s.cached(rt, nil, fromSegments(rt, s.builder(rt))))
			continue
		}
		if files[pattern] == nil {
			files[pattern] = map[string]*route{}
		}
		files[pattern][ext] = rt
	}
	for _, pattern := range sortedKeys(files) {
		byExt := files[pattern]
		rt := byExt[sortedKeys(byExt)[0]]
		add(rt, pattern, s.cached(rt, nil, s.dayFile(byExt)))
	}
	s.byPattern[apiRest.path] = &apiRest
	e.Any(apiRest.path, s.handleRest)
	s.byPattern[siteRest.path] = &siteRest
	e.RouteNotFound(siteRest.path, s.handleRest)
}

// inLanguages is pattern under each language's prefix when the route has
// every language, else pattern alone.
func (rt *route) inLanguages(pattern string) []string {
	if !rt.langs {
		return []string{pattern}
	}
	var out []string
	for _, l := range locale.All() {
		out = append(out, l.Path(pattern))
		if pattern == "/" && l.Prefix != "" {
			out = append(out, l.Prefix)
		}
	}
	return out
}

// builder is the route's build, refusing first a day outside the data
// when the route reads a day (see inRange).
func (s *Server) builder(rt *route) func(echo.Context) (*response, error) {
	build := func(c echo.Context) (*response, error) { return rt.build(s, c) }
	if hasParam(rt.params, "day") {
		build = s.inRange(build)
	}
	return build
}

func hasParam(params []string, name string) bool {
	for _, p := range params {
		if p == name {
			return true
		}
	}
	return false
}

// fromSegments answers a segment form (/changes/:from/:to) with build,
// the segments read as the query parameters of the same names.
func fromSegments(rt *route, build func(echo.Context) (*response, error)) func(echo.Context) (*response, error) {
	return func(c echo.Context) (*response, error) {
		q := url.Values{}
		for _, n := range rt.params {
			q.Set(n, c.Param(n))
		}
		c.Set(paramsKey, q)
		return build(c)
	}
}

// dayFile answers a file form (/api/v1/control/YYYY-MM-DD.json) with the
// route of its extension, given the day as its "day" parameter.
func (s *Server) dayFile(byExt map[string]*route) func(echo.Context) (*response, error) {
	return func(c echo.Context) (*response, error) {
		file := c.Param("file")
		for ext, rt := range byExt {
			raw, ok := strings.CutSuffix(file, ext)
			if !ok || strings.Contains(raw, ".") {
				continue
			}
			if _, err := control.ParseDay(raw); err != nil {
				return nil, badRequest(control.Clip(raw, 40)+" is not a day.", dayHint)
			}
			c.Set(paramsKey, url.Values{"day": {raw}})
			c.Set(routeKey, rt)
			return s.builder(rt)(c)
		}
		return nil, notFound("There is no such file.", "Day files are named YYYY-MM-DD"+strings.Join(sortedKeys(byExt), " or YYYY-MM-DD")+".")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// findRoute puts the request's route in its context for the middleware
// and handlers after it. A request a catch-all answers (PUT /api/v1/places
// reaches /api/*) is given the route a GET of its path reaches, if any,
// so its 405 carries that route's Allow, CORS and framing.
func (s *Server) findRoute(e *echo.Echo) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			rt := s.byPattern[c.Path()]
			if rt == nil || rt == &apiRest || rt == &siteRest {
				if got := s.getRoute(e, c.Request().URL.Path); got != nil {
					rt = got
				}
			}
			if rt == nil {
				rt = &siteRest
			}
			c.Set(routeKey, rt)
			return next(c)
		}
	}
}

// getRoute is the table's route a GET of p reaches, or nil.
func (s *Server) getRoute(e *echo.Echo, p string) *route {
	c := e.NewContext(nil, nil)
	e.Router().Find(http.MethodGet, p, c)
	rt := s.byPattern[c.Path()]
	if rt == &apiRest || rt == &siteRest {
		return nil
	}
	return rt
}

// handleRest answers what no route does: 405 with the route's Allow header
// when a route has the path, 404 otherwise.
func (s *Server) handleRest(c echo.Context) error {
	if rt := routeOf(c); rt != &apiRest && rt != &siteRest {
		c.Response().Header().Set(echo.HeaderAllow, rt.allow())
		return echo.ErrMethodNotAllowed
	}
	return echo.ErrNotFound
}

// answer is the answer of the request's route with body: its content type
// and cache policy come from the table.
func answer(c echo.Context, body []byte) *response {
	rt := routeOf(c)
	return newResponse(http.StatusOK, rt.ctype, rt.cache, body)
}
