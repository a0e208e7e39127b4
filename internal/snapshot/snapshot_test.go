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
