package server

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/view"
	"frontline/web"
)

// handleAbout is "How we know": the methodology, the corrections log and
// the licence. Only the footer's dates and the log come from data, so it
// is cached like any page.
func (s *Server) handleAbout(c echo.Context) (*response, error) {
	ctx := c.Request().Context()
	l := locale.From(ctx)
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	page := view.About(s.env(l, d), s.changelog)
	body, err := render(ctx, web.AboutView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// site is what every page's footer says (view.Env.Site); d may be nil
// when no data could be loaded.
func (s *Server) site(d *snapshotData) web.Site {
	return s.env(nil, d).Site()
}

// loadedSite is site over whatever data was last loaded, for pages such as
// errors that must not ask the store again.
func (s *Server) loadedSite() web.Site {
	s.dataMu.Lock()
	d := s.data
	s.dataMu.Unlock()
	return s.site(d)
}

// CheckCorrections returns the corrections address when it is a mailto:
// address or an https: URL, the only kinds a reader can safely follow from
// a link (javascript: and the like never reach a page); empty stays empty,
// and no link is shown.
func CheckCorrections(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	bad := fmt.Errorf("corrections address %q is not a mailto: address (mailto:corrections@example.org) or an https: URL", control.Clip(raw, 100))
	if len(raw) > 2000 || strings.IndexFunc(raw, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return "", bad
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", bad
	}
	switch u.Scheme {
	case "mailto":
		// mailto:someone@example.org parses as an opaque URL.
		local, domain, ok := strings.Cut(u.Opaque, "@")
		if !ok || local == "" || domain == "" || strings.ContainsAny(domain, "@/") || u.Fragment != "" {
			return "", bad
		}
	case "https":
		if u.Host == "" || u.User != nil || u.Opaque != "" {
			return "", bad
		}
	default:
		return "", bad
	}
	// The scheme comes back lower case, so MAILTO: shows as mailto:.
	return u.String(), nil
}
