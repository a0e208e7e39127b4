package view

import (
	"reflect"
	"testing"

	"frontline/web"
)

// TestSpans: a changelog cell's `code` marks become code spans; a mark
// without its pair stays text.
func TestSpans(t *testing.T) {
	tests := []struct {
		in   string
		want web.Cell
	}{
		{"", nil},
		{"plain", web.Cell{{Text: "plain"}}},
		{"`sor`", web.Cell{{Text: "sor", Code: true}}},
		{"`suwayda` (new)", web.Cell{{Text: "suwayda", Code: true}, {Text: " (new)"}}},
		{"seen ` once", web.Cell{{Text: "seen ` once"}}},
	}
	for _, tt := range tests {
		if got := spans(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("spans(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
