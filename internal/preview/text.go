package preview

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"io/fs"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"

	"frontline/assets"
)

// Text comes in two kinds. A line of Latin text in a left-to-right
// paragraph is drawn by x/image's font.Drawer with the hinted Go fonts, as
// the English image always was. Any other line (Arabic script, a rune the
// Go fonts lack, or a right-to-left paragraph) is shaped with
// go-text/typesetting, a port of HarfBuzz: split into bidi runs, each run
// into pieces by font (Arabic script takes Noto Sans Arabic, the rest the
// Go fonts), each piece shaped (Arabic letters take their joining forms),
// the pieces put in visual order, and their outlines rasterized.

// arabicFontFiles are the Noto Sans Arabic files that `just assets` copies
// from npm (@fontsource/noto-sans-arabic), regular and bold. They are WOFF,
// which go-text/typesetting reads as it is.
var arabicFontFiles = [2]string{
	"vendor/preview-fonts/noto-sans-arabic-arabic-400-normal.woff",
	"vendor/preview-fonts/noto-sans-arabic-arabic-700-normal.woff",
}

// arabicScale enlarges Arabic type over the Latin of the same style: at one
// size Noto Sans Arabic's letters stand smaller than the Go fonts' (its
// body is about their x-height), and its dots would blur at 15 pixels.
const arabicScale = 1.15

// shapingFonts are the parsed fonts of shaped text, regular and bold; a
// *font.Font is safe for concurrent use, so they are parsed once.
type shapingFonts struct {
	arabic, latin [2]*gtfont.Font
}

var loadShapingFonts = sync.OnceValues(func() (*shapingFonts, error) {
	var sf shapingFonts
	for i, name := range arabicFontFiles {
		b, err := fs.ReadFile(assets.FS, name)
		if err != nil {
			return nil, fmt.Errorf("preview: read the Arabic font (run `just assets`): %w", err)
		}
		f, err := gtfont.ParseTTF(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("preview: parse %s: %w", name, err)
		}
		listCoverages(f.Font)
		sf.arabic[i] = f.Font
	}
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := gtfont.ParseTTF(bytes.NewReader(ttf))
		if err != nil {
			return nil, fmt.Errorf("preview: parse a Go font for shaping: %w", err)
		}
		listCoverages(f.Font)
		sf.latin[i] = f.Font
	}
	return &sf, nil
})

// typesetter shapes text. It is not safe for concurrent use (a shaper and
// a face keep caches), so renders take one from a pool.
type typesetter struct {
	shaper shaping.HarfbuzzShaper
	para   bidi.Paragraph
	// arabic and latin are the faces of shaped text, regular and bold; nil
	// until the first line that needs them.
	arabic, latin [2]*gtfont.Face
	err           error // the first error, reported by Draw
}

var typesetters = sync.Pool{New: func() any { return new(typesetter) }}

// load makes the faces on first use; false when the fonts cannot be read.
func (ts *typesetter) load() bool {
	if ts.arabic[0] != nil {
		return true
	}
	sf, err := loadShapingFonts()
	if err != nil {
		if ts.err == nil {
			ts.err = err
		}
		return false
	}
	for i := range 2 {
		ts.arabic[i], ts.latin[i] = gtfont.NewFace(sf.arabic[i]), gtfont.NewFace(sf.latin[i])
	}
	return true
}

// style is one type style: the hinted Go face of plain text, its weight
// (which picks the shaped faces) and its size in pixels.
type style struct {
	face font.Face
	bold bool
	size float64
}

// line is one line of text, ready to draw from the left.
type line struct {
	st    style
	plain bool   // drawn by font.Drawer from s
	s     string // the text, for a plain line
	// runs are the shaped pieces in visual order, left to right.
	runs  []shaping.Output
	width fixed.Int26_6
}

// rtlScripts are the scripts written right to left that a line may hold.
var rtlScripts = []*unicode.RangeTable{unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko}

