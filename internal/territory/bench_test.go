package territory

import (
	"math/rand/v2"
	"testing"
)

// benchSites are deterministic random sites in Syria's bounding box.
func benchSites(n int) []Point { return randomSites(42, n, 35.7, 32.3, 42.4, 37.3) }

// benchGroups holds sites in four regions by longitude and latitude, with
// one in twenty held by a random other group, as enclaves, and one in fifty
// not drawn.
func benchGroups(sites []Point) []int {
	r := rand.New(rand.NewPCG(3, 3))
	g := make([]int, len(sites))
	for i, s := range sites {
		g[i] = 0
		if s[0] > 38.5 {
			g[i] = 1
		}
		if s[1] > 35.5 {
			g[i] += 2
		}
		switch r.IntN(100) {
		case 0, 1:
			g[i] = -1
		case 2, 3, 4, 5, 6:
			g[i] = r.IntN(4)
		}
	}
	return g
}

func benchBuild(b *testing.B, n int) {
	outline, sites := syriaOutline(b), benchSites(n)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(outline, sites, lat0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild300(b *testing.B) { benchBuild(b, 300) }
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000) }

func BenchmarkDissolve10k(b *testing.B) {
	sites := benchSites(10000)
	c, err := Build(syriaOutline(b), sites, lat0)
	if err != nil {
		b.Fatal(err)
	}
	g := benchGroups(sites)
	b.ReportAllocs()
	for b.Loop() {
		if d := c.Dissolve(g); len(d) != 4 {
			b.Fatalf("Dissolve: %d groups, want 4", len(d))
		}
	}
}

func BenchmarkFronts10k(b *testing.B) {
	sites := benchSites(10000)
	c, err := Build(syriaOutline(b), sites, lat0)
	if err != nil {
		b.Fatal(err)
	}
	g := benchGroups(sites)
	b.ReportAllocs()
	for b.Loop() {
		if f := c.Fronts(g); len(f) == 0 {
			b.Fatal("Fronts: none")
		}
	}
}
