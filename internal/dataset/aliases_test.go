package dataset

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"frontline/data"
	"frontline/internal/control"
)

// withAliases is the good directory with an aliases file.
func withAliases(text string) func(map[string]string) {
	return func(m map[string]string) { m[AliasesFile] = "place,name,source\n" + text }
}

func TestAliasesRead(t *testing.T) {
	ds, err := ReadDir(dir(withAliases("homs,Hims,geonames:169577\nhoms,حمص المدينة,geonames:169577\n")), ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	want := []control.Alias{{Place: "homs", Name: "Hims", Source: "geonames:169577"}, {Place: "homs", Name: "حمص المدينة", Source: "geonames:169577"}}
	if !reflect.DeepEqual(ds.Aliases, want) {
		t.Errorf("aliases: got %+v, want %+v", ds.Aliases, want)
	}
	var b bytes.Buffer
	if err := Write(&b, AliasesFile, ds); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "place,name,source\nhoms,Hims,geonames:169577\nhoms,حمص المدينة,geonames:169577\n"; got != want {
		t.Errorf("written back:\n%s\nwant\n%s", got, want)
	}
}

// Each bad row of an aliases file is reported with its file and line.
func TestAliasesProblems(t *testing.T) {
	tests := []struct {
		rows, want string
	}{
		{"palmyra,Tadmur,geonames:163345\n", `data/aliases.csv:2: alias "Tadmur" names unknown place id "palmyra"`},
		{"homs,,geonames:169577\n", "data/aliases.csv:2: alias needs a name"},
		{"homs,Hims,\n", "data/aliases.csv:2: alias needs a source"},
		{"homs,Hims,geonames:169577\nhoms,HIMS,geonames:169577\n", `data/aliases.csv:3: alias "HIMS" of "homs" is the same name as at line 2`},
		{"homs,حماة,x\nhoms,حماه,y\n", `data/aliases.csv:3: alias "حماه" of "homs" is the same name as at line 2`},
		{"Homs!,Hims,x\n", "data/aliases.csv:2: place id"},
	}
	for _, tt := range tests {
		err := readAndCheck(dir(withAliases(tt.rows)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("rows %q: got %v, want %q", tt.rows, err, tt.want)
		}
	}
}

// The embedded aliases all name a place and come with a source.
func TestEmbeddedAliases(t *testing.T) {
	ds, err := ReadDir(data.FS, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ds, Known{}); err != nil {
		t.Fatal(err)
	}
	if len(ds.Aliases) == 0 {
		t.Fatal("the embedded dataset has no aliases")
	}
}
