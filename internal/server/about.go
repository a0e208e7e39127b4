package server

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/web"
)

// handleAbout is "How we know": the methodology, the corrections log and
// the licence. Only the footer's dates and the log come from data, so it
// is cached like any page.
func (s *Server) handleAbout(c echo.Context) (*response, error) {
	ctx := c.Request().Context()
	l := locale.From(ctx)
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	meta := s.meta(l, "/about")
	meta.Title = l.T("site.title_suffix", "title", l.T("nav.about"))
	meta.Description = l.T("about.description")
	meta.Site = s.site(d)
	page := web.AboutPage{
		Meta:      meta,
		Assets:    s.assets,
		Changelog: s.changelog,
	}
	body, err := render(ctx, web.AboutView(page))
	if err != nil {
		return nil, err
	}
	return answer(c, body), nil
}

// site is what every page's footer says: the day the data was last
// updated (only when the data declares it), the days it covers and the
// corrections address. d may be nil when no data could be loaded.
func (s *Server) site(d *snapshotData) web.Site {
	st := web.Site{Corrections: s.cfg.Corrections}
	if d == nil {
		return st
	}
	if d.coverage != nil && d.coverage.Updated != 0 {
		st.Updated = d.coverage.Updated.String()
	}
	if d.hasDays {
		st.First = d.first.String()
		st.Last = d.last.String()
	}
	return st
}

// loadedSite is site over whatever data was last loaded, for pages such as
// errors that must not ask the store again.
func (s *Server) loadedSite() web.Site {
	s.dataMu.Lock()
	d := s.data
	s.dataMu.Unlock()
	return s.site(d)
}

// CheckCorrections returns the corrections address when it is a mailto:
// address or an https: URL, the only kinds a reader can safely follow from
// a link (javascript: and the like never reach a page); empty stays empty,
// and no link is shown.
func CheckCorrections(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	bad := fmt.Errorf("corrections address %q is not a mailto: address (mailto:corrections@example.org) or an https: URL", control.Clip(raw, 100))
	if len(raw) > 2000 || strings.IndexFunc(raw, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return "", bad
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", bad
	}
	switch u.Scheme {
	case "mailto":
		// mailto:someone@example.org parses as an opaque URL.
		local, domain, ok := strings.Cut(u.Opaque, "@")
		if !ok || local == "" || domain == "" || strings.ContainsAny(domain, "@/") || u.Fragment != "" {
			return "", bad
		}
	case "https":
		if u.Host == "" || u.User != nil || u.Opaque != "" {
			return "", bad
		}
	default:
		return "", bad
	}
	// The scheme comes back lower case, so MAILTO: shows as mailto:.
	return u.String(), nil
}

// The columns a changelog table must have, as its header names them.
var changelogColumns = []string{"row id", "field", "before", "after", "evidence"}

// parseChangelog reads data/CHANGELOG.md: a "# title", an introduction,
// then "## heading" sections (the day of the corrections), each with an
// optional note and one Markdown table whose header names the columns of
// changelogColumns, in any order. It reads only this shape, so no Markdown
// library is needed, and it refuses anything else with the line, so a
// malformed log fails the tests instead of showing half its rows.
func parseChangelog(src []byte) (web.Changelog, error) {
	var (
		out        web.Changelog
		sec        *web.ChangelogSection
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
	fail := func(format string, a ...any) (web.Changelog, error) {
		return web.Changelog{}, fmt.Errorf("server: CHANGELOG.md:%d: %s", line, fmt.Sprintf(format, a...))
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
			var r web.Correction
			for i, to := range []*web.Cell{&r.Event, &r.Field, &r.Before, &r.After, &r.Evidence} {
				*to = spans(cells[cols[i]])
			}
			if r.Event.String() == "" {
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
			sec = &web.ChangelogSection{Heading: h}
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
		return web.Changelog{}, fmt.Errorf("server: reading CHANGELOG.md: %w", err)
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

// spans splits a cell at its `code` marks. A mark without its pair is kept
// as text.
func spans(cell string) web.Cell {
	var out web.Cell
	for {
		open := strings.IndexByte(cell, '`')
		if open < 0 {
			break
		}
		end := strings.IndexByte(cell[open+1:], '`')
		if end < 0 {
			break
		}
		if open > 0 {
			out = append(out, web.Span{Text: cell[:open]})
		}
		out = append(out, web.Span{Text: cell[open+1 : open+1+end], Code: true})
		cell = cell[open+1+end+1:]
	}
	if cell != "" {
		out = append(out, web.Span{Text: cell})
	}
	return out
}
