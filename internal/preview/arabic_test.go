package preview

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	gtfont "github.com/go-text/typesetting/font"
)

var update = flag.Bool("update", false, "rewrite testdata/sample-en.png from the current English render")

// arabicInput is sampleInput in Arabic, laid out right to left: the same
// map with Arabic place and country names (Idlib and Daraa stay Latin, to
// mix scripts), the panel's words in Arabic.
func arabicInput(t testing.TB) Input {
	t.Helper()
	in := sampleInput(t)
	in.RTL = true
	in.Title = "فرونتلاين"
	in.Subtitle = "السيطرة في سوريا"
	in.Date = "الجمعة ٦ كانون الأول ٢٠٢٤"
	in.Headline = "هيئة تحرير الشام تسيطر على ٨ من ٢٢ مكاناً"
	in.Footer = "الحدود: Natural Earth"
	in.Note = "التظليل: الأرض الأقرب إلى كل مكان، تقريبي"
	in.ContestedKey = "متنازع عليه"
	in.ClaimedKey = "مُدَّعى فقط"
	in.UnknownKey = "لا تقرير بعد"
	places := map[string]string{"Aleppo": "حلب", "Hama": "حماة", "Homs": "حمص", "Damascus": "دمشق"}
	in.Points = append([]Point(nil), in.Points...)
	for i, p := range in.Points {
		if ar, ok := places[p.Label]; ok {
			in.Points[i].Label = ar
		}
	}
	countries := map[string]string{
		"Turkey": "تركيا", "Iraq": "العراق", "Jordan": "الأردن", "Lebanon": "لبنان", "Israel": "إسرائيل",
		"Cyprus": "قبرص", "Egypt": "مصر", "Iran": "إيران", "Palestine": "فلسطين", "Saudi Arabia": "السعودية", "Syria": "سوريا",
	}
	in.Countries = append(in.Countries[:0:0], in.Countries...)
	for i, co := range in.Countries {
		if ar, ok := countries[co.Name]; ok {
			in.Countries[i].Name = ar
		}
	}
	in.Legend = []LegendEntry{
		{Color: green, Name: "هيئة تحرير الشام", Count: 9, CountText: "٩"},
		{Color: red, Name: "الحكومة", Count: 8, CountText: "٨"},
		{Color: purple, Name: "قسد", Count: 1, CountText: "١"},
		{Color: color.RGBA{0x21, 0x66, 0xac, 0xff}, Name: "الجيش الوطني", Count: 0, CountText: "٠"},
	}
	return in
}

func testFaces(t testing.TB) *faces {
	t.Helper()
	fc, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fc.release)
	return fc
}

