package control

import (
	"errors"
	"testing"
)

// FuzzParseDay checks that whatever ParseDay accepts it writes back exactly
// as given and reads again as the same day, and that it never panics.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{
		"2024-12-06", "0001-01-01", "9999-12-31", "0000-01-01", "10000-01-01", "2024-02-29", "2023-02-29",
		"2024-13-01", "2024-00-10", "2024-12-00", "2024-12-32", "-001-01-01", "+024-12-06", "2024-1-06",
		"2024/12/06", "2024-12-06 ", "２０２４-12-06", "\xff\xfe\xfd\xfc-12-06", "", "2024-12-0\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDay(s)
		if err != nil {
			if !errors.Is(err, ErrBadDay) {
				t.Fatalf("ParseDay(%q) error %v does not wrap ErrBadDay", s, err)
			}
			if len(err.Error()) > 300 {
				t.Fatalf("ParseDay(%q) error is %d bytes long, want it clipped", s, len(err.Error()))
			}
			return
		}
		if d < MinDay || d > MaxDay {
			t.Fatalf("ParseDay(%q) = %d, outside [MinDay, MaxDay]", s, d)
		}
		if got, want := d.String(), s; got != want {
			t.Fatalf("ParseDay(%q).String() = %q, want %q", s, got, want)
		}
		again, err := ParseDay(d.String())
		if err != nil {
			t.Fatalf("ParseDay(%q) after round trip: %v", d.String(), err)
		}
		if got, want := again, d; got != want {
			t.Fatalf("ParseDay(String(%d)) = %d, want %d", d, got, want)
		}
		y, m, dd := d.Civil()
		if got, want := FromCivil(y, m, dd), d; got != want {
			t.Fatalf("FromCivil(Civil(%d)) = %d, want %d", d, got, want)
		}
		if w := d.Weekday(); w < 0 || w > 6 {
			t.Fatalf("%s.Weekday() = %d", s, w)
		}
	})
}
