package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"frontline/internal/control"
	"frontline/internal/sqlite"
)

// Aliases are stored and read back with their places; a batch with a whole
// aliases file replaces them all, an import of some replaces those places'.
func TestAliasesStored(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	ds := embedded(t)
	if err := db.Import(ctx, batchOf(ds), nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Aliases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ds.Aliases) {
		t.Fatalf("aliases read back: %d, want the %d written", len(got), len(ds.Aliases))
	}
	places, err := db.Places(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kobani []string
	for _, p := range places {
		if p.ID == "kobani" {
			kobani = p.Aliases
		}
	}
	if len(kobani) == 0 {
		t.Fatal("Kobani has no aliases once read")
	}
	some := []control.Alias{{Place: "kobani", Name: "Kobanê city", Source: "test"}}
	if err := db.Import(ctx, sqlite.Batch{Aliases: some}, nil); err != nil {
		t.Fatal(err)
	}
	got, err = db.Aliases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range got {
		if a.Place == "kobani" {
			n++
			if a != some[0] {
				t.Errorf("Kobani's alias after the import: %+v, want %+v", a, some[0])
			}
		}
	}
	if n != 1 || len(got) != len(ds.Aliases)-len(kobani)+1 {
		t.Errorf("after importing one alias of Kobani: %d of Kobani's, %d in all", n, len(got))
	}
	if err := db.Import(ctx, sqlite.Batch{Aliases: some, AllAliases: true}, nil); err != nil {
		t.Fatal(err)
	}
	if got, err = db.Aliases(ctx); err != nil || !reflect.DeepEqual(got, some) {
		t.Errorf("after a whole aliases file: %+v (%v), want %+v", got, err, some)
	}
}
