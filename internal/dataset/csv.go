package dataset

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"frontline/internal/control"
)

// CSVWriter writes every CSV the project writes: the data files, the
// exports and the API's answers. A cell a spreadsheet would run as a
// formula (starting with = + - @, a tab or a carriage return) is written
// with a leading apostrophe, which spreadsheets show as text; the reader
// takes it off again, so the files still read back the same. Plain numbers
// (such as -33.5) are left as they are: they are not formulas.
type CSVWriter struct {
	cw  *csv.Writer
	buf []string
}

// NewCSVWriter returns a CSVWriter on w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{cw: csv.NewWriter(w)} }

// Write writes one row, every cell made safe.
func (w *CSVWriter) Write(row []string) error {
	w.buf = w.buf[:0]
	for _, cell := range row {
		w.buf = append(w.buf, Neutralize(cell))
	}
	if err := w.cw.Write(w.buf); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// Flush writes out what is buffered and reports any error so far.
func (w *CSVWriter) Flush() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// formulaStart are the first characters that make a spreadsheet cell a
// formula (OWASP's list for CSV injection).
const formulaStart = "=+-@\t\r"

// Neutralize returns cell as a spreadsheet will show it as text.
func Neutralize(cell string) string {
	if cell == "" || !strings.ContainsRune(formulaStart, rune(cell[0])) {
		// A cell that already starts with an apostrophe before a formula
		// character or another apostrophe gets one more, so that reading
		// gives it back whole.
		if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune(formulaStart+"'", rune(cell[1])) {
			return "'" + cell
		}
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil {
		return cell
	}
	return "'" + cell
}

// plain undoes Neutralize for a cell read from a file.
func plain(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune(formulaStart+"'", rune(cell[1])) {
		return cell[1:]
	}
	return cell
}

// EventRow is e as a row of events.csv, in the order of Headers.
func EventRow(e control.Event) []string {
	return []string{e.ID, e.Day.String(), e.Place, e.Area, string(e.Kind), e.Controller, string(e.Status), e.Challenger, string(e.Confidence), e.Summary, e.SummaryAR}
}

// SourceRow is one source of the event id as a row of sources.csv.
func SourceRow(id string, s control.Source) []string {
	return []string{id, s.Outlet, s.Title, s.URL, s.Seed, s.Quote, s.Published}
}
