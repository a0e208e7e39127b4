package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// allowedImports is which of our packages each package may import: the
// directions the README's layout states. A new package, or a new edge,
// is added here and there together.
var allowedImports = map[string][]string{
	"assets":             nil,
	"data":               nil,
	"internal/control":   nil,
	"internal/basemap":   nil,
	"internal/symbol":    nil,
	"internal/territory": nil,
	"internal/locale":    nil,
	"internal/publish":   nil,
	"internal/dataset":   {"internal/basemap", "internal/control", "internal/locale"},
	"internal/sqlite":    {"internal/control"},
	"internal/snapshot":  {"internal/control", "internal/territory"},
	"internal/draw":      {"internal/basemap", "internal/control", "internal/snapshot", "internal/symbol", "internal/territory", "web"},
	"web":                {"internal/locale", "internal/symbol"},
	"internal/preview":   {"assets", "internal/basemap", "internal/symbol"},
	"internal/view":      {"internal/basemap", "internal/control", "internal/dataset", "internal/draw", "internal/locale", "internal/snapshot", "internal/symbol", "web"},
	"internal/server": {"internal/basemap", "internal/control", "internal/dataset", "internal/draw", "internal/locale",
		"internal/preview", "internal/snapshot", "internal/symbol", "internal/view", "web"},
	"cmd/frontline":  {"assets", "data", "internal/control", "internal/dataset", "internal/publish", "internal/server", "internal/sqlite", "web"},
	"tools/bench":    nil,
	"tools/shots":    nil,
	"tools/loadtest": nil,
}

// TestImportDirections reads the imports of every package's non-test
// files and fails on an import of ours that allowedImports does not list:
// dependencies point one way, and web, control and the drawing packages
// stay free of the server and the store.
func TestImportDirections(t *testing.T) {
	root := repoRoot(t)
	imports := map[string]map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if ours, ok := strings.CutPrefix(path, "frontline/"); ok {
				imports[pkg][ours] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "control")); err != nil {
		t.Fatalf("the walk did not start at the repository: %v", err)
	}
	for pkg, got := range imports {
		allowed, known := allowedImports[pkg]
		if !known {
			t.Errorf("package %s is not in allowedImports: add it, and say in the README what it may import", pkg)
			continue
		}
		var bad []string
		for im := range got {
			ok := false
			for _, a := range allowed {
				ok = ok || a == im
			}
			if !ok {
				bad = append(bad, im)
			}
		}
		sort.Strings(bad)
		if len(bad) > 0 {
			t.Errorf("%s imports %s, which allowedImports does not allow", pkg, strings.Join(bad, ", "))
		}
	}
}

// colourRE is a colour literal: # and three or six hex digits.
var colourRE = regexp.MustCompile(`#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b`)

// TestColoursOnlyInSymbol: the code names no colour of its own outside
// internal/symbol (a faction's colour comes from the data), so the map's
// ink, paper and greys are one definition for every renderer. Tests,
// generated templ code (its templ source is read) and the stylesheet, which
// keeps its palette in custom properties, are not read.
func TestColoursOnlyInSymbol(t *testing.T) {
	root := repoRoot(t)
	var bad []string
	read := 0
	for _, dir := range []string{"cmd", "internal", "web", "assets/js", "tools"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				if d.Name() == "node_modules" || d.Name() == "testdata" || filepath.ToSlash(rel) == "internal/symbol" {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			if strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") ||
				!(strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".templ") || strings.HasSuffix(name, ".js")) {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			read++
			for i, line := range strings.Split(string(b), "\n") {
				if m := colourRE.FindString(line); m != "" {
					bad = append(bad, fmt.Sprintf("%s:%d: %s", filepath.ToSlash(rel), i+1, m))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if read < 50 {
		t.Fatalf("read %d source files: the walk missed the tree", read)
	}
	for _, b := range bad {
		t.Errorf("a colour outside internal/symbol: %s", b)
	}
}
