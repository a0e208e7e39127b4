// Package preview draws the link-preview image of one day: a 1200×630 PNG
// with the map of the region and its neighbours, every place coloured by its
// holder, the date, the headline and a legend. It is pure Go (no browser, no
// cgo) and knows nothing of HTTP or SQL: it draws what it is given.
package preview

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"frontline/internal/basemap"
	"frontline/internal/symbol"
)

// The size of the image, which the page's og:image tags also state.
const (
	Width  = 1200
	Height = 630
)

// PanelWidth is the width of the text column, on the left (on the right in
// a right-to-left image); the map fills the rest. The title band is the top
// of this column.
const PanelWidth = 440

// TitleBand is the rectangle that holds the title and the date, and MapArea
// the rectangle the map fills, in a left-to-right image; Input.TitleBand and
// Input.MapArea give them for either direction.
var (
	TitleBand = image.Rect(0, 0, PanelWidth, 160)
	MapArea   = image.Rect(PanelWidth, 0, Width, Height)
)

// Input is everything the image shows. The image draws no word of its own:
// every text on it comes from here, so the caller picks the language.
type Input struct {
	// RTL lays the image out right to left: the text column on the right
	// (the map, never mirrored, on the left), its lines right-aligned and
	// shaped as a right-to-left paragraph, the legend's swatches on the
	// right of their names.
	RTL      bool
	Title    string // "Frontline"
	Subtitle string // a few words after the title: the region's (site.subtitle)
	Date     string // "Friday 6 December 2024"
	Headline string
	Footer   string // small print at the bottom, e.g. the outlines' source
	// Note is the line above the footer when the map has land, e.g.
	// "Shading: land nearest each place, approximate"; empty draws none.
	Note string
	// The keys to the symbols, each shown when a place on the map wears
	// it: a contested place, a claimed one, and one with no report yet.
	// An empty key is not shown.
	ContestedKey, ClaimedKey, UnknownKey string
	// JointKey explains the joint symbol; a key with no label is not drawn.
	JointKey string
	// Box is the map's extent (west, south, east, north), the region's;
	// zero frames the outlines of the focus countries.
	Box       [4]float64
	Countries []basemap.Country // Focus marks the country the map is about
	// Areas are the day's land, drawn under the points in the given order;
	// Fronts are the lines between holders, drawn over the land. Both are in
	// lon/lat. With any area the legend says the shading is approximate.
	Areas  []Area
	Fronts [][][2]float64
	Points []Point
	Legend []LegendEntry
}

// Area is the land of one holder, status and confidence on the day.
type Area struct {
	// Rings are closed lines of lon/lat: outer rings wound one way, their
	// holes the other, as in GeoJSON (the rasterizer adds coverage with its
	// sign, so a hole cancels its outer ring).
	Rings [][][2]float64
	Fill  color.RGBA // the holder's colour
	// Claimed (not yet confirmed) land is paler.
	Claimed bool
	// Contested land is striped in Hatch, the challenger's colour (grey
	// when it is zero).
	Contested bool
	Hatch     color.RGBA
	// Joint land (held by agreement by two sides) is dotted in Dots, the
	// partner's colour.
	Joint bool
	Dots  color.RGBA
}

// Point is one place on the map.
type Point struct {
	Lon, Lat float64
	Label    string // drawn next to the dot when not empty
	Major    bool   // a city: a bigger dot
	Kind     string // the place's kind, which picks its shape (internal/symbol)
	Known    bool   // false: a white dot with a dashed grey ring
	Color    color.RGBA
	// Contested draws a ring in Challenger's colour (grey when it is zero).
	Contested  bool
	Challenger color.RGBA
	// Joint splits the dot: Color on the left, Partner on the right.
	Joint   bool
	Partner color.RGBA
	// Claimed (not yet confirmed) draws a lighter fill with a dashed edge.
	Claimed bool
}

// LegendEntry is one faction in the legend.
type LegendEntry struct {
	Color color.RGBA
	Name  string
	// Count is how many places the faction holds: a faction with none is
	// drawn muted and gives up its row first when room is short.
	Count int
	// CountText is Count as the legend writes it, formatted by the caller
	// (e.g. "9" or "٩"); empty writes none.
	CountText string
}

// ParseColor reads "#rrggbb".
func ParseColor(s string) (color.RGBA, error) {
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, fmt.Errorf("preview: colour %q is not #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.RGBA{}, fmt.Errorf("preview: colour %q is not #rrggbb", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
}

// The palette follows the page's stylesheet.
var (
	ink    = color.RGBA{0x1d, 0x27, 0x33, 0xff}
	muted  = color.RGBA{0x55, 0x60, 0x6e, 0xff}
	paper  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	rule   = color.RGBA{0xd6, 0xd3, 0xcc, 0xff}
	accent = color.RGBA{0x0b, 0x5c, 0xad, 0xff}
	sea    = color.RGBA{0xc9, 0xdb, 0xe8, 0xff}
	land   = color.RGBA{0xec, 0xe8, 0xdf, 0xff}
	border = color.RGBA{0xa6, 0xad, 0xb5, 0xff}
	focus  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	edge   = color.RGBA{0x55, 0x60, 0x6e, 0xff}
	grey   = color.RGBA{0x7a, 0x85, 0x91, 0xff}
	// countryInk names the neighbours: quiet, but readable on land.
	countryInk = color.RGBA{0x8c, 0x86, 0x7a, 0xff}
)

// Sizes of the dots, in pixels.
const (
	cityR = 9.5
	townR = 6.5
)

var fonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var fs [2]*opentype.Font
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return fs, fmt.Errorf("preview: parse font: %w", err)
		}
		fs[i] = f
	}
	return fs, nil
})

// faces are the type styles of one render with the typesetter that shapes
// them; a font.Face is not safe for concurrent use, so each render makes its
// own.
type faces struct {
	brand, date, headline, name, count, label, small style
	ts                                               *typesetter
}

