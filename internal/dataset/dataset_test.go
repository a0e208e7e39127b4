package dataset

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"frontline/data"
)

// A small valid data directory; each case below breaks one line of it.
var good = map[string]string{
	FactionsFile: "id,name,short,color\ngovernment,Syrian government,Government,#B2182B\nhts,HTS-led opposition,HTS,#1B7837\n",
	PlacesFile:   "id,name,name_ar,kind,lat,lon\nhoms,Homs,حمص,city,34.7268,36.7234\nhama,Hama,حماة,city,35.1318,36.7578\n",
	EventsFile: "id,day,place,kind,controller,status,challenger,confidence,summary\n" +
		"2024-11-26-homs-baseline,2024-11-26,homs,control,government,held,,confirmed,Held before the offensive.\n" +
		"2024-12-07-homs-contested,2024-12-07,homs,control,government,contested,hts,confirmed,Fighting inside.\n" +
		"2024-12-06-un,2024-12-06,,displacement,,,,confirmed,UN figure.\n",
	SourcesFile: "event,outlet,title,url,seed,quote\n" +
		"2024-11-26-homs-baseline,Frontline baseline,,,,Held before\n" +
		"2024-12-07-homs-contested,SOHR,,https://example.org/sohr,,inside some districts\n" +
		"2024-12-06-un,UN,Report,http://example.org/un,004_6c372f994df79183.txt,at least 370000\n",
}

func dir(edit func(map[string]string)) fstest.MapFS {
	files := map[string]string{}
	for k, v := range good {
		files[k] = v
	}
	if edit != nil {
		edit(files)
	}
	fs := fstest.MapFS{}
	for k, v := range files {
		fs[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fs
}

func replace(file, old, new string) func(map[string]string) {
	return func(m map[string]string) {
		if !strings.Contains(m[file], old) {
			panic("test edit does not apply: " + old)
		}
		m[file] = strings.Replace(m[file], old, new, 1)
	}
}

func readAndCheck(fs fstest.MapFS) error {
	ds, err := ReadDir(fs, ".", "data")
	if err != nil {
		return err
	}
	return Check(ds, Known{})
}

func TestGoodDirectory(t *testing.T) {
	ds, err := ReadDir(dir(nil), ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	nf, np, ne, ns := ds.Counts()
	if nf != 2 || np != 2 || ne != 3 || ns != 3 {
		t.Errorf("counts %d %d %d %d, want 2 2 3 3", nf, np, ne, ns)
	}
	if got, want := ds.Events[1].Seq, 3; got != want {
		t.Errorf("Seq of the event on line 3 = %d, want %d", got, want)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]string)
		want string // "file:line: fragment"
	}{
		{"unknown faction", replace(EventsFile, "government,contested,hts", "assad,contested,hts"), "data/events.csv:3: unknown faction id \"assad\""},
		{"unknown challenger", replace(EventsFile, "contested,hts", "contested,isis"), "data/events.csv:3: unknown faction id \"isis\" (challenger)"},
		{"unknown place", replace(EventsFile, "2024-12-07,homs", "2024-12-07,hims"), "data/events.csv:3: unknown place id \"hims\""},
		{"malformed date", replace(EventsFile, "2024-12-07,homs", "7/12/2024,homs"), "data/events.csv:3: day"},
		{"impossible date", replace(EventsFile, "2024-12-07,homs", "2024-02-30,homs"), "data/events.csv:3: day \"2024-02-30\""},
		{"duplicate event id", replace(EventsFile, "2024-12-06-un,", "2024-11-26-homs-baseline,"), "data/events.csv:4: duplicate event id \"2024-11-26-homs-baseline\" (first at line 2)"},
		{"duplicate place id", replace(PlacesFile, "hama,Hama", "homs,Hama"), "data/places.csv:3: duplicate place id \"homs\""},
		{"duplicate faction id", replace(FactionsFile, "hts,HTS-led", "government,HTS-led"), "data/factions.csv:3: duplicate faction id"},
		{"event without a source", replace(SourcesFile, "2024-12-06-un,UN", "2024-12-07-homs-contested,UN"), "data/events.csv:4: event \"2024-12-06-un\" has no source"},
		{"javascript url", replace(SourcesFile, "https://example.org/sohr", "javascript:alert(1)"), "data/sources.csv:3: url \"javascript:alert(1)\" is not an http(s) address"},
		{"data url", replace(SourcesFile, "https://example.org/sohr", `"data:text/html;base64,PHNjcmlwdD4="`), "data/sources.csv:3: url"},
		{"relative url", replace(SourcesFile, "https://example.org/sohr", "/etc/passwd"), "data/sources.csv:3: url"},
		{"coordinates outside", replace(PlacesFile, "34.7268,36.7234", "36.7234,-34.7268"), "data/places.csv:2: coordinates 36.7234,-34.7268 are outside Syria's neighbourhood"},
		{"challenger equals holder", replace(EventsFile, "government,contested,hts", "government,contested,government"), "data/events.csv:3: challenger \"government\" is the holder itself"},
		{"contested without challenger", replace(EventsFile, "government,contested,hts", "government,contested,"), "data/events.csv:3: status contested needs a challenger"},
		{"held with challenger", replace(EventsFile, "government,held,,confirmed", "government,held,hts,confirmed"), "data/events.csv:2: challenger \"hts\" given but status is held"},
		{"unknown kind", replace(EventsFile, ",displacement,", ",rumour,"), "data/events.csv:4: kind \"rumour\""},
		{"unknown confidence", replace(EventsFile, "hts,confirmed", "hts,likely"), "data/events.csv:3: confidence \"likely\""},
		{"control without place", replace(EventsFile, "2024-11-26,homs,control", "2024-11-26,,control"), "data/events.csv:2: a control event needs a place"},
		{"statement with controller", replace(EventsFile, ",displacement,,,,", ",displacement,hts,,,"), "data/events.csv:4: a displacement event changes no control"},
		{"bad id", replace(EventsFile, "2024-12-06-un,", "UN Figure,"), "data/events.csv:4: event id \"UN Figure\""},
		{"bad colour", replace(FactionsFile, "#1B7837", "green"), "data/factions.csv:3: colour \"green\""},
		{"wrong field count", replace(EventsFile, ",confirmed,UN figure.", ",confirmed,UN figure.,extra"), "data/events.csv:4: 10 fields, want 9"},
		{"wrong header", replace(PlacesFile, "id,name,name_ar", "id,title,name_ar"), "data/places.csv:1: header"},
		{"bare quote", replace(EventsFile, "Fighting inside.", "Fighting \"inside."), "data/events.csv:3: CSV syntax"},
		{"unknown event in sources", replace(SourcesFile, "2024-12-06-un,UN", "2024-12-06-unx,UN"), "data/sources.csv:4: unknown event id \"2024-12-06-unx\""},
		{"not utf-8", replace(PlacesFile, "حمص", "\xff\xfe"), "data/places.csv:2: not valid UTF-8"},
		{"seed without quote", replace(SourcesFile, "004_6c372f994df79183.txt,at least 370000", "004_6c372f994df79183.txt,"), "data/sources.csv:4: a source from a seed article must quote it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAndCheck(dir(tt.edit))
			if err == nil {
				t.Fatalf("no problem found, want %q", tt.want)
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not Problems", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant a line containing %q", err, tt.want)
			}
		})
	}
}

