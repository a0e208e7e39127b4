package locale

import (
	"context"
	"regexp"
	"slices"
	"testing"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// Every catalogue has every key of the default one and no other, the same
// placeholders in each text, and every plural form its language uses.
func TestCataloguesAgree(t *testing.T) {
	en := English()
	if len(All()) < 2 {
		t.Fatalf("got %d catalogues, want at least 2", len(All()))
	}
	for _, l := range All() {
		if got, want := l.Keys(), en.Keys(); !slices.Equal(got, want) {
			t.Errorf("%s: keys differ from %s:\nmissing %v\nextra %v", l.Tag, Default, minus(want, got), minus(got, want))
		}
		for _, k := range en.Keys() {
			if !l.Has(k) {
				continue
			}
			want := placeholders(en, k)
			for _, text := range texts(l, k) {
				got := placeholdersOf(text)
				// A plural form may spell the count in words ("one
				// source"), so {n} may be missing from it.
				got = slices.DeleteFunc(got, func(s string) bool { return s == "{n}" })
				for _, p := range got {
					if !slices.Contains(want, p) {
						t.Errorf("%s %s: placeholder %s is not in the %s text", l.Tag, k, p, Default)
					}
				}
				for _, p := range want {
					if p != "{n}" && !slices.Contains(got, p) {
						t.Errorf("%s %s: text %q lacks placeholder %s", l.Tag, k, text, p)
					}
				}
			}
			if forms, ok := l.plurals[k]; ok {
				for _, f := range l.PluralForms() {
					if forms[f] == "" {
						t.Errorf("%s %s: no %q form", l.Tag, k, f)
					}
				}
			} else if _, ok := en.plurals[k]; ok {
				t.Errorf("%s %s: plural in %s but a plain text here", l.Tag, k, Default)
			}
		}
	}
}

func texts(l *Locale, k string) []string {
	if forms, ok := l.plurals[k]; ok {
		var ts []string
		for _, s := range forms {
			ts = append(ts, s)
		}
		return ts
	}
	return []string{l.texts[k]}
}

func placeholders(l *Locale, k string) []string {
	var all []string
	for _, s := range texts(l, k) {
		for _, p := range placeholdersOf(s) {
			if !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	return all
}

func placeholdersOf(s string) []string { return placeholder.FindAllString(s, -1) }

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		tag  string
		n    int
		want string
	}{
		{"en", 0, "0 sources"},
		{"en", 1, "1 source"},
		{"en", 2, "2 sources"},
		{"en", 3, "3 sources"},
		{"en", 11, "11 sources"},
		{"en", 100, "100 sources"},
		{"ar", 0, "لا مصادر"},
		{"ar", 1, "مصدر واحد"},
		{"ar", 2, "مصدران"},
		{"ar", 3, "٣ مصادر"},
		{"ar", 11, "١١ مصدراً"},
		{"ar", 100, "١٠٠ مصدر"},
		{"ar", 103, "١٠٣ مصادر"},
	}
	for _, tt := range tests {
		if got := Get(tt.tag).N("event.sources", tt.n); got != tt.want {
			t.Errorf("%s N(event.sources, %d) = %q, want %q", tt.tag, tt.n, got, tt.want)
		}
	}
	if got, want := Get("ar").PluralForms(), []string{"zero", "one", "two", "few", "many", "other"}; !slices.Equal(got, want) {
		t.Errorf("ar plural forms = %v, want %v", got, want)
	}
	if got, want := English().PluralForms(), []string{"other", "one"}; !slices.Equal(got, want) {
		t.Errorf("en plural forms = %v, want %v", got, want)
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		tag, day, long, date, short string
	}{
		{"en", "2024-12-06", "Friday 6 December 2024", "6 Dec 2024", "6 Dec"},
		{"ar", "2024-12-06", "الجمعة ٦ كانون الأول ٢٠٢٤", "٦ كانون الأول ٢٠٢٤", "٦ كانون الأول"},
		{"ar", "2024-11-27", "الأربعاء ٢٧ تشرين الثاني ٢٠٢٤", "٢٧ تشرين الثاني ٢٠٢٤", "٢٧ تشرين الثاني"},
		{"en", "not a day", "not a day", "not a day", "not a day"},
	}
	for _, tt := range tests {
		l := Get(tt.tag)
		if got := l.DateLong(tt.day); got != tt.long {
			t.Errorf("%s DateLong(%s) = %q, want %q", tt.tag, tt.day, got, tt.long)
		}
		if got := l.Date(tt.day); got != tt.date {
			t.Errorf("%s Date(%s) = %q, want %q", tt.tag, tt.day, got, tt.date)
		}
		if got := l.DateShort(tt.day); got != tt.short {
			t.Errorf("%s DateShort(%s) = %q, want %q", tt.tag, tt.day, got, tt.short)
		}
	}
}

func TestPathsAndContext(t *testing.T) {
	ar := Get("ar")
	tests := []struct {
		path, tag, rest string
	}{
		{"/day/2024-12-06", "en", "/day/2024-12-06"},
		{"/ar/day/2024-12-06", "ar", "/day/2024-12-06"},
		{"/ar", "ar", "/"},
		{"/ar/", "ar", "/"},
		{"/arabic", "en", "/arabic"},
	}
	for _, tt := range tests {
		l, rest := ForPath(tt.path)
		if l.Tag != tt.tag || rest != tt.rest {
			t.Errorf("ForPath(%q) = %s %q, want %s %q", tt.path, l.Tag, rest, tt.tag, tt.rest)
		}
	}
	if got, want := ar.Path("/place/aleppo"), "/ar/place/aleppo"; got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}
	if got, want := ar.Path("/"), "/ar"; got != want {
		t.Errorf("Path(/) = %q, want %q", got, want)
	}
	if got := From(context.Background()); got != English() {
		t.Errorf("From(empty) = %s, want en", got.Tag)
	}
	if got := From(With(context.Background(), ar)); got != ar {
		t.Errorf("From(With(ar)) = %s, want ar", got.Tag)
	}
}

