// Command frontline serves the Frontline dashboard and gives editors the
// tools to check, import, export and back up its data.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `frontline: a dashboard of territorial control, who held which city on which day, and on what evidence.

Usage:
  frontline serve  [--addr :8080] [--db data/frontline.db] [--tiles URL] [--tiles-attribution TEXT] [--base-url URL]
                   [--read-only] [--max-conns 1024] [--cache-mb 64] [--access-log 100] [--hsts]
                   [--corrections mailto:ADDRESS|https://URL] [--cpuprofile FILE]
  frontline publish --out DIR [--db data/frontline.db] [--base-url URL] [--tiles URL] [--tiles-attribution TEXT] [--cpuprofile FILE]
                                              write every public page and file as a static site (incremental)
  frontline check  [DIR]                       check a data directory (default: data)
  frontline import [--db PATH] FILE|DIR        import data files in one transaction
  frontline export [--db PATH] [--format csv|json|geojson] [--out PATH]
  frontline backup [--db PATH] --to FILE       copy the database while it is in use
  frontline synth  --places N --events M [--seed S] --out DIR   write a synthetic data directory

Environment: FRONTLINE_ADDR, FRONTLINE_DB, FRONTLINE_TILES, FRONTLINE_TILES_ATTRIBUTION, FRONTLINE_BASE_URL,
FRONTLINE_CORRECTIONS.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprint(os.Stderr, usage)
			if ue.msg != "" {
				fmt.Fprintln(os.Stderr, "\nfrontline:", ue.msg)
			}
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "frontline:", err)
		os.Exit(1)
	}
}

// usageError means the command line was wrong.
type usageError struct{ msg string }

func (e usageError) Error() string {
	if e.msg == "" {
		return "usage"
	}
	return e.msg
}

// run is the whole program; tests call it to start the real thing.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{}
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stderr)
	case "publish":
		return cmdPublish(ctx, args[1:], stdout, stderr)
	case "check":
		return cmdCheck(ctx, args[1:], stdout)
	case "import":
		return cmdImport(ctx, args[1:], stdout, stderr)
	case "export":
		return cmdExport(ctx, args[1:], stdout)
	case "backup":
		return cmdBackup(ctx, args[1:], stdout)
	case "synth":
		return cmdSynth(ctx, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// env returns the environment variable or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}