// newFaces makes the styles of one render; release gives its typesetter
// back.
func newFaces() (*faces, error) {
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	var ferr error
	face := func(bold bool, size float64) style {
		f := fs[0]
		if bold {
			f = fs[1]
		}
		fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil && ferr == nil {
			ferr = fmt.Errorf("preview: font face: %w", err)
		}
		return style{face: fc, bold: bold, size: size}
	}
	fc := &faces{
		brand:    face(true, 20),
		date:     face(true, 40),
		headline: face(false, 22),
		name:     face(true, 21),
		count:    face(false, 21),
		label:    face(true, 17),
		small:    face(false, 15),
		ts:       typesetters.Get().(*typesetter),
	}
	fc.ts.err = nil
	return fc, ferr
}

func (fc *faces) release() {
	typesetters.Put(fc.ts)
	fc.ts = nil
}

// layout lays s out in st as a line of a paragraph that runs right to left
// when rtl is true.
func (fc *faces) layout(s string, st style, rtl bool) line {
	return fc.ts.layout(s, st, rtl)
}

// Render draws the image of in and writes it to w as PNG. The same input
// always gives the same bytes.
func Render(w io.Writer, in Input) error {
	img, err := Draw(in)
	if err != nil {
		return err
	}
	// The fastest level, by measurement: on the embedded data's previews
	// (flat colours) it takes about half the time of the default for 3-4%
	// more bytes (205,602 against 213,017 bytes in English, 247,540
	// against 256,905 in Arabic), and publishing draws one per change of
	// the map in each language.
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, img); err != nil {
		return fmt.Errorf("preview: encode png: %w", err)
	}
	return nil
}

// Draw returns the image of in.
func Draw(in Input) (*image.RGBA, error) {
	fc, err := newFaces()
	if err != nil {
		return nil, err
	}
	defer fc.release()
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	c := &canvas{img: img}
	c.drawMap(in, fc)
	c.drawPanel(in, fc)
	if err := fc.ts.err; err != nil {
		return nil, err
	}
	return img, nil
}

// Panel is the rectangle of the text column: on the left, or on the right
// in a right-to-left image.
func (in Input) Panel() image.Rectangle {
	if in.RTL {
		return image.Rect(Width-PanelWidth, 0, Width, Height)
	}
	return image.Rect(0, 0, PanelWidth, Height)
}

// MapArea is the rectangle the map fills, beside the panel.
func (in Input) MapArea() image.Rectangle {
	if in.RTL {
		return image.Rect(0, 0, Width-PanelWidth, Height)
	}
	return MapArea
}

// TitleBand is the top of the panel, which holds the title and the date.
func (in Input) TitleBand() image.Rectangle {
	p := in.Panel()
	return image.Rect(p.Min.X, 0, p.Max.X, TitleBand.Max.Y)
}

// canvas draws shapes and text on one image.
type canvas struct {
	img *image.RGBA
	z   vector.Rasterizer
}

// path is a list of closed rings in pixels; rings wound the other way cut
// holes (the rasterizer adds coverage with its sign).
type path [][]pt

type pt struct{ x, y float64 }

// fill paints p with col, anti-aliased, clipped to clip. The rasterizer
// only covers the shape's bounding box, so small shapes cost little.
func (c *canvas) fill(p path, col color.RGBA, clip image.Rectangle) {
	if r, ok := c.rasterize(p, clip); ok {
		c.z.Draw(c.img, r, image.NewUniform(col), image.Point{})
	}
}

// rasterize loads p into the rasterizer over its bounding box clipped to
// clip, and returns that box; false when nothing of p is inside clip.
func (c *canvas) rasterize(p path, clip image.Rectangle) (image.Rectangle, bool) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, ring := range p {
		for _, q := range ring {
			minX, maxX = math.Min(minX, q.x), math.Max(maxX, q.x)
			minY, maxY = math.Min(minY, q.y), math.Max(maxY, q.y)
		}
	}
	if minX > maxX {
		return image.Rectangle{}, false
	}
	r := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1)
	r = r.Intersect(clip).Intersect(c.img.Bounds())
	if r.Empty() {
		return image.Rectangle{}, false
	}
	c.z.Reset(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	for _, ring := range p {
		if len(ring) < 3 {
			continue
		}
		c.z.MoveTo(float32(ring[0].x-ox), float32(ring[0].y-oy))
		for _, q := range ring[1:] {
			c.z.LineTo(float32(q.x-ox), float32(q.y-oy))
		}
		c.z.ClosePath()
	}
	return r, true
}

// rect paints a solid rectangle.
func (c *canvas) rect(r image.Rectangle, col color.RGBA) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Src)
}

// circle is a ring of points around (x, y); ccw winds it the other way.
func circle(x, y, r float64, ccw bool) []pt {
	n := int(math.Max(24, math.Ceil(r*4)))
	ring := make([]pt, n)
	for i := range ring {
		a := 2 * math.Pi * float64(i) / float64(n)
		if ccw {
			a = -a
		}
		ring[i] = pt{x + r*math.Cos(a), y + r*math.Sin(a)}
	}
	return ring
}

// annulus is the ring between radii r0 < r1.
func annulus(x, y, r0, r1 float64) path {
	return path{circle(x, y, r1, false), circle(x, y, r0, true)}
}

// dashes is a dashed ring between radii r0 < r1 with n dashes that cover
// half of the circumference.
func dashes(x, y, r0, r1 float64, n int) path {
	var p path
	step := 2 * math.Pi / float64(n)
	for i := 0; i < n; i++ {
		a0 := float64(i)*step - math.Pi/2
		a1 := a0 + step/2
		var ring []pt
		const k = 6
		for j := 0; j <= k; j++ {
			a := a0 + (a1-a0)*float64(j)/k
			ring = append(ring, pt{x + r1*math.Cos(a), y + r1*math.Sin(a)})
		}
		for j := k; j >= 0; j-- {
			a := a0 + (a1-a0)*float64(j)/k
			ring = append(ring, pt{x + r0*math.Cos(a), y + r0*math.Sin(a)})
		}
		p = append(p, ring)
	}
	return p
}

