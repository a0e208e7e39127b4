package server

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var (
	footRE = regexp.MustCompile(`(?s)<footer class="foot">(.*?)</footer>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	// A sentence's end or a separator run into the next word.
	gluedRE = regexp.MustCompile(`[.:·،][\p{L}]|\p{L}·`)
)

// visibleText is the text of an HTML fragment as a reader sees it: tags
// gone (a paragraph ends with a space), entities decoded, white space
// collapsed.
func visibleText(frag string) string {
	frag = strings.ReplaceAll(frag, "</p>", " ")
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(frag, ""))), " ")
}

// The footer's sentences are separated by spaces in both languages
// ("2026.Data covers" ran together).
func TestFooterSpaces(t *testing.T) {
	s, _ := newTestServer(t)
	for _, path := range []string{"/day/2024-12-06", "/ar/day/2024-12-06", "/about", "/ar/about", "/places"} {
		rec := get(t, s, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", path, rec.Code)
		}
		m := footRE.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("%s: no footer", path)
		}
		text := visibleText(m[1])
		if g := gluedRE.FindAllString(text, -1); len(g) > 0 {
			t.Errorf("%s: footer runs words together at %q: %s", path, g, text)
		}
	}
}
