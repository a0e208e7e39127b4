package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"frontline/internal/control"
	"frontline/internal/draw"
	"frontline/internal/sqlite"
)

// syntheticServer is a server over n random places inside Syria, each with a
// baseline and one change of hands, so the land of a day has many holders.
func syntheticServer(b testing.TB, n int) *Server {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "f.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	factions := []string{"government", "hts", "sdf", "sna"}
	var batch sqlite.Batch
	for _, f := range factions {
		batch.Factions = append(batch.Factions, control.Faction{ID: f, Name: f, Short: f, Color: "#336699"})
	}
	first := control.MustDay("2024-11-26")
	for i := range n {
		p := control.Place{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("P%d", i), Kind: "town", Lat: 32.4 + rng.Float64()*4.8, Lon: 35.8 + rng.Float64()*6.4}
		batch.Places = append(batch.Places, p)
		src := []control.Source{{Outlet: "Synthetic"}}
		batch.Events = append(batch.Events,
			control.Event{ID: p.ID + "-a", Day: first, Place: p.ID, Kind: control.KindControl, Controller: "government", Status: control.StatusHeld, Confidence: control.Confirmed, Summary: "s", Sources: src},
			control.Event{ID: p.ID + "-b", Day: first.Add(1 + rng.IntN(20)), Place: p.ID, Kind: control.KindControl, Controller: factions[1+rng.IntN(3)], Status: control.StatusHeld, Confidence: control.Confirmed, Summary: "s", Sources: src})
	}
	if err := db.Import(ctx, batch, nil); err != nil {
		b.Fatal(err)
	}
	return newServerOn(b, db)
}

// BenchmarkTerritoryBuild measures the cells and the browser's territory
// file, built once per data version: the embedded data's 302 points and
// 10,000 synthetic places.
func BenchmarkTerritoryBuild(b *testing.B) {
	for _, n := range []int{0, 10_000} {
		name := "embedded"
		if n > 0 {
			name = fmt.Sprintf("places=%d", n)
		}
		b.Run(name, func(b *testing.B) {
			var s *Server
			if n == 0 {
				s, _ = newTestServer(b)
			} else {
				s = syntheticServer(b, n)
			}
			d, err := s.loadData(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := d.BuildTerritory(draw.Outline(s.countries), s.cfg.Region.Lat0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(d.Territory.Asset)), "asset-bytes")
		})
	}
}

// BenchmarkTerritoryGeoJSON measures the land of one day as GeoJSON
// (dissolve, fronts and encoding), uncached.
func BenchmarkTerritoryGeoJSON(b *testing.B) {
	for _, n := range []int{0, 10_000} {
		name := "embedded"
		if n > 0 {
			name = fmt.Sprintf("places=%d", n)
		}
		b.Run(name, func(b *testing.B) {
			var s *Server
			if n == 0 {
				s, _ = newTestServer(b)
			} else {
				s = syntheticServer(b, n)
			}
			d, err := s.loadData(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				day := control.MustDay("2024-11-26").Add(i % 36)
				if _, err := json.Marshal(s.territoryGeoJSON(d, day)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
