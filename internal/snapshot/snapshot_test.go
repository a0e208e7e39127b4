package snapshot

import (
	"testing"

	"frontline/internal/control"
)

// TestWindow checks the smallest range with the changes of a range.
func TestWindow(t *testing.T) {
	day := control.MustDay
	d := &Data{Changed: []control.Day{day("2024-11-26"), day("2024-12-05"), day("2024-12-08"), day("2025-03-01")}}
	tests := []struct {
		from, to string
		a, b     string // empty: no change
	}{
		{"2024-11-26", "2024-12-31", "2024-12-04", "2024-12-08"},
		{"2024-12-05", "2024-12-07", "", ""},
		{"2024-12-04", "2024-12-05", "2024-12-04", "2024-12-05"},
		{"2025-02-01", "2025-06-01", "2025-02-28", "2025-03-01"},
		{"2025-03-01", "2025-06-01", "", ""},
		{"2024-12-06", "2025-03-01", "2024-12-07", "2025-03-01"},
	}
	for _, tt := range tests {
		a, b, ok := d.Window(day(tt.from), day(tt.to))
		got := ""
		if ok {
			got = a.String() + " " + b.String()
		}
		want := ""
		if tt.a != "" {
			want = tt.a + " " + tt.b
		}
		if got != want {
			t.Errorf("window(%s, %s) = %q, want %q", tt.from, tt.to, got, want)
		}
	}
}

// TestSucceeded: a holder change between two days is a succession only when
// the successions in between lead from the one to the other.
func TestSucceeded(t *testing.T) {
	day := control.MustDay
	succ := func(d, successor, ended string) control.Event {
		return control.Event{ID: ended, Day: day(d), Kind: control.KindControl, Controller: successor, Status: control.StatusSuccession, Challenger: ended}
	}
	d := &Data{Successions: []control.Event{succ("2025-01-29", "transitional", "hts"), succ("2025-05-17", "army", "transitional")}}
	tests := []struct {
		was, is, from, to string
		want              bool
	}{
		{"hts", "transitional", "2025-01-28", "2025-01-29", true},
		{"hts", "transitional", "2025-01-29", "2025-02-01", false}, // the succession is on the first day, already in its state
		{"hts", "army", "2025-01-01", "2025-06-01", true},          // a chain
		{"hts", "transitional", "2025-01-01", "2025-06-01", false}, // the chain goes on to army
		{"hts", "sdf", "2025-01-28", "2025-01-29", false},          // taken by another
		{"sdf", "transitional", "2025-01-28", "2025-01-29", false}, // sdf did not end
		{"", "transitional", "2025-01-28", "2025-01-29", false},
	}
	for _, tt := range tests {
		if got := d.Succeeded(tt.was, tt.is, day(tt.from), day(tt.to)); got != tt.want {
			t.Errorf("Succeeded(%s, %s, %s, %s) = %v, want %v", tt.was, tt.is, tt.from, tt.to, got, tt.want)
		}
	}
}
