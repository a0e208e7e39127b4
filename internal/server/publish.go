package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"frontline/internal/control"
	"frontline/internal/locale"
)

// ChangesPath is the path form of /changes?from=&to=.
func ChangesPath(from, to string) string { return fill(changesForm, from, to) }

const changesForm = "/changes/:from/:to"

// PublicPaths lists every address of the public site that a static copy can
// hold, as the route table's publish functions give them, in two batches in
// the order a copy is written: the files pages name (assets, the territory
// file) first, then the rest. Addresses that need a query string (arbitrary
// /changes pairs, filtered or further event pages) and the health checks
// are not in it.
func (s *Server) PublicPaths(ctx context.Context) ([][]string, error) {
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	return s.publicPaths(d), nil
}

// Fingerprints returns, for the data as it is now, a function giving each
// public address a digest of everything its answer is made of, so publish
// can leave a file alone without asking for it when its digest is the one
// it recorded. Every answer depends on the program, the configuration, the
// assets, the factions, places, areas, coverage and successions; the files
// of one day (its panel, preview and data files, and the "what changed"
// pages ending on it) depend besides only on the events up to that day,
// since the rule reads events forward; every other address on every event.
func (s *Server) Fingerprints(ctx context.Context) (func(addr string) string, error) {
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	events, err := s.cfg.Store.Events(ctx, control.Filter{})
	if err != nil {
		return nil, fmt.Errorf("server: fingerprints: %w", err)
	}
	h := sha256.New()
	// The program itself: a new build may answer differently.
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("server: fingerprints: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, fmt.Errorf("server: fingerprints: %w", err)
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("server: fingerprints: %w", err)
	}
	put := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("server: fingerprints: %w", err)
		}
		fmt.Fprintf(h, "%d\n", len(b))
		h.Write(b)
		return nil
	}
	cfg := s.cfg
	var assets []string
	for _, name := range sortedKeys(s.static.byName) {
		assets = append(assets, name, s.static.byName[name].etag)
	}
	successions := []control.Event{}
	for _, e := range events {
		if e.IsSuccession() {
			successions = append(successions, e)
		}
	}
	for _, v := range []any{cfg.Region, cfg.Tiles, cfg.BaseURL, cfg.Corrections, cfg.Changelog, assets,
		d.Factions, d.All, d.Areas, d.First, d.Last, d.HasDays, d.Coverage, successions} {
		if err := put(v); err != nil {
			return nil, err
		}
	}
	base := h.Sum(nil)
	// upTo[k] is the digest of base and the events of the first k days
	// that have any (days[k-1] the last of them).
	sort.SliceStable(events, func(i, j int) bool { return events[i].Before(events[j]) })
	var days []control.Day
	upTo := [][]byte{base}
	eh := sha256.New()
	eh.Write(base)
	for i, e := range events {
		if err := json.NewEncoder(eh).Encode(e); err != nil {
			return nil, fmt.Errorf("server: fingerprints: %w", err)
		}
		if i == len(events)-1 || events[i+1].Day != e.Day {
			days = append(days, e.Day)
			upTo = append(upTo, eh.Sum(nil))
		}
	}
	all := upTo[len(upTo)-1]
	through := func(day control.Day) []byte {
		// The events of the days up to day: k is how many days with events come before day+1.
		k := sort.Search(len(days), func(i int) bool { return days[i] > day })
		return upTo[k]
	}
	digest := func(parts ...[]byte) string {
		h := sha256.New()
		for _, p := range parts {
			fmt.Fprintf(h, "%d\n", len(p))
			h.Write(p)
		}
		return hex.EncodeToString(h.Sum(nil)[:16])
	}
	return func(addr string) string {
		_, rest := locale.ForPath(addr)
		if day, ok := oneDay(rest); ok {
			return digest([]byte(addr), through(day))
		}
		return digest([]byte(addr), all)
	}, nil
}

// dayFiles are the addresses (in the default language) of the files of
// one day that say nothing of later days.
var dayFiles = []string{"/day/:day/panel", "/day/:day/preview.png", "/api/v1/control/:day.json", "/api/v1/control/:day.geojson",
	"/api/v1/territory/:day.geojson"}

// oneDay reports the day of an address whose answer depends on the events
// up to that day only: a day's files, and a "what changed" page, by its
// later day.
func oneDay(p string) (control.Day, bool) {
	if rest, ok := strings.CutPrefix(p, "/changes/"); ok {
		from, to, ok := strings.Cut(rest, "/")
		if !ok {
			return 0, false
		}
		if _, err := control.ParseDay(from); err != nil {
			return 0, false
		}
		day, err := control.ParseDay(to)
		return day, err == nil
	}
	for _, form := range dayFiles {
		pre, _, _ := strings.Cut(form, ":day")
		if !strings.HasPrefix(p, pre) || len(p) < len(pre)+10 {
			continue
		}
		raw := p[len(pre) : len(pre)+10]
		if fill(form, raw) != p {
			continue
		}
		if day, err := control.ParseDay(raw); err == nil {
			return day, true
		}
	}
	return 0, false
}
