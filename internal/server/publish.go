package server

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
)

// Path forms: every answer the pages use has an address without a query
// string, because static hosts and many CDNs ignore or drop query strings.
// Each path form answers exactly what its query form answers.

// pathForms adds the path-form routes beside the query forms.
func (s *Server) pathForms(page, apiGet func(string, func(echo.Context) (*response, error))) {
	page("/changes/:from/:to", withParams(s.handleChanges, "from", "to"))
	apiGet("/control/:file", s.dayFile(map[string]func(echo.Context) (*response, error){
		".json":    s.handleControl,
		".geojson": s.handleControlGeoJSON,
	}))
	apiGet("/territory/:file", s.dayFile(map[string]func(echo.Context) (*response, error){
		".geojson": s.handleTerritoryGeoJSON,
	}))
}

// withParams answers build with the named path parameters read as if they
// were the query parameters of the same names.
func withParams(build func(echo.Context) (*response, error), names ...string) func(echo.Context) (*response, error) {
	return func(c echo.Context) (*response, error) {
		q := url.Values{}
		for _, n := range names {
			q.Set(n, c.Param(n))
		}
		c.Set(paramsKey, q)
		return build(c)
	}
}

// dayFile answers /…/YYYY-MM-DD.ext with the handler for ext, given the day
// as its "day" parameter.
func (s *Server) dayFile(byExt map[string]func(echo.Context) (*response, error)) func(echo.Context) (*response, error) {
	return func(c echo.Context) (*response, error) {
		file := c.Param("file")
		for ext, build := range byExt {
			raw, ok := strings.CutSuffix(file, ext)
			if !ok || strings.Contains(raw, ".") {
				continue
			}
			if _, err := control.ParseDay(raw); err != nil {
				return nil, badRequest(clip(raw, 40)+" is not a day.", dayHint)
			}
			c.Set(paramsKey, url.Values{"day": {raw}})
			return build(c)
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

// ChangesPath is the path form of /changes?from=&to=.
func ChangesPath(from, to string) string { return "/changes/" + from + "/" + to }

// PublicPaths lists every address of the public site that a static copy can
// hold: the pages of every day, place and pair of days the pages link to,
// the feed, the data files and API answers in their path forms, and every
// asset under its hashed and its plain name. Addresses that need a query
// string (arbitrary /changes pairs, filtered or further event pages) and
// the health checks are not in it.
func (s *Server) PublicPaths(ctx context.Context) ([]string, error) {
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	paths := []string{
		"/", "/places", "/about", "/feed.atom",
		"/api/v1/control", "/api/v1/control.geojson", "/api/v1/territory.geojson",
		"/api/v1/events", "/api/v1/events.csv", "/api/v1/sources.csv",
		"/api/v1/factions", "/api/v1/places",
	}
	if d.hasDays {
		for day := d.first; day <= d.last; day++ {
			ds := day.String()
			paths = append(paths,
				"/day/"+ds, "/day/"+ds+"/panel", "/embed/"+ds,
				"/api/v1/control/"+ds+".json", "/api/v1/control/"+ds+".geojson", "/api/v1/territory/"+ds+".geojson",
				// A quiet day shares the preview of its last change.
				"/day/"+d.mapDay(day).String()+"/preview.png")
			// What changed, as the day page links it: since the first day,
			// and over the last day, week, month and year.
			l := locale.English()
			n := s.nav(l, d, day)
			paths = append(paths, ChangesPath(n.First, n.Since))
			for _, r := range n.Recent {
				if r.From != "" {
					paths = append(paths, ChangesPath(r.From, r.To))
				}
			}
		}
	}
	for _, p := range d.places {
		paths = append(paths, "/place/"+p.ID)
	}
	if d.terr != nil {
		paths = append(paths, "/territory/"+d.terr.name)
	}
	// Each language's timeline file, which day pages and embeds fetch.
	for _, l := range locale.All() {
		ld, err := s.langData(ctx, d, l)
		if err != nil {
			return nil, err
		}
		paths = append(paths, "/territory/"+ld.fileName)
	}
	// Every page people read, again in each other language.
	for _, p := range paths[:len(paths):len(paths)] {
		if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/territory/") || p == "/feed.atom" {
			continue
		}
		for _, l := range locale.All() {
			if l.Prefix != "" {
				paths = append(paths, l.Path(p))
			}
		}
	}
	for name := range s.static.byName {
		paths = append(paths, "/assets/"+name)
	}
	sort.Strings(paths)
	// Pages many days link to appear many times.
	out := paths[:0]
	for i, p := range paths {
		if i == 0 || p != paths[i-1] {
			out = append(out, p)
		}
	}
	return out, nil
}
