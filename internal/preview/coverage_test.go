package preview

import (
	"bytes"
	"io/fs"
	"testing"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"

	"frontline/assets"
)

// TestListCoverages checks that relisting the coverages changes no answer:
// every lookup subtable of both Arabic fonts covers the same glyphs at the
// same indexes, and that no format-2 coverage is left.
func TestListCoverages(t *testing.T) {
	for _, name := range arabicFontFiles {
		b, err := fs.ReadFile(assets.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		parse := func() *gtfont.Font {
			f, err := gtfont.ParseTTF(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			return f.Font
		}
		orig, fixed := parse(), parse()
		listCoverages(fixed)
		var covs [2][]tables.Coverage
		for k, f := range []*gtfont.Font{orig, fixed} {
			for _, lk := range f.GSUB.Lookups {
				for _, st := range lk.Subtables {
					covs[k] = append(covs[k], st.Cov())
				}
			}
			for _, lk := range f.GPOS.Lookups {
				for _, st := range lk.Subtables {
					covs[k] = append(covs[k], st.Cov())
				}
			}
		}
		ranged := 0
		for i := range covs[0] {
			if _, ok := covs[0][i].(tables.Coverage2); ok {
				ranged++
			}
			if _, ok := covs[1][i].(tables.Coverage2); ok {
				t.Errorf("%s: subtable %d: a format-2 coverage is left", name, i)
			}
			for g := range tables.GlyphID(2000) {
				a, okA := covs[0][i].Index(g)
				b, okB := covs[1][i].Index(g)
				if a != b || okA != okB {
					t.Fatalf("%s: subtable %d, glyph %d: got %d %v, want %d %v", name, i, g, b, okB, a, okA)
				}
			}
		}
		if ranged == 0 {
			t.Errorf("%s: no format-2 coverage to relist: the test checks nothing", name)
		}
	}
}
