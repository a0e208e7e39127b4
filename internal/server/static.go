package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// static serves the browser's files under /assets/. Each file is read,
// hashed and gzipped once at start. The hashed name (app.1a2b3c4d.css) is
// cached for a year as immutable; the plain name is revalidated with its
// ETag. Our ES modules import each other by relative address, so each
// module's imports are rewritten to the hashed names of the modules they
// name before it is hashed itself: a page that loads map.1a2b3c4d.js then
// loads only immutable addresses, and a change in rule.js changes the names
// of every module that imports it. Our stylesheets' url() addresses (the
// Arabic font) are rewritten the same way, after every other file is hashed.
// Our scripts and stylesheets, and vendored stylesheets, are minified after
// their addresses are rewritten and before they are hashed: the repository
// keeps them readable and the first visit carries about a third less.
type static struct {
	byName  map[string]*response // "css/app.css" and "css/app.1a2b3c4d.css"
	hashed  map[string]string    // "css/app.css" -> "/assets/css/app.1a2b3c4d.css"
	imports map[string][]string  // "js/map.js" -> the modules it imports, "js/rule.js", …
}

// importRE finds the module specifier of a static import or re-export
// ("import x from './a.js'", "import './a.js'", "export { x } from './a.js'")
// at the start of a statement, or of a dynamic import('./a.js') with a
// literal address. Only relative specifiers are rewritten. Group 1 is the
// specifier.
var importRE = regexp.MustCompile(`(?m)(?:^[ \t]*(?:import[ \t]*(?:[\w*{}\s,$]+?\s*from\s*)?|export\s*[\w*{}\s,$]+?\s*from\s*)|\bimport\s*\(\s*)["'](\.\.?/[^"'\n]+)["']`)

// cssURLRE finds a url() in a stylesheet, quoted or not. Group 1 is the
// address.
var cssURLRE = regexp.MustCompile(`url\(\s*["']?([^"'()\s]+)["']?\s*\)`)

