package preview

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"frontline/data"
	"frontline/internal/basemap"
	"frontline/internal/dataset"
)

// testBox is the map's extent in the tests: Syria's box, as data/region.json
// gives it, where their places lie.
var testBox = [4]float64{35.4, 32.2, 42.5, 37.5}

var (
	green  = color.RGBA{0x1b, 0x78, 0x37, 0xff}
	red    = color.RGBA{0xb2, 0x18, 0x2b, 0xff}
	purple = color.RGBA{0x5e, 0x3c, 0x99, 0xff}
)

// sampleInput is a day like the real ones: the real outlines, cities and
// towns in the crowded north-west, every kind of symbol and a legend.
func sampleInput(t testing.TB) Input {
	t.Helper()
	b, err := data.FS.ReadFile("basemap.geojson")
	if err != nil {
		t.Fatal(err)
	}
	countries, err := basemap.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	region, err := dataset.ReadRegion(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	return Input{
		Box:      [4]float64(region.Box),
		Title:    "Frontline",
		Subtitle: "Control in Syria",
		Date:     "Friday 6 December 2024",
		Headline: "HTS holds 9 of 22 places; Government 8; SDF 4; SNA 1",
		Footer:   "Outlines: Natural Earth",
		Note:     "Shading: land nearest each place, approximate",
		// The keys as the server words them in English.
		ContestedKey: "Contested: stripes or a ring in the challenger's colour",
		ClaimedKey:   "Claimed only: paler, with a dashed edge",
		UnknownKey:   "No report yet",
		Countries:    countries,
		Points: []Point{
			{Lon: 37.1612, Lat: 36.2012, Label: "Aleppo", Major: true, Known: true, Color: green},
			{Lon: 36.6339, Lat: 35.9306, Label: "Idlib", Major: true, Known: true, Color: green},
			{Lon: 36.7578, Lat: 35.1318, Label: "Hama", Major: true, Known: true, Color: green, Claimed: true},
			{Lon: 36.7234, Lat: 34.7268, Label: "Homs", Major: true, Known: true, Color: red, Contested: true, Challenger: green},
			{Lon: 36.7324, Lat: 34.9265, Known: true, Color: green},
			{Lon: 36.7309, Lat: 34.8406, Known: true, Color: green, Contested: true},
			{Lon: 36.2913, Lat: 33.5102, Label: "Damascus", Major: true, Known: true, Color: red},
			{Lon: 36.1021, Lat: 32.6189, Label: "Daraa", Major: true, Known: true, Color: purple},
			{Lon: 40.9185, Lat: 34.4523},
		},
		// Land as the server sends it: held, claimed and contested areas, a
		// hole, and a front line between holders.
		Areas: []Area{
			{Rings: [][][2]float64{square(36.2, 35.7, 37.2, 36.3), square(36.5, 35.9, 36.7, 36.0)}, Fill: green},
			{Rings: [][][2]float64{square(36.4, 34.9, 37.0, 35.4)}, Fill: green, Claimed: true},
			{Rings: [][][2]float64{square(36.4, 34.5, 37.0, 34.9)}, Fill: red, Contested: true, Hatch: green},
			{Rings: [][][2]float64{square(35.8, 32.4, 38.8, 34.5)}, Fill: red},
		},
		Fronts: [][][2]float64{{{36.4, 34.9}, {37.0, 34.9}, {37.2, 35.7}}},
		Legend: []LegendEntry{
			{Color: green, Name: "HTS", Count: 9, CountText: "9"},
			{Color: red, Name: "Government", Count: 8, CountText: "8"},
			{Color: purple, Name: "SOR", Count: 1, CountText: "1"},
			{Color: color.RGBA{0x21, 0x66, 0xac, 0xff}, Name: "SFA", Count: 0, CountText: "0"},
		},
	}
}

// square is a closed ring from (w, s) to (e, n), wound counter-clockwise
// in lon/lat as GeoJSON winds outer rings; reversed, it is a hole.
func square(w, s, e, n float64) [][2]float64 {
	return [][2]float64{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}
}

func reversed(r [][2]float64) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, q := range r {
		out[len(r)-1-i] = q
	}
	return out
}

// over is col at opacity alpha over bg, as the image blends it.
func over(bg, col color.RGBA, alpha float64) color.RGBA {
	m := func(b, c uint8) uint8 { return uint8(math.Round(float64(b)*(1-alpha) + float64(c)*alpha)) }
	return color.RGBA{m(bg.R, col.R), m(bg.G, col.G), m(bg.B, col.B), 0xff}
}

