package control

import (
	"strings"
	"testing"
)

func ctl(id, day, place, controller string, st Status, challenger string, conf Confidence) Event {
	return Event{ID: id, Day: MustDay(day), Place: place, Kind: KindControl, Controller: controller, Status: st, Challenger: challenger, Confidence: conf}
}

func TestControlOn(t *testing.T) {
	base := []Event{
		ctl("a0", "2024-11-26", "aleppo", "government", StatusHeld, "", Confirmed),
		ctl("a1", "2024-11-29", "aleppo", "government", StatusContested, "hts", Confirmed),
		ctl("a2", "2024-11-30", "aleppo", "hts", StatusHeld, "", Confirmed),
		ctl("d0", "2024-11-26", "daraa", "government", StatusHeld, "", Confirmed),
		ctl("d1", "2024-12-06", "daraa", "sor", StatusHeld, "", Claimed),
		ctl("d2", "2024-12-07", "daraa", "sor", StatusHeld, "", Confirmed),
		{ID: "dx", Day: MustDay("2024-12-06"), Place: "daraa", Kind: KindDisputed, Controller: "hts", Status: StatusHeld, Confidence: Claimed},
		{ID: "s1", Day: MustDay("2024-12-08"), Place: "daraa", Kind: KindStatement, Confidence: Confirmed},
		// Two control events on one day: the later Seq wins.
		{ID: "t1", Day: MustDay("2024-12-08"), Seq: 2, Place: "manbij", Kind: KindControl, Controller: "sna", Status: StatusHeld, Confidence: Claimed},
		{ID: "t0", Day: MustDay("2024-12-08"), Seq: 1, Place: "manbij", Kind: KindControl, Controller: "sdf", Status: StatusContested, Challenger: "sna", Confidence: Confirmed},
		// A later claim of what a source confirmed changes nothing; a claim
		// of something else does.
		ctl("h0", "2024-11-26", "hama", "government", StatusHeld, "", Confirmed),
		ctl("h1", "2024-12-03", "hama", "government", StatusHeld, "", Claimed),
		ctl("h2", "2024-12-04", "hama", "government", StatusContested, "hts", Claimed),
		// Same day and Seq: the later id wins.
		{ID: "u-b", Day: MustDay("2024-12-01"), Place: "raqqa", Kind: KindControl, Controller: "sdf", Status: StatusHeld, Confidence: Confirmed},
		{ID: "u-a", Day: MustDay("2024-12-01"), Place: "raqqa", Kind: KindControl, Controller: "government", Status: StatusHeld, Confidence: Confirmed},
	}
	tests := []struct {
		name  string
		place string
		day   string
		want  Control
	}{
		{"before any event", "aleppo", "2024-11-25", Control{Place: "aleppo"}},
		{"place with no events", "idlib", "2024-12-06", Control{Place: "idlib"}},
		{"first day", "aleppo", "2024-11-26", Control{"aleppo", true, "government", StatusHeld, "", Confirmed, MustDay("2024-11-26"), "a0", 0, 0, ""}},
		{"between events", "aleppo", "2024-11-28", Control{"aleppo", true, "government", StatusHeld, "", Confirmed, MustDay("2024-11-26"), "a0", 0, 0, ""}},
		{"contested keeps since", "aleppo", "2024-11-29", Control{"aleppo", true, "government", StatusContested, "hts", Confirmed, MustDay("2024-11-26"), "a1", MustDay("2024-11-29"), 0, ""}},
		{"contested then held", "aleppo", "2024-11-30", Control{"aleppo", true, "hts", StatusHeld, "", Confirmed, MustDay("2024-11-30"), "a2", 0, 0, ""}},
		{"after the last event", "aleppo", "2099-01-01", Control{"aleppo", true, "hts", StatusHeld, "", Confirmed, MustDay("2024-11-30"), "a2", 0, 0, ""}},
		{"claimed", "daraa", "2024-12-06", Control{"daraa", true, "sor", StatusHeld, "", Claimed, MustDay("2024-12-06"), "d1", 0, MustDay("2024-12-06"), ""}},
		{"claimed then confirmed keeps since", "daraa", "2024-12-07", Control{"daraa", true, "sor", StatusHeld, "", Confirmed, MustDay("2024-12-06"), "d2", 0, 0, ""}},
		{"other kinds change nothing", "daraa", "2024-12-08", Control{"daraa", true, "sor", StatusHeld, "", Confirmed, MustDay("2024-12-06"), "d2", 0, 0, ""}},
		{"a claim of the confirmed state changes nothing", "hama", "2024-12-03", Control{"hama", true, "government", StatusHeld, "", Confirmed, MustDay("2024-11-26"), "h0", 0, 0, ""}},
		{"a claim of another state does", "hama", "2024-12-04", Control{"hama", true, "government", StatusContested, "hts", Claimed, MustDay("2024-11-26"), "h2", MustDay("2024-12-04"), MustDay("2024-12-04"), ""}},
		{"tie goes to later seq", "manbij", "2024-12-08", Control{"manbij", true, "sna", StatusHeld, "", Claimed, MustDay("2024-12-08"), "t1", 0, MustDay("2024-12-08"), ""}},
		{"tie on seq goes to later id", "raqqa", "2024-12-01", Control{"raqqa", true, "sdf", StatusHeld, "", Confirmed, MustDay("2024-12-01"), "u-b", 0, 0, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ControlOn(Place{ID: tt.place}, base, nil, MustDay(tt.day))
			if got != tt.want {
				t.Errorf("ControlOn(%s, %s)\n got %+v\nwant %+v", tt.place, tt.day, got, tt.want)
			}
		})
	}
}

