package server

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
)

// maxQuery bounds the query string a route reads; no real link comes near it.
const maxQuery = 2048

const paramsKey = "frontline.params"

// cacheBuster is the query parameter every route ignores.
const cacheBuster = "_"

// readParams parses the query string once for a route that reads the
// parameters in allowed (the route table's params; none for path forms). A page
// keeps the first value of each parameter it declares and ignores the rest
// (shared links gain tracking parameters); an empty value counts as absent,
// as an empty date input sends one. The API (strict) refuses unknown,
// repeated or overlong parameters, except the cache-buster "_", which
// every route ignores.
func readParams(c echo.Context, allowed []string, strict bool) (url.Values, error) {
	raw := c.Request().URL.RawQuery
	if strict && len(raw) > maxQuery {
		return nil, badRequest("The query string is too long.", "")
	}
	out := url.Values{}
	if raw == "" || (!strict && len(allowed) == 0) {
		return out, nil
	}
	q, err := url.ParseQuery(raw)
	if err != nil && strict {
		return nil, badRequest("The query string is not well formed.", "")
	}
	for k, v := range q {
		// "_" is the cache-buster scripts (jQuery's cache: false among
		// them) add with a timestamp: it says nothing to the API, so it is
		// ignored, and never reaches the answer or the cache key.
		if k == cacheBuster {
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !strict {
			if ok && len(v) > 0 && v[0] != "" {
				out.Set(k, v[0])
			}
			continue
		}
		if !ok {
			if len(allowed) == 0 {
				return nil, badRequest(fmt.Sprintf("Unknown parameter %q: this address takes none.", control.Clip(k, 40)), "")
			}
			return nil, badRequest(fmt.Sprintf("Unknown parameter %q.", control.Clip(k, 40)), "Parameters here: "+strings.Join(allowed, ", "))
		}
		if len(v) > 1 {
			return nil, badRequest(fmt.Sprintf("Parameter %q is given more than once.", control.Clip(k, 40)), "")
		}
		out.Set(k, v[0])
	}
	return out, nil
}

// params returns the query parameters the cache read for this request.
func params(c echo.Context) url.Values {
	if q, ok := c.Get(paramsKey).(url.Values); ok {
		return q
	}
	return url.Values{}
}

// cacheKey names one representation: the route, its path parameters and
// the parameters it reads, never the Host header or anything unread.
func cacheKey(c echo.Context, q url.Values) string {
	var b strings.Builder
	b.WriteString(c.Path())
	for _, v := range c.ParamValues() {
		b.WriteByte(0)
		b.WriteString(v)
	}
	if len(q) > 0 {
		b.WriteByte('?')
		b.WriteString(q.Encode())
	}
	return b.String()
}
