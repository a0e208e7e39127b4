package preview

import (
	"fmt"
	"unicode"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// Texts are the strings in lets the image draw, in the order of the
// panel and then the map.
func (in Input) Texts() []string {
	out := []string{in.Title, in.Subtitle, in.Date, in.Headline, in.Footer, in.Note, in.ContestedKey, in.ClaimedKey, in.UnknownKey}
	for _, e := range in.Legend {
		out = append(out, e.Name, e.CountText)
	}
	for _, p := range in.Points {
		out = append(out, p.Label)
	}
	for _, c := range in.Countries {
		out = append(out, c.Name)
	}
	return out
}

// FormErrors shapes s as the image does, in the regular and the bold
// Arabic face, and lists every Arabic letter whose glyph is not the one the
// font itself gives its joining form: the letter's glyph after the font's
// ccmp, then its isol, init, medi or fina substitution (a variant of that
// glyph a later feature picks, such as a wider one or the alef of
// lam-alef, also counts). Letters a
// ligature merges (lam-alef) are left to the ligature. Tests call it for
// every string a preview draws.
func FormErrors(s string) ([]string, error) {
	fc, err := newFaces()
	if err != nil {
		return nil, err
	}
	defer fc.release()
	var problems []string
	text := []rune(s)
	for _, st := range []style{fc.small, fc.label} {
		l := fc.ts.layout(s, st, true)
		if fc.ts.err != nil {
			return nil, fc.ts.err
		}
		// The glyph of each cluster that advances: the letter, not its dots.
		base := map[int]gtfont.GID{}
		var face *gtfont.Face
		for _, run := range l.runs {
			for _, g := range run.Glyphs {
				if g.Advance != 0 {
					base[g.ClusterIndex] = g.GlyphID
				}
			}
			if run.Face == fc.ts.arabic[0] || run.Face == fc.ts.arabic[1] {
				face = run.Face
			}
		}
		if face == nil {
			continue
		}
		f := face.Font
		for i, r := range text {
			if !unicode.Is(unicode.Arabic, r) || joiningOf(r) == joinNone && !unicode.IsLetter(r) {
				continue
			}
			got, ok := base[i]
			if !ok || mergedLetters(text, i, base) {
				continue
			}
			form := formAt(text, i)
			want, ok := f.NominalGlyph(r)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: the Arabic font has no %q", s, r))
				continue
			}
			want = substitute(f, "ccmp", want)
			if form != "" {
				want = substitute(f, form, want)
			}
			if !variants(f, want)[got] {
				if form == "" {
					form = "isol"
				}
				problems = append(problems, fmt.Sprintf("%s: letter %d %q (%s) drawn as %s, want %s", s, i, r, form, f.GlyphName(got), f.GlyphName(want)))
			}
		}
	}
	return problems, nil
}

// mergedLetters reports whether the cluster starting at letter i holds
// another letter too (a ligature), marks aside.
func mergedLetters(text []rune, i int, base map[int]gtfont.GID) bool {
	for j := i + 1; j < len(text); j++ {
		if _, ok := base[j]; ok {
			return false
		}
		if joiningOf(text[j]) != joinTransparent {
			return true
		}
	}
	return false
}

// substitute is g after the first single or multiple substitution (its
// first glyph) of the feature tag that covers it, as the font's GSUB says.
func substitute(f *gtfont.Font, tag string, g gtfont.GID) gtfont.GID {
	for _, feat := range f.GSUB.Features {
		if feat.Tag.String() != tag {
			continue
		}
		for _, li := range feat.LookupListIndices {
			for _, st := range f.GSUB.Lookups[li].Subtables {
				if to, ok := substituteIn(st, g); ok {
					return to
				}
			}
		}
	}
	return g
}

