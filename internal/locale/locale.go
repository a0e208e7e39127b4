// Package locale is the one home of Frontline's words, dates and numbers.
// Each language is a catalogue file (catalog/<tag>.json): its messages,
// month and weekday names, digits and date patterns. Plural forms follow
// the CLDR rules of golang.org/x/text, so a catalogue lists the forms its
// language uses (Arabic: zero, one, two, few, many, other) and nothing
// else has to change to add a language.
package locale

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed catalog/*.json
var catalogs embed.FS

// Default is the tag of the language served without a path prefix.
const Default = "en"

// Locale is one language: what its pages say and how they write dates and
// numbers. It is read-only once loaded.
type Locale struct {
	Tag    string // BCP 47 tag, e.g. "ar"
	Name   string // the language's name in itself, e.g. "العربية"
	Dir    string // "ltr" or "rtl"
	Prefix string // the path prefix of its pages: "" for Default, else "/" + Tag

	tag     language.Tag
	digits  []rune // the ten digits, or nil for ASCII digits
	file    catalogFile
	texts   map[string]string            // the plain messages, decoded once
	plurals map[string]map[string]string // the plural messages by form
	browser Browser                      // what the scripts get, built once
}

// catalogFile is the JSON form of a catalogue.
type catalogFile struct {
	Tag         string   `json:"tag"`
	Name        string   `json:"name"`
	Dir         string   `json:"dir"`
	Digits      string   `json:"digits"`
	Months      []string `json:"months"`
	MonthsShort []string `json:"months_short"`
	Weekdays    []string `json:"weekdays"` // from Sunday
	// Date patterns use {weekday}, {d}, {month}, {mon} and {yyyy}.
	DateLong  string `json:"date_long"`
	Date      string `json:"date"`
	DateShort string `json:"date_short"`
	// Messages map a key to a text, or to plural forms keyed by CLDR
	// category (zero, one, two, few, many, other).
	Messages map[string]json.RawMessage `json:"messages"`
}

var (
	all   []*Locale
	byTag = map[string]*Locale{}
)

func init() {
	ls, err := load(catalogs)
	if err != nil {
		panic(err)
	}
	all = ls
	for _, l := range ls {
		byTag[l.Tag] = l
	}
	if byTag[Default] == nil {
		panic("locale: no catalogue for the default language " + Default)
	}
}

// load reads every catalogue in fsys; the default language comes first.
func load(fsys fs.FS) ([]*Locale, error) {
	names, err := fs.Glob(fsys, "catalog/*.json")
	if err != nil {
		return nil, fmt.Errorf("locale: listing catalogues: %w", err)
	}
	var ls []*Locale
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locale: reading %s: %w", name, err)
		}
		l, err := parse(b)
		if err != nil {
			return nil, fmt.Errorf("locale: %s: %w", path.Base(name), err)
		}
		ls = append(ls, l)
	}
	slices.SortStableFunc(ls, func(a, b *Locale) int {
		switch {
		case a.Tag == Default:
			return -1
		case b.Tag == Default:
			return 1
		}
		return strings.Compare(a.Tag, b.Tag)
	})
	return ls, nil
}

func parse(b []byte) (*Locale, error) {
	var f catalogFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("reading JSON: %w", err)
	}
	tag, err := language.Parse(f.Tag)
	if err != nil {
		return nil, fmt.Errorf("tag %q: %w", f.Tag, err)
	}
	if len(f.Months) != 12 || len(f.MonthsShort) != 12 || len(f.Weekdays) != 7 {
		return nil, fmt.Errorf("months, months_short and weekdays need 12, 12 and 7 names")
	}
	if f.Dir != "ltr" && f.Dir != "rtl" {
		return nil, fmt.Errorf("dir is %q, not ltr or rtl", f.Dir)
	}
	l := &Locale{Tag: f.Tag, Name: f.Name, Dir: f.Dir, tag: tag, file: f, texts: map[string]string{}, plurals: map[string]map[string]string{}}
	if f.Tag != Default {
		l.Prefix = "/" + f.Tag
	}
	if f.Digits != "" {
		l.digits = []rune(f.Digits)
		if len(l.digits) != 10 {
			return nil, fmt.Errorf("digits has %d characters, not 10", len(l.digits))
		}
	}
	for k, raw := range f.Messages {
		var forms map[string]string
		if len(raw) > 0 && raw[0] == '{' {
			if err := json.Unmarshal(raw, &forms); err != nil {
				return nil, fmt.Errorf("message %s: %w", k, err)
			}
			if forms["other"] == "" {
				return nil, fmt.Errorf("message %s has no \"other\" form", k)
			}
			l.plurals[k] = forms
			continue
		}
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, fmt.Errorf("message %s is neither a text nor plural forms: %w", k, err)
		}
		l.texts[k] = text
	}
	l.browser = l.forBrowser()
	return l, nil
}

// All is every language, the default first.
func All() []*Locale { return all }

// Get is the language of tag, or nil.
func Get(tag string) *Locale { return byTag[tag] }

// English is the default language.
func English() *Locale { return byTag[Default] }

// ForPath is the language whose prefix starts path ("/ar/day/…"), else the
// default; rest is path without the prefix.
func ForPath(p string) (l *Locale, rest string) {
	for _, l := range all {
		if l.Prefix == "" {
			continue
		}
		if p == l.Prefix {
			return l, "/"
		}
		if r, ok := strings.CutPrefix(p, l.Prefix+"/"); ok {
			return l, "/" + r
		}
	}
	return English(), p
}

type ctxKey struct{}

// With returns ctx carrying l.
func With(ctx context.Context, l *Locale) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From is the language ctx carries, else the default.
func From(ctx context.Context) *Locale {
	if l, ok := ctx.Value(ctxKey{}).(*Locale); ok && l != nil {
		return l
	}
	return English()
}

// Path is p (a path of the default language, "/day/…") in this language.
func (l *Locale) Path(p string) string {
	if l.Prefix == "" {
		return p
	}
	if p == "/" {
		return l.Prefix // the site redirects a trailing slash away
	}
	return l.Prefix + p
}

// RTL reports whether the language is written right to left.
func (l *Locale) RTL() bool { return l.Dir == "rtl" }

// Has reports whether the language has a message key: the catalogue's, or
// one its region's words added (a faction's description).
func (l *Locale) Has(key string) bool {
	if _, ok := l.texts[key]; ok {
		return true
	}
	_, ok := l.plurals[key]
	return ok
}

// Keys is every message key of the catalogue, sorted.
func (l *Locale) Keys() []string {
	ks := make([]string, 0, len(l.file.Messages))
	for k := range l.file.Messages {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// T is the message key with its {name} placeholders filled from args,
// which alternate names and values; an int value is written with Num. A
// missing key is shown as itself, so that it is seen and fixed.
func (l *Locale) T(key string, args ...any) string {
	if s, ok := l.texts[key]; ok {
		return l.fill(s, args)
	}
	if forms, ok := l.plurals[key]; ok {
		return l.fill(forms["other"], args)
	}
	return key
}

// Pick chooses between the English and Arabic forms the data gives a text
// (a name, a summary): the one in l's language when the data has it, else
// the English one, with lang "en" saying that it is not in l's language
// (lang is "" when it is).
func (l *Locale) Pick(en, ar string) (text, lang string) {
	switch {
	case l.Tag == "ar" && ar != "":
		return ar, ""
	case l.Tag == Default:
		return en, ""
	}
	return en, "en"
}

// N is the plural form of key for the count n, with {n} set to n and the
// other placeholders filled from args as in T.
func (l *Locale) N(key string, n int, args ...any) string {
	forms, ok := l.plurals[key]
	if !ok {
		return l.T(key, append([]any{"n", n}, args...)...)
	}
	s := forms[l.PluralForm(n)]
	if s == "" {
		s = forms["other"]
	}
	return l.fill(s, append([]any{"n", n}, args...))
}

// PluralForm is the CLDR plural category of the integer n: "zero", "one",
// "two", "few", "many" or "other".
func (l *Locale) PluralForm(n int) string {
	if n < 0 {
		n = -n
	}
	f := plural.Cardinal.MatchPlural(l.tag, n, 0, 0, 0, 0)
	switch f {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// PluralForms is every category the language distinguishes, found by
// asking the rule for the counts 0 to 200.
func (l *Locale) PluralForms() []string {
	var fs []string
	for n := 0; n <= 200; n++ {
		if f := l.PluralForm(n); !slices.Contains(fs, f) {
			fs = append(fs, f)
		}
	}
	return fs
}

func (l *Locale) fill(s string, args []any) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+1 : i+j]
		v, ok := arg(args, name)
		if ok {
			b.WriteString(l.str(v))
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

func arg(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, _ := args[i].(string); k == name {
			return args[i+1], true
		}
	}
	return nil, false
}

func (l *Locale) str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return l.Num(v)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// Num writes n in the language's digits.
func (l *Locale) Num(n int) string { return l.Digits(strconv.Itoa(n)) }

// Digits rewrites the ASCII digits of s in the language's digits.
func (l *Locale) Digits(s string) string {
	if l.digits == nil {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return l.digits[r-'0']
		}
		return r
	}, s)
}

// DateLong is "Friday 6 December 2024" for the ISO day "2024-12-06"; a
// string that is not a day is returned as it is.
func (l *Locale) DateLong(day string) string { return l.date(day, l.file.DateLong) }

// Date is "6 Dec 2024".
func (l *Locale) Date(day string) string { return l.date(day, l.file.Date) }

// DateShort is "6 Dec", for axis ticks.
func (l *Locale) DateShort(day string) string { return l.date(day, l.file.DateShort) }

func (l *Locale) date(day, pattern string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return l.fill(pattern, []any{
		"weekday", l.file.Weekdays[t.Weekday()],
		"d", t.Day(),
		"month", l.file.Months[t.Month()-1],
		"mon", l.file.MonthsShort[t.Month()-1],
		"yyyy", t.Year(),
	})
}

// Browser is what the page's scripts need to speak the language: the
// messages whose keys start with "js.", the plural forms of each, the
// digits and the date names. Scripts never carry their own words.
type Browser struct {
	Tag         string                       `json:"tag"`
	Dir         string                       `json:"dir"`
	Prefix      string                       `json:"prefix"`
	Digits      string                       `json:"digits,omitempty"`
	Months      []string                     `json:"months"`
	MonthsShort []string                     `json:"months_short"`
	Weekdays    []string                     `json:"weekdays"`
	DateLong    string                       `json:"date_long"`
	Date        string                       `json:"date"`
	DateShort   string                       `json:"date_short"`
	Messages    map[string]string            `json:"messages"`
	Plurals     map[string]map[string]string `json:"plurals"`
}

// ForBrowser is the part of the catalogue the scripts use.
func (l *Locale) ForBrowser() Browser { return l.browser }

func (l *Locale) forBrowser() Browser {
	b := Browser{Tag: l.Tag, Dir: l.Dir, Prefix: l.Prefix, Digits: l.file.Digits,
		Months: l.file.Months, MonthsShort: l.file.MonthsShort, Weekdays: l.file.Weekdays,
		DateLong: l.file.DateLong, Date: l.file.Date, DateShort: l.file.DateShort,
		Messages: map[string]string{}, Plurals: map[string]map[string]string{}}
	for k, s := range l.texts {
		if strings.HasPrefix(k, "js.") {
			b.Messages[k] = s
		}
	}
	for k, forms := range l.plurals {
		if strings.HasPrefix(k, "js.") {
			b.Plurals[k] = forms
		}
	}
	return b
}

// holes is every {name} of a text.
func holes(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, s[i:i+j+1])
		s = s[i+j+1:]
	}
}

// CheckWord says why text cannot replace the catalogue's message key in
// this language, or "" when it can: the key must be a plain (not plural)
// message, the text not empty, and every placeholder of the text one the
// catalogue's message has (a text may leave some out). A key
// "faction.ID" is a faction's description on /about, which only the data
// gives: it may be new, and has no placeholders.
func (l *Locale) CheckWord(key, text string) string {
	base, ok := l.texts[key]
	if id, isFaction := strings.CutPrefix(key, FactionWord); isFaction && id != "" {
		ok = true
	}
	if !ok {
		if _, plural := l.plurals[key]; plural {
			return fmt.Sprintf("message %q has plural forms and cannot be replaced", key)
		}
		return fmt.Sprintf("no message %q in the %s catalogue", key, l.Tag)
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Sprintf("message %q is empty", key)
	}
	have := holes(base)
	for _, p := range holes(text) {
		if !slices.Contains(have, p) {
			return fmt.Sprintf("message %q has placeholder %s, which the catalogue's has not (it has %s)", key, p, strings.Join(have, " "))
		}
	}
	return ""
}

// FactionWord starts the key of a faction's description: "faction." and
// the faction's id.
const FactionWord = "faction."

// WithWords is a copy of l whose messages words replace (a region's words:
// its name in titles, its tagline); l itself is unchanged. Every word must
// pass CheckWord.
func (l *Locale) WithWords(words map[string]string) (*Locale, error) {
	if len(words) == 0 {
		return l, nil
	}
	c := *l
	c.texts = make(map[string]string, len(l.texts))
	for k, v := range l.texts {
		c.texts[k] = v
	}
	for _, k := range slices.Sorted(maps.Keys(words)) {
		if why := l.CheckWord(k, words[k]); why != "" {
			return nil, fmt.Errorf("locale: %s", why)
		}
		c.texts[k] = words[k]
	}
	c.browser = c.forBrowser()
	return &c, nil
}