// TestArabicJoins shapes single words and checks, letter by letter, that a
// letter joined to a neighbour takes a joining form (a glyph other than the
// letter's own, isolated one) and that a letter joined to none keeps it;
// and that the glyphs run right to left: the last letter leftmost.
func TestArabicJoins(t *testing.T) {
	fc := testFaces(t)
	tests := []struct {
		word   string
		joined []bool // per letter: does it take a joining form?
	}{
		// ح initial, ل medial, ب final.
		{"حلب", []bool{true, true, true}},
		// د joins nothing on its left, so it stands isolated; then م
		// initial, ش medial, ق final.
		{"دمشق", []bool{false, true, true, true}},
		// ح initial, م medial, ا final; ة after ا cannot join: isolated.
		{"حماة", []bool{true, true, true, false}},
	}
	for _, tt := range tests {
		l := fc.layout(tt.word, fc.label, true)
		if l.plain || len(l.runs) != 1 {
			t.Fatalf("%s: got plain %v with %d runs, want one shaped run", tt.word, l.plain, len(l.runs))
		}
		run := l.runs[0]
		if run.Face.Font != fc.ts.arabic[1].Font {
			t.Errorf("%s: shaped in a face other than the bold Arabic one", tt.word)
		}
		// The base glyph of each letter: the one of its cluster that
		// advances (dots and marks do not).
		base := map[int]gtfont.GID{}
		var order []int
		for _, g := range run.Glyphs {
			if g.Advance > 0 {
				base[g.ClusterIndex] = g.GlyphID
				order = append(order, g.ClusterIndex)
			}
		}
		letters := []rune(tt.word)
		for i, r := range letters {
			nominal, ok := run.Face.NominalGlyph(r)
			if !ok {
				t.Fatalf("%s: the Arabic font has no %q", tt.word, r)
			}
			// The font's ccmp first splits a dotted letter into its
			// skeleton and dots; the skeleton is the isolated form.
			isolated := substitute(run.Face.Font, "ccmp", nominal)
			got, ok := base[i]
			if !ok {
				t.Errorf("%s: no glyph for letter %d %q", tt.word, i, r)
				continue
			}
			if joined := got != isolated; joined != tt.joined[i] {
				t.Errorf("%s: letter %d %q: got glyph %d (isolated form %d), want joined %v", tt.word, i, r, got, isolated, tt.joined[i])
			}
		}
		var want []int
		for i := len(letters) - 1; i >= 0; i-- {
			want = append(want, i)
		}
		if got := order; !equalInts(got, want) {
			t.Errorf("%s: letters from left to right: got %v, want %v", tt.word, got, want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// visual is the text of l as drawn, from left to right, one rune per
// cluster's first rune in the order the clusters are drawn.
func visual(s string, l line) string {
	if l.plain {
		return s
	}
	text := []rune(s)
	var b strings.Builder
	for _, run := range l.runs {
		last := -1
		for _, g := range run.Glyphs {
			if g.ClusterIndex == last {
				continue
			}
			last = g.ClusterIndex
			for _, r := range text[g.ClusterIndex : g.ClusterIndex+g.RuneCount] {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// keep is s with only the runes that pass f.
func keep(s string, f func(rune) bool) string {
	return strings.Map(func(r rune) rune {
		if f(r) {
			return r
		}
		return -1
	}, s)
}

// TestBidiOrder lays out mixed lines and checks the order, from left to
// right, of their digits and Latin letters: a number reads in its own
// order inside a right-to-left line, and the numbers and words of an
// Arabic line stand from right to left.
func TestBidiOrder(t *testing.T) {
	fc := testFaces(t)
	latin := func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }
	tests := []struct {
		s    string
		rtl  bool
		keep func(rune) bool
		want string
	}{
		// Logically ٨ first, then ٢٢: drawn with ٢٢ on the left.
		{"٨ من ٢٢ مكاناً", true, unicode.IsDigit, "٢٢٨"},
		// 6 starts the line at the right; 2024 ends it at the left, in order.
		{"6 كانون الأول 2024", true, unicode.IsDigit, "20246"},
		{"الجمعة ٦ كانون الأول ٢٠٢٤", true, unicode.IsDigit, "٢٠٢٤٦"},
		// Latin words keep their order inside an Arabic line.
		{"الحدود: Natural Earth", true, latin, "NaturalEarth"},
		// The Arabic words of a line: the first is rightmost.
		{"حلب دمشق", true, func(r rune) bool { return r == 'ح' || r == 'د' }, "دح"},
		// An Arabic name inside an English line reads right to left within
		// itself and stays after the English word; a number after it joins
		// the Arabic run (rule N1 of the bidi algorithm), so it stands on
		// the Arabic name's left.
		{"Aleppo حلب 2024", false, func(r rune) bool { return r == 'A' || r == 'ح' || r == 'ب' || r == '4' }, "A4بح"},
		{"Aleppo حلب", false, func(r rune) bool { return r == 'A' || r == 'ح' || r == 'ب' }, "Aبح"},
	}
	for _, tt := range tests {
		l := fc.layout(tt.s, fc.headline, tt.rtl)
		if got := keep(visual(tt.s, l), tt.keep); got != tt.want {
			t.Errorf("%q (rtl %v): got %q from left to right, want %q", tt.s, tt.rtl, got, tt.want)
		}
	}
}

// TestLabelScripts checks that each place name is set by its own script:
// Latin drawn plainly by the Go font and placed right of its dot, Arabic
// shaped and placed left of it, in an image of either direction.
func TestLabelScripts(t *testing.T) {
	fc := testFaces(t)
	tests := []struct {
		label     string
		rtl       bool
		wantPlain bool
		wantLeft  bool
	}{
		{"Palmyra", false, true, false},
		{"Palmyra", true, true, false},
		{"تدمر", true, false, true},
		{"تدمر", false, false, true},
	}
	for _, tt := range tests {
		in := Input{Box: testBox, RTL: tt.rtl}
		x, y := in.Pixel(38.27, 34.55)
		dots := []placed{newPlaced(Point{Label: tt.label, Major: true}, pt{x, y}, cityR)}
		spot := layoutLabels(dots, nil, in.MapArea(), fc, tt.rtl)[0]
		if spot.line.plain != tt.wantPlain {
			t.Errorf("%q (rtl %v): got plain %v, want %v", tt.label, tt.rtl, spot.line.plain, tt.wantPlain)
		}
		if left := float64(spot.box.Max.X) <= x; left != tt.wantLeft {
			t.Errorf("%q (rtl %v): label at %v, dot at x=%.0f: got left %v, want %v", tt.label, tt.rtl, spot.box, x, left, tt.wantLeft)
		}
	}
}

// inkColumns is the leftmost and rightmost column of r with a dark pixel.
func inkColumns(img image.Image, r image.Rectangle) (lo, hi int) {
	lo, hi = r.Max.X, r.Min.X-1
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := rgba(img.At(x, y)); c.R < 90 && c.G < 90 && c.B < 90 {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	return lo, hi
}

// TestRenderRTL draws the Arabic sample and checks the right-to-left
// layout: the panel is on the right and the map, not mirrored, on the left;
// the date inks the right-hand title band and ends at its right margin;
// the legend's swatches stand at the right margin, right of their names.
func TestRenderRTL(t *testing.T) {
	in := arabicInput(t)
	_, img := render(t, in)
	panel := in.Panel()
	if got, want := panel, image.Rect(Width-PanelWidth, 0, Width, Height); got != want {
		t.Errorf("panel: got %v, want %v", got, want)
	}
	if got, want := in.MapArea(), image.Rect(0, 0, Width-PanelWidth, Height); got != want {
		t.Errorf("map: got %v, want %v", got, want)
	}
	west, _ := in.Pixel(36, 35)
	east, _ := in.Pixel(40, 35)
	if !(west < east && east < float64(panel.Min.X)) {
		t.Errorf("map: 36°E at x=%.0f and 40°E at x=%.0f, want west left of east, both left of the panel at %d", west, east, panel.Min.X)
	}

	band := in.TitleBand()
	without := in
	without.Date = ""
	_, noDate := render(t, without)
	if got, base := dark(img, band), dark(noDate, band); got-base < 2000 {
		t.Errorf("dark pixels in the right-hand title band: got %d with the date and %d without, want at least 2000 more", got, base)
	}
	dateRows := image.Rect(band.Min.X, 60, band.Max.X, band.Max.Y)
	lo, hi := inkColumns(img, dateRows)
	if right := panel.Max.X - 40; hi < right-6 || hi > right+2 {
		t.Errorf("the date's ink ends at x=%d, want at the right margin %d", hi, right)
	}
	if lo <= panel.Min.X {
		t.Errorf("the date's ink starts at x=%d, outside the panel from %d", lo, panel.Min.X)
	}
	// The accent bar tops the panel only, and the rule is its left edge.
	for _, tt := range []struct {
		name string
		x, y int
		want bool
		col  color.RGBA
	}{
		{"accent bar over the panel", Width - 10, 3, true, accent},
		{"accent bar over the map", 10, 3, false, accent},
		{"rule at the panel's left edge", panel.Min.X, 300, true, rule},
	} {
		if got := rgba(img.At(tt.x, tt.y)) == tt.col; got != tt.want {
			t.Errorf("%s: pixel (%d, %d) is %v: got %v, want %v", tt.name, tt.x, tt.y, rgba(img.At(tt.x, tt.y)), got, tt.want)
		}
	}

	// The first legend row (green) has its swatch at the right margin and
	// its name to the left of it.
	var swatchY = -1
	for y := 250; y < 400; y++ {
		if rgba(img.At(Width-40-int(math.Round(cityR)), y)) == green {
			swatchY = y
			break
		}
	}
	if swatchY < 0 {
		t.Fatalf("no green swatch at x=%d, the right margin", Width-40-int(math.Round(cityR)))
	}
	if c := rgba(img.At(panel.Min.X+40+int(math.Round(cityR)), swatchY+int(math.Round(cityR))/2)); c == green {
		t.Errorf("a green swatch at the left margin too, want only the right")
	}
	row := image.Rect(panel.Min.X+100, swatchY-int(math.Round(cityR)), Width-40-2*int(math.Round(cityR)), swatchY+int(math.Round(cityR))+4)
	if got := dark(img, row); got < 200 {
		t.Errorf("dark pixels of the first legend name, left of its swatch: got %d, want at least 200", got)
	}
}

// TestRenderEnglishUnchanged compares the English sample with the image it
// drew before right-to-left text existed (testdata/sample-en.png, made with
// -update), pixel for pixel.
func TestRenderEnglishUnchanged(t *testing.T) {
	b, img := render(t, sampleInput(t))
	path := filepath.Join("testdata", "sample-en.png")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	if got, w := img.Bounds(), want.Bounds(); got != w {
		t.Fatalf("bounds: got %v, want %v", got, w)
	}
	diff, first := 0, image.Point{-1, -1}
	for y := 0; y < Height; y++ {
		for x := 0; x < Width; x++ {
			if rgba(img.At(x, y)) != rgba(want.At(x, y)) {
				if diff == 0 {
					first = image.Pt(x, y)
				}
				diff++
			}
		}
	}
	if diff != 0 {
		t.Errorf("got %d pixels that differ from %s, the first at %v, want none (after an intended change run go test -run TestRenderEnglishUnchanged -update)", diff, path, first)
	}
}

func BenchmarkRenderArabic(b *testing.B) {
	in := arabicInput(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/png")
}
