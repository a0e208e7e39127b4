package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"frontline/assets"
	"frontline/internal/server"
	"frontline/web"
)

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", env("FRONTLINE_ADDR", ":8080"), "address to listen on")
	dbPath := fl.String("db", env("FRONTLINE_DB", "data/frontline.db"), "SQLite database (created from the embedded dataset when missing)")
	tiles := fl.String("tiles", env("FRONTLINE_TILES", ""), "optional tile URL template, e.g. https://tile.example/{z}/{x}/{y}.png")
	tilesAttr := fl.String("tiles-attribution", env("FRONTLINE_TILES_ATTRIBUTION", ""), "attribution shown with the tile layer")
	baseURL := fl.String("base-url", env("FRONTLINE_BASE_URL", ""), "public address used in absolute links such as og:image and the Atom feed (default: http://localhost:PORT; the Host header is never used)")
	hsts := fl.Bool("hsts", false, "send Strict-Transport-Security on TLS requests")
	maxConns := fl.Int("max-conns", 1024, "most connections kept open at once, at most half from one address; at the limit one that has sent no request is closed first, then the longest-idle one")
	logEvery := fl.Int("access-log", 100, "log one in N successful requests (1: every one, 0: none); server errors and slow requests are always logged")
	readOnly := fl.Bool("read-only", false, "serve the database without writing to it (no migration, no embedded dataset); on by itself when the file cannot be written")
	corrections := fl.String("corrections", env("FRONTLINE_CORRECTIONS", ""), "where readers report a correction: a mailto: address or an https: URL, shown on /about and in every footer (default: none shown)")
	cacheMB := fl.Int("cache-mb", server.DefaultCacheBytes>>20, "memory budget of the response cache, in MiB")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile from start to shutdown to this file (for go tool pprof), to see where loading the data goes")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", fl.Arg(0))}
	}
	if *maxConns < 1 || *logEvery < 0 || *cacheMB < 1 {
		return usageError{"--max-conns and --cache-mb take a positive number, --access-log zero or more"}
	}
	// A bad address is refused before the database is opened or created.
	if _, err := server.CheckCorrections(*corrections); err != nil {
		return usageError{"--corrections: " + err.Error()}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer pprof.StopCPUProfile()
	}

	start := time.Now()
	db, err := openServed(ctx, *dbPath, *readOnly, log)
	if err != nil {
		return err
	}
	defer db.Close()
	files, err := readEmbedded(ctx, db)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	defer ln.Close()
	if *baseURL == "" {
		// A default no request can set: this machine on the port we listen on.
		*baseURL = "http://localhost:" + portOf(ln.Addr())
		log.Info("absolute links use " + *baseURL + "; set --base-url to the public address")
	}
	srv, err := server.New(server.Config{
		Store: db, Logger: log, Assets: assets.FS, Region: files.region, BaseURL: *baseURL, HSTS: *hsts,
		LogEvery: *logEvery, CacheBytes: int64(*cacheMB) << 20, LimitMemory: true,
		Corrections: *corrections, Changelog: files.changelog,
		Tiles: web.Tiles{URL: *tiles, Attribution: *tilesAttr},
		// An import by another process shows within this time.
		VersionTTL: 200 * time.Millisecond,
	})
	if err != nil {
		return err
	}
	limit := server.NewConnLimit(*maxConns)
	hs := &http.Server{
		Handler:           srv.Handler(),
		ConnState:         limit.ConnState,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		// Short: an idle keep-alive connection holds a file descriptor.
		IdleTimeout:    30 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", "http://"+ln.Addr().String(), "db", *dbPath, "startup", time.Since(start).Round(time.Millisecond).String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(limit.Listener(ln)) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// portOf is the port of a listening address.
func portOf(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		return strconv.Itoa(ta.Port)
	}
	_, port, _ := net.SplitHostPort(a.String())
	return port
}
