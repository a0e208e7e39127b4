package preview

import (
	"reflect"
	"unsafe"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// go-text/typesetting v0.3.5 skips glyphs of a lookup whose coverage is a
// list of ranges (format 2) when an earlier range spans 63 glyphs or more:
// its set digest stops adding ranges once one of its three filters is full
// (go-text/typesetting issue 278, fixed after v0.3.5). Noto Sans Arabic's
// ccmp lookup is such a coverage, so yaa, yaa with hamza, noon, qaf and teh
// marbuta were never decomposed and kept their isolated glyphs inside a
// word. listCoverages rewrites every format-2 coverage of the layout tables
// as the same set of glyphs listed one by one (format 1), which the digest
// adds glyph by glyph; lookups then answer as the font says.
func listCoverages(f *gtfont.Font) {
	for i := range f.GSUB.Lookups {
		for j, st := range f.GSUB.Lookups[i].Subtables {
			f.GSUB.Lookups[i].Subtables[j] = relist(reflect.ValueOf(st)).Interface().(tables.GSUBLookup)
		}
	}
	for i := range f.GPOS.Lookups {
		for j, st := range f.GPOS.Lookups[i].Subtables {
			f.GPOS.Lookups[i].Subtables[j] = relist(reflect.ValueOf(st)).Interface().(tables.GPOSLookup)
		}
	}
}

var coverageType = reflect.TypeFor[tables.Coverage]()

// relist returns a copy of the struct v with every Coverage field, every
// element of a []Coverage field and every struct held in an interface field
// (a subtable's format) relisted. Fields are set through unsafe because most
// of go-text's coverage fields are unexported.
func relist(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Struct {
		return v
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	for i := range c.NumField() {
		f := c.Field(i)
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
		switch {
		case f.Type() == coverageType:
			if !f.IsNil() {
				f.Set(reflect.ValueOf(asList(f.Interface().(tables.Coverage))))
			}
		case f.Kind() == reflect.Slice && f.Type().Elem() == coverageType:
			list := make([]tables.Coverage, f.Len())
			for k := range list {
				if cov, ok := f.Index(k).Interface().(tables.Coverage); ok {
					list[k] = asList(cov)
				}
			}
			f.Set(reflect.ValueOf(list))
		case f.Kind() == reflect.Interface && !f.IsNil() && f.Elem().Kind() == reflect.Struct:
			f.Set(relist(f.Elem()))
		}
	}
	return c
}

// asList is cov as a format-1 coverage of the same glyphs in the same
// order, so coverage indexes are unchanged.
func asList(cov tables.Coverage) tables.Coverage {
	c2, ok := cov.(tables.Coverage2)
	if !ok {
		return cov
	}
	var glyphs []tables.GlyphID
	for _, r := range c2.Ranges {
		for g := int(r.StartGlyphID); g <= int(r.EndGlyphID); g++ {
			glyphs = append(glyphs, tables.GlyphID(g))
		}
	}
	return tables.Coverage1{Glyphs: glyphs}
}
