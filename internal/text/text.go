// Package text holds the small string helpers the other packages share, so
// each exists once.
package text

import "unicode/utf8"

// Clip shortens s to at most n bytes plus an ellipsis, keeping messages
// about huge input short. It never cuts a UTF-8 character in half.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
