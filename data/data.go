// Package data embeds the curated dataset and the offline basemap, so a bare
// binary serves a complete map.
package data

import "embed"

// FS holds the dataset's files (see internal/dataset.Files), its region
// (region.json) with the basemap
// and its admin1, water and roads layers.
//
//go:embed region.json CHANGELOG.md factions.csv places.csv localities.csv aliases.csv areas.geojson events.csv sources.csv coverage.csv basemap.geojson admin1.geojson water.geojson roads.geojson
var FS embed.FS
