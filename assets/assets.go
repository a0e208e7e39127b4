// Package assets embeds what the browser loads: our CSS and JavaScript, and
// the vendored browser libraries that `just assets` copies from npm.
package assets

import "embed"

// FS holds css/, js/, vendor/ and the favicon.
//
//go:embed css js all:vendor favicon.svg
var FS embed.FS
