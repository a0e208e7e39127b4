package dataset

import (
	"fmt"
	"io"
	"net/url"
	"unicode/utf8"

	"frontline/internal/control"
)

// The limits of a data file's fields, documented in data/README.md.
const (
	// MaxField is the most bytes one field may hold.
	MaxField = 2000
	// MinYear and MaxYear bound every day: the war began in 2011, and a
	// year outside these is a typing error.
	MinYear = 2011
	MaxYear = 2099
	// MaxRecord is the most bytes one CSV record (one row, with the line
	// breaks inside its quoted fields) may take in a file: room for
	// sixteen fields at MaxField, each doubled by quoting. A longer one is
	// refused as it is read, so a runaway field is never held whole.
	MaxRecord = 16 * (2*MaxField + 3)
)

// recordLimit passes a CSV file through, refusing it once one record is
// longer than MaxRecord. A record ends at a line break outside quotes;
// each '"' opens or closes a quoted part (a doubled one does both).
type recordLimit struct {
	r      io.Reader
	n      int  // bytes of the current record so far
	line   int  // the line the current record starts on
	lines  int  // line breaks passed so far
	quoted bool // inside a quoted field
	err    error
}

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		l.n++
		switch {
		case b == '"':
			l.quoted = !l.quoted
		case b == '\n':
			l.lines++
			if !l.quoted {
				l.n, l.line = 0, l.lines
			}
		}
		if l.n > MaxRecord {
			l.err = fileError{l.line + 1, fmt.Sprintf("a row longer than %d bytes: a field holds more than the limit of %d", MaxRecord, MaxField)}
			return i, l.err
		}
	}
	return n, err
}

// checkCells refuses fields over MaxField and control characters other
// than tab and line breaks (NUL, ESC, DEL, C1), naming the column.
func checkCells(at Pos, head, rec []string) Problems {
	var probs Problems
	for i, cell := range rec {
		if len(cell) > MaxField {
			probs = append(probs, Problem{at, fmt.Sprintf("%s is %d bytes, more than the limit of %d", head[i], len(cell), MaxField)})
			continue
		}
		for _, r := range cell {
			if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError {
				probs = append(probs, Problem{at, fmt.Sprintf("%s holds the control character %U", head[i], r)})
				break
			}
		}
	}
	return probs
}

// checkYear returns why day is refused, or "".
func checkYear(day control.Day) string {
	if y, _, _ := day.Civil(); y < MinYear || y > MaxYear {
		return fmt.Sprintf("day %s: the year must be from %d to %d", day, MinYear, MaxYear)
	}
	return ""
}

// hasUserInfo reports an address with user info (https://bbc.co.uk@evil.example/),
// which shows one host and opens another. One that does not parse counts.
func hasUserInfo(u string) bool {
	p, err := url.Parse(u)
	return err != nil || p.User != nil
}