func TestSnapshotOrder(t *testing.T) {
	places := []Place{{ID: "b"}, {ID: "a"}}
	events := []Event{ctl("x", "2024-12-01", "a", "hts", StatusHeld, "", Confirmed)}
	got := Snapshot(places, events, nil, MustDay("2024-12-02"))
	if len(got) != 2 || got[0].Place != "b" || got[0].Known || got[1].Controller != "hts" {
		t.Errorf("Snapshot = %+v, want b unknown then a held by hts", got)
	}
}

func TestIsSlug(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"homs", true}, {"deir-ez-zor", true}, {"2024-12-06-homs-walls", true}, {"a", true},
		{"", false}, {"Homs", false}, {"-homs", false}, {"homs-", false}, {"deir--ez", false},
		{"homs/../x", false}, {"حمص", false}, {"homs zor", false}, {strings.Repeat("a", 80), true}, {strings.Repeat("a", 81), false},
	}
	for _, tt := range tests {
		if got := IsSlug(tt.in); got != tt.want {
			t.Errorf("IsSlug(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestContestedSinceAndClaimedOn: a contest runs from its first day while
// holder and challenger stay; a new challenger starts a new one; a claim runs
// from its first day until a confirmation, and a new holder's claim starts
// its own.
func TestContestedSinceAndClaimedOn(t *testing.T) {
	p := Place{ID: "p"}
	ev := []Event{
		ctl("e1", "2024-11-26", "p", "government", StatusHeld, "", Confirmed),
		ctl("e2", "2024-12-01", "p", "government", StatusContested, "hts", Confirmed),
		ctl("e3", "2024-12-03", "p", "government", StatusContested, "hts", Confirmed),
		ctl("e4", "2024-12-04", "p", "government", StatusContested, "sna", Confirmed),
		ctl("e5", "2024-12-05", "p", "hts", StatusHeld, "", Claimed),
		ctl("e6", "2024-12-06", "p", "hts", StatusHeld, "", Claimed),
		ctl("e7", "2024-12-07", "p", "hts", StatusHeld, "", Confirmed),
		ctl("e8", "2024-12-09", "p", "sdf", StatusHeld, "", Claimed),
	}
	tests := []struct {
		day, contested, claimed string
	}{
		{"2024-11-30", "", ""},
		{"2024-12-01", "2024-12-01", ""},
		{"2024-12-03", "2024-12-01", ""},
		{"2024-12-04", "2024-12-04", ""},
		{"2024-12-05", "", "2024-12-05"},
		{"2024-12-06", "", "2024-12-05"},
		{"2024-12-07", "", ""},
		{"2024-12-09", "", "2024-12-09"},
	}
	ix := NewIndex([]Place{p}, ev, nil)
	str := func(d Day) string {
		if d == 0 {
			return ""
		}
		return d.String()
	}
	for _, tt := range tests {
		got := ControlOn(p, ev, nil, MustDay(tt.day))
		if str(got.ContestedSince) != tt.contested || str(got.ClaimedOn) != tt.claimed {
			t.Errorf("%s: contested since %q, claimed on %q; want %q, %q", tt.day, str(got.ContestedSince), str(got.ClaimedOn), tt.contested, tt.claimed)
		}
		if at := ix.At(MustDay(tt.day))[0]; at != got {
			t.Errorf("%s: index %+v, rule %+v", tt.day, at, got)
		}
	}
}
