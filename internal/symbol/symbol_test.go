package symbol

import (
	"math"
	"strings"
	"testing"

	"frontline/internal/control"
)

// area is a polygon's area (shoelace).
func area(ring [][2]float64) float64 {
	var a float64
	for i, p := range ring {
		q := ring[(i+1)%len(ring)]
		a += p[0]*q[1] - q[0]*p[1]
	}
	return math.Abs(a) / 2
}

func TestShapesPerKind(t *testing.T) {
	seen := map[string]string{}
	for _, kind := range control.PlaceKinds {
		s, ok := Shapes[kind]
		if !ok {
			t.Errorf("kind %q has no shape", kind)
			continue
		}
		if other, dup := seen[s.Name]; dup {
			t.Errorf("kinds %q and %q share the shape %q", other, kind, s.Name)
		}
		seen[s.Name] = kind
	}
	if City.Circle() != true || City.Scale != 1 {
		t.Errorf("a city is %+v, want a circle at full size", City)
	}
	if got := ShapeOf("locality"); got.Name != Town.Name {
		t.Errorf("an unknown kind draws %q, want the town's %q", got.Name, Town.Name)
	}
}

func TestShapeAreasAndHalves(t *testing.T) {
	disc := math.Pi * 8 * 8
	for kind, s := range Shapes {
		full := area(s.Outline(20, 30, 8, 64))
		// Each shape about a circle's size (a town's smaller), so a colour
		// shows as much on every kind.
		want := disc * s.Scale * s.Scale
		if full < want*0.6 || full > want*1.4 {
			t.Errorf("%s (%s): area %.1f, want within 40%% of %.1f", kind, s.Name, full, want)
		}
		l, r := area(s.Half(20, 30, 8, 64, false)), area(s.Half(20, 30, 8, 64, true))
		// The halves make the whole, and each is a fair part of it (the
		// peaks are not symmetric).
		if math.Abs(l+r-full) > 0.01*full || l < 0.4*full || r < 0.4*full {
			t.Errorf("%s (%s): halves %.1f + %.1f, want two fair halves of %.1f", kind, s.Name, l, r, full)
		}
		p := s.Path(20, 30, 8)
		if s.Circle() != strings.Contains(p, "a") || !strings.HasSuffix(p, "Z") {
			t.Errorf("%s (%s): path %q", kind, s.Name, p)
		}
	}
}