// strokeRing is the outline of ring as one quad per segment, all wound the
// same way so that overlaps add up instead of cancelling.
func strokeRing(ring []pt, width float64) path {
	var p path
	h := width / 2
	for i := range ring {
		a, b := ring[i], ring[(i+1)%len(ring)]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		// Extending each quad by half the width along the segment closes
		// the gaps at the corners.
		ux, uy := dx/l*h, dy/l*h
		nx, ny := -uy, ux
		p = append(p, []pt{
			{a.x - ux + nx, a.y - uy + ny}, {b.x + ux + nx, b.y + uy + ny},
			{b.x + ux - nx, b.y + uy - ny}, {a.x - ux - nx, a.y - uy - ny},
		})
	}
	return p
}

// lighten mixes col with white; t=1 is white.
func lighten(col color.RGBA, t float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v) + (255-float64(v))*t)) }
	return color.RGBA{mix(col.R), mix(col.G), mix(col.B), 0xff}
}

// focusBox is the extent of the focus countries' outlines (of every
// country when none is the focus).
func focusBox(cs []basemap.Country) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	focus := hasFocus(cs)
	for _, c := range cs {
		if focus && !c.Focus {
			continue
		}
		for _, poly := range c.Polygons {
			for _, ring := range poly {
				for _, p := range ring {
					b = [4]float64{min(b[0], p[0]), min(b[1], p[1]), max(b[2], p[0]), max(b[3], p[1])}
				}
			}
		}
	}
	if math.IsInf(b[0], 0) {
		return [4]float64{-180, -85, 180, 85}
	}
	return b
}

// Pixel returns where the map draws a longitude and latitude.
func (in Input) Pixel(lon, lat float64) (x, y float64) {
	box := in.Box
	if box == ([4]float64{}) {
		box = focusBox(in.Countries)
	}
	area := in.MapArea()
	frame := basemap.NewFrame(float64(area.Dx()), float64(area.Dy()), 20, box)
	x, y = frame.Point(lon, lat)
	return x + float64(area.Min.X), y + float64(area.Min.Y)
}

// drawMap paints the sea, the countries, the places and the city labels.
func (c *canvas) drawMap(in Input, fc *faces) {
	area := in.MapArea()
	proj := func(lon, lat float64) pt {
		x, y := in.Pixel(lon, lat)
		return pt{x, y}
	}
	rings := func(co basemap.Country) path {
		var p path
		for _, poly := range co.Polygons {
			for _, r := range poly {
				ring := make([]pt, 0, len(r))
				for _, q := range r {
					ring = append(ring, proj(q[0], q[1]))
				}
				p = append(p, ring)
			}
		}
		return p
	}
	// Neighbours first, the focus country last so its edge is on top.
	var names []image.Rectangle
	key := backgroundKey(in, area)
	c.drawNeighbours(key, in, area, rings)
	for _, co := range in.Countries {
		if !co.Focus {
			continue
		}
		p := rings(co)
		c.fill(p, focus, area)
		// The land goes under the country's edge, so the edge stays crisp.
		c.drawTerritory(in, proj, area)
		for _, ring := range p {
			c.fill(strokeRing(ring, 1.6), edge, area)
		}
	}
	if !hasFocus(in.Countries) {
		c.drawTerritory(in, proj, area)
	}

	// Neighbours' names go on after every fill, so nothing paints over them.
	for i, co := range in.Countries {
		if co.Focus || co.Name == "" {
			continue
		}
		if r, ok := c.countryName(strings.ToUpper(co.Name), nameSpot(key, i, func() path { return rings(co) }, area), area, fc); ok {
			names = append(names, r)
		}
	}

	var dots []placed
	for _, p := range in.Points {
		r := townR
		if p.Major {
			r = cityR
		}
		dots = append(dots, newPlaced(p, proj(p.Lon, p.Lat), r))
	}
	// Towns first so cities sit on top where they touch.
	for _, major := range []bool{false, true} {
		for _, d := range dots {
			if d.p.Major == major {
				c.dot(d.p, d.at, d.r, area)
			}
		}
	}
	for i, spot := range layoutLabels(dots, names, area, fc, in.RTL) {
		if dots[i].p.Label != "" {
			c.haloText(spot.line, spot.dot, ink, paper)
		}
	}
}

// drawNeighbours paints the sea and the countries around the focus with
// their borders, the same under every day's map: it copies them from an
// earlier image of the same direction, frame and outlines when there is
// one, since they take about as long to draw as the rest of the map.
func (c *canvas) drawNeighbours(key string, in Input, area image.Rectangle, rings func(basemap.Country) path) {
	backgrounds.Lock()
	bg := backgrounds.m[key]
	backgrounds.Unlock()
	if bg != nil {
		draw.Draw(c.img, area, bg, area.Min, draw.Src)
		return
	}
	c.rect(area, sea)
	for _, co := range in.Countries {
		if co.Focus {
			continue
		}
		p := rings(co)
		c.fill(p, land, area)
		for _, ring := range p {
			c.fill(strokeRing(ring, 1.0), border, area)
		}
	}
	bg = image.NewRGBA(area)
	draw.Draw(bg, area, c.img, area.Min, draw.Src)
	backgrounds.Lock()
	defer backgrounds.Unlock()
	if len(backgrounds.m) >= maxBackgrounds {
		clear(backgrounds.m)
	}
	backgrounds.m[key] = bg
}

// backgrounds are the neighbours drawn by drawNeighbours, by
// backgroundKey: a few, one per direction of each region's outlines.
var backgrounds = struct {
	sync.Mutex
	m map[string]*image.RGBA
}{m: map[string]*image.RGBA{}}

const maxBackgrounds = 8

// backgroundKey names what the neighbours' pixels depend on: the map's
// rectangle, its extent and every country's outline and focus (the
// extent may be the focus countries').
func backgroundKey(in Input, area image.Rectangle) string {
	h := sha256.New()
	var b [8]byte
	num := func(f float64) {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(f))
		h.Write(b[:])
	}
	for _, f := range in.Box {
		num(f)
	}
	for _, co := range in.Countries {
		if co.Focus {
			h.Write([]byte{1})
		} else {
			h.Write([]byte{0})
		}
		num(float64(len(co.Polygons)))
		for _, poly := range co.Polygons {
			num(float64(len(poly)))
			for _, ring := range poly {
				num(float64(len(ring)))
				for _, q := range ring {
					num(q[0])
					num(q[1])
				}
			}
		}
	}
	return area.String() + " " + hex.EncodeToString(h.Sum(nil))
}