// plainText reports whether s can be drawn by font.Drawer: no rune of a
// right-to-left script and none that the Go face lacks.
func plainText(s string, face font.Face) bool {
	for _, r := range s {
		if r < 0x80 {
			continue
		}
		if unicode.In(r, rtlScripts...) {
			return false
		}
		if _, ok := face.GlyphAdvance(r); !ok && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// firstStrongRTL reports whether the first letter of s is of a
// right-to-left script, and whether s has a letter at all: the direction of
// a place name on the map is its own.
func firstStrongRTL(s string) (rtl, found bool) {
	for _, r := range s {
		if unicode.In(r, rtlScripts...) {
			return true, true
		}
		if unicode.IsLetter(r) {
			return false, true
		}
	}
	return false, false
}

// layout lays s out as one line of a paragraph that runs right to left
// when rtl is true.
func (ts *typesetter) layout(s string, st style, rtl bool) line {
	// Latin text keeps its hinted look, in a right-to-left image too when
	// it starts and ends with a letter (which the paragraph cannot move).
	if plainText(s, st.face) && (!rtl || letterEnds(s)) {
		return line{st: st, plain: true, s: s, width: font.MeasureString(st.face, s)}
	}
	l := line{st: st}
	if !ts.load() {
		return l
	}
	w := 0
	if st.bold {
		w = 1
	}
	ar, la := ts.arabic[w], ts.latin[w]
	text := []rune(s)
	dir := bidi.LeftToRight
	if rtl {
		dir = bidi.RightToLeft
	}
	runs := ts.para.Segment(text, dir)
	type piece struct {
		start, end int
		level      bidi.Level
		face       *gtfont.Face
	}
	var pieces []piece
	for i := 0; i < runs.NumRuns(); i++ {
		run := runs.Run(i)
		// Split the run where the font changes: Arabic script takes the
		// Arabic face; spaces, digits, marks and punctuation stay with the
		// face before them when it has them.
		var cur *gtfont.Face
		for j := run.Start; j < run.End; j++ {
			r := text[j]
			var f *gtfont.Face
			switch {
			case unicode.Is(unicode.Arabic, r):
				f = ar
			case unicode.IsLetter(r) && !unicode.Is(unicode.Inherited, r):
				f = la
			case cur != nil && hasGlyph(cur, r):
				f = cur
			case hasGlyph(la, r):
				f = la
			default:
				f = ar
			}
			if f != cur || j == run.Start {
				pieces = append(pieces, piece{start: j, end: j + 1, level: run.Level, face: f})
				cur = f
			} else {
				pieces[len(pieces)-1].end = j + 1
			}
		}
	}
	// Rule L2 of the bidi algorithm: from the highest level down to the
	// lowest odd one, reverse every stretch of pieces at that level or above.
	var hi, loOdd bidi.Level = 0, 127
	for _, p := range pieces {
		hi = max(hi, p.level)
		if p.level%2 == 1 {
			loOdd = min(loOdd, p.level)
		}
	}
	for lvl := hi; lvl >= loOdd && lvl > 0; lvl-- {
		for i := 0; i < len(pieces); {
			if pieces[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(pieces) && pieces[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				pieces[a], pieces[b] = pieces[b], pieces[a]
			}
			i = j
		}
	}
	lang := language.NewLanguage("en")
	if rtl {
		lang = language.NewLanguage("ar")
	}
	for _, p := range pieces {
		in := shaping.Input{
			Text:     text,
			RunStart: p.start,
			RunEnd:   p.end,
			Face:     p.face,
			Size:     fixed.Int26_6(st.size * 64),
			Language: lang,
		}
		if p.level%2 == 1 {
			in.Direction = di.DirectionRTL
		} else {
			in.Direction = di.DirectionLTR
		}
		in.Script = language.Latin
		if p.face == ar {
			in.Script = language.Arabic
			in.Size = fixed.Int26_6(st.size * arabicScale * 64)
		}
		out := ts.shaper.Shape(in)
		l.runs = append(l.runs, out)
		l.width += out.Advance
	}
	return l
}

func hasGlyph(f *gtfont.Face, r rune) bool {
	_, ok := f.NominalGlyph(r)
	return ok
}

// letterEnds reports whether s starts and ends with a letter.
func letterEnds(s string) bool {
	rs := []rune(s)
	return len(rs) > 0 && unicode.IsLetter(rs[0]) && unicode.IsLetter(rs[len(rs)-1])
}

// bounds is the box of l's ink drawn with its baseline starting at (x, y),
// in whole pixels, with a pixel to spare for anti-aliasing.
func (l line) bounds(x, y int) image.Rectangle {
	if l.plain {
		b, _ := font.BoundString(l.st.face, l.s)
		return image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil()).Add(image.Pt(x, y))
	}
	var top, bottom fixed.Int26_6
	for _, r := range l.runs {
		top = max(top, r.GlyphBounds.Ascent)
		bottom = min(bottom, r.GlyphBounds.Descent)
	}
	// Marks and swashes may reach a little past the advances.
	spare := int(l.st.size/4) + 1
	return image.Rect(x-spare, y-top.Ceil()-1, x+l.width.Ceil()+spare, y-bottom.Floor()+1)
}

// extent is how far l's ink may reach above and below its
// baseline: the face's metrics for plain text, the glyphs' own for shaped.
func (l line) extent() (asc, desc int) {
	if l.plain {
		m := l.st.face.Metrics()
		return m.Ascent.Ceil(), m.Descent.Ceil()
	}
	var top, bottom fixed.Int26_6
	for _, r := range l.runs {
		top = max(top, r.GlyphBounds.Ascent)
		bottom = min(bottom, r.GlyphBounds.Descent)
	}
	return top.Ceil(), (-bottom).Ceil()
}

// drawLine paints l onto dst with src, its baseline starting at (x, y), and
// returns the x after it.
func (c *canvas) drawLine(dst draw.Image, l line, x, y int, src image.Image) int {
	if l.plain {
		d := font.Drawer{Dst: dst, Src: src, Face: l.st.face, Dot: fixed.P(x, y)}
		d.DrawString(l.s)
		return d.Dot.X.Ceil()
	}
	r := l.bounds(x, y).Intersect(dst.Bounds())
	if r.Empty() {
		return x + l.width.Ceil()
	}
	c.z.Reset(r.Dx(), r.Dy())
	ox, oy := float32(x-r.Min.X), float32(y-r.Min.Y)
	pen := fixed.Int26_6(0)
	for _, run := range l.runs {
		scale := float32(run.Size) / 64 / float32(run.Face.Upem())
		for _, g := range run.Glyphs {
			gx := ox + float32(pen+g.XOffset)/64
			gy := oy - float32(g.YOffset)/64
			pen += g.Advance
			o, ok := run.Face.GlyphDataOutline(g.GlyphID)
			if !ok {
				continue
			}
			open := false
			for _, seg := range o.Segments {
				a := seg.Args
				p := func(i int) (float32, float32) { return gx + a[i].X*scale, gy - a[i].Y*scale }
				switch seg.Op {
				case ot.SegmentOpMoveTo:
					if open {
						c.z.ClosePath()
					}
					c.z.MoveTo(p(0))
					open = true
				case ot.SegmentOpLineTo:
					c.z.LineTo(p(0))
				case ot.SegmentOpQuadTo:
					x1, y1 := p(0)
					x2, y2 := p(1)
					c.z.QuadTo(x1, y1, x2, y2)
				case ot.SegmentOpCubeTo:
					x1, y1 := p(0)
					x2, y2 := p(1)
					x3, y3 := p(2)
					c.z.CubeTo(x1, y1, x2, y2, x3, y3)
				}
			}
			if open {
				c.z.ClosePath()
			}
		}
	}
	c.z.Draw(dst, r, src, image.Point{})
	return x + l.width.Ceil()
}
