// Package data embeds the curated dataset and the offline basemap, so a bare
// binary serves a complete map.
package data

import "embed"

// FS holds the four CSV files of the dataset and basemap.geojson.
//
//go:embed factions.csv places.csv events.csv sources.csv basemap.geojson
var FS embed.FS