func hasFocus(cs []basemap.Country) bool {
	for _, co := range cs {
		if co.Focus {
			return true
		}
	}
	return false
}

// How the land is shaded: the opacity of held, claimed and contested land,
// the stripes of contested land (period and width across the stripe, in
// pixels) and the width of a front line.
// They come from internal/symbol, which every map shares.
const (
	heldAlpha      = symbol.HeldLand
	claimedAlpha   = symbol.ClaimedLand
	contestedAlpha = symbol.ContestedLand
	stripePeriod   = symbol.StripePeriod
	stripeWidth    = symbol.StripeWidth
	dotPeriod      = symbol.DotPeriod
	dotRadius      = symbol.DotRadius
	frontWidth     = symbol.FrontWidth
)

// drawTerritory paints the areas, then the front lines over them.
func (c *canvas) drawTerritory(in Input, proj func(lon, lat float64) pt, clip image.Rectangle) {
	for _, a := range in.Areas {
		var p path
		for _, r := range a.Rings {
			ring := make([]pt, 0, len(r))
			for _, q := range r {
				ring = append(ring, proj(q[0], q[1]))
			}
			p = append(p, ring)
		}
		alpha := heldAlpha
		if a.Claimed {
			alpha = claimedAlpha
		}
		if a.Joint && !a.Contested {
			c.dots(p, a.Fill, a.Dots, alpha, clip)
			continue
		}
		if !a.Contested {
			c.fill(p, fade(a.Fill, alpha), clip)
			continue
		}
		if a.Claimed {
			alpha = math.Min(alpha, contestedAlpha)
		} else {
			alpha = contestedAlpha
		}
		hatch := a.Hatch
		if hatch.A == 0 {
			hatch = grey
		}
		c.hatch(p, a.Fill, hatch, alpha, clip)
	}
	for _, line := range in.Fronts {
		ps := make([]pt, 0, len(line))
		for _, q := range line {
			ps = append(ps, proj(q[0], q[1]))
		}
		c.fill(strokeLine(ps, frontWidth), ink, clip)
	}
}

// fade is col at opacity alpha, premultiplied as color.RGBA wants.
func fade(col color.RGBA, alpha float64) color.RGBA {
	m := func(v uint8) uint8 { return uint8(math.Round(float64(v) * alpha)) }
	return color.RGBA{m(col.R), m(col.G), m(col.B), uint8(math.Round(255 * alpha))}
}

// hatch paints p at opacity alpha in diagonal stripes: stripe colour over
// base, like the page's hatch pattern. The shape is rasterized once into a
// mask; the stripes are computed per pixel, anti-aliased across their edges.
func (c *canvas) hatch(p path, base, stripe color.RGBA, alpha float64, clip image.Rectangle) {
	r, ok := c.rasterize(p, clip)
	if !ok {
		return
	}
	mask := image.NewAlpha(r)
	c.z.Draw(mask, r, image.Opaque, image.Point{})
	const centre = stripeWidth / 2
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m := mask.Pix[mask.PixOffset(x, y)]
			if m == 0 {
				continue
			}
			// Distance across the stripes (running up to the right) of the
			// pixel's centre, folded onto the nearest stripe's centre.
			t := math.Mod(float64(x+y+1)/math.Sqrt2, stripePeriod)
			d := math.Abs(t - centre)
			d = math.Min(d, stripePeriod-d)
			s := math.Max(0, math.Min(1, centre+0.5-d))
			a := alpha * float64(m) / 255
			i := c.img.PixOffset(x, y)
			px := c.img.Pix[i : i+4 : i+4]
			for k, v := range [3][2]uint8{{base.R, stripe.R}, {base.G, stripe.G}, {base.B, stripe.B}} {
				src := float64(v[0])*(1-s) + float64(v[1])*s
				px[k] = uint8(math.Round(float64(px[k])*(1-a) + src*a))
			}
			px[3] = uint8(math.Round(float64(px[3])*(1-a) + 255*a))
		}
	}
}

// dots paints p at opacity alpha in the partner's dots over base, like
// the page's joint pattern: dots of radius dotRadius on a square grid of
// period dotPeriod, every other row shifted by half, anti-aliased.
func (c *canvas) dots(p path, base, dot color.RGBA, alpha float64, clip image.Rectangle) {
	if dot.A == 0 {
		dot = grey
	}
	r, ok := c.rasterize(p, clip)
	if !ok {
		return
	}
	mask := image.NewAlpha(r)
	c.z.Draw(mask, r, image.Opaque, image.Point{})
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m := mask.Pix[mask.PixOffset(x, y)]
			if m == 0 {
				continue
			}
			// The pixel's centre within its cell of the grid, and the
			// distance to the nearer of the cell's two dots.
			u := math.Mod(float64(x)+0.5, dotPeriod)
			v := math.Mod(float64(y)+0.5, dotPeriod)
			d := math.Inf(1)
			for _, q := range [][2]float64{{1, 1}, {3, 3}, {-1, 3}, {3, -1}, {5, 1}, {1, 5}, {-1, -1}, {5, 5}} {
				d = math.Min(d, math.Hypot(u-q[0]*dotPeriod/4, v-q[1]*dotPeriod/4))
			}
			s := math.Max(0, math.Min(1, dotRadius+0.5-d))
			a := alpha * float64(m) / 255
			i := c.img.PixOffset(x, y)
			px := c.img.Pix[i : i+4 : i+4]
			for k, w := range [3][2]uint8{{base.R, dot.R}, {base.G, dot.G}, {base.B, dot.B}} {
				src := float64(w[0])*(1-s) + float64(w[1])*s
				px[k] = uint8(math.Round(float64(px[k])*(1-a) + src*a))
			}
			px[3] = uint8(math.Round(float64(px[3])*(1-a) + 255*a))
		}
	}
}

