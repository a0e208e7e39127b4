package web

import "strings"

// Site is what the layout says on every page about the data as a whole:
// how fresh it is, what it covers and where to report a mistake. Empty
// fields are left out of the page.
type Site struct {
	Updated     string // the day the data was last updated, YYYY-MM-DD
	First       string // the first day the data covers
	Last        string // the last day the data covers
	Corrections string // a checked mailto: or https: address for corrections
}

// AboutPage explains how the data is made, and logs its corrections.
type AboutPage struct {
	Meta      Meta
	Assets    Assets
	Changelog Changelog
	Factions  []AboutFaction
}

// AboutFaction is one faction of the data as /about explains it: its names
// (from the data) and what it is (from the catalogue; empty when the
// catalogue does not describe it).
type AboutFaction struct {
	Faction
	About string
}

// Changelog is the public log of corrections (data/CHANGELOG.md), read
// into sections of table rows.
type Changelog struct {
	Intro    string
	Sections []ChangelogSection
}

// ChangelogSection is one "## heading" of the log, usually the day the
// corrections were made, and its rows.
type ChangelogSection struct {
	Heading string
	Day     string // the heading as YYYY-MM-DD when it is a day, else empty
	Note    string // text between the heading and the table
	Rows    []Correction
}

// Correction is one row of the log: which event, which field, the value
// before and after, and the evidence.
type Correction struct {
	Event, Field, Before, After, Evidence Cell
}

// Cell is a table cell's text split at `code` marks.
type Cell []Span

// Span is a run of text, set as code when Code is true.
type Span struct {
	Text string
	Code bool
}

// String is the cell's text without its code marks.
func (c Cell) String() string {
	var b strings.Builder
	for _, s := range c {
		b.WriteString(s.Text)
	}
	return b.String()
}

// correctionsLabel is what a reader sees of the corrections address: the
// mail address without its scheme and query, or the web address.
func correctionsLabel(addr string) string {
	if rest, ok := strings.CutPrefix(addr, "mailto:"); ok {
		if i := strings.IndexByte(rest, '?'); i >= 0 {
			rest = rest[:i]
		}
		return rest
	}
	return addr
}
