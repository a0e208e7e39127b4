// Package view builds the pages' view models (package web's structs), the
// feed and the API's answers from data already loaded: one version of the data (package snapshot), the
// events a page shows, a language's words and what the server was
// configured with. Its constructors are pure functions: they read no
// store, no request and no clock, so a test calls them with plain values
// and compares what they return. The server fetches, calls them and
// renders.
package view

import (
	"strings"

	"frontline/internal/basemap"
	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/internal/symbol"
	"frontline/web"
)

// Env is what every page is built with besides its own data: the
// language, the version of the data and what the server was configured
// with.
type Env struct {
	L           *locale.Locale
	Data        *snapshot.Data // may be nil only for Site
	BaseURL     string         // the public origin, without a trailing slash
	Assets      web.Assets
	Corrections string // where readers report a correction; empty: none shown
	Tiles       web.Tiles
	Map         Map
	// LandOf gives the land and front lines of a day's map as draw.Land
	// draws them, when the caller keeps them drawn; nil: drawn here.
	LandOf func(day control.Day) ([]web.Area, string)
}

// Map is the static maps' frame and the outlines drawn on every one, made
// once when the server starts.
type Map struct {
	Frame  basemap.Frame
	Land   []web.Path
	Layers []web.LayerPath
}

// The static map's size in SVG units.
const MapW, MapH = 640, 520

// abs is path's absolute address.
func (e Env) abs(path string) string { return e.BaseURL + path }

// Meta is the part of a page's Meta that follows from its language and its
// path in the default language: the canonical link and the alternates.
func (e Env) Meta(path string) web.Meta {
	m := web.Meta{Canonical: e.abs(e.L.Path(path))}
	for _, o := range locale.All() {
		m.Alternates = append(m.Alternates, web.Alternate{Lang: o.Tag, Name: o.Name, Href: e.abs(o.Path(path)), Local: o.Path(path), Prefix: o.Prefix, Current: o.Tag == e.L.Tag})
	}
	return m
}

// Site is what every page's footer says: the day the data was last
// updated (only when the data declares it), the days it covers and the
// corrections address. Data may be nil when none could be loaded.
func (e Env) Site() web.Site {
	st := web.Site{Corrections: e.Corrections}
	d := e.Data
	if d == nil {
		return st
	}
	if d.Coverage != nil && d.Coverage.Updated != 0 {
		st.Updated = d.Coverage.Updated.String()
	}
	if d.HasDays {
		st.First = d.First.String()
		st.Last = d.Last.String()
	}
	return st
}

// Faction is a faction as pages in l's language name it.
func Faction(l *locale.Locale, d *snapshot.Data, id string) web.Faction {
	if id == "" {
		return web.Faction{}
	}
	f, ok := d.FactionBy[id]
	if !ok {
		return web.Faction{ID: id, Name: id, Short: id, Color: symbol.NoFaction}
	}
	n := FactionNames(l, f)
	return web.Faction{ID: f.ID, Name: n.Name, NameLang: n.NameLang, Short: n.Short, ShortLang: n.ShortLang, Color: f.Color}
}

// Names are a faction's long and short names in one language; each Lang is
// "en" when the name fell back to English, "" when it is in the language.
type Names struct {
	Name, NameLang   string
	Short, ShortLang string
}

// FactionNames are a faction's long and short names in l's language, the
// English ones where the data has none (an Arabic short name falls back to
// the Arabic long one).
func FactionNames(l *locale.Locale, f control.Faction) Names {
	shortAR := f.ShortAR
	if shortAR == "" {
		shortAR = f.NameAR
	}
	var n Names
	n.Name, n.NameLang = l.Pick(f.Name, f.NameAR)
	n.Short, n.ShortLang = l.Pick(f.Short, shortAR)
	return n
}

// PlaceName is a place's name in l's language, the English one where the
// data has none.
func PlaceName(l *locale.Locale, p control.Place) string {
	name, _ := l.Pick(p.Name, p.NameAR)
	return name
}

// Event is one event as the pages show it.
func Event(l *locale.Locale, d *snapshot.Data, e control.Event) web.Event {
	p := d.PlaceBy[e.Place]
	v := web.Event{
		ID: e.ID, Day: e.Day.String(), DayLong: LongDay(l, e.Day), DayShort: ShortDay(l, e.Day), Kind: string(e.Kind), KindLabel: l.T("kind." + string(e.Kind)),
		PlaceID: e.Place, Status: string(e.Status),
		Controller: Faction(l, d, e.Controller), Challenger: Faction(l, d, e.Challenger),
		Confidence: string(e.Confidence),
	}
	v.PlaceName, v.PlaceNameLang = l.Pick(p.Name, p.NameAR)
	v.Summary, v.SummaryLang = l.Pick(e.Summary, e.SummaryAR)
	if e.Place == "" && e.Area != "" {
		for _, a := range d.Areas {
			if a.ID == e.Area {
				v.AreaName, v.AreaNameLang = l.Pick(a.Name, a.NameAR)
				break
			}
		}
	}
	for _, src := range e.Sources {
		v.Sources = append(v.Sources, web.Source{Outlet: src.Outlet, Title: src.Title, URL: SafeURL(src.URL), Seed: src.Seed, Quote: src.Quote, Published: src.Published})
	}
	return v
}

// SafeURL lets only http(s) addresses become links; imports reject others,
// and this keeps a bad row in an old database from ever becoming a script.
func SafeURL(u string) string {
	l := strings.ToLower(u)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return u
	}
	return ""
}

// LongDay is "Friday 6 December 2024" in l's language.
func LongDay(l *locale.Locale, d control.Day) string { return l.DateLong(d.String()) }

// ShortDay is "6 Dec 2024".
func ShortDay(l *locale.Locale, d control.Day) string { return l.Date(d.String()) }

// JoinNames is "A", "A and B" or "A, B and C", with l's separators.
func JoinNames(l *locale.Locale, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], l.T("list.comma")) + l.T("list.and") + names[len(names)-1]
}

// About is "How we know": the methodology, the factions with what the
// catalogue says of each, the corrections log and the licence.
func About(e Env, changelog web.Changelog) web.AboutPage {
	l, d := e.L, e.Data
	meta := e.Meta("/about")
	meta.Title = l.T("site.title_suffix", "title", l.T("nav.about"))
	meta.Description = l.T("about.description")
	meta.Site = e.Site()
	page := web.AboutPage{
		Meta:      meta,
		Assets:    e.Assets,
		Changelog: changelog,
	}
	for _, f := range d.Factions {
		af := web.AboutFaction{Faction: Faction(l, d, f.ID)}
		if key := "faction." + f.ID; l.Has(key) {
			af.About = l.T(key)
		}
		page.Factions = append(page.Factions, af)
	}
	return page
}
