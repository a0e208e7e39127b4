package dataset

import (
	"math"
	"strconv"
	"testing"

	"frontline/data"
)

// Colour-vision deficiency simulation matrices on linear RGB (Machado,
// Oliveira and Fernandes 2009, severity 1).
var cvd = map[string][9]float64{
	"normal":       {1, 0, 0, 0, 1, 0, 0, 0, 1},
	"protanopia":   {0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998},
	"deuteranopia": {0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881},
	"tritanopia":   {1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.303900},
}

func linear(hex string) [3]float64 {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	f := func(c uint64) float64 {
		x := float64(c) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return [3]float64{f(v >> 16 & 255), f(v >> 8 & 255), f(v & 255)}
}

func simulate(c [3]float64, m [9]float64) [3]float64 {
	var o [3]float64
	for i := range o {
		o[i] = math.Max(0, math.Min(1, m[3*i]*c[0]+m[3*i+1]*c[1]+m[3*i+2]*c[2]))
	}
	return o
}

// cieLab converts linear sRGB to CIELAB under D65.
func cieLab(c [3]float64) [3]float64 {
	x := (0.4124*c[0] + 0.3576*c[1] + 0.1805*c[2]) / 0.95047
	y := 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	z := (0.0193*c[0] + 0.1192*c[1] + 0.9505*c[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

func contrast(a, b [3]float64) float64 {
	la := 0.2126*a[0] + 0.7152*a[1] + 0.0722*a[2]
	lb := 0.2126*b[0] + 0.7152*b[1] + 0.0722*b[2]
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestFactionColoursStayDistinct: every two faction colours of the shipped
// data differ by at least minDeltaE (CIE76) with normal vision and as
// simulated for protanopia, deuteranopia and tritanopia, and each has 3:1
// contrast against the basemap's two land fills.
func TestFactionColoursStayDistinct(t *testing.T) {
	const minDeltaE = 20
	ds, err := ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	for kind, m := range cvd {
		for i, a := range ds.Factions {
			for _, b := range ds.Factions[i+1:] {
				if got := deltaE(cieLab(simulate(linear(a.Color), m)), cieLab(simulate(linear(b.Color), m))); got < minDeltaE {
					t.Errorf("%s: %s %s and %s %s differ by ΔE %.1f, want at least %d", kind, a.ID, a.Color, b.ID, b.Color, got, minDeltaE)
				}
			}
		}
	}
	for _, f := range ds.Factions {
		for _, bg := range []string{"#ffffff", "#f4f1ea"} {
			if got := contrast(linear(f.Color), linear(bg)); got < 3 {
				t.Errorf("%s %s on %s: contrast %.2f, want at least 3", f.ID, f.Color, bg, got)
			}
		}
	}
}

// TestColourDistanceFindsConfusions checks the simulation itself: red and
// green that differ plainly with normal vision become hard to tell apart
// with deuteranopia, and the old SDF and Israel colours were confused.
func TestColourDistanceFindsConfusions(t *testing.T) {
	d := func(kind, a, b string) float64 {
		return deltaE(cieLab(simulate(linear(a), cvd[kind])), cieLab(simulate(linear(b), cvd[kind])))
	}
	if n, c := d("normal", "#cc3333", "#339933"), d("deuteranopia", "#cc3333", "#339933"); !(n > 60 && c < n/2) {
		t.Errorf("red/green: normal ΔE %.1f, deuteranopia %.1f; want a large difference that the simulation mostly removes", n, c)
	}
	if got := d("protanopia", "#8A6D00", "#C15100"); got >= 20 {
		t.Errorf("the old SDF and Israel colours differ by %.1f under protanopia; the test would not have caught them", got)
	}
}
