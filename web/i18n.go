package web

import (
	"context"
	"html"
	"io"
	"strings"

	"github.com/a-h/templ"

	"frontline/internal/locale"
)

// Alternate is the same page in one language, for hreflang links and the
// language switch.
type Alternate struct {
	Lang    string // BCP 47 tag
	Name    string // the language's name in itself
	Href    string // absolute URL
	Local   string // the path, for the switch link
	Prefix  string // the language's path prefix ("" or "/ar"), for scripts that follow the day
	Current bool
}

// lc is the language the page is rendered in.
func lc(ctx context.Context) *locale.Locale { return locale.From(ctx) }

// t is a message of the page's language; see locale.Locale.T.
func t(ctx context.Context, key string, args ...any) string { return lc(ctx).T(key, args...) }

// tn is a plural message; see locale.Locale.N.
func tn(ctx context.Context, key string, count int, args ...any) string {
	return lc(ctx).N(key, count, args...)
}

// num writes a number in the page's digits.
func num(ctx context.Context, v int) string { return lc(ctx).Num(v) }

// dateLong, date and dateShort write an ISO day in the page's language.
func dateLong(ctx context.Context, day string) string  { return lc(ctx).DateLong(day) }
func date(ctx context.Context, day string) string      { return lc(ctx).Date(day) }
func dateShort(ctx context.Context, day string) string { return lc(ctx).DateShort(day) }

// href is a site path in the page's language.
func href(ctx context.Context, p string) templ.SafeURL { return templ.SafeURL(lc(ctx).Path(p)) }

// tr renders a message whose placeholders are filled with components (a
// link, a <time>, a <strong>) or strings (escaped); the words around them
// stay the catalogue's, in the catalogue's order.
func tr(key string, args ...any) templ.Component {
	return trN(key, -1, args...)
}

// trN is tr for a plural message and its count.
func trN(key string, count int, args ...any) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		l := lc(ctx)
		// Each component placeholder becomes a marker no catalogue text
		// contains; the text is filled and escaped, then the markers are
		// replaced by the rendered components.
		plain := make([]any, 0, len(args))
		comps := map[string]templ.Component{}
		for i := 0; i+1 < len(args); i += 2 {
			name, _ := args[i].(string)
			if c, ok := args[i+1].(templ.Component); ok {
				marker := "\x00" + name + "\x00"
				comps[marker] = c
				plain = append(plain, name, marker)
				continue
			}
			plain = append(plain, name, args[i+1])
		}
		var s string
		if count >= 0 {
			s = l.N(key, count, plain...)
		} else {
			s = l.T(key, plain...)
		}
		for s != "" {
			i := strings.IndexByte(s, 0)
			if i < 0 {
				_, err := io.WriteString(w, html.EscapeString(s))
				return err
			}
			if _, err := io.WriteString(w, html.EscapeString(s[:i])); err != nil {
				return err
			}
			j := strings.IndexByte(s[i+1:], 0)
			if j < 0 {
				_, err := io.WriteString(w, html.EscapeString(s[i:]))
				return err
			}
			marker := s[i : i+j+2]
			if c := comps[marker]; c != nil {
				if err := c.Render(ctx, w); err != nil {
					return err
				}
			}
			s = s[i+j+2:]
		}
		return nil
	})
}

// enMark is the language to mark English text with on this page: "" on an
// English page, "en" on any other, for langText and langAttrs.
func enMark(ctx context.Context) string {
	if lc(ctx).Tag == "en" {
		return ""
	}
	return "en"
}
