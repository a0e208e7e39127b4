package control

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	tests := []struct {
		in   string
		want string // empty when the input must be rejected
	}{
		{"2024-12-06", "2024-12-06"},
		{"2024-02-29", "2024-02-29"},
		{"2000-02-29", "2000-02-29"},
		{"0001-01-01", "0001-01-01"},
		{"9999-12-31", "9999-12-31"},
		{"1970-01-01", "1970-01-01"},
		{"2023-02-29", ""},
		{"1900-02-29", ""},
		{"2024-02-30", ""},
		{"2024-13-01", ""},
		{"2024-00-10", ""},
		{"2024-04-31", ""},
		{"2024-12-00", ""},
		{"0000-01-01", ""},
		{"2024-1-06", ""},
		{"2024/12/06", ""},
		{"+024-12-06", ""},
		{"2024-12-06 ", ""},
		{"２０２４-12-06", ""},
		{"", ""},
		{"garbage", ""},
		{strings.Repeat("9", 10000), ""},
	}
	for _, tt := range tests {
		d, err := ParseDay(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseDay(%.20q) = %v, want an error", tt.in, d)
			} else if !errors.Is(err, ErrBadDay) {
				t.Errorf("ParseDay(%.20q) error %v does not wrap ErrBadDay", tt.in, err)
			} else if len(err.Error()) > 200 {
				t.Errorf("ParseDay error is %d bytes long, want a short message", len(err.Error()))
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDay(%q): %v", tt.in, err)
			continue
		}
		if got := d.String(); got != tt.want {
			t.Errorf("ParseDay(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDayAgreesWithTime checks every day of several centuries against the
// standard library's proleptic Gregorian calendar.
func TestDayAgreesWithTime(t *testing.T) {
	start := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 200*366; i++ {
		tm := start.AddDate(0, 0, i)
		want := tm.Format("2006-01-02")
		d := FromCivil(tm.Year(), int(tm.Month()), tm.Day())
		if got := d.String(); got != want {
			t.Fatalf("FromCivil(%s).String() = %s", want, got)
		}
		if got, want := int(d), int(tm.Unix()/86400); got != want {
			t.Fatalf("FromCivil(%s) = %d, want %d days since the epoch", tm.Format("2006-01-02"), got, want)
		}
		if got, want := d.Weekday(), int(tm.Weekday()); got != want {
			t.Fatalf("%s.Weekday() = %d, want %d", d, got, want)
		}
	}
	if got, want := MinDay.String(), "0001-01-01"; got != want {
		t.Errorf("MinDay = %s, want %s", got, want)
	}
	if got, want := MaxDay.String(), "9999-12-31"; got != want {
		t.Errorf("MaxDay = %s, want %s", got, want)
	}
}

func TestDayText(t *testing.T) {
	var d Day
	if err := d.UnmarshalText([]byte("2024-12-08")); err != nil {
		t.Fatal(err)
	}
	b, _ := d.MarshalText()
	if got, want := string(b), "2024-12-08"; got != want {
		t.Errorf("MarshalText = %s, want %s", got, want)
	}
	if err := d.UnmarshalText([]byte("2024-12-32")); err == nil {
		t.Error("UnmarshalText accepted 2024-12-32")
	}
}