// near reports whether a and b differ by at most tol in every channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

// TestTerritory checks the land under the dots: a held area is its
// holder's colour blended over the sea, its hole is left alone, claimed land
// is paler, contested land shows both the holder's and the challenger's
// colour in stripes, and a front line is dark.
func TestTerritory(t *testing.T) {
	in := Input{
		Box: testBox,
		Areas: []Area{
			{Rings: [][][2]float64{square(37.0, 35.0, 37.6, 35.6), reversed(square(37.2, 35.2, 37.4, 35.4))}, Fill: green},
			{Rings: [][][2]float64{square(39.0, 35.0, 39.6, 35.6)}, Fill: red, Claimed: true},
			{Rings: [][][2]float64{square(37.0, 33.0, 37.8, 33.8)}, Fill: purple, Contested: true, Hatch: green},
		},
		Fronts: [][][2]float64{{{38.5, 34.2}, {40.5, 34.2}}},
	}
	_, img := render(t, in)
	at := func(lon, lat float64) color.RGBA {
		x, y := in.Pixel(lon, lat)
		return rgba(img.At(int(math.Floor(x)), int(math.Floor(y))))
	}
	tests := []struct {
		name     string
		lon, lat float64
		want     color.RGBA
	}{
		{"held land is the holder's colour, blended", 37.1, 35.1, over(sea, green, heldAlpha)},
		{"a hole is not painted", 37.3, 35.3, sea},
		{"claimed land is paler", 39.3, 35.3, over(sea, red, claimedAlpha)},
		{"a front line is dark", 39.5, 34.2, ink},
		{"outside every area is the sea", 38.3, 35.3, sea},
	}
	for _, tt := range tests {
		if got := at(tt.lon, tt.lat); !near(got, tt.want, 2) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if a, b := at(37.1, 35.1), at(39.3, 35.3); int(a.R)+int(a.G)+int(a.B) >= int(b.R)+int(b.G)+int(b.B) {
		t.Errorf("held land %v is not darker than claimed land %v", a, b)
	}

	// Stripes: across a patch of contested land, some pixels are the
	// holder's colour and some the challenger's, both blended.
	x0, y0 := in.Pixel(37.3, 33.5)
	holder, challenger := over(sea, purple, contestedAlpha), over(sea, green, contestedAlpha)
	var nHolder, nChallenger int
	for y := int(y0); y < int(y0)+20; y++ {
		for x := int(x0); x < int(x0)+20; x++ {
			switch c := rgba(img.At(x, y)); {
			case near(c, holder, 2):
				nHolder++
			case near(c, challenger, 2):
				nChallenger++
			}
		}
	}
	if nHolder < 40 || nChallenger < 40 {
		t.Errorf("contested land: %d pixels of the holder's colour and %d of the challenger's in 400, want at least 40 of each", nHolder, nChallenger)
	}
}

// TestShadingNote checks that the legend says the shading is approximate
// when there is land, and only then.
func TestShadingNote(t *testing.T) {
	in := sampleInput(t)
	_, with := render(t, in)
	in.Areas, in.Fronts = nil, nil
	_, without := render(t, in)
	band := image.Rect(0, Height-66, PanelWidth, Height-44)
	inked := func(img image.Image) int {
		n := 0
		for y := band.Min.Y; y < band.Max.Y; y++ {
			for x := band.Min.X; x < band.Max.X; x++ {
				if c := rgba(img.At(x, y)); c.R < 160 && c.G < 160 && c.B < 160 {
					n++
				}
			}
		}
		return n
	}
	if got := inked(with); got < 300 {
		t.Errorf("inked pixels of the shading note: got %d, want at least 300", got)
	}
	if got := inked(without); got != 0 {
		t.Errorf("inked pixels where the note would be, with no land: got %d, want 0", got)
	}
}

func render(t testing.TB, in Input) ([]byte, image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, in); err != nil {
		t.Fatalf("Render: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("decode the PNG: %v", err)
	}
	return buf.Bytes(), img
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func TestRenderSize(t *testing.T) {
	_, img := render(t, sampleInput(t))
	if got, want := img.Bounds(), image.Rect(0, 0, 1200, 630); got != want {
		t.Errorf("bounds: got %v, want %v", got, want)
	}
}

func TestRenderEmptyInput(t *testing.T) {
	_, img := render(t, Input{Box: testBox})
	if got, want := img.Bounds().Size(), image.Pt(Width, Height); got != want {
		t.Errorf("size: got %v, want %v", got, want)
	}
}

// TestPointColours checks that each place is painted in its holder's
// colour, that a contested place wears its challenger's ring, that a place
// with no report is white and that a claimed place is lighter than a
// confirmed one.
func TestPointColours(t *testing.T) {
	in := Input{Box: testBox, Points: []Point{
		{Lon: 37.0, Lat: 36.0, Major: true, Known: true, Color: green},
		{Lon: 39.0, Lat: 35.0, Major: true, Known: true, Color: red},
		{Lon: 37.0, Lat: 33.5, Major: true, Known: true, Color: purple, Contested: true, Challenger: green},
		{Lon: 41.0, Lat: 36.5, Major: true},
		{Lon: 40.0, Lat: 33.8, Major: true, Known: true, Color: red, Claimed: true},
	}}
	_, img := render(t, in)
	at := func(lon, lat, dx float64) color.RGBA {
		x, y := in.Pixel(lon, lat)
		return rgba(img.At(int(math.Floor(x+dx)), int(math.Floor(y))))
	}
	tests := []struct {
		name     string
		lon, lat float64
		dx       float64 // offset from the centre, in pixels
		want     color.RGBA
	}{
		{"green holder", 37.0, 36.0, 0, green},
		{"red holder", 39.0, 35.0, 0, red},
		{"contested fill is the holder", 37.0, 33.5, 0, purple},
		{"contested ring is the challenger", 37.0, 33.5, cityR + 4, green},
		{"no report is white", 41.0, 36.5, 0, paper},
		{"claimed is lighter", 40.0, 33.8, 0, lighten(red, 0.55)},
	}
	for _, tt := range tests {
		if got := at(tt.lon, tt.lat, tt.dx); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// dark counts the pixels of r that are nearly ink.
func dark(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := rgba(img.At(x, y))
			if c.R < 90 && c.G < 90 && c.B < 90 {
				n++
			}
		}
	}
	return n
}

func TestTitleBandText(t *testing.T) {
	in := sampleInput(t)
	_, with := render(t, in)
	in.Date = ""
	_, without := render(t, in)
	got, base := dark(with, TitleBand), dark(without, TitleBand)
	// A date in 40px bold inks thousands of pixels.
	if got-base < 2000 {
		t.Errorf("dark pixels in the title band: got %d with the date and %d without, want at least 2000 more", got, base)
	}
}

func TestLabelText(t *testing.T) {
	in := Input{Box: testBox, Points: []Point{{Lon: 38, Lat: 35, Major: true, Known: true, Color: red, Label: "Palmyra"}}}
	_, with := render(t, in)
	in.Points[0].Label = ""
	_, without := render(t, in)
	x, y := in.Pixel(38, 35)
	around := image.Rect(int(x)-120, int(y)-40, int(x)+120, int(y)+40)
	if got := dark(with, around) - dark(without, around); got < 100 {
		t.Errorf("dark pixels the label adds: got %d, want at least 100", got)
	}
}

func TestDeterministic(t *testing.T) {
	in := sampleInput(t)
	a, _ := render(t, in)
	b, _ := render(t, in)
	if !bytes.Equal(a, b) {
		t.Errorf("two renders of one input differ: %d and %d bytes", len(a), len(b))
	}
}

// TestNeighboursCopied: an image whose sea and neighbours come from an
// earlier image's (see drawNeighbours), and whose neighbours' names go
// where an earlier image found room for them (nameSpot), has the very
// pixels of one that drew them, in either direction and with a frame of
// its own; another frame is not given the first one's.
func TestNeighboursCopied(t *testing.T) {
	ltr := sampleInput(t)
	rtl := sampleInput(t)
	rtl.RTL = true
	framed := sampleInput(t)
	framed.Box = [4]float64{34, 31, 44, 39}
	unframed := sampleInput(t)
	unframed.Box = [4]float64{}
	for name, in := range map[string]Input{"left to right": ltr, "right to left": rtl, "own frame": framed, "focus frame": unframed} {
		t.Run(name, func(t *testing.T) {
			backgrounds.Lock()
			clear(backgrounds.m)
			backgrounds.Unlock()
			nameSpots.Lock()
			clear(nameSpots.m)
			nameSpots.Unlock()
			drawn, err := Draw(in)
			if err != nil {
				t.Fatal(err)
			}
			// Another frame between them must not take this one's neighbours.
			if _, err := Draw(framed); err != nil {
				t.Fatal(err)
			}
			copied, err := Draw(in)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(backgrounds.m), 2; name != "own frame" && got != want {
				t.Errorf("%d backgrounds kept, want %d", got, want)
			}
			if got, want := len(nameSpots.m), 2*(len(in.Countries)-1); name != "own frame" && got != want {
				t.Errorf("%d name spots kept, want %d (each neighbour under two frames)", got, want)
			}
			if !bytes.Equal(copied.Pix, drawn.Pix) {
				t.Errorf("the image with its neighbours copied differs from the one that drew them")
			}
		})
	}
}

// TestLabelsDoNotCollide lays out the crowded north-west as the server
// sends it (cities labelled, towns as bare dots) and checks that no label
// covers another label or any dot, and that every label stays on the map.
func TestLabelsDoNotCollide(t *testing.T) {
	fc, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Box: testBox}
	places := []struct {
		name     string
		city     bool
		lon, lat float64
	}{
		{"Aleppo", true, 37.16, 36.20}, {"Idlib", true, 36.63, 35.93}, {"Hama", true, 36.76, 35.13},
		{"Homs", true, 36.72, 34.73}, {"Latakia", true, 35.79, 35.53}, {"Tartus", true, 35.89, 34.89},
		{"Damascus", true, 36.29, 33.51}, {"Daraa", true, 36.10, 32.62}, {"Suwayda", true, 36.57, 32.71},
		{"Tal Rifaat", false, 37.10, 36.47}, {"Saraqib", false, 36.81, 35.86}, {"Maarat al-Numan", false, 36.68, 35.65},
		{"Khan Shaykhun", false, 36.65, 35.44}, {"Rastan", false, 36.73, 34.93}, {"Talbiseh", false, 36.73, 34.84},
		{"Sanamayn", false, 36.18, 33.07},
	}
	var dots []placed
	for _, p := range places {
		x, y := in.Pixel(p.lon, p.lat)
		r, label := townR, ""
		if p.city {
			r, label = cityR, p.name
		}
		dots = append(dots, newPlaced(Point{Label: label, Major: p.city}, pt{x, y}, r))
	}
	defer fc.release()
	spots := layoutLabels(dots, nil, MapArea, fc, false)
	for i, s := range spots {
		if !places[i].city {
			if s.box != (image.Rectangle{}) || s.line.st.face != nil {
				t.Errorf("town %q: got a label spot %v, want none", places[i].name, s.box)
			}
			continue
		}
		if !s.box.In(MapArea) {
			t.Errorf("label %q at %v: outside the map %v", places[i].name, s.box, MapArea)
		}
		for j, o := range spots {
			if j != i && s.box.Overlaps(o.box) {
				t.Errorf("label %q at %v overlaps label %q at %v", places[i].name, s.box, places[j].name, o.box)
			}
		}
		for j, d := range dots {
			if j != i && s.box.Overlaps(d.rect) {
				t.Errorf("label %q at %v covers the dot of %q at %v", places[i].name, s.box, places[j].name, d.rect)
			}
		}
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in     string
		want   color.RGBA
		wantOK bool
	}{
		{"#B2182B", color.RGBA{0xb2, 0x18, 0x2b, 0xff}, true},
		{"#1b7837", color.RGBA{0x1b, 0x78, 0x37, 0xff}, true},
		{"B2182B", color.RGBA{}, false},
		{"#B2182", color.RGBA{}, false},
		{"#GG182B", color.RGBA{}, false},
		{"", color.RGBA{}, false},
	}
	for _, tt := range tests {
		got, err := ParseColor(tt.in)
		if (err == nil) != tt.wantOK || got != tt.want {
			t.Errorf("ParseColor(%q): got %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.wantOK)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	in := sampleInput(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/png")
}

func TestLegendRow(t *testing.T) {
	held := func(n, zeros int) []LegendEntry {
		var l []LegendEntry
		for i := range n + zeros {
			e := LegendEntry{Name: "F", Count: 0}
			if i < n {
				e.Count = n - i
			}
			l = append(l, e)
		}
		return l
	}
	tests := []struct {
		name   string
		legend []LegendEntry
		room   int
		want   int
	}{
		{"room for all", held(4, 0), 200, 34},
		{"factions that hold nothing do not close the rows", held(6, 3), 6 * 34, 34},
		{"rows close up to fit every holder", held(8, 0), 224, 28},
		{"but no tighter than 26", held(9, 0), 200, 26},
		{"an empty legend", nil, 0, 34},
	}
	for _, tt := range tests {
		if got := legendRow(tt.legend, tt.room); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestFitKeys: the keys to the day's symbols take only the room the
// holders leave at their tightest rows, in order, and never push a holder
// out.
func TestFitKeys(t *testing.T) {
	legend := make([]LegendEntry, 8)
	for i := range legend {
		legend[i] = LegendEntry{Name: "F", Count: 1}
	}
	three := []symbolKey{{label: "contested"}, {label: "claimed"}, {label: "unknown"}}
	tests := []struct {
		name string
		room int
		want int
	}{
		{"room for every key", 8*26 + 4 + 3*26, 3},
		{"room for one key", 251, 1},
		{"no room for a key", 8*26 + 29, 0},
	}
	for _, tt := range tests {
		got := fitKeys(legend, three, tt.room)
		if len(got) != tt.want {
			t.Errorf("%s: %d keys, want %d", tt.name, len(got), tt.want)
		}
		if len(got) > 0 && got[0].label != "contested" {
			t.Errorf("%s: first key %q, want contested", tt.name, got[0].label)
		}
		if rows := tt.room - keyRoom(len(got)); rows < minLegendRows(legend) {
			t.Errorf("%s: %d px left for 8 holders, want at least %d", tt.name, rows, minLegendRows(legend))
		}
	}
}

// TestSymbolKeys: only the symbols on the map get a key, the one on most
// places first.
func TestSymbolKeys(t *testing.T) {
	in := Input{Box: testBox, ContestedKey: "contested", ClaimedKey: "claimed", UnknownKey: "unknown", Points: []Point{
		{Known: true, Claimed: true}, {Known: true, Claimed: true}, {Known: true, Claimed: true},
		{Known: false}, {Known: true},
	}}
	var got []string
	for _, k := range symbolKeys(in) {
		got = append(got, k.label)
	}
	if want := []string{"claimed", "unknown"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("keys %v, want %v", got, want)
	}
}

// TestPointShapes: a place is drawn in its kind's shape (a square fills its
// corners, a diamond leaves them), in every state, and a joint hold is
// split on every shape.
func TestPointShapes(t *testing.T) {
	kinds := []string{"airbase", "naval-base", "crossing", "dam", "mountain", "town"}
	in := Input{Box: testBox}
	for i, k := range kinds {
		lon := 36.5 + float64(i)*0.9
		in.Points = append(in.Points,
			Point{Kind: k, Lon: lon, Lat: 36.5, Known: true, Color: red},
			Point{Kind: k, Lon: lon, Lat: 35.5, Known: true, Color: red, Contested: true, Challenger: green},
			Point{Kind: k, Lon: lon, Lat: 34.5, Known: true, Color: red, Joint: true, Partner: purple},
			Point{Kind: k, Lon: lon, Lat: 33.5, Known: true, Color: red, Claimed: true},
			Point{Kind: k, Lon: lon, Lat: 32.8})
	}
	_, img := render(t, in)
	at := func(i int, dx, dy float64) color.RGBA {
		x, y := in.Pixel(in.Points[i*5].Lon, in.Points[i*5].Lat)
		return rgba(img.At(int(math.Floor(x+dx)), int(math.Floor(y+dy))))
	}
	atJoint := func(i int, dx float64) color.RGBA {
		x, y := in.Pixel(in.Points[i*5+2].Lon, in.Points[i*5+2].Lat)
		return rgba(img.At(int(math.Floor(x+dx)), int(math.Floor(y+1))))
	}
	corner := 0.75 * townR
	if got := at(1, corner, corner); got != red {
		t.Errorf("a base's square: corner %v, want its fill %v", got, red)
	}
	if got := at(2, corner, corner); got == red {
		t.Errorf("a crossing's diamond fills its corner (%v), want it left out", got)
	}
	if got := at(5, corner, corner); got == red {
		t.Errorf("a town's circle fills its corner (%v), want it left out", got)
	}
	for i, k := range kinds {
		if got := at(i, 0, 0); got != red {
			t.Errorf("%s: centre %v, want the holder %v", k, got, red)
		}
		if l, r := atJoint(i, -2.5), atJoint(i, 2.5); l != red || r != purple {
			t.Errorf("%s held jointly: left %v right %v, want %v and %v", k, l, r, red, purple)
		}
	}
}
