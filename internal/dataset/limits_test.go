package dataset

import (
	"strings"
	"testing"
)

// TestReadRefusesHostileFields: control characters, user info in URLs,
// oversized fields and absurd years are refused with file:line.
func TestReadRefusesHostileFields(t *testing.T) {
	const evHead = "id,day,place,kind,controller,status,challenger,confidence,summary\n"
	const srcHead = "event,outlet,title,url,seed,quote\n"
	tests := []struct {
		name, file, want string
	}{
		{"NUL", evHead + "2024-12-06-x,2024-12-06,,statement,,,,claimed,a\x00b\n", "control character U+0000"},
		{"ESC", evHead + "2024-12-06-x,2024-12-06,,statement,,,,claimed,a\x1b[31mb\n", "control character U+001B"},
		{"C1", evHead + "2024-12-06-x,2024-12-06,,statement,,,,claimed,a\u0085b\n", "control character U+0085"},
		{"huge field", evHead + "2024-12-06-x,2024-12-06,,statement,,,,claimed," + strings.Repeat("a", MaxField+1) + "\n", "more than the limit"},
		{"year 0001", evHead + "0001-12-06-x,0001-12-06,,statement,,,,claimed,a\n", "the year must be from"},
		{"year 9999", evHead + "9999-12-06-x,9999-12-06,,statement,,,,claimed,a\n", "the year must be from"},
		{"user info", srcHead + "2024-12-06-x,BBC,t,https://bbc.co.uk@evil.example/,,\n", "user name before @"},
	}
	for _, tt := range tests {
		_, err := ReadFile("f.csv", strings.NewReader(tt.file))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "f.csv:2") {
			t.Errorf("%s: %v, want an error at f.csv:2 saying %q", tt.name, err, tt.want)
		}
	}
	// Tabs and line breaks inside a field, and the limits themselves, pass.
	ok := evHead + "2024-12-06-x,2024-12-06,,statement,,,,claimed,\"one\ttwo\nthree " + strings.Repeat("a", MaxField-20) + "\"\n"
	if _, err := ReadFile("f.csv", strings.NewReader(ok)); err != nil {
		t.Errorf("a field with a tab and a line break within the limit: %v", err)
	}
}
