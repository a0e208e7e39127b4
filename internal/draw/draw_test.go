package draw

import (
	"testing"

	"frontline/internal/control"
	"frontline/web"
)

// TestLabels: a city's label goes first; a label that would cover one
// already kept goes to the other side of its point, or is dropped; a label
// that would leave the map goes left; no two kept labels overlap.
func TestLabels(t *testing.T) {
	places := []control.Place{{ID: "t", Kind: "town"}, {ID: "c", Kind: "city"}, {ID: "e", Kind: "town"}, {ID: "x", Kind: "town"}}
	tests := []struct {
		name   string
		points []web.Point
		want   []string // each point's label after layout, "<" before it when it went left
	}{
		{"apart", []web.Point{{X: 50, Y: 50, Label: "Town"}, {X: 50, Y: 150, Label: "City"}, {X: 50, Y: 250, Label: "East"}, {X: 50, Y: 350, Label: "X"}},
			[]string{"Town", "City", "East", "X"}},
		{"a town beside a city goes left", []web.Point{{X: 100, Y: 100, Label: "Town"}, {X: 100, Y: 104, Label: "City"}, {X: 50, Y: 250, Label: "East"}, {X: 50, Y: 350, Label: "X"}},
			[]string{"<Town", "City", "East", "X"}},
		{"towns crowded beside a city are dropped", []web.Point{{X: 100, Y: 100, Label: "Town"}, {X: 100, Y: 104, Label: "City"}, {X: 60, Y: 100, Label: "Long western name"}, {X: 50, Y: 350, Label: "X"}},
			[]string{"", "City", "", "X"}},
		{"the right edge", []web.Point{{X: 50, Y: 50, Label: "Town"}, {X: 50, Y: 150, Label: "City"}, {X: 390, Y: 250, Label: "Eastern"}, {X: 50, Y: 350, Label: "X"}},
			[]string{"Town", "City", "<Eastern", "X"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Labels(places, tt.points, 400, 400)
			for i, p := range got {
				s := p.Label
				if p.LabelLeft {
					s = "<" + s
				}
				if s != tt.want[i] {
					t.Errorf("point %d: got %q, want %q", i, s, tt.want[i])
				}
			}
			for i := range got {
				for j := i + 1; j < len(got); j++ {
					if got[i].Label == "" || got[j].Label == "" {
						continue
					}
					a, b := LabelBox(got[i]), LabelBox(got[j])
					if a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] {
						t.Errorf("labels %d and %d overlap: %v %v", i, j, a, b)
					}
				}
			}
		})
	}
}

// TestHolderGroups: places with one holder share a group whatever their
// status; unknown stays -1.
func TestHolderGroups(t *testing.T) {
	keys := []GroupKey{{Controller: "a"}, {Controller: "b"}, {Controller: "a", Status: control.StatusContested, Challenger: "b"}}
	got := HolderGroups(keys, []int{0, 1, 2, -1, 0})
	want := []int{0, 1, 0, -1, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("HolderGroups = %v, want %v", got, want)
		}
	}
}
