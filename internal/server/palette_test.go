package server

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"testing"

	"frontline/internal/draw"
	"frontline/internal/symbol"
)

// Colour-vision deficiency simulation on linear RGB (Machado, Oliveira and
// Fernandes 2009, severity 1).
var visions = []struct {
	name string
	m    [9]float64
}{
	{"normal", [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}},
	{"protanopia", [9]float64{0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998}},
	{"deuteranopia", [9]float64{0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881}},
	{"tritanopia", [9]float64{1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.303900}},
}

// rgb8 reads #rrggbb.
func rgb8(hex string) ([3]float64, error) {
	if len(hex) != 7 || hex[0] != '#' {
		return [3]float64{}, fmt.Errorf("colour %q is not #rrggbb", hex)
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return [3]float64{}, fmt.Errorf("colour %q: %w", hex, err)
	}
	return [3]float64{float64(v >> 16 & 255), float64(v >> 8 & 255), float64(v & 255)}, nil
}

// asDrawn is a land colour as the map draws it: the faction's colour at the
// land's opacity over the basemap's fill, blended as browsers blend, on the
// 8-bit sRGB values.
func asDrawn(c, base [3]float64, alpha float64) [3]float64 {
	var o [3]float64
	for i := range o {
		o[i] = math.Round(alpha*c[i] + (1-alpha)*base[i])
	}
	return o
}

