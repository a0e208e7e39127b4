package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"frontline/data"
	"frontline/internal/dataset"
	"frontline/internal/sqlite"
)

// embedded reads the dataset built into the binary and its hash.
func embedded() (*dataset.Dataset, string, error) {
	ds, err := dataset.ReadDir(data.FS, ".", "data")
	if err != nil {
		return nil, "", fmt.Errorf("embedded dataset: %w", err)
	}
	if err := dataset.Check(ds, dataset.Known{}); err != nil {
		return nil, "", fmt.Errorf("embedded dataset: %w", err)
	}
	h := sha256.New()
	for _, name := range dataset.Files {
		b, err := fs.ReadFile(data.FS, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("embedded dataset: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	// The region and the files it names: a new outline is a new dataset.
	if r := ds.Region; r != nil {
		b, err := fs.ReadFile(data.FS, dataset.RegionFile)
		if err != nil {
			return nil, "", fmt.Errorf("embedded dataset: %w", err)
		}
		parts := [][]byte{b, r.Outline}
		for _, k := range slices.Sorted(maps.Keys(r.Layers)) {
			parts = append(parts, r.Layers[k])
		}
		for _, b := range parts {
			fmt.Fprintf(h, "%s %d\n", dataset.RegionFile, len(b))
			h.Write(b)
		}
	}
	return ds, hex.EncodeToString(h.Sum(nil)), nil
}

func batch(ds *dataset.Dataset) sqlite.Batch {
	return sqlite.Batch{Factions: ds.Factions, Places: ds.Places, Areas: ds.Areas, Events: ds.Events, Sources: ds.Orphans(), Coverage: ds.Coverage, Region: ds.Region,
		Aliases: ds.Aliases, AllAliases: ds.Has(dataset.AliasesFile)}
}

// openDB opens the database, creating its folder when needed, and brings
// the embedded dataset into it.
func openDB(ctx context.Context, path string) (*sqlite.DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", dir, err)
		}
	}
	if _, err := clearStaleImports(path); err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	ds, hash, err := embedded()
	if err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.ApplyDataset(ctx, batch(ds), hash); err != nil {
		db.Close()
		return nil, fmt.Errorf("apply embedded dataset: %w", err)
	}
	return db, nil
}

// openReadOnly opens an existing database for serving without writing to
// it; the embedded dataset is not applied.
// openServed opens the database a server reads: read-only when asked or
// when the file cannot be written (a published, read-only copy), otherwise
// as openDB does, bringing the embedded dataset in.
func openServed(ctx context.Context, path string, readOnly bool, log *slog.Logger) (*sqlite.DB, error) {
	var db *sqlite.DB
	var err error
	if readOnly || !writable(path) {
		log.Info("read-only: serving the database as it is", "db", path)
		db, err = openReadOnly(ctx, path)
	} else {
		db, err = openDB(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	// Every page reads the coverage: a stored value that is not a day is
	// refused here, with its name, rather than failing every page.
	if _, err := db.Coverage(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openReadOnly(ctx context.Context, path string) (*sqlite.DB, error) {
	return sqlite.OpenReadOnly(ctx, path)
}

// writable reports whether the database at path, and the folder its -wal
// and -shm files go in, can be written; a missing file counts as writable
// (it will be created).
func writable(path string) bool {
	if _, err := os.Stat(path); err != nil {
		return true
	}
	return syscall.Access(path, 2) == nil && syscall.Access(filepath.Dir(path), 2) == nil // 2 is W_OK
}

// known lists what the database holds, for checking a file against it.
func known(ctx context.Context, db *sqlite.DB) (dataset.Known, error) {
	f, p, a, e, err := db.Known(ctx)
	if err != nil {
		return dataset.Known{}, err
	}
	k := dataset.Known{Factions: f, Places: p, Areas: a, Events: e}
	if k.Region, err = db.Region(ctx); err != nil {
		return dataset.Known{}, err
	}
	cov, err := db.Coverage(ctx)
	if err != nil {
		return dataset.Known{}, err
	}
	if cov != nil {
		k.First, k.Last = cov.First, cov.Last
	}
	return k, nil
}
