package control

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold is s as search compares it: lower case, without diacritics (Latin
// accents, Arabic short vowels, shadda and sukun), tatweel, spaces,
// hyphens, apostrophes or other punctuation, and with the Arabic letters
// readers write interchangeably made one: the hamza forms of alef (أ إ آ ٱ)
// as ا, teh marbuta as heh, alef maqsura as yaa. So "Deir Ezzor" and "Deir
// ez-Zor", "Kobanê" and "kobane", "إدلب" and "ادلب" fold alike.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == 'ـ': // marks and tatweel
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ة':
			r = 'ه'
		case r == 'ى':
			r = 'ي'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default: // spaces, hyphens, apostrophes, ʿayn marks, punctuation
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
