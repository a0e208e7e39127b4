package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// static serves the browser's files under /assets/. Each file is read,
// hashed and gzipped once at start. The hashed name (app.1a2b3c4d.css) is
// cached for a year as immutable; the plain name (which ES modules import
// each other by) is revalidated with its ETag.
type static struct {
	byName map[string]*response // "css/app.css" and "css/app.1a2b3c4d.css"
	hashed map[string]string    // "css/app.css" -> "/assets/css/app.1a2b3c4d.css"
}

const immutable = "public, max-age=31536000, immutable"

func newStatic(fsys fs.FS, extra map[string][]byte) (*static, error) {
	s := &static{byName: map[string]*response{}, hashed: map[string]string{}}
	add := func(name string, body []byte) {
		ct := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".js", ".mjs":
			ct = "text/javascript; charset=utf-8"
		case ".geojson":
			ct = "application/geo+json"
		case ".css":
			ct = "text/css; charset=utf-8"
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashedName := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		s.byName[hashedName] = newResponse(http.StatusOK, ct, immutable, body)
		s.byName[name] = newResponse(http.StatusOK, ct, "public, no-cache", body)
		s.hashed[name] = "/assets/" + hashedName
	}
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
		add(p, body)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: load assets: %w", err)
	}
	for name, body := range extra {
		add(name, body)
	}
	return s, nil
}

// url returns the hashed URL of an asset, or "" when it is missing (a
// vendored library that `just assets` has not copied yet).
func (s *static) url(name string) string { return s.hashed[name] }

func (s *static) serve(w http.ResponseWriter, r *http.Request, name string) bool {
	resp, ok := s.byName[name]
	if !ok {
		return false
	}
	resp.write(w, r)
	return true
}
