package server

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"frontline/internal/locale"
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

// The corrections log's introduction is in the page's language.
func TestAboutCorrectionsIntroTranslated(t *testing.T) {
	s := aboutServer(t, "")
	en := get(t, s, "/about").Body.String()
	ar := get(t, s, "/ar/about").Body.String()
	intro := locale.English().T("about.corrections_intro")
	arIntro := locale.Get("ar").T("about.corrections_intro")
	if intro == arIntro {
		t.Fatalf("the Arabic catalogue's introduction is the English one: %q", arIntro)
	}
	if !strings.Contains(en, html.EscapeString(intro)) {
		t.Errorf("/about: no introduction %q", intro)
	}
	if !strings.Contains(ar, html.EscapeString(arIntro)) {
		t.Errorf("/ar/about: no Arabic introduction %q", arIntro)
	}
	if strings.Contains(ar, html.EscapeString(intro)) {
		t.Errorf("/ar/about shows the English introduction %q", intro)
	}
}
