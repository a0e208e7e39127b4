package control

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Day is a civil date with no time of day and no zone. It counts days since
// 1970-01-01, so days compare and subtract as plain integers.
type Day int32

// MinDay and MaxDay bound the years a Day may name (0001 to 9999).
const (
	MinDay Day = -719162 // 0001-01-01
	MaxDay Day = 2932896 // 9999-12-31
)

// ErrBadDay is wrapped by every error ParseDay returns.
var ErrBadDay = errors.New("a day is written YYYY-MM-DD, e.g. 2024-12-06, with a real month and day")

// ParseDay reads a day written as YYYY-MM-DD and rejects anything else,
// including impossible dates such as 2024-02-30.
func ParseDay(s string) (Day, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%q: %w", Clip(s, 40), ErrBadDay)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, fmt.Errorf("%q: %w", Clip(s, 40), ErrBadDay)
	}
	return FromCivil(y, m, d), nil
}

// MustDay is ParseDay for literals in tests and tables; it panics on a bad day.
func MustDay(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

// FromCivil returns the Day of a valid year, month and day.
func FromCivil(y, m, d int) Day {
	// Howard Hinnant's days_from_civil.
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

// Civil returns the year, month and day of d.
func (d Day) Civil() (y, m, dd int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, dd
}

// String writes the day as YYYY-MM-DD.
func (d Day) String() string {
	y, m, dd := d.Civil()
	b := make([]byte, 10)
	put := func(off, n, width int) {
		for i := width - 1; i >= 0; i-- {
			b[off+i] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, m, 2)
	b[7] = '-'
	put(8, dd, 2)
	return string(b)
}

// Add returns the day n days after d (before it when n is negative).
func (d Day) Add(n int) Day { return d + Day(n) }

// Weekday returns 0 for Sunday through 6 for Saturday.
func (d Day) Weekday() int {
	w := (int(d) + 4) % 7 // 1970-01-01 was a Thursday.
	if w < 0 {
		w += 7
	}
	return w
}

// MarshalText writes the day as YYYY-MM-DD, so JSON carries days as strings.
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a day written as YYYY-MM-DD.
func (d *Day) UnmarshalText(b []byte) error {
	v, err := ParseDay(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Clip shortens s to at most n bytes plus an ellipsis, keeping messages
// about huge input short. It never cuts a UTF-8 character in half. It lives
// here, the package every other one imports, so it exists once.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
