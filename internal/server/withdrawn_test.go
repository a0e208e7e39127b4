package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestWithdrawalShown: after the government's withdrawal of 8 December the
// places it still held have no holder in the API, the table says who left,
// the land is not shaded, and the day before nothing of this shows.
func TestWithdrawalShown(t *testing.T) {
	s, _ := newTestServer(t)
	type place struct {
		ID         string  `json:"id"`
		Controller *string `json:"controller"`
		Status     *string `json:"status"`
		Since      *string `json:"since"`
		Left       string  `json:"left"`
	}
	control := func(day string) map[string]place {
		var body struct {
			Places []place `json:"places"`
		}
		if err := json.Unmarshal(get(t, s, "/api/v1/control?day="+day).Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		out := map[string]place{}
		for _, p := range body.Places {
			out[p.ID] = p
		}
		return out
	}
	before, after := control("2024-12-07"), control("2024-12-15")
	if p := before["tiyas-airbase"]; p.Controller == nil || *p.Controller != "government" || p.Left != "" {
		t.Errorf("7 Dec, T4: controller %v, left %q; want government, no withdrawal", p.Controller, p.Left)
	}
	p := after["tiyas-airbase"]
	if p.Controller != nil || p.Status == nil || *p.Status != "withdrawn" || p.Left != "government" || p.Since == nil || *p.Since != "2024-12-08" {
		t.Errorf("15 Dec, T4: %+v; want no controller, status withdrawn, left government, since 2024-12-08", p)
	}
	// Places others hold are not touched by the withdrawal.
	if p := after["aleppo"]; p.Controller == nil || *p.Controller != "hts" || p.Left != "" {
		t.Errorf("15 Dec, Aleppo: %+v; want hts", p)
	}
	for _, p := range after {
		if p.Controller != nil && *p.Controller == "government" {
			t.Errorf("15 Dec: %s still credited to the government", p.ID)
		}
	}

	for _, tt := range []struct{ path, want string }{
		{"/day/2024-12-15", "after Government withdrew"},
		{"/ar/day/2024-12-15", "بعد انسحاب الحكومة"},
		{"/place/tiyas-airbase", "withdrew: the places it held have no known holder"},
	} {
		if body := get(t, s, tt.path).Body.String(); !strings.Contains(body, tt.want) {
			t.Errorf("%s lacks %q", tt.path, tt.want)
		}
	}
	if body := get(t, s, "/day/2024-12-07").Body.String(); strings.Contains(body, "after Government withdrew") {
		t.Error("/day/2024-12-07 speaks of a withdrawal before it happened")
	}
}
