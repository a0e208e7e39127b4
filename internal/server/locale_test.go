package server

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Every reader page exists in Arabic under /ar, right to left, naming its
// other language; the cache keeps the two apart because it keys on the path.
func TestArabicPages(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path, want string // want: a string the Arabic page says
	}{
		{"/ar/day/2024-12-06", "السيطرة يوم"},
		{"/ar", "السيطرة يوم"},
		{"/ar/place/aleppo", "حلب"},
		{"/ar/places", "حلب"},
		{"/ar/changes?from=2024-11-26&to=2024-12-08", "حلب"},
		{"/ar/about", "كيف نعرف"},
		{"/ar/embed/2024-12-06", "فرونتلاين"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, s, tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d", tt.path, rec.Code)
			}
			body := rec.Body.String()
			if !strings.Contains(body, `<html lang="ar" dir="rtl">`) {
				t.Errorf("GET %s: no <html lang=ar dir=rtl>", tt.path)
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("GET %s: the page does not say %q", tt.path, tt.want)
			}
			english := strings.TrimPrefix(tt.path, "/ar")
			if english == "" {
				english = "/"
			}
			en := get(t, s, english).Body.String()
			if !strings.Contains(en, `<html lang="en" dir="ltr">`) {
				t.Errorf("GET %s after %s: not the English page", english, tt.path)
			}
		})
	}
	day := get(t, s, "/ar/day/2024-12-06").Body.String()
	for _, want := range []string{
		`<link rel="alternate" hreflang="en" href="http://localhost:8080/day/2024-12-06">`,
		`<link rel="alternate" hreflang="ar" href="http://localhost:8080/ar/day/2024-12-06">`,
		`<link rel="alternate" hreflang="x-default" href="http://localhost:8080/day/2024-12-06">`,
		`<link rel="canonical" href="http://localhost:8080/ar/day/2024-12-06">`,
		`href="/day/2024-12-06" hreflang="en" lang="en" data-prefix="">English</a>`,
		`href="/ar/day/2024-12-07"`,
		`<output id="day-out" for="day-slider" dir="ltr">٢٠٢٤-١٢-٠٦</output>`,
		`content="http://localhost:8080/ar/day/2024-12-06/preview.png"`,
	} {
		if !strings.Contains(day, want) {
			t.Errorf("the Arabic day page lacks %s", want)
		}
	}
	// The headlines are in the timeline file the page names.
	file := regexp.MustCompile(`"data":"([^"]+)"`).FindStringSubmatch(day)
	if file == nil {
		t.Fatal("the Arabic day page names no timeline file")
	}
	if m := regexp.MustCompile(`"headlines":\["([^"]*)"`).FindStringSubmatch(get(t, s, file[1]).Body.String()); m == nil || !strings.Contains(m[1], "من أصل") {
		t.Errorf("the Arabic timeline's first headline is %v, want Arabic", m)
	}
}

// The preview is drawn once per language and day: the English image asked
// after the Arabic one is not the Arabic one.
func TestPreviewPerLanguage(t *testing.T) {
	s, _ := newTestServer(t)
	ar := get(t, s, "/ar/day/2024-12-06/preview.png")
	en := get(t, s, "/day/2024-12-06/preview.png")
	if ar.Code != http.StatusOK || en.Code != http.StatusOK {
		t.Fatalf("status ar %d, en %d", ar.Code, en.Code)
	}
	if bytes.Equal(ar.Body.Bytes(), en.Body.Bytes()) {
		t.Error("the Arabic and English previews are the same image")
	}
}

// An Arabic error page is in Arabic; the API's errors stay in English.
func TestArabicErrors(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/ar/day/2099-01-01")
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "لا بيانات لدى فرونتلاين عن ٢٠٩٩-٠١-٠١") {
		t.Errorf("GET /ar/day/2099-01-01: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = get(t, s, "/ar/no/such/page")
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "لا توجد صفحة على هذا العنوان") {
		t.Errorf("GET /ar/no/such/page: %d", rec.Code)
	}
	rec = get(t, s, "/api/v1/control?day=2099-01-01")
	if !strings.Contains(rec.Body.String(), "Frontline has no data for 2099-01-01") {
		t.Errorf("the API error is %s, want English", rec.Body.String())
	}
	rec = get(t, s, "/ar/day?day=2024-12-06")
	if got, want := rec.Header().Get("Location"), "/ar/day/2024-12-06"; got != want {
		t.Errorf("the Arabic day form redirects to %q, want %q", got, want)
	}
}

// A source's publication day is shown beside it, in the page's language.
func TestSourcePublishedShown(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct{ path, want string }{
		{"/place/qusayr", `published <time datetime="2024-12-08">8 Dec 2024</time>`},
		{"/ar/place/qusayr", `نُشر في <time datetime="2024-12-08">٨ كانون الأول ٢٠٢٤</time>`},
	}
	for _, tt := range tests {
		if body := get(t, s, tt.path).Body.String(); !strings.Contains(body, tt.want) {
			t.Errorf("GET %s lacks %s", tt.path, tt.want)
		}
	}
}
