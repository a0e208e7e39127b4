package sqlite

import (
	"errors"
	"strings"
	"testing"
)

type codeErr int

func (c codeErr) Error() string { return "disk I/O error" }
func (c codeErr) Code() int     { return int(c) }

// TestExplainDiskFull: the I/O error a full disk gives at the first open
// (SQLITE_IOERR_SHMSIZE, 4874) says the disk is full when it is, and only
// then.
func TestExplainDiskFull(t *testing.T) {
	defer func(f func(string) (uint64, error)) { freeBytes = f }(freeBytes)
	tests := []struct {
		code int
		free uint64
		full bool
	}{
		{4874, 0, true},
		{4874, 1 << 30, false},
		{13, 1 << 30, true}, // SQLITE_FULL says so itself
		{11, 0, false},      // a corrupt file is not a full disk
	}
	for _, tt := range tests {
		freeBytes = func(string) (uint64, error) { return tt.free, nil }
		err := explain("/srv/f.db", errors.Join(codeErr(tt.code)))
		if got := strings.Contains(err.Error(), "is full"); got != tt.full {
			t.Errorf("code %d, %d bytes free: %q; says full %v, want %v", tt.code, tt.free, err, got, tt.full)
		}
		if !strings.Contains(err.Error(), "/srv/f.db") {
			t.Errorf("code %d: %q does not name the file", tt.code, err)
		}
	}
}
