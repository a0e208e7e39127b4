package dataset

import (
	"io"
	"strings"
	"testing"
)

// hugeField is an events.csv whose second row's summary runs on for size
// bytes, made as it is read, so the test holds none of it.
type hugeField struct {
	head   *strings.Reader
	size   int
	served int
}

func (h *hugeField) Read(p []byte) (int, error) {
	if h.head.Len() > 0 {
		return h.head.Read(p)
	}
	if h.served >= h.size {
		return 0, io.EOF
	}
	n := min(len(p), h.size-h.served)
	for i := range p[:n] {
		p[i] = 'x'
	}
	h.served += n
	return n, nil
}

// TestHugeFieldRefusedEarly: a 50 MB field in a streamed import is
// refused, naming its line, after reading little more than the limit of
// one row, not the whole field.
func TestHugeFieldRefusedEarly(t *testing.T) {
	head := strings.Join(Headers[EventsFile], ",") + "\n" +
		"e1,2024-12-01,aleppo,,control,hts,held,,confirmed,A short one,\n" +
		"e2,2024-12-02,aleppo,,control,hts,held,,confirmed,\""
	src := &hugeField{head: strings.NewReader(head), size: 50 << 20}
	_, err := StreamFile("events.csv", src, Known{}, newRecordSink(), nil)
	if err == nil {
		t.Fatal("a 50 MB field was accepted")
	}
	if !strings.Contains(err.Error(), "events.csv:3") || !strings.Contains(err.Error(), "2000") {
		t.Errorf("the refusal %q does not name line 3 and the limit", err)
	}
	if src.served > 1<<20 {
		t.Errorf("%d bytes of the field were read before it was refused, want at most 1 MiB", src.served)
	}
}