func TestFill(t *testing.T) {
	ar := Get("ar")
	if got, want := ar.N("headline.lead", 22, "holder", "هيئة تحرير الشام", "count", 8), "هيئة تحرير الشام: ٨ من أصل ٢٢ مكاناً"; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
	if got, want := English().N("headline.lead", 22, "holder", "HTS", "count", 8), "HTS holds 8 of 22 places"; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
	if got, want := English().T("no.such.key"), "no.such.key"; got != want {
		t.Errorf("missing key = %q, want %q", got, want)
	}
	if got, want := English().T("error.not_a_day", "value", `"x{y}"`), `"x{y}" is not a day.`; got != want {
		t.Errorf("braces in a value = %q, want %q", got, want)
	}
	b := ar.ForBrowser()
	if b.Messages["js.play"] == "" || b.Plurals["js.play"] != nil || len(b.Months) != 12 || b.Digits == "" {
		t.Errorf("ForBrowser lacks what scripts need: %+v", b)
	}
	if _, ok := b.Messages["day.title"]; ok {
		t.Errorf("ForBrowser ships a page-only message")
	}
}

func TestParseRefusesBadCatalogues(t *testing.T) {
	good := `"tag":"fr","name":"Français","months":["1","2","3","4","5","6","7","8","9","10","11","12"],"months_short":["1","2","3","4","5","6","7","8","9","10","11","12"],"weekdays":["1","2","3","4","5","6","7"]`
	tests := map[string]string{
		"bad dir":      `{` + good + `,"dir":"up","messages":{}}`,
		"no other":     `{` + good + `,"dir":"ltr","messages":{"k":{"one":"x"}}}`,
		"bad digits":   `{` + good + `,"dir":"ltr","digits":"0123","messages":{}}`,
		"not JSON":     `{`,
		"few weekdays": `{"tag":"fr","dir":"ltr","months":[],"months_short":[],"weekdays":[]}`,
	}
	for name, in := range tests {
		if _, err := parse([]byte(in)); err == nil {
			t.Errorf("%s: parse accepted it", name)
		}
	}
	if _, err := parse([]byte(`{` + good + `,"dir":"ltr","messages":{"k":{"one":"x","other":"y"}}}`)); err != nil {
		t.Errorf("a good catalogue: %v", err)
	}
}

func TestPick(t *testing.T) {
	tests := []struct {
		tag, en, ar, want, lang string
	}{
		{"en", "Aleppo", "حلب", "Aleppo", ""},
		{"ar", "Aleppo", "حلب", "حلب", ""},
		{"ar", "Abu az Zuhur", "", "Abu az Zuhur", "en"},
		{"en", "Abu az Zuhur", "", "Abu az Zuhur", ""},
	}
	for _, tt := range tests {
		text, lang := Get(tt.tag).Pick(tt.en, tt.ar)
		if text != tt.want || lang != tt.lang {
			t.Errorf("%s Pick(%q, %q) = %q %q, want %q %q", tt.tag, tt.en, tt.ar, text, lang, tt.want, tt.lang)
		}
	}
}
