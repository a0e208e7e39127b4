package symbol

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The stylesheet draws the outlines of every state's swatch (app.css's .sw)
// in its --ink and --paper, so they must be the Ink and Paper that the
// markers, the land and the preview images are drawn in.
func TestStylesheetInkAndPaper(t *testing.T) {
	css, err := os.ReadFile("../../assets/css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, want string }{{"--ink", Ink}, {"--paper", Paper}} {
		m := regexp.MustCompile(`(?m)^\s*` + tt.name + `:\s*(#[0-9a-fA-F]+);`).FindSubmatch(css)
		if m == nil {
			t.Errorf("app.css defines no %s", tt.name)
			continue
		}
		if got := string(m[1]); !strings.EqualFold(got, tt.want) {
			t.Errorf("app.css %s = %s, internal/symbol has %s", tt.name, got, tt.want)
		}
	}
}
