package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressDrawsOnlyOnATerminal(t *testing.T) {
	var tty bytes.Buffer
	p := &progress{w: &tty, tty: true, start: time.Now().Add(-time.Second)}
	p.update(5000, 20000)
	p.update(20000, 20000)
	p.done()
	out := tty.String()
	for _, want := range []string{"\r[#######", "5000/20000 events  25%", "20000/20000 events 100%", "/s", "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal output %q lacks %q", out, want)
		}
	}
	// A pipe or a file gets nothing, and neither does a small import.
	var pipe bytes.Buffer
	q := newProgress(&pipe)
	q.update(5000, 20000)
	q.done()
	small := &progress{w: &pipe, tty: true, start: time.Now()}
	small.update(10, 20)
	small.done()
	if pipe.Len() != 0 {
		t.Errorf("non-terminal output %q, want none", pipe.String())
	}
}