func TestAllProblemsReported(t *testing.T) {
	err := readAndCheck(dir(func(m map[string]string) {
		replace(EventsFile, "2024-12-07,homs", "2024-12-32,homs")(m)
		replace(SourcesFile, "https://example.org/sohr", "ftp://x")(m)
		replace(PlacesFile, "city,35.1318", "village,35.1318")(m)
	}))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v", err)
	}
	if len(ps) < 3 {
		t.Errorf("got %d problems, want every one of 3:\n%v", len(ps), err)
	}
	// Problems come in file order: factions, places, events, sources.
	if !strings.HasPrefix(ps[0].File, "data/places.csv") {
		t.Errorf("first problem in %s, want data/places.csv", ps[0].File)
	}
}

func TestReadFileByHeader(t *testing.T) {
	ds, err := ReadFile("new.csv", strings.NewReader(good[SourcesFile]))
	if err != nil {
		t.Fatal(err)
	}
	if !ds.Has(SourcesFile) || len(ds.Orphans()) != 3 {
		t.Errorf("sources file read as %+v", ds.Orphans())
	}
	// Sources for events the database knows are fine; others are not.
	if err := Check(ds, Known{Events: map[string]bool{"2024-11-26-homs-baseline": true, "2024-12-07-homs-contested": true, "2024-12-06-un": true}}); err != nil {
		t.Errorf("check against known events: %v", err)
	}
	if err := Check(ds, Known{}); err == nil || !strings.Contains(err.Error(), "new.csv:2: unknown event id") {
		t.Errorf("check with nothing known: %v", err)
	}
	if _, err := ReadFile("x.csv", strings.NewReader("a,b,c\n1,2,3\n")); err == nil || !strings.Contains(err.Error(), "x.csv:1: unknown header") {
		t.Errorf("unknown header: %v", err)
	}
	if _, err := ReadFile("e.csv", strings.NewReader("")); err == nil {
		t.Error("empty file accepted")
	}
}

// TestWriteRoundTrip writes the shipped dataset and reads it back unchanged.
func TestWriteRoundTrip(t *testing.T) {
	ds, err := ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	out := fstestFrom(t, ds)
	back, err := ReadDir(out, ".", "out")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Files {
		orig, _ := data.FS.ReadFile(name)
		if got := out[name].Data; !bytes.Equal(got, orig) {
			t.Errorf("%s written back differs from the shipped file", name)
		}
	}
	if len(back.Events) != len(ds.Events) {
		t.Errorf("%d events back, want %d", len(back.Events), len(ds.Events))
	}
}

func fstestFrom(t *testing.T, ds *Dataset) fstest.MapFS {
	t.Helper()
	fs := fstest.MapFS{}
	for _, name := range Files {
		var b bytes.Buffer
		if err := Write(&b, name, ds); err != nil {
			t.Fatal(err)
		}
		fs[name] = &fstest.MapFile{Data: b.Bytes()}
	}
	return fs
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://example.org/a?b=c", true},
		{"HTTP://EXAMPLE.ORG", true},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"data:text/html,x", false},
		{"https://", false},
		{"https:///path", false},
		{"https://a.org/\"><script>", false},
		{"//example.org", false},
	}
	for _, tt := range tests {
		if got := CheckURL(tt.url) == ""; got != tt.ok {
			t.Errorf("CheckURL(%q) ok = %v, want %v", tt.url, got, tt.ok)
		}
	}
}
