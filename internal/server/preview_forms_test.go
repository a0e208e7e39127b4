package server

import (
	"testing"

	"frontline/internal/locale"
	"frontline/internal/preview"
)

// TestPreviewArabicForms draws nothing but shapes every string the Arabic
// preview of every day of the embedded data draws (faction and place names,
// countries, weekdays and months, headlines, keys) and checks each Arabic
// letter's glyph against the joining form the font's own GSUB gives it.
func TestPreviewArabicForms(t *testing.T) {
	s, _ := newTestServer(t)
	d, err := s.loadData(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ar := locale.Get("ar")
	if ar == nil {
		t.Fatal("no Arabic locale")
	}
	seen := map[string]bool{}
	for day := d.First; day <= d.Last; day = day.Add(1) {
		for _, text := range s.previewInput(ar, d, day, d.Index.At(day)).Texts() {
			seen[text] = true
		}
	}
	if len(seen) < 30 {
		t.Fatalf("got %d strings to shape, want the whole preview's (at least 30)", len(seen))
	}
	t.Logf("%d strings shaped", len(seen))
	for text := range seen {
		problems, err := preview.FormErrors(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
	}
}
