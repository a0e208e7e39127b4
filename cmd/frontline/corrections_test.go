package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRefusesBadCorrections: an address that is not mailto: or https:
// stops `serve` before it opens (or creates) the database, from the flag
// and from the environment alike.
func TestServeRefusesBadCorrections(t *testing.T) {
	for _, tc := range []struct {
		name string
		flag []string
		env  string
	}{
		{"flag", []string{"--corrections", "javascript:alert(1)"}, ""},
		{"environment", nil, "http://example.org/corrections"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("FRONTLINE_CORRECTIONS", tc.env)
			db := filepath.Join(t.TempDir(), "f.db")
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tc.flag...)
			err := run(context.Background(), args, strings.NewReader(""), io.Discard, io.Discard)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--corrections") || !strings.Contains(err.Error(), "mailto:") {
				t.Fatalf("serve %v with FRONTLINE_CORRECTIONS=%q: error %v, want a usage error about --corrections", tc.flag, tc.env, err)
			}
			if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the database was created before the address was refused (stat: %v)", err)
			}
		})
	}
}
