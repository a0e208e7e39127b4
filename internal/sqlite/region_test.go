package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"frontline/internal/sqlite"
)

// TestRegionRoundTrip: the embedded region is kept whole (boxes, latitude,
// outline, layers and words), and a batch without one leaves it.
func TestRegionRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	if got, err := db.Region(ctx); err != nil || got != nil {
		t.Fatalf("region of an empty database = %+v, %v; want nil", got, err)
	}
	want := embedded(t).Region
	if want == nil {
		t.Fatal("the embedded dataset has no region")
	}
	if err := db.Import(ctx, sqlite.Batch{Region: want}, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Import(ctx, sqlite.Batch{}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Region(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != want.ID || got.Box != want.Box || got.View != want.View || got.Bounds != want.Bounds || got.Lat0 != want.Lat0 {
		t.Errorf("region = %s %v %v %v %g, want %s %v %v %v %g", got.ID, got.Box, got.View, got.Bounds, got.Lat0, want.ID, want.Box, want.View, want.Bounds, want.Lat0)
	}
	if string(got.Outline) != string(want.Outline) {
		t.Errorf("outline: got %d bytes, want the %d read", len(got.Outline), len(want.Outline))
	}
	for k, b := range want.Layers {
		if string(got.Layers[k]) != string(b) {
			t.Errorf("layer %s: got %d bytes, want the %d read", k, len(got.Layers[k]), len(b))
		}
	}
	if !reflect.DeepEqual(got.Words, want.Words) {
		t.Errorf("words = %v, want %v", got.Words, want.Words)
	}
}
