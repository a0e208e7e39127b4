package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"frontline/internal/control"
)

// ChangelogFile is the public log of corrections beside the data files. It
// is not a data file (an import does not read it), but reading a folder
// checks it, so a broken log fails `frontline check` instead of a page.
const ChangelogFile = "CHANGELOG.md"

// Changelog is the log of corrections read into sections of table rows.
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
// before and after, and the evidence, each cell as written (a `code` mark
// stays in its text for the page to set).
type Correction struct {
	Event, Field, Before, After, Evidence string
}

// The columns a changelog table must have, as its header names them.
var changelogColumns = []string{"row id", "field", "before", "after", "evidence"}

// ParseChangelog reads a log of corrections shown as file: a "# title", an introduction,
// then "## heading" sections (the day of the corrections), each with an
// optional note and one Markdown table whose header names the columns of
// changelogColumns, in any order. It reads only this shape, so no Markdown
// library is needed, and it refuses anything else with the line, so a
// malformed log fails the tests instead of showing half its rows.
func ParseChangelog(shown string, src []byte) (Changelog, error) {
	var (
		out        Changelog
		sec        *ChangelogSection
		intro      []string
		note       []string
		cols       []int // where each of changelogColumns sits in the current table's rows
		width      int   // how many cells the current table's header has
		inHeader   bool  // the next line must be the |---| row
		inRows     bool  // table rows may follow
		line       int
		seenTitle  bool
		seenOthers bool
	)
	fail := func(format string, a ...any) (Changelog, error) {
		return Changelog{}, Problems{{Pos{shown, line}, fmt.Sprintf(format, a...)}}
	}
	endSection := func() {
		if sec != nil {
			sec.Note = strings.Join(note, " ")
			out.Sections = append(out.Sections, *sec)
		}
		sec, note = nil, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		isRow := strings.HasPrefix(text, "|")
		if inHeader {
			cells := splitRow(text)
			if !isRow || !isSeparator(cells) {
				return fail("a table's header must be followed by a |---| row")
			}
			if len(cells) != width {
				return fail("the |---| row has %d cells, the header %d", len(cells), width)
			}
			inHeader, inRows = false, true
			continue
		}
		if inRows && isRow {
			cells := splitRow(text)
			if len(cells) != width {
				return fail("a row has %d cells, the table's header %d", len(cells), width)
			}
			var r Correction
			for i, to := range []*string{&r.Event, &r.Field, &r.Before, &r.After, &r.Evidence} {
				*to = cells[cols[i]]
			}
			if r.Event == "" {
				return fail("a row has no row id")
			}
			sec.Rows = append(sec.Rows, r)
			continue
		}
		inRows = false
		switch {
		case text == "":
		case strings.HasPrefix(text, "## "):
			endSection()
			h := strings.TrimSpace(text[3:])
			sec = &ChangelogSection{Heading: h}
			if d, err := control.ParseDay(h); err == nil {
				sec.Day = d.String()
			}
		case strings.HasPrefix(text, "# "):
			if seenTitle || seenOthers {
				return fail("the # title must come first, once")
			}
			seenTitle = true
			continue
		case strings.HasPrefix(text, "#"):
			return fail("only a # title and ## sections are read, not %q", control.Clip(text, 40))
		case isRow:
			if sec == nil {
				return fail("a table must follow a ## heading")
			}
			if len(sec.Rows) > 0 {
				return fail("a section holds one table")
			}
			header := splitRow(text)
			var err error
			if cols, err = columnsOf(header); err != nil {
				return fail("%v", err)
			}
			width, inHeader = len(header), true
		case sec == nil:
			intro = append(intro, text)
		default:
			note = append(note, text)
		}
		seenOthers = seenOthers || text != ""
	}
	if err := sc.Err(); err != nil {
		return Changelog{}, fmt.Errorf("dataset: reading %s: %w", shown, err)
	}
	if inHeader {
		return fail("the table ends after its header")
	}
	endSection()
	out.Intro = strings.Join(intro, " ")
	return out, nil
}

// splitRow cuts a table row into its trimmed cells: "| a | b |" is a and
// b. A pipe written \| belongs to the cell.
func splitRow(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var cells []string
	var b strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row) && row[i+1] == '|':
			b.WriteByte('|')
			i++
		case row[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(row[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// isSeparator reports whether cells are a header's |---|:---:| row.
func isSeparator(cells []string) bool {
	for _, c := range cells {
		c = strings.Trim(c, ":")
		if len(c) < 3 || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return len(cells) > 0
}

// columnsOf finds changelogColumns in a header row, by name.
func columnsOf(header []string) ([]int, error) {
	cols := make([]int, len(changelogColumns))
	for i, want := range changelogColumns {
		cols[i] = -1
		for j, h := range header {
			if strings.EqualFold(h, want) {
				if cols[i] >= 0 {
					return nil, fmt.Errorf("the header names %q twice", want)
				}
				cols[i] = j
			}
		}
		if cols[i] < 0 {
			return nil, fmt.Errorf("the header %q has no %q column (it needs %s)", control.Clip(strings.Join(header, " | "), 80), want, strings.Join(changelogColumns, ", "))
		}
	}
	return cols, nil
}