// halfDisc is the left or right half of a circle, as one ring.
func halfDisc(x, y, r float64, right bool) []pt {
	n := int(math.Max(12, math.Ceil(r*2)))
	ring := make([]pt, 0, n+1)
	for i := 0; i <= n; i++ {
		// From the top to the bottom, through the left or the right.
		a := -math.Pi/2 - math.Pi*float64(i)/float64(n)
		if right {
			a = -math.Pi/2 + math.Pi*float64(i)/float64(n)
		}
		ring = append(ring, pt{x + r*math.Cos(a), y + r*math.Sin(a)})
	}
	return ring
}

// strokeLine is an open polyline as one quad per segment, like strokeRing
// without the closing segment.
func strokeLine(line []pt, width float64) path {
	if len(line) < 2 {
		return nil
	}
	p := strokeRing(line, width)
	// strokeRing's last quad joins the last point to the first.
	if line[0] != line[len(line)-1] {
		p = p[:len(p)-1]
	}
	return p
}

// placed is a point with its pixel, radius and footprint.
type placed struct {
	p    Point
	at   pt
	r    float64
	rect image.Rectangle // the dot with its rings
}

func newPlaced(p Point, at pt, r float64) placed {
	o := r + 6
	return placed{p: p, at: at, r: r, rect: image.Rect(int(at.x-o), int(at.y-o), int(at.x+o)+1, int(at.y+o)+1)}
}

// layoutLabels finds a spot for every label, in input order: each takes the
// first spot around its dot that stays in area and clear of every dot and
// earlier label. Spots of points without a label are zero.
// A place name runs in its own script's direction, or the image's when it
// has no letter.
func layoutLabels(dots []placed, blocked []image.Rectangle, area image.Rectangle, fc *faces, rtl bool) []labelSpot {
	spots := make([]labelSpot, len(dots))
	var taken []image.Rectangle
	for _, d := range dots {
		taken = append(taken, d.rect)
	}
	taken = append(taken, blocked...)
	for i, d := range dots {
		if d.p.Label == "" {
			continue
		}
		dir, ok := firstStrongRTL(d.p.Label)
		if !ok {
			dir = rtl
		}
		spots[i] = placeLabel(fc.layout(d.p.Label, fc.label, dir), dir, d.at, d.r, i, taken, area)
		taken = append(taken, spots[i].box)
	}
	return spots
}

// countryName writes a neighbour's name in a muted colour, at the point of
// its visible part furthest from any edge, and only when the whole name
// fits inside the country. It returns the name's box. Latin names are
// spaced out; a shaped name (Arabic) is not, since spacing would break its
// joined letters.
func (c *canvas) countryName(name string, spot nameAt, area image.Rectangle, fc *faces) (image.Rectangle, bool) {
	face := fc.small.face
	const tracking, margin = 3, 8
	if !spot.ok {
		return image.Rectangle{}, false
	}
	best, p := spot.at, spot.p
	spaced := plainText(name, face)
	var shaped line
	w := 0
	if spaced {
		for _, r := range name {
			w += font.MeasureString(face, string(r)).Ceil() + tracking
		}
		w -= tracking
	} else {
		rtl, _ := firstStrongRTL(name)
		shaped = fc.layout(name, fc.small, rtl)
		w = shaped.width.Ceil()
	}
	capH := face.Metrics().CapHeight.Ceil()
	x0, y0 := int(math.Round(best.x))-w/2, int(math.Round(best.y))+capH/2
	box := image.Rect(x0, y0-capH, x0+w, y0)
	for _, q := range []pt{
		{float64(box.Min.X - margin), float64(box.Min.Y - margin)}, {float64(box.Max.X + margin), float64(box.Min.Y - margin)},
		{float64(box.Min.X - margin), float64(box.Max.Y + margin)}, {float64(box.Max.X + margin), float64(box.Max.Y + margin)},
	} {
		if !inside(p, q) || !image.Pt(int(q.x), int(q.y)).In(area) {
			return image.Rectangle{}, false
		}
	}
	if !spaced {
		c.drawLine(c.img, shaped, x0, y0, image.NewUniform(countryInk))
		return box, true
	}
	x := x0
	for _, r := range name {
		x = c.text(fc.layout(string(r), fc.small, false), x, y0, countryInk) + tracking
	}
	return box, true
}

// nameAt is where a neighbour's name may be centred: the point of its
// outline p furthest from every edge, when that is far enough for a name.
type nameAt struct {
	at pt
	p  path
	ok bool
}

// nameSpots keep each neighbour's nameAt by its background's key and its
// place in the input's countries: the search reads every edge at every
// point of a grid, and the answer is the same under every day's map.
var nameSpots = struct {
	sync.Mutex
	m map[string]nameAt
}{m: map[string]nameAt{}}

// nameSpot finds where the i-th country, whose outline rings gives, may
// carry its name inside area, or gives the spot found before under the
// same background.
func nameSpot(key string, i int, rings func() path, area image.Rectangle) nameAt {
	k := key + " " + strconv.Itoa(i)
	nameSpots.Lock()
	s, ok := nameSpots.m[k]
	nameSpots.Unlock()
	if ok {
		return s
	}
	const step, margin = 12, 8
	p := rings()
	best, bestD := pt{}, 0.0
	for y := area.Min.Y + step/2; y < area.Max.Y; y += step {
		for x := area.Min.X + step/2; x < area.Max.X; x += step {
			q := pt{float64(x), float64(y)}
			if !inside(p, q) {
				continue
			}
			d := math.Min(math.Min(q.x-float64(area.Min.X), float64(area.Max.X)-q.x), math.Min(q.y-float64(area.Min.Y), float64(area.Max.Y)-q.y))
			d = math.Min(d, edgeDistance(p, q, d))
			if d > bestD {
				best, bestD = q, d
			}
		}
	}
	s = nameAt{at: best, p: p, ok: bestD >= margin}
	nameSpots.Lock()
	defer nameSpots.Unlock()
	if len(nameSpots.m) >= maxBackgrounds*32 {
		clear(nameSpots.m)
	}
	nameSpots.m[k] = s
	return s
}

