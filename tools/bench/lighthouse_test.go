package main

import (
	"strings"
	"testing"
)

func TestParseLighthouse(t *testing.T) {
	report := `{"categories": {"performance": {"score": 0.87}, "accessibility": {"score": 1}, "best-practices": {"score": 1}, "seo": {"score": 0.92}},
		"audits": {"total-blocking-time": {"title": "Total Blocking Time", "score": 0.5, "numericValue": 420.5, "displayValue": "420 ms"},
			"largest-contentful-paint": {"title": "LCP", "score": 0.95, "numericValue": 2100, "displayValue": "2.1 s"},
			"dom-size": {"title": "Avoid an excessive DOM size", "score": 0, "numericValue": 2282, "displayValue": "2,282 elements"}}}`
	got, err := parseLighthouse([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	if got.Performance != 87 || got.Accessibility != 100 || got.SEO != 92 || got.TBTms != 420.5 || got.LCPms != 2100 || got.DOMSize != 2282 {
		t.Errorf("got %+v", got)
	}
	// Failing audits, worst first; LCP passes and is left out.
	if len(got.Culprits) != 2 || !strings.Contains(got.Culprits[0], "dom-size") || !strings.Contains(got.Culprits[1], "total-blocking-time") {
		t.Errorf("culprits %q, want dom-size then total-blocking-time", got.Culprits)
	}
	if _, err := parseLighthouse([]byte(`{"runtimeError": {"code": "NO_FCP", "message": "no paint"}}`)); err == nil {
		t.Error("a report with a runtime error parsed without error")
	}
}

func TestMedianRun(t *testing.T) {
	got := medianRun([]lhRun{{Performance: 80, TBTms: 300}, {Performance: 95, TBTms: 100}, {Performance: 90, TBTms: 150}})
	if got.Performance != 90 || got.TBTms != 150 {
		t.Errorf("median of three runs: %+v, want performance 90 and TBT 150", got)
	}
}

func TestReplaceBlock(t *testing.T) {
	doc := "# B\n\n" + lhBegin + "\nold\n" + lhEnd + "\ntail\n"
	got := replaceBlock(doc, lhBegin+"\nnew\n"+lhEnd+"\n", lhBegin, lhEnd)
	if want := "# B\n\n" + lhBegin + "\nnew\n" + lhEnd + "\ntail\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := markedBlock(got, lhBegin, lhEnd); got != lhBegin+"\nnew\n"+lhEnd+"\n" {
		t.Errorf("markedBlock: %q", got)
	}
}
