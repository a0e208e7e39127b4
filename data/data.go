// Package data embeds the curated dataset and the offline basemap, so a bare
// binary serves a complete map.
package data

import "embed"

// FS holds the dataset's files (see internal/dataset.Files) and the basemap.
//
//go:embed factions.csv places.csv events.csv sources.csv areas.geojson coverage.csv basemap.geojson
var FS embed.FS