// inside reports whether q is inside p, by the even-odd rule.
func inside(p path, q pt) bool {
	in := false
	for _, ring := range p {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			a, b := ring[i], ring[j]
			if (a.y > q.y) != (b.y > q.y) && q.x < (b.x-a.x)*(q.y-a.y)/(b.y-a.y)+a.x {
				in = !in
			}
		}
	}
	return in
}

// edgeDistance is the distance from q to the nearest edge of p, or limit
// when every edge is further.
func edgeDistance(p path, q pt, limit float64) float64 {
	d2 := limit * limit
	for _, ring := range p {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			a, b := ring[j], ring[i]
			dx, dy := b.x-a.x, b.y-a.y
			t := 0.0
			if l := dx*dx + dy*dy; l > 0 {
				t = math.Max(0, math.Min(1, ((q.x-a.x)*dx+(q.y-a.y)*dy)/l))
			}
			ex, ey := a.x+t*dx-q.x, a.y+t*dy-q.y
			d2 = math.Min(d2, ex*ex+ey*ey)
		}
	}
	return math.Sqrt(d2)
}

// dot draws one place.
func (c *canvas) dot(p Point, at pt, r float64, clip image.Rectangle) {
	x, y := at.x, at.y
	sh := symbol.ShapeOf(p.Kind)
	ring := func(r float64, ccw bool) []pt { return shapeRing(sh, x, y, r, ccw) }
	band := func(r0, r1 float64) path { return path{ring(r1, false), ring(r0, true)} }
	dashed := func(r0, r1 float64) path {
		if sh.Circle() {
			return dashes(x, y, r0, r1, 8)
		}
		return dashedRing(ring((r0+r1)/2, false), r1-r0, 8)
	}
	switch {
	case !p.Known:
		c.fill(path{ring(r+1.5, false)}, paper, clip)
		c.fill(dashed(r-0.5, r+1.5), grey, clip)
		return
	case p.Contested:
		col := p.Challenger
		if col.A == 0 {
			col = grey
		}
		c.fill(path{ring(r+2.5+symbol.RingWidth+0.5, false)}, paper, clip)
		c.fill(band(r+2.5, r+2.5+symbol.RingWidth), col, clip)
	default:
		c.fill(path{ring(r+2, false)}, paper, clip)
	}
	if p.Joint {
		partner := p.Partner
		if partner.A == 0 {
			partner = grey
		}
		left, right := p.Color, partner
		if p.Claimed {
			left, right = lighten(left, 1-symbol.ClaimedFill), lighten(right, 1-symbol.ClaimedFill)
		}
		c.fill(path{halfShape(sh, x, y, r, false)}, left, clip)
		c.fill(path{halfShape(sh, x, y, r, true)}, right, clip)
		if p.Claimed {
			c.fill(dashed(r-2.2, r), p.Color, clip)
		} else {
			c.fill(band(r-1.2, r), ink, clip)
		}
		return
	}
	if p.Claimed {
		c.fill(path{ring(r, false)}, lighten(p.Color, 1-symbol.ClaimedFill), clip)
		c.fill(dashed(r-2.2, r), p.Color, clip)
		return
	}
	c.fill(path{ring(r, false)}, p.Color, clip)
}

// shapeRing is a place's shape around (x, y) at radius r as one ring; ccw
// winds it the other way. A circle's size is the caller's (a city's dot is
// bigger than a town's), so the shape's own scale applies to polygons only.
func shapeRing(sh symbol.Shape, x, y, r float64, ccw bool) []pt {
	if sh.Circle() {
		return circle(x, y, r, ccw)
	}
	q := sh.Outline(x, y, r, 0)
	ring := make([]pt, len(q))
	for i := range q {
		j := i
		if ccw {
			j = len(q) - 1 - i
		}
		ring[i] = pt{q[j][0], q[j][1]}
	}
	return ring
}

// halfShape is the left or right half of a place's shape, as one ring.
func halfShape(sh symbol.Shape, x, y, r float64, right bool) []pt {
	if sh.Circle() {
		return halfDisc(x, y, r, right)
	}
	q := sh.Half(x, y, r, 0, right)
	ring := make([]pt, len(q))
	for i, v := range q {
		ring[i] = pt{v[0], v[1]}
	}
	return ring
}

// dashedRing is a dashed outline of a closed ring, width wide, with n
// dashes that cover half of its length.
func dashedRing(ring []pt, width float64, n int) path {
	m := len(ring)
	// cum[i] is the length along the ring to its point i.
	cum := make([]float64, m+1)
	for i := range m {
		a, b := ring[i], ring[(i+1)%m]
		cum[i+1] = cum[i] + math.Hypot(b.x-a.x, b.y-a.y)
	}
	total := cum[m]
	if m < 2 || total == 0 || n < 1 {
		return nil
	}
	at := func(d float64) pt {
		i := min(max(sort.SearchFloat64s(cum, d)-1, 0), m-1)
		a, b := ring[i], ring[(i+1)%m]
		t := 0.0
		if l := cum[i+1] - cum[i]; l > 0 {
			t = (d - cum[i]) / l
		}
		return pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t}
	}
	step := total / float64(2*n)
	var p path
	for k := range n {
		d0, d1 := float64(2*k)*step, float64(2*k+1)*step
		line := []pt{at(d0)}
		// The corners the dash turns around.
		for i := 1; i < m; i++ {
			if cum[i] > d0 && cum[i] < d1 {
				line = append(line, ring[i])
			}
		}
		p = append(p, strokeLine(append(line, at(d1)), width)...)
	}
	return p
}

type labelSpot struct {
	line line
	dot  fixed.Point26_6 // where the text's baseline starts
	box  image.Rectangle // the text with its halo
}

