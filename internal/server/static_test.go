package server

import (
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestRewriteCSSURLs: a stylesheet's relative url() addresses name the
// hashed files, quoted or not; absolute, data:, fragment and unknown
// addresses and vendored stylesheets are left alone; a new font renames the
// stylesheet; a font is served as font/woff2 for a year. Stylesheets are
// served minified, so the expected forms are the minifier's.
func TestRewriteCSSURLs(t *testing.T) {
	build := func(font string) *static {
		t.Helper()
		fsys := fstest.MapFS{
			"css/app.css": {Data: []byte(`@font-face { src: url(../vendor/f/a.woff2) format("woff2"); }
.a { background: url("../img/x.png"); }
.b { background: url( 'img/y.png' ); }
.c { background: url(data:image/png;base64,AAAA); }
.d { background: url(/elsewhere.png); }
.e { background: url(../vendor/f/missing.woff2); }
.f { mask: url(#m); }
`)},
			"css/img/y.png":           {Data: []byte("y")},
			"img/x.png":               {Data: []byte("x")},
			"vendor/f/a.woff2":        {Data: []byte(font)},
			"vendor/lib/lib.css":      {Data: []byte(`.g { background: url(images/z.png); }`)},
			"vendor/lib/images/z.png": {Data: []byte("z")},
		}
		st, err := newStatic(fsys, nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := build("font 1")
	body := func(st *static, name string) string {
		return string(st.byName[strings.TrimPrefix(st.url(name), "/assets/")].body)
	}
	base := func(name string) string { return path.Base(st.url(name)) }
	css := body(st, "css/app.css")
	for _, want := range []string{
		`url(../vendor/f/` + base("vendor/f/a.woff2") + `)format("woff2")`,
		`url(../img/` + base("img/x.png") + `)`,
		`url(img/` + base("css/img/y.png") + `)`,
		`url(data:image/png,%00%00%00)`,
		`url(/elsewhere.png)`,
		`url(../vendor/f/missing.woff2)`,
		`url(#m)`,
	} {
		if !strings.Contains(css, want) {
			t.Errorf("app.css lacks %q:\n%s", want, css)
		}
	}
	if got, want := body(st, "vendor/lib/lib.css"), `.g{background:url(images/z.png)}`; got != want {
		t.Errorf("vendored lib.css = %q, want its address as it is: %q", got, want)
	}
	font := st.byName[strings.TrimPrefix(st.url("vendor/f/a.woff2"), "/assets/")]
	if font.contentType != "font/woff2" || font.cacheCtl != immutable {
		t.Errorf("a.woff2: Content-Type %q, Cache-Control %q; want font/woff2, %q", font.contentType, font.cacheCtl, immutable)
	}
	if st2 := build("font 2"); st2.url("css/app.css") == st.url("css/app.css") {
		t.Errorf("app.css kept its name %s when the font it names changed", st.url("css/app.css"))
	}
}

// fontFaceRE finds each @font-face rule's body.
var fontFaceRE = regexp.MustCompile(`@font-face\s*\{([^}]*)\}`)

// TestServedCSSFonts: the stylesheet the day page links names only font
// files the server serves, under hashed names, as fonts cached for a year;
// every @font-face swaps (text is never hidden) and has a unicode-range (so
// a page without those letters never loads it). It needs `just assets`.
func TestServedCSSFonts(t *testing.T) {
	s, _ := newTestServer(t)
	page := get(t, s, "/day/2024-12-06")
	if page.Code != http.StatusOK {
		t.Fatalf("GET /day/2024-12-06: status %d", page.Code)
	}
	m := regexp.MustCompile(`<link rel="stylesheet" href="(/assets/css/app\.[0-9a-f]{8}\.css)"`).FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatal("the day page links no hashed css/app.css")
	}
	cssURL := m[1]
	rec := get(t, s, cssURL)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", cssURL, rec.Code)
	}
	css := rec.Body.String()
	faces := fontFaceRE.FindAllStringSubmatch(css, -1)
	if len(faces) == 0 {
		t.Fatalf("%s has no @font-face", cssURL)
	}
	for _, f := range faces {
		if !regexp.MustCompile(`font-display:\s*swap\s*;`).MatchString(f[1]) {
			t.Errorf("@font-face without font-display: swap:%s", f[1])
		}
		if !regexp.MustCompile(`unicode-range:\s*U\+[0-9A-F]`).MatchString(f[1]) {
			t.Errorf("@font-face without a unicode-range:%s", f[1])
		}
	}
	refs := cssURLRE.FindAllStringSubmatch(css, -1)
	fonts := 0
	for _, r := range refs {
		ref := r[1]
		if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
			continue
		}
		u, err := url.Parse(cssURL)
		if err != nil {
			t.Fatal(err)
		}
		target := u.ResolveReference(&url.URL{Path: ref}).Path
		got := get(t, s, target)
		if got.Code != http.StatusOK {
			t.Errorf("%s names %s (%s): status %d, want 200 (run `just assets`)", cssURL, ref, target, got.Code)
			continue
		}
		if cc := got.Header().Get("Cache-Control"); cc != immutable {
			t.Errorf("%s: Cache-Control %q, want %q: the stylesheet should name the hashed file", target, cc, immutable)
		}
		if path.Ext(target) == ".woff2" {
			fonts++
			if ct := got.Header().Get("Content-Type"); ct != "font/woff2" {
				t.Errorf("%s: Content-Type %q, want font/woff2", target, ct)
			}
			if b := got.Body.Bytes(); len(b) < 4 || string(b[:4]) != "wOF2" {
				t.Errorf("%s: body is not a WOFF2 file", target)
			}
		}
	}
	if fonts < len(faces) {
		t.Errorf("%s: %d served woff2 files for %d @font-face rules", cssURL, fonts, len(faces))
	}
}

// TestArabicFontRanges: the Arabic @font-face's unicode-range names exactly
// the ranges tools/fontsubset keeps in the font, so that no character the
// stylesheet sends to the font is missing from it.
func TestArabicFontRanges(t *testing.T) {
	css, err := os.ReadFile("../../assets/css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("../../tools/fontsubset/subset.mjs")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`unicode-range:\s*([^;]+);`).FindSubmatch(css)
	if m == nil {
		t.Fatal("app.css has no unicode-range")
	}
	var got []string
	for _, r := range strings.Split(string(m[1]), ",") {
		got = append(got, strings.ToUpper(strings.TrimSpace(r)))
	}
	var want []string
	for _, p := range regexp.MustCompile(`\[0x([0-9a-fA-F]+),\s*0x([0-9a-fA-F]+)\]`).FindAllSubmatch(regexp.MustCompile(`(?s)ranges = \[(.*?)\];`).Find(script), -1) {
		want = append(want, "U+"+strings.ToUpper(string(p[1]))+"-"+strings.ToUpper(string(p[2])))
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("app.css unicode-range %v, subset.mjs keeps %v: want the same", got, want)
	}
}
