package main

import "testing"

// The section `just bench-scale` writes must survive both its own reruns and
// `just bench` rewriting the rest of BENCHMARKS.md.
func TestScaleBlock(t *testing.T) {
	block := func(body string) string { return scaleBegin + "\n" + body + "\n" + scaleEnd + "\n" }
	tests := []struct {
		name, doc, block, want string
	}{
		{"empty file", "", block("new"), block("new")},
		{"appended after the other sections", "# Benchmarks\n\nfigures\n", block("new"), "# Benchmarks\n\nfigures\n\n" + block("new")},
		{"replaced in place", "# B\n\n" + block("old") + "\n## After\n", block("new"), "# B\n\n" + block("new") + "\n## After\n"},
	}
	for _, tt := range tests {
		got := replaceScaleBlock(tt.doc, tt.block)
		if got != tt.want {
			t.Errorf("%s: replaceScaleBlock = %q, want %q", tt.name, got, tt.want)
		}
		if got, want := scaleBlock(got), tt.block; got != want {
			t.Errorf("%s: scaleBlock = %q, want %q", tt.name, got, want)
		}
	}
	if got := scaleBlock("# Benchmarks\n"); got != "" {
		t.Errorf("scaleBlock of a file without the section = %q, want empty", got)
	}
}

// pageParts finds a part by its opening tag and ends it at the matching
// closing tag, nested tags of the same name included.
func TestPageParts(t *testing.T) {
	svg := `<svg class="staticmap"><g><svg x="1"></svg></g><path/></svg>`
	html := "<main>" + svg + `<ol class="feed"><li>a</li></ol></main>`
	parts := pageParts(html)
	got := map[string]int{}
	for _, p := range parts {
		got[p.Name] = p.Raw
	}
	if got["static map SVG"] != len(svg) {
		t.Errorf("static map SVG = %d bytes, want %d", got["static map SVG"], len(svg))
	}
	if want := len(`<ol class="feed"><li>a</li></ol>`); got["feed"] != want {
		t.Errorf("feed = %d bytes, want %d", got["feed"], want)
	}
	if _, has := got["table"]; has {
		t.Errorf("table found in a page without one: %v", parts)
	}
}

// TestHandNotes: the part of BENCHMARKS.md written by hand is kept from its
// heading to the end, without a marked block a run writes itself.
func TestHandNotes(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"# B\n\n## Serving\nfigures\n", ""},
		{"# B\n\n" + scaleBegin + "\nx\n" + scaleEnd + "\n\n" + handHeading + "\n\n- a note\n\n## Along time\nmore\n", handHeading + "\n\n- a note\n\n## Along time\nmore\n"},
		{"# B\n\n" + handHeading + "\n- a note\n" + lhBegin + "\nlh\n" + lhEnd + "\n- another\n", handHeading + "\n- a note\n- another\n"},
	}
	for _, tt := range tests {
		if got := handNotes(tt.doc); got != tt.want {
			t.Errorf("handNotes(%q)\n got %q\nwant %q", tt.doc, got, tt.want)
		}
	}
}