// placeLabel picks a spot for a label around a dot: right, left, then above
// and below, then the diagonals; a right-to-left label tries the left
// first, so that it too starts reading at its dot. When every spot
// collides it takes the one that overlaps least.
func placeLabel(l line, rtl bool, at pt, r float64, self int, taken []image.Rectangle, area image.Rectangle) labelSpot {
	asc, desc := l.extent()
	capH := float64(l.st.face.Metrics().CapHeight.Ceil())
	if capH == 0 {
		capH = float64(asc) * 0.7
	}
	w := l.width.Ceil()
	gap := r + 5
	type cand struct{ x, y float64 } // baseline start
	cands := []cand{
		{at.x + gap, at.y + capH/2},
		{at.x - gap - float64(w), at.y + capH/2},
		{at.x - float64(w)/2, at.y - gap - 2},
		{at.x - float64(w)/2, at.y + gap + capH + 2},
		{at.x + gap*0.7, at.y - gap*0.7},
		{at.x + gap*0.7, at.y + gap*0.7 + capH},
		{at.x - gap*0.7 - float64(w), at.y - gap*0.7},
		{at.x - gap*0.7 - float64(w), at.y + gap*0.7 + capH},
	}
	if rtl {
		cands[0], cands[1] = cands[1], cands[0]
	}
	const halo = 3
	best, bestCost := labelSpot{}, math.MaxInt
	for i, cd := range cands {
		bx, by := int(math.Round(cd.x)), int(math.Round(cd.y))
		box := image.Rect(bx-halo, by-asc-halo, bx+w+halo, by+desc+halo)
		cost := 0
		if !box.In(area) {
			cost += 1 << 20
		}
		for j, t := range taken {
			if j == self {
				continue
			}
			o := t.Intersect(box)
			cost += o.Dx() * o.Dy()
		}
		cost = cost*8 + i // among equals, prefer the earlier spot
		if cost < bestCost {
			best, bestCost = labelSpot{line: l, dot: fixed.P(bx, by), box: box}, cost
		}
	}
	return best
}

// haloText draws l with its baseline starting at dot, in col, over a halo
// of haloCol so it reads on any background.
func (c *canvas) haloText(l line, dot fixed.Point26_6, col, haloCol color.RGBA) {
	const halo = 3
	x, y := dot.X.Floor(), dot.Y.Floor()
	b := l.bounds(x, y)
	r := image.Rect(b.Min.X-halo, b.Min.Y-halo, b.Max.X+halo, b.Max.Y+halo)
	mask := image.NewAlpha(r)
	c.drawLine(mask, l, x, y, image.Opaque)
	grown := dilate(mask, halo)
	draw.DrawMask(c.img, r, image.NewUniform(haloCol), image.Point{}, grown, r.Min, draw.Over)
	draw.DrawMask(c.img, r, image.NewUniform(col), image.Point{}, mask, r.Min, draw.Over)
}

// dilate grows a mask by a disc of radius rad, softening the edge by the
// distance past the disc so the halo stays anti-aliased.
func dilate(m *image.Alpha, rad int) *image.Alpha {
	out := image.NewAlpha(m.Rect)
	type off struct {
		dx, dy int
		w      float64
	}
	var offs []off
	for dy := -rad; dy <= rad; dy++ {
		for dx := -rad; dx <= rad; dx++ {
			d := math.Hypot(float64(dx), float64(dy))
			if w := math.Min(1, float64(rad)+0.5-d); w > 0 {
				offs = append(offs, off{dx, dy, w})
			}
		}
	}
	b := m.Rect
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			best := 0.0
			for _, o := range offs {
				sx, sy := x+o.dx, y+o.dy
				if sx < b.Min.X || sy < b.Min.Y || sx >= b.Max.X || sy >= b.Max.Y {
					continue
				}
				if v := float64(m.Pix[m.PixOffset(sx, sy)]) * o.w; v > best {
					best = v
				}
			}
			out.Pix[out.PixOffset(x, y)] = uint8(math.Round(best))
		}
	}
	return out
}

// text draws l with its baseline starting at (x, y) and returns the x after it.
func (c *canvas) text(l line, x, y int, col color.RGBA) int {
	return c.drawLine(c.img, l, x, y, image.NewUniform(col))
}

// wrap breaks s into lines no wider than w.
func wrap(s string, fc *faces, st style, rtl bool, w int) []line {
	var lines []line
	cur, text := line{}, ""
	for _, word := range strings.Fields(s) {
		try := word
		if text != "" {
			try = text + " " + word
		}
		l := fc.layout(try, st, rtl)
		if text != "" && l.width.Ceil() > w {
			lines = append(lines, cur)
			cur, text = fc.layout(word, st, rtl), word
			continue
		}
		cur, text = l, try
	}
	if text != "" {
		lines = append(lines, cur)
	}
	return lines
}

// dateLines keeps the date on one line when it fits; otherwise it breaks
// after the weekday, never inside the day, month and year.
func dateLines(s string, fc *faces, st style, rtl bool, w int) []line {
	l := fc.layout(s, st, rtl)
	if l.width.Ceil() <= w {
		return []line{l}
	}
	if first, rest, ok := strings.Cut(s, " "); ok {
		return []line{fc.layout(first, st, rtl), fc.layout(rest, st, rtl)}
	}
	return []line{l}
}

// legendRow is the height of a legend row when room pixels are free: 34,
// closing up to no less than 26 before a faction that holds anything is
// left out. Factions that hold nothing only fill the room there is.
func legendRow(legend []LegendEntry, room int) int {
	const row = 34
	n := holders(legend)
	if n == 0 || n*row <= room {
		return row
	}
	return max(minLegendRow, room/n)
}

// minLegendRow is the tightest a legend row may be.
const minLegendRow = 26

// holders counts the legend's factions that hold something.
func holders(legend []LegendEntry) int {
	n := 0
	for _, e := range legend {
		if e.Count > 0 {
			n++
		}
	}
	return n
}

// minLegendRows is the room the holders' rows take at their tightest.
func minLegendRows(legend []LegendEntry) int { return holders(legend) * minLegendRow }

// keyRow is the height of one symbol key's line.
const keyRow = 26

// keyRoom is the room n symbol keys take below the legend.
func keyRoom(n int) int {
	if n == 0 {
		return 0
	}
	return 4 + keyRow*n
}

// fitKeys keeps as many of keys, in order, as fit in room below the
// holders' rows at their tightest.
func fitKeys(legend []LegendEntry, keys []symbolKey, room int) []symbolKey {
	for len(keys) > 0 && room-keyRoom(len(keys)) < minLegendRows(legend) {
		keys = keys[:len(keys)-1]
	}
	return keys
}