func newStatic(fsys fs.FS, extra map[string][]byte) (*static, error) {
	s := &static{byName: map[string]*response{}, hashed: map[string]string{}, imports: map[string][]string{}}
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(p, ".go") {
			return nil
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files[p] = body
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: load assets: %w", err)
	}
	for name, body := range extra {
		files[name] = body
	}
	// Modules first, each after the modules it imports.
	visiting := map[string]bool{}
	var minErr error
	var addModule func(name string)
	addModule = func(name string) {
		if _, ok := s.hashed[name]; ok || visiting[name] {
			return
		}
		visiting[name] = true
		body := rewriteImports(name, files[name], func(target string) string {
			if _, ok := files[target]; !ok || !isModule(target) {
				return ""
			}
			s.imports[name] = append(s.imports[name], target)
			addModule(target)
			// Empty when target is still being hashed: an import cycle,
			// whose modules keep the plain (revalidated) name.
			return s.hashed[target]
		})
		if err := s.addMin(name, body); err != nil && minErr == nil {
			minErr = err
		}
		visiting[name] = false
	}
	for name := range files {
		if isModule(name) {
			addModule(name)
		}
	}
	if minErr != nil {
		return nil, minErr
	}
	// Then every other file, stylesheets last so that what they name is
	// hashed; a stylesheet naming another stylesheet keeps its plain name.
	for name, body := range files {
		if _, ok := s.hashed[name]; !ok && path.Ext(name) != ".css" {
			s.add(name, body)
		}
	}
	for name, body := range files {
		if path.Ext(name) == ".css" {
			if err := s.addMin(name, rewriteCSSURLs(name, body, s.url)); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// minifier shrinks scripts and stylesheets; it keeps every module's
// imports and exports, so the rewritten addresses survive it.
var minifier = func() *minify.M {
	m := minify.New()
	m.Add("text/css", &css.Minifier{})
	m.Add("text/javascript", &js.Minifier{})
	return m
}()

// addMin is add for a file that may be minified first: our scripts, and
// every stylesheet. Vendored scripts come minified from npm.
func (s *static) addMin(name string, body []byte) error {
	mt := ""
	switch {
	case isModule(name) && !vendored(name):
		mt = "text/javascript"
	case path.Ext(name) == ".css":
		mt = "text/css"
	}
	if mt != "" {
		out, err := minifier.Bytes(mt, body)
		if err != nil {
			return fmt.Errorf("server: minify asset %s: %w", name, err)
		}
		body = out
	}
	s.add(name, body)
	return nil
}

// rewriteCSSURLs replaces each relative url() address in our stylesheet
// name by the hashed address hashedOf gives the file it resolves to,
// written relative again, so that a page's stylesheet loads its fonts from
// immutable addresses and a new font renames the stylesheet. Addresses
// hashedOf has no file for ("") and vendored stylesheets are left as they
// are.
func rewriteCSSURLs(name string, body []byte, hashedOf func(target string) string) []byte {
	if vendored(name) {
		return body
	}
	return rewriteRefs(name, body, cssURLRE, func(ref string) bool {
		// Absolute, a fragment, or data: and other schemes stay as they are.
		return strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") || strings.Contains(ref, ":")
	}, hashedOf)
}

func isModule(name string) bool { return path.Ext(name) == ".js" || path.Ext(name) == ".mjs" }

// rewriteImports replaces each relative module specifier in the module
// named name by the hashed address hashedOf gives the module it resolves
// to, written relative again; a specifier hashedOf has no address for
// ("") is left as it is.
func rewriteImports(name string, body []byte, hashedOf func(target string) string) []byte {
	if !isModule(name) || vendored(name) {
		return body
	}
	return rewriteRefs(name, body, importRE, func(string) bool { return false }, hashedOf)
}

// rewriteRefs replaces each reference re's first group finds in body (a
// file named name) by the hashed file hashedOf gives its target, keeping
// the reference's own directory part; references skip names, or that
// hashedOf has no file for, stay as they are.
func rewriteRefs(name string, body []byte, re *regexp.Regexp, skip func(ref string) bool, hashedOf func(target string) string) []byte {
	src := string(body)
	var out strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
		ref := src[m[2]:m[3]]
		if skip(ref) {
			continue
		}
		h := hashedOf(path.Join(path.Dir(name), ref))
		if h == "" {
			continue
		}
		out.WriteString(src[last:m[2]])
		out.WriteString(ref[:strings.LastIndex(ref, "/")+1] + path.Base(h))
		last = m[3]
	}
	if last == 0 {
		return body
	}
	out.WriteString(src[last:])
	return []byte(out.String())
}

// vendored reports whether name is a library copied from npm, which is
// served as it is.
func vendored(name string) bool { return strings.HasPrefix(name, "vendor/") }

// add serves body under name (revalidated) and under its hashed name
// (immutable).
func (s *static) add(name string, body []byte) {
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".js", ".mjs":
		ct = "text/javascript; charset=utf-8"
	case ".geojson":
		ct = "application/geo+json"
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".svg":
		ct = "image/svg+xml"
	case ".woff2":
		ct = "font/woff2"
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	hashedName := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	s.byName[hashedName] = newResponse(http.StatusOK, ct, immutable, body)
	s.byName[name] = newResponse(http.StatusOK, ct, revalidate, body)
	s.hashed[name] = "/assets/" + hashedName
}

// url returns the hashed URL of an asset, or "" when it is missing (a
// vendored library that `just assets` has not copied yet).
func (s *static) url(name string) string { return s.hashed[name] }

// preloads lists the addresses of the modules name imports, directly or
// through others, each once, in the order a depth-first walk meets them:
// a page names them as modulepreload so the browser fetches them beside
// name, not one level of imports after another.
func (s *static) preloads(name string) []string {
	var out []string
	seen := map[string]bool{name: true}
	var walk func(string)
	walk = func(m string) {
		for _, dep := range s.imports[m] {
			if seen[dep] {
				continue
			}
			seen[dep] = true
			out = append(out, s.hashed[dep])
			walk(dep)
		}
	}
	walk(name)
	return out
}

func (s *static) serve(w http.ResponseWriter, r *http.Request, name string) bool {
	resp, ok := s.byName[name]
	if !ok {
		return false
	}
	resp.write(w, r)
	return true
}