// substituteIn is what the single or multiple substitution st puts for g
// (the first glyph of several), when it covers g.
func substituteIn(st tables.GSUBLookup, g gtfont.GID) (gtfont.GID, bool) {
	switch s := st.(type) {
	case tables.SingleSubs:
		if i, ok := s.Data.Cov().Index(tables.GlyphID(g)); ok {
			switch d := s.Data.(type) {
			case tables.SingleSubstData1:
				return gtfont.GID(uint16(int(g) + int(d.DeltaGlyphID))), true
			case tables.SingleSubstData2:
				return gtfont.GID(d.SubstituteGlyphIDs[i]), true
			}
		}
	case tables.MultipleSubs:
		if i, ok := s.Coverage.Index(tables.GlyphID(g)); ok && len(s.Sequences[i].SubstituteGlyphIDs) > 0 {
			return gtfont.GID(s.Sequences[i].SubstituteGlyphIDs[0]), true
		}
	}
	return 0, false
}

// formFeatures are the features that pick a letter's joining form.
var formFeatures = map[string]bool{"ccmp": true, "isol": true, "init": true, "medi": true, "fina": true}

// variants is g and every glyph the font's other features may substitute
// for it, one glyph for one (or the first of several), in any number of
// steps.
func variants(f *gtfont.Font, g gtfont.GID) map[gtfont.GID]bool {
	skip := map[uint16]bool{}
	for _, feat := range f.GSUB.Features {
		if formFeatures[feat.Tag.String()] {
			for _, li := range feat.LookupListIndices {
				skip[li] = true
			}
		}
	}
	seen := map[gtfont.GID]bool{g: true}
	todo := []gtfont.GID{g}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for li, lk := range f.GSUB.Lookups {
			if skip[uint16(li)] {
				continue
			}
			for _, st := range lk.Subtables {
				if to, ok := substituteIn(st, g); ok && !seen[to] {
					seen[to] = true
					todo = append(todo, to)
				}
			}
		}
	}
	return seen
}

type joining int

const (
	joinNone        joining = iota // joins neither side (hamza, spaces, Latin)
	joinRight                      // joins the letter before it only (alef, dal, reh, waw…)
	joinDual                       // joins both sides
	joinTransparent                // marks: skipped when finding neighbours
)

// joiningOf is the Unicode joining type of r (ArabicShaping.txt), for the
// letters of the Arabic block.
func joiningOf(r rune) joining {
	switch {
	case unicode.Is(unicode.Mn, r):
		return joinTransparent
	case r == 0x0621 || r < 0x0620 || r > 0x06FF || !unicode.IsLetter(r) && r != 0x0640:
		return joinNone
	case r >= 0x0622 && r <= 0x0625, r == 0x0627, r == 0x0629, r >= 0x062F && r <= 0x0632, r == 0x0648,
		r >= 0x0671 && r <= 0x0673, r >= 0x0675 && r <= 0x0677, r >= 0x0688 && r <= 0x0699,
		r == 0x06C0, r >= 0x06C3 && r <= 0x06CB, r == 0x06CD, r == 0x06CF, r == 0x06D2, r == 0x06D3, r == 0x06D5,
		r == 0x06EE, r == 0x06EF:
		return joinRight
	}
	return joinDual
}

// formAt is the joining form of letter i of text: "init", "medi", "fina",
// or "" for isolated.
func formAt(text []rune, i int) string {
	prev := func() bool { // the letter before joins towards i
		for j := i - 1; j >= 0; j-- {
			switch joiningOf(text[j]) {
			case joinTransparent:
				continue
			case joinDual:
				return true
			default:
				return false
			}
		}
		return false
	}
	next := func() bool { // the letter after accepts a join from i
		for j := i + 1; j < len(text); j++ {
			switch joiningOf(text[j]) {
			case joinTransparent:
				continue
			case joinDual, joinRight:
				return true
			default:
				return false
			}
		}
		return false
	}
	self := joiningOf(text[i])
	before := prev() && self != joinNone
	after := self == joinDual && next()
	switch {
	case before && after:
		return "medi"
	case before:
		return "fina"
	case after:
		return "init"
	}
	return ""
}