// symbolKey is one line of the key to the map's symbols.
type symbolKey struct {
	p     Point
	label string
}

// symbolKeys are the keys to the symbols that appear on this day and have
// a label, the symbol on most places first (contested, claimed, unknown
// when as many), so the ones that fit explain the most of the map.
func symbolKeys(in Input) []symbolKey {
	var contested, joint, claimed, unknown int
	for _, p := range in.Points {
		if !p.Known {
			unknown++
			continue
		}
		if p.Claimed {
			claimed++
		}
		if p.Contested {
			contested++
		}
		if p.Joint {
			joint++
		}
	}
	all := []struct {
		n   int
		key symbolKey
	}{
		{contested, symbolKey{Point{Known: true, Contested: true, Color: grey, Challenger: ink}, in.ContestedKey}},
		{joint, symbolKey{Point{Known: true, Joint: true, Color: grey, Partner: ink}, in.JointKey}},
		{claimed, symbolKey{Point{Known: true, Claimed: true, Color: grey}, in.ClaimedKey}},
		{unknown, symbolKey{Point{}, in.UnknownKey}},
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].n > all[j].n })
	var keys []symbolKey
	for _, k := range all {
		if k.n > 0 && k.key.label != "" {
			keys = append(keys, k.key)
		}
	}
	return keys
}

// drawPanel paints the text column: title band, headline, legend, footer.
// In a right-to-left image the column is on the right, every line ends at
// its right edge and the legend's swatches stand right of their names.
func (c *canvas) drawPanel(in Input, fc *faces) {
	const pad = 40
	rtl := in.RTL
	panel := in.Panel()
	c.rect(panel, paper)
	if rtl {
		c.rect(image.Rect(panel.Min.X, 0, panel.Min.X+1, Height), rule)
		c.rect(image.Rect(panel.Min.X+1, 0, panel.Max.X, 6), accent)
	} else {
		c.rect(image.Rect(panel.Max.X-1, 0, panel.Max.X, Height), rule)
		c.rect(image.Rect(panel.Min.X, 0, panel.Max.X-1, 6), accent)
	}
	left, right := panel.Min.X+pad, panel.Max.X-pad
	textW := right - left
	// start is where a line of width w begins: at the left margin, or so
	// that it ends at the right one.
	start := func(w int) int {
		if rtl {
			return right - w
		}
		return left
	}
	// inset is the x at distance d from the line's start margin.
	inset := func(d int) int {
		if rtl {
			return right - d
		}
		return left + d
	}
	layout := func(s string, st style) line { return fc.layout(s, st, rtl) }

	// Title band: the brand, then the date, largest type on the image.
	y := 50
	title, sub := layout(in.Title, fc.brand), layout(in.Subtitle, fc.brand)
	if rtl {
		x := right - title.width.Ceil()
		c.text(title, x, y, accent)
		if in.Subtitle != "" {
			if in.Title != "" {
				x -= 10
			}
			c.text(sub, x-sub.width.Ceil(), y, muted)
		}
	} else {
		x := c.text(title, left, y, accent)
		if in.Subtitle != "" {
			if in.Title != "" {
				x += 10
			}
			c.text(sub, x, y, muted)
		}
	}
	y += 50
	for _, l := range dateLines(in.Date, fc, fc.date, rtl, textW) {
		c.text(l, start(l.width.Ceil()), y, ink)
		y += 46
	}
	y -= 10
	c.rect(image.Rect(start(56), y, start(56)+56, y+4), ink)
	y += 36

	// The headline, wrapped.
	for _, l := range wrap(in.Headline, fc, fc.headline, rtl, textW) {
		c.text(l, start(l.width.Ceil()), y, ink)
		y += 29
	}
	y += 14

	// The legend: a swatch like the map's dot, the short name, the count
	// at the far end. Rows that would run into the footer are left out.
	footerY := Height - 30
	if len(in.Areas) > 0 && in.Note != "" {
		// The note on the shading sits just above the footer and is never
		// crowded out: the legend stops above it.
		note := layout(in.Note, fc.small)
		c.text(note, start(note.width.Ceil()), Height-50, muted)
		footerY -= 26
	}
	// The keys to the symbols of this day take the room the holders'
	// rows leave at their tightest; a holder is never left out for a key.
	room := footerY - 12 - y
	keys := fitKeys(in.Legend, symbolKeys(in), room)
	row := legendRow(in.Legend, room-keyRoom(len(keys)))
	// The swatch's centre, and where the name starts from the margin.
	swatchX := float64(left) + cityR
	if rtl {
		swatchX = float64(right) - cityR
	}
	const nameX = 2*cityR + 12
	for _, e := range in.Legend {
		// Factions that hold nothing fill only the room the keys leave.
		if y+row > footerY-12-keyRoom(len(keys)) {
			break
		}
		cy := float64(y) - 7
		c.fill(path{circle(swatchX, cy, cityR, false)}, e.Color, panel)
		nameCol, countCol := ink, ink
		if e.Count == 0 {
			nameCol, countCol = muted, muted
		}
		name := layout(e.Name, fc.name)
		if rtl {
			c.text(name, inset(nameX)-name.width.Ceil(), y, nameCol)
		} else {
			c.text(name, inset(nameX), y, nameCol)
		}
		if e.CountText != "" {
			n := layout(e.CountText, fc.count)
			// The count stands at the far margin.
			x := right - n.width.Ceil()
			if rtl {
				x = left
			}
			c.text(n, x, y, countCol)
		}
		y += row
	}

	// A key to the symbols that appear on this day.
	y += 4
	for _, k := range keys {
		if y+22 > footerY-6 {
			continue
		}
		c.dot(k.p, pt{swatchX, float64(y) - 5}, townR, panel)
		l := layout(k.label, fc.small)
		if rtl {
			c.text(l, inset(nameX)-l.width.Ceil(), y, muted)
		} else {
			c.text(l, inset(nameX), y, muted)
		}
		y += keyRow
	}

	if in.Footer != "" {
		l := layout(in.Footer, fc.small)
		c.text(l, start(l.width.Ceil()), Height-24, muted)
	}
}
