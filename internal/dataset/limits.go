package dataset

import (
	"fmt"
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
)

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
