// Package data embeds the curated dataset and the offline basemap, so a bare
// binary serves a complete map.
package data

import "embed"

// FS holds the four CSV files of the dataset, basemap.geojson, the
// localities and the admin1, water and roads layers.
//
//go:embed factions.csv places.csv events.csv sources.csv basemap.geojson localities.csv admin1.geojson water.geojson roads.geojson
var FS embed.FS