func toLinear(c [3]float64) [3]float64 {
	var o [3]float64
	for i, v := range c {
		x := v / 255
		if x <= 0.04045 {
			o[i] = x / 12.92
		} else {
			o[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return o
}

func simulateVision(c [3]float64, m [9]float64) [3]float64 {
	var o [3]float64
	for i := range o {
		o[i] = math.Max(0, math.Min(1, m[3*i]*c[0]+m[3*i+1]*c[1]+m[3*i+2]*c[2]))
	}
	return o
}

// labOf converts linear sRGB to CIELAB (D65).
func labOf(c [3]float64) [3]float64 {
	x := (0.4124564*c[0] + 0.3575761*c[1] + 0.1804375*c[2]) / 0.95047
	y := 0.2126729*c[0] + 0.7151522*c[1] + 0.0721750*c[2]
	z := (0.0193339*c[0] + 0.1191920*c[1] + 0.9503041*c[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

// ciede2000 is the CIEDE2000 colour difference (kL = kC = kH = 1), after
// Sharma, Wu and Dalal (2005).
func ciede2000(a, b [3]float64) float64 {
	rad := math.Pi / 180
	l1, a1, b1 := a[0], a[1], a[2]
	l2, a2, b2 := b[0], b[1], b[2]
	c1, c2 := math.Hypot(a1, b1), math.Hypot(a2, b2)
	cm := (c1 + c2) / 2
	g := 0.5 * (1 - math.Sqrt(math.Pow(cm, 7)/(math.Pow(cm, 7)+math.Pow(25, 7))))
	a1p, a2p := (1+g)*a1, (1+g)*a2
	c1p, c2p := math.Hypot(a1p, b1), math.Hypot(a2p, b2)
	hue := func(bb, ap float64) float64 {
		if bb == 0 && ap == 0 {
			return 0
		}
		h := math.Atan2(bb, ap) / rad
		if h < 0 {
			h += 360
		}
		return h
	}
	h1p, h2p := hue(b1, a1p), hue(b2, a2p)
	dl := l2 - l1
	dc := c2p - c1p
	var dh float64
	switch {
	case c1p*c2p == 0:
		dh = 0
	case math.Abs(h2p-h1p) <= 180:
		dh = h2p - h1p
	case h2p-h1p > 180:
		dh = h2p - h1p - 360
	default:
		dh = h2p - h1p + 360
	}
	dH := 2 * math.Sqrt(c1p*c2p) * math.Sin(dh/2*rad)
	lm := (l1 + l2) / 2
	cmp := (c1p + c2p) / 2
	var hm float64
	switch {
	case c1p*c2p == 0:
		hm = h1p + h2p
	case math.Abs(h1p-h2p) <= 180:
		hm = (h1p + h2p) / 2
	case h1p+h2p < 360:
		hm = (h1p + h2p + 360) / 2
	default:
		hm = (h1p + h2p - 360) / 2
	}
	t := 1 - 0.17*math.Cos((hm-30)*rad) + 0.24*math.Cos(2*hm*rad) + 0.32*math.Cos((3*hm+6)*rad) - 0.20*math.Cos((4*hm-63)*rad)
	dTheta := 30 * math.Exp(-math.Pow((hm-275)/25, 2))
	rc := 2 * math.Sqrt(math.Pow(cmp, 7)/(math.Pow(cmp, 7)+math.Pow(25, 7)))
	sl := 1 + 0.015*(lm-50)*(lm-50)/math.Sqrt(20+(lm-50)*(lm-50))
	sc := 1 + 0.045*cmp
	sh := 1 + 0.015*cmp*t
	rt := -math.Sin(2*dTheta*rad) * rc
	return math.Sqrt(math.Pow(dl/sl, 2) + math.Pow(dc/sc, 2) + math.Pow(dH/sh, 2) + rt*(dc/sc)*(dH/sh))
}

// TestCIEDE2000 checks the formula against Sharma, Wu and Dalal's test data.
func TestCIEDE2000(t *testing.T) {
	for _, c := range []struct {
		a, b [3]float64
		want float64
	}{
		{[3]float64{50, 2.6772, -79.7751}, [3]float64{50, 0, -82.7485}, 2.0425},
		{[3]float64{50, -1.3802, -84.2814}, [3]float64{50, 0, -82.7485}, 1.0000},
		{[3]float64{50, 2.5, 0}, [3]float64{56, -27, -3}, 31.9030},
		{[3]float64{50, 2.5, 0}, [3]float64{50, 3.2592, 0.3350}, 1.0000},
		{[3]float64{60.2574, -34.0099, 36.2677}, [3]float64{60.4626, -34.1751, 39.4387}, 1.2644},
		{[3]float64{22.7233, 20.0904, -46.6940}, [3]float64{23.0331, 14.9730, -42.5619}, 2.0373},
		{[3]float64{90.9257, -0.5406, -0.9208}, [3]float64{88.6381, -0.8985, -0.7239}, 1.5381},
		{[3]float64{2.0776, 0.0795, -1.1350}, [3]float64{0.9033, -0.0636, -0.5514}, 0.9082},
	} {
		if got := ciede2000(c.a, c.b); math.Abs(got-c.want) > 1e-4 {
			t.Errorf("ΔE00(%v, %v) = %.4f, want %.4f", c.a, c.b, got, c.want)
		}
	}
}

// landTouches lists the pairs of factions whose land touches on some day
// of the data: two cells that share a boundary, held that day by each.
func landTouches(d *snapshotData) map[[2]string]string {
	out := map[[2]string]string{}
	for day := d.First; day <= d.Last; day++ {
		keys, group := draw.DayGroups(d.Data, day)
		for _, e := range d.Territory.Cells.Edges {
			ga, gb := group[e.A], group[e.B]
			if ga < 0 || gb < 0 {
				continue
			}
			a, b := keys[ga].Controller, keys[gb].Controller
			if a == b {
				continue
			}
			if a > b {
				a, b = b, a
			}
			if _, ok := out[[2]string{a, b}]; !ok {
				out[[2]string{a, b}] = day.String()
			}
		}
	}
	return out
}

// Minimum CIEDE2000 differences between two factions' land as drawn.
const (
	minTouching = 10.0 // factions whose land touches on some day
	minAny      = 6.0  // any two factions
)

// TestLandColoursForEveryReader: as the map draws it (the faction's colour
// at the held land's opacity over the basemap's fill), the land of every two
// factions whose land touches on some day differs by at least ΔE00 10, and
// of any two factions by at least 6, with normal vision and as simulated
// for protanopia, deuteranopia and tritanopia.
func TestLandColoursForEveryReader(t *testing.T) {
	s, _ := newTestServer(t)
	d := mustData(t, s)
	touch := landTouches(d)
	if len(touch) == 0 {
		t.Fatal("no two factions' land touches on any day: the check would check nothing")
	}
	base, err := rgb8(symbol.BaseLand)
	if err != nil {
		t.Fatal(err)
	}
	lab := map[string]map[string][3]float64{} // vision → faction → Lab
	for _, v := range visions {
		lab[v.name] = map[string][3]float64{}
		for _, f := range d.Factions {
			c, err := rgb8(f.Color)
			if err != nil {
				t.Fatalf("faction %s: %v", f.ID, err)
			}
			lab[v.name][f.ID] = labOf(simulateVision(toLinear(asDrawn(c, base, symbol.HeldLand)), v.m))
		}
	}
	type worst struct {
		de   float64
		what string
	}
	lowTouch, lowAny := worst{math.Inf(1), ""}, worst{math.Inf(1), ""}
	var fails []string
	ids := make([]string, len(d.Factions))
	for i, f := range d.Factions {
		ids[i] = f.ID
	}
	sort.Strings(ids)
	for _, v := range visions {
		for i, a := range ids {
			for _, b := range ids[i+1:] {
				de := ciede2000(lab[v.name][a], lab[v.name][b])
				what := fmt.Sprintf("%s and %s, %s: ΔE00 %.1f", a, b, v.name, de)
				if day, ok := touch[[2]string{a, b}]; ok {
					if de < lowTouch.de {
						lowTouch = worst{de, what}
					}
					if de < minTouching {
						fails = append(fails, fmt.Sprintf("%s; their land touches (first on %s), want at least %.0f", what, day, minTouching))
					}
				}
				if de < lowAny.de {
					lowAny = worst{de, what}
				}
				if de < minAny {
					fails = append(fails, fmt.Sprintf("%s, want at least %.0f between any two", what, minAny))
				}
			}
		}
	}
	pairs := make([]string, 0, len(touch))
	for p := range touch {
		pairs = append(pairs, p[0]+"/"+p[1])
	}
	sort.Strings(pairs)
	t.Logf("land touches: %v", pairs)
	t.Logf("%d pairs of factions touch; smallest between touching land: %s; between any two: %s", len(touch), lowTouch.what, lowAny.what)
	for _, f := range fails {
		t.Error(f)
	}
}

// TestLandTouchesFindsNeighbours checks the adjacency itself: on the first
// day the government's land touches HTS's around Idlib and the SDF's east of
// the Euphrates.
func TestLandTouchesFindsNeighbours(t *testing.T) {
	s, _ := newTestServer(t)
	d := mustData(t, s)
	touch := landTouches(d)
	for _, pair := range [][2]string{{"government", "hts"}, {"government", "sdf"}} {
		if _, ok := touch[pair]; !ok {
			t.Errorf("%s and %s never touch, want them to (got %v)", pair[0], pair[1], touch)
		}
	}
}
