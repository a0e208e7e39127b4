package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// response is a finished answer: its body, gzipped once, and its strong ETag.
type response struct {
	status      int
	contentType string
	cacheCtl    string
	body        []byte
	gz          []byte // nil when compression does not pay
	etag        string
}

func newResponse(status int, contentType, cacheCtl string, body []byte) *response {
	sum := sha256.Sum256(body)
	r := &response{
		status: status, contentType: contentType, cacheCtl: cacheCtl, body: body,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
	}
	if len(body) > 512 && compressible(contentType) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			r.gz = buf.Bytes()
		}
	}
	return r
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml") ||
		strings.Contains(ct, "javascript") || strings.Contains(ct, "svg")
}

// write sends r, or 304 when the client already has it, gzipped when the
// client accepts it.
func (r *response) write(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	h.Set("ETag", r.etag)
	if r.cacheCtl != "" {
		h.Set("Cache-Control", r.cacheCtl)
	}
	h.Add("Vary", "Accept-Encoding")
	if r.status == http.StatusOK && etagMatch(req.Header.Get("If-None-Match"), r.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", r.contentType)
	body := r.body
	if r.gz != nil && acceptsGzip(req.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = r.gz
	}
	h.Set("Content-Length", itoa(len(body)))
	w.WriteHeader(r.status)
	if req.Method != http.MethodHead {
		w.Write(body)
	}
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == etag || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			v, err := strconv.ParseFloat(q, 64)
			return err == nil && v > 0
		}
		return true
	}
	return false
}

// cache keeps finished responses for one data version. It is bounded: when
// full it starts again, which is cheap and keeps memory flat under a flood of
// distinct URLs.
type cache struct {
	mu      sync.Mutex
	version int64
	max     int
	m       map[string]*response
}

func newCache(max int) *cache { return &cache{max: max, m: map[string]*response{}} }

func (c *cache) get(version int64, key string) *response {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil
	}
	return c.m[key]
}

func (c *cache) put(version int64, key string, r *response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		if version < c.version {
			return
		}
		c.version, c.m = version, map[string]*response{}
	}
	if len(c.m) >= c.max {
		c.m = map[string]*response{}
	}
	c.m[key] = r
}
