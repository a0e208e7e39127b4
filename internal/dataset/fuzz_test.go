package dataset

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"frontline/internal/control"
)

// FuzzReadFile checks that ReadFile never panics, that every problem names
// the file and a line inside it (0 for the whole file), and that a file read
// without problems holds only valid records.
func FuzzReadFile(f *testing.F) {
	for _, name := range Files {
		b, err := os.ReadFile(filepath.Join("..", "..", "data", name))
		if errors.Is(err, os.ErrNotExist) {
			continue // every data file is optional
		}
		if err != nil {
			f.Fatal(err)
		}
		lines := bytes.SplitAfter(b, []byte("\n"))
		f.Add(bytes.Join(lines[:min(len(lines), 4)], nil))
	}
	for _, s := range []string{
		"",
		"\xef\xbb\xbfid,name,short,color\r\ngov,Government,Gov,#B2182B\r\n",
		"id,name,short,color\ngov,Government,Gov,#B2182B\ngov,Again,Gov,#000000\n",
		"id,name,short,color\n\"unterminated,quote\n",
		"id,name,name_ar,kind,lat,lon\naleppo,Aleppo,حلب,city,NaN,Inf\n",
		"id,name,name_ar,kind,lat,lon\naleppo,Aleppo,حلب,city,36.2,37.1,extra\n",
		"id,day,place,kind,controller,status,challenger,confidence,summary\ne1,2024-12-06,aleppo,control,hts,contested,hts,claimed,x\n",
		"id,day,place,kind,controller,status,challenger,confidence,summary\ne1,0000-01-01,,strike,,,,confirmed,\" \"\n",
		"id,day,place,kind,controller,status,challenger,confidence,summary\ne1,2024-12-06,,statement,,,,confirmed,<script>alert(1)</script>\n",
		"id,day,place,area,kind,controller,status,challenger,confidence,summary\ne1,2025-01-29,,,control,transitional,succession,hts,confirmed,x\ne2,2025-01-30,,,control,hts,succession,hts,confirmed,x\n",
		"id,day,place,kind,controller,status,challenger,confidence,summary\ne1,2025-04-01,tishrin-dam,control,sdf,joint,transitional,confirmed,x\ne2,2025-04-01,aleppo,disputed,sdf,joint,,claimed,x\n",
		// A valid succession, which an earlier version of the checks below refused (found by the fuzzer).
		"id,day,place,area,kind,controller,status,challenger,confidence,summary\n0,2011-01-01,,,control,0,succession,1,confirmed,0",
		"event,outlet,title,url,seed,quote\ne1,Outlet,,javascript:alert(1),,\n",
		"event,outlet,title,url,seed,quote\ne1,Outlet,,https:///x,000_02a8d958f0e5c51b.txt,\n",
		"event,outlet,title,url,seed,quote\n,,,,,\n",
		"id,name,short,color\n\xff\xfe\n",
		"not,a,header\n1,2,3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const shown = "fuzz.csv"
		ds, err := ReadFile(shown, bytes.NewReader(data))
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not Problems", err)
			}
			if len(ps) == 0 {
				t.Fatal("empty Problems returned as an error")
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, p := range ps {
				if got, want := p.File, shown; got != want {
					t.Errorf("problem %q names file %q, want %q", p, got, want)
				}
				if p.Line < 0 || p.Line > lines {
					t.Errorf("problem %q at line %d, want 0 or 1..%d", p, p.Line, lines)
				}
				if strings.TrimSpace(p.Msg) == "" {
					t.Errorf("problem at %s has no message", p.Pos)
				}
				if len(p.Msg) > 1000 {
					t.Errorf("problem at %s has a %d-byte message, want it clipped", p.Pos, len(p.Msg))
				}
			}
			return
		}
		for _, fa := range ds.Factions {
			if !control.IsSlug(fa.ID) || !isColor(fa.Color) || strings.TrimSpace(fa.Name) == "" || strings.TrimSpace(fa.Short) == "" {
				t.Errorf("accepted an invalid faction %+v", fa)
			}
		}
		for _, p := range ds.Places {
			if !control.IsSlug(p.ID) || strings.TrimSpace(p.Name) == "" || (!slices.Contains(control.PlaceKinds, p.Kind) && p.Kind != control.KindLocality) ||
				!(control.Box{-180, -90, 180, 90}).Contains(p.Lon, p.Lat) {
				t.Errorf("accepted an invalid place %+v", p)
			}
		}
		for _, e := range ds.Events {
			checkFuzzEvent(t, e)
		}
		for id, ss := range ds.Orphans() {
			if id == "" {
				t.Errorf("accepted sources with no event id")
			}
			for _, s := range ss {
				checkFuzzSource(t, s)
			}
		}
	})
}

