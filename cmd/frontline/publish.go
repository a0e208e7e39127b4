package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"

	"frontline/assets"
	"frontline/data"
	"frontline/internal/control"
	"frontline/internal/dataset"
	"frontline/internal/publish"
	"frontline/internal/server"
	"frontline/internal/sqlite"
	"frontline/web"
)

// cmdPublish writes every public address of the site into a directory, as
// the bytes `serve` sends for it, so any static host or CDN can serve it.
func cmdPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("publish", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "", "directory to write the site into (created when missing)")
	dbPath := fl.String("db", env("FRONTLINE_DB", "data/frontline.db"), "SQLite database (created from the embedded dataset when missing)")
	baseURL := fl.String("base-url", env("FRONTLINE_BASE_URL", ""), "public address of the published site, used in absolute links such as og:image and the Atom feed (default "+server.DefaultBaseURL+")")
	tiles := fl.String("tiles", env("FRONTLINE_TILES", ""), "optional tile URL template, e.g. https://tile.example/{z}/{x}/{y}.png")
	tilesAttr := fl.String("tiles-attribution", env("FRONTLINE_TILES_ATTRIBUTION", ""), "attribution shown with the tile layer")
	corrections := fl.String("corrections", env("FRONTLINE_CORRECTIONS", ""), "where readers report a correction: a mailto: address or an https: URL")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the publish to this file (for go tool pprof)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("publish takes no arguments, got %q", fl.Arg(0))}
	}
	if *out == "" {
		return usageError{"publish needs --out DIR"}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if *baseURL == "" {
		log.Warn("absolute links use " + server.DefaultBaseURL + "; set --base-url to the public address of the site")
	}
	db, err := openServed(ctx, *dbPath, false, log)
	if err != nil {
		return err
	}
	defer db.Close()
	srv, err := siteServer(ctx, db, log, server.Config{BaseURL: *baseURL, Corrections: *corrections, Tiles: web.Tiles{URL: *tiles, Attribution: *tilesAttr}})
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	_, err = publish.Publish(ctx, srv, *out, stdout)
	return err
}

// siteServer is the server publish asks for the site: cfg's options on the
// store, with the embedded assets and changelog, and the store's region.
func siteServer(ctx context.Context, db *sqlite.DB, log *slog.Logger, cfg server.Config) (*server.Server, error) {
	files, err := readEmbedded(ctx, db)
	if err != nil {
		return nil, err
	}
	cfg.Store, cfg.Logger, cfg.Assets = db, log, assets.FS
	cfg.Region, cfg.Changelog = files.region, files.changelog
	// One build per publishing worker, previews too: no address waits its
	// turn, so none is shed as busy however slow the machine.
	cfg.MaxBuilds = publish.Workers()
	cfg.MaxPreviews = cfg.MaxBuilds
	return server.New(cfg)
}

// embeddedFiles is what the server reads besides the database's records:
// the same for serve and publish.
type embeddedFiles struct {
	changelog []byte
	region    *control.Region
}

// readEmbedded reads the embedded changelog, and the region db keeps, else
// the embedded one (a database a read-only server was given may predate
// regions).
func readEmbedded(ctx context.Context, db *sqlite.DB) (embeddedFiles, error) {
	var e embeddedFiles
	var err error
	if e.changelog, err = data.FS.ReadFile("CHANGELOG.md"); err != nil {
		return e, fmt.Errorf("read changelog: %w", err)
	}
	if e.region, err = db.Region(ctx); err != nil {
		return e, err
	}
	if e.region == nil {
		if e.region, err = dataset.ReadRegion(data.FS, ".", "data"); err != nil {
			return e, fmt.Errorf("embedded region: %w", err)
		}
	}
	return e, nil
}
