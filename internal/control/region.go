package control

// Box is a span of the map: west, south, east, north, in degrees.
type Box [4]float64

// Contains reports whether the position lon, lat lies inside the box,
// edges included.
func (b Box) Contains(lon, lat float64) bool {
	return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]
}

// Widen is the box grown by deg degrees on every side.
func (b Box) Widen(deg float64) Box {
	return Box{b[0] - deg, b[1] - deg, b[2] + deg, b[3] + deg}
}

// Region is what a dataset says of the land it covers, so that nothing of
// one country is written into the code: the boxes its maps frame, the
// latitude its distances are measured at, its outline and reference
// layers, and the words that name it in each language.
type Region struct {
	ID string
	// Box is what the static map and the preview image frame.
	Box Box
	// View is what the live map opens on; the reader may pan a little
	// beyond it (see PanMargin).
	View Box
	// Bounds is where every place and area must lie: a position outside
	// is almost surely a typo (swapped latitude and longitude).
	Bounds Box
	// Lat0 is the latitude of true scale of the territory's local
	// projection, near the region's middle.
	Lat0 float64
	// Outline is a GeoJSON FeatureCollection of the region (its features
	// with "focus": true, whose land is shared among the places) and its
	// neighbours.
	Outline []byte
	// Layers are the reference layers (GeoJSON) by key: admin1, water,
	// roads; any may be missing.
	Layers map[string][]byte
	// Words are, per language tag, messages that replace the catalogue's
	// (the region's name in titles, the tagline, the feed's title).
	Words map[string]map[string]string
}

// PanMargin is how far, in degrees, the live map may be panned past the
// region's view, so a reader never ends up in empty sea past the basemap.
const PanMargin = 2.0