func checkFuzzEvent(t *testing.T, e control.Event) {
	t.Helper()
	if !control.IsSlug(e.ID) {
		t.Errorf("accepted event id %q", e.ID)
	}
	if e.Day < control.MinDay || e.Day > control.MaxDay {
		t.Errorf("event %s: day %d out of range", e.ID, e.Day)
	}
	if d, err := control.ParseDay(e.Day.String()); err != nil || d != e.Day {
		t.Errorf("event %s: day %s does not round-trip", e.ID, e.Day)
	}
	if !e.Kind.Valid() || !e.Confidence.Valid() || strings.TrimSpace(e.Summary) == "" {
		t.Errorf("accepted event %+v", e)
	}
	if e.Kind.CarriesControl() {
		if e.Controller == "" {
			t.Errorf("accepted %s event %s with no controller", e.Kind, e.ID)
		}
		// A succession reaches every place the ended faction held, so it
		// names neither; every other event names exactly one.
		if succession := e.Status == control.StatusSuccession; succession && (e.Place != "" || e.Area != "") ||
			!succession && (e.Place == "") == (e.Area == "") {
			t.Errorf("accepted %s event %s (status %q) with place %q and area %q", e.Kind, e.ID, e.Status, e.Place, e.Area)
		}
		switch e.Status {
		case control.StatusHeld, control.StatusWithdrawn:
			if e.Challenger != "" {
				t.Errorf("accepted %s event %s with a challenger", e.Status, e.ID)
			}
			if e.Status == control.StatusWithdrawn && e.Kind != control.KindControl {
				t.Errorf("accepted a withdrawal %s of kind %s", e.ID, e.Kind)
			}
		case control.StatusContested, control.StatusJoint, control.StatusSuccession:
			if e.Challenger == "" || e.Challenger == e.Controller {
				t.Errorf("accepted %s event %s with challenger %q", e.Status, e.ID, e.Challenger)
			}
			if e.Status == control.StatusSuccession && e.Kind != control.KindControl {
				t.Errorf("accepted a succession %s of kind %s", e.ID, e.Kind)
			}
		default:
			t.Errorf("accepted event %s with status %q", e.ID, e.Status)
		}
	} else if e.Controller != "" || e.Status != "" || e.Challenger != "" {
		t.Errorf("accepted %s event %s that carries control", e.Kind, e.ID)
	}
	for _, s := range e.Sources {
		checkFuzzSource(t, s)
	}
}

func checkFuzzSource(t *testing.T, s control.Source) {
	t.Helper()
	if strings.TrimSpace(s.Outlet) == "" {
		t.Errorf("accepted a source with no outlet: %+v", s)
	}
	if s.URL != "" && CheckURL(s.URL) != "" {
		t.Errorf("accepted source URL %q", s.URL)
	}
	if s.Seed != "" && (!seedName(s.Seed) || strings.TrimSpace(s.Quote) == "") {
		t.Errorf("accepted seed %q with quote %q", s.Seed, s.Quote)
	}
}
