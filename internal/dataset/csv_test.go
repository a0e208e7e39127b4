package dataset

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// TestCSVWriterNeutralizesFormulas: every cell of every column that a
// spreadsheet would run is written as text, and reading takes that off.
func TestCSVWriterNeutralizesFormulas(t *testing.T) {
	cells := []string{"=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=already", "''x", "plain", "-33.5", "", "'"}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	for i := range cells {
		// Each cell in each column, the first (the id) included.
		row := make([]string, len(cells))
		for j := range row {
			row[j] = cells[(i+j)%len(cells)]
		}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		for j, got := range rec {
			orig := cells[(i+j)%len(cells)]
			if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) && got != "-33.5" {
				t.Errorf("row %d column %d: %q is a formula to a spreadsheet", i, j, got)
			}
			if back := plain(got); back != orig {
				t.Errorf("row %d column %d: %q reads back as %q, want %q", i, j, got, back, orig)
			}
		}
	}
}

// TestFormulaCellsReadBack: an events file written with neutralised cells
// reads back with the summaries as they were.
func TestFormulaCellsReadBack(t *testing.T) {
	ds, err := ReadFile("events.csv", strings.NewReader("id,day,place,kind,controller,status,challenger,confidence,summary\n"+
		"2024-12-06-a,2024-12-06,,statement,,,,claimed,\"'=1+1 is a formula\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ds.Events[0].Summary, "=1+1 is a formula"; got != want {
		t.Errorf("summary read back as %q, want %q", got, want)
	}
}
