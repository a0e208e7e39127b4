package server

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

// inlineScript finds a script element with content and no src: JSON data
// scripts (type="application/json") are not run, so they are left out.
var inlineScript = regexp.MustCompile(`<script(?: data-preload="[^"]*")?>([^<]*)</script>`)

// TestInlineScriptsAllowedByHash: the day page's one inline script (the
// boot script, which marks the page as scripted before its first layout) is
// in the head and allowed by the Content-Security-Policy by its hash, and
// the policy allows no inline script that a page does not carry.
func TestInlineScriptsAllowedByHash(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path string
		want int // inline scripts on the page
	}{
		{"/day/2024-12-08", 1},
		{"/ar/day/2024-12-08", 1},
		{"/place/aleppo", 0},
		{"/about", 0},
	} {
		rec := get(t, s, tc.path)
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", tc.path, rec.Code)
		}
		body := rec.Body.String()
		scripts := inlineScript.FindAllStringSubmatch(body, -1)
		if got := len(scripts); got != tc.want {
			t.Fatalf("%s: %d inline scripts, want %d", tc.path, got, tc.want)
		}
		src := directive(rec.Header().Get("Content-Security-Policy"), "script-src")
		for _, m := range scripts {
			sum := sha256.Sum256([]byte(m[1]))
			if hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(src, hash) {
				t.Errorf("%s: %q is not allowed by %q (want %s)", tc.path, m[1], src, hash)
			}
			if head := body[:strings.Index(body, "</head>")]; !strings.Contains(head, m[0]) {
				t.Errorf("%s: the inline script is not in the head", tc.path)
			}
		}
		if got := strings.Count(src, "'sha256-"); got != 1 {
			t.Errorf("%s: script-src %q allows %d hashes, want the boot script's only", tc.path, src, got)
		}
	}
}
