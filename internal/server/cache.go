package server

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
)

// response is a finished answer: its body, gzipped once, and its strong ETag.
type response struct {
	status      int
	contentType string
	cacheCtl    string
	link        string // a Link header, such as the next page's
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
	// The cache counts what a response holds, so it holds no spare
	// capacity: a buffer that grew by doubling may be twice its length.
	if cap(body)-len(body) > len(body)/16+64 {
		r.body = bytes.Clone(body)
	}
	if len(body) > 512 && compressible(contentType) {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(body) {
			r.gz = bytes.Clone(buf.Bytes())
		}
	}
	return r
}

// gzipWriters keeps gzip writers for reuse: each holds about a megabyte of
// compressor state, which a flood of cold answers would otherwise allocate
// and drop once per answer.
var gzipWriters = sync.Pool{New: func() any {
	// The default level, by measurement: on a 4.5 MB day page (1,000
	// places) level 9 took 370 ms for 341,592 bytes and level 6 115 ms
	// for 352,955 (3% more); on the embedded data's 146 KB page, 4.1 ms
	// against 3.2 ms for 27,594 against 27,705 bytes. klauspost/compress
	// rather than the standard library's: at level 6 on the embedded day
	// page (250 KB) 3.0 ms against 8.2 ms for 41,875 bytes against 40,858
	// (2.5% more), on a 1,000-place day page (537 KB) 4.0 ms against 14.2 ms
	// (1.7% more); publishing stores a gzip copy of every file.
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml") ||
		strings.Contains(ct, "javascript") || strings.Contains(ct, "svg")
}

// write sends r, or 304 when the client already has it, gzipped when the
// client accepts it. Its error says the body was not sent in full.
func (r *response) write(w http.ResponseWriter, req *http.Request) error {
	h := w.Header()
	h.Set("ETag", r.etag)
	if r.cacheCtl != "" {
		h.Set("Cache-Control", r.cacheCtl)
	}
	h.Add("Vary", "Accept-Encoding")
	if r.link != "" {
		h.Set("Link", r.link)
	}
	if r.status == http.StatusOK && etagMatch(req.Header.Get("If-None-Match"), r.etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
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
		if _, err := w.Write(body); err != nil {
			return fmt.Errorf("server: send %s: %w", req.URL.Path, err)
		}
	}
	return nil
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

// DefaultCacheBytes is the response cache's memory budget when
// Config.CacheBytes is zero: bodies, their gzipped copies and keys together.
const DefaultCacheBytes = 64 << 20

// entryOverhead is what an entry costs beyond its bytes: the map slot, the
// list element and the response struct, rounded up.
const entryOverhead = 256

// cache keeps finished responses for one data version, bounded in bytes.
// It is a segmented LRU: a new entry starts on probation, and only an entry
// asked for again moves to the protected segment, which holds most of the
// budget. A flood of URLs asked once churns probation alone, so the pages
// real visitors keep asking for stay.
type cache struct {
	mu        sync.Mutex
	version   int64
	budget    int64 // bytes for both segments
	protBytes int64 // the protected segment's share of budget
	maxEntry  int64 // larger answers are not kept
	m         map[string]*list.Element
	prob      *list.List // front is the most recent
	prot      *list.List
	probSize  int64
	protSize  int64
}

type cacheEntry struct {
	key       string
	resp      *response
	size      int64
	protected bool
}

// newCache returns a cache holding at most budget bytes; one answer may
// take at most an eighth of it.
func newCache(budget int64) *cache {
	if budget <= 0 {
		budget = DefaultCacheBytes
	}
	return &cache{budget: budget, protBytes: budget * 4 / 5, maxEntry: budget / 8,
		m: map[string]*list.Element{}, prob: list.New(), prot: list.New()}
}

func (r *response) size(key string) int64 {
	return int64(cap(r.body)+cap(r.gz)+len(key)+len(r.etag)+len(r.contentType)+len(r.cacheCtl)+len(r.link)) + entryOverhead
}

func (c *cache) get(version int64, key string) *response {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil
	}
	el, ok := c.m[key]
	if !ok {
		return nil
	}
	e := el.Value.(*cacheEntry)
	if e.protected {
		c.prot.MoveToFront(el)
		return e.resp
	}
	// Asked twice: promote, and demote the protected segment's oldest to
	// probation while it is over its share.
	c.prob.Remove(el)
	c.probSize -= e.size
	e.protected = true
	c.m[key] = c.prot.PushFront(e)
	c.protSize += e.size
	for c.protSize > c.protBytes && c.prot.Len() > 1 {
		old := c.prot.Back()
		oe := old.Value.(*cacheEntry)
		c.prot.Remove(old)
		c.protSize -= oe.size
		oe.protected = false
		c.m[oe.key] = c.prob.PushFront(oe)
		c.probSize += oe.size
	}
	c.evict()
	return e.resp
}

func (c *cache) put(version int64, key string, r *response) {
	size := r.size(key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.advanceLocked(version) {
		return
	}
	if size > c.maxEntry {
		return
	}
	if _, ok := c.m[key]; ok {
		// Built twice by concurrent misses: keep the first.
		return
	}
	c.m[key] = c.prob.PushFront(&cacheEntry{key: key, resp: r, size: size})
	c.probSize += size
	c.evict()
}

// advance drops every answer of a version older than version.
func (c *cache) advance(version int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advanceLocked(version)
}

// advanceLocked is advance with c.mu held; it reports false when version
// is older than the cache's.
func (c *cache) advanceLocked(version int64) bool {
	if c.version == version {
		return true
	}
	if version < c.version {
		return false
	}
	c.version = version
	c.m, c.probSize, c.protSize = map[string]*list.Element{}, 0, 0
	c.prob.Init()
	c.prot.Init()
	return true
}

// evict drops probation's oldest entries, then protected's, until the
// cache fits its budget.
func (c *cache) evict() {
	for c.probSize+c.protSize > c.budget {
		l, size := c.prob, &c.probSize
		if l.Len() == 0 {
			l, size = c.prot, &c.protSize
		}
		el := l.Back()
		if el == nil {
			return
		}
		e := el.Value.(*cacheEntry)
		l.Remove(el)
		*size -= e.size
		delete(c.m, e.key)
	}
}

// bytes reports what the cache holds, for tests and metrics.
func (c *cache) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.probSize + c.protSize
}

// buildTimeout bounds one build of an uncached answer. It is the build's
// own bound: no requester's context reaches it.
const buildTimeout = 20 * time.Second

// buildQueue is how long a build waits for a free slot before it is
// answered 503 with Retry-After.
const buildQueue = 10 * time.Second

// errBusy answers a request whose build found no free slot in time.
var errBusy = &problem{status: http.StatusServiceUnavailable, message: "The server is busy building other answers.", hint: "Try again in a few seconds."}

// errBuildPanicked is what the waiters of a build that panicked get.
var errBuildPanicked = errors.New("server: the build of this answer failed")

// builds runs the builds of uncached answers. Concurrent requests for one
// answer share one build, which runs on a context of its own, detached
// from every requester and bounded by buildTimeout: a client that hangs up
// costs the others nothing. At most cap(slots) builds run at once, so a
// flood of cold addresses cannot take every core from the readers of
// cached answers.
type builds struct {
	mu    sync.Mutex
	calls map[string]*buildCall
	slots chan struct{}
}

type buildCall struct {
	done    chan struct{}
	resp    *response
	err     error
	sharing int // requests that asked for it
}

// newBuilds returns a runner of at most n builds at once; zero or less
// means half the processors, at least one.
func newBuilds(n int) *builds {
	if n <= 0 {
		n = max(1, runtime.GOMAXPROCS(0)/2)
	}
	return &builds{calls: map[string]*buildCall{}, slots: make(chan struct{}, n)}
}

// do returns the answer key names, building it once for every request
// asking at the same time. The first request runs build on its own
// goroutine (build may read that request's echo context, which lives until
// the handler returns) but not on its context; the others wait for it, or
// for their own context to end.
func (b *builds) do(ctx context.Context, key string, build func(context.Context) (*response, error)) (*response, error) {
	b.mu.Lock()
	if call, ok := b.calls[key]; ok {
		call.sharing++
		b.mu.Unlock()
		select {
		case <-call.done:
			return call.resp, call.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	call := &buildCall{done: make(chan struct{}), err: errBuildPanicked, sharing: 1}
	b.calls[key] = call
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.calls, key)
		b.mu.Unlock()
		close(call.done)
	}()
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), buildTimeout)
	defer cancel()
	call.resp, call.err = b.run(bctx, build)
	return call.resp, call.err
}

// run calls build once a slot is free.
func (b *builds) run(ctx context.Context, build func(context.Context) (*response, error)) (*response, error) {
	select {
	case b.slots <- struct{}{}:
	default:
		wait := time.NewTimer(buildQueue)
		defer wait.Stop()
		select {
		case b.slots <- struct{}{}:
		case <-wait.C:
			return nil, errBusy
		case <-ctx.Done():
			return nil, fmt.Errorf("server: waiting to build: %w", ctx.Err())
		}
	}
	defer func() { <-b.slots }()
	return build(ctx)
}

// sharing is how many requests share the builds in flight, for tests.
func (b *builds) sharing() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, c := range b.calls {
		n += c.sharing
	}
	return n
}
