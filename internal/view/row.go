package view

import (
	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/web"
)

// Row is the state of one place as a table row: the one constructor of
// rows, for the day page, the place page and the list of places.
func Row(l *locale.Locale, d *snapshot.Data, p control.Place, st control.Control) web.Row {
	r := web.Row{PlaceID: p.ID, Name: p.Name, NameAR: p.NameAR, Kind: p.Kind, Known: st.Known}
	if st.Known {
		r.Holder = Faction(l, d, st.Controller)
		r.Status = string(st.Status)
		r.Challenger = Faction(l, d, st.Challenger)
		r.Since = st.Since.String()
		r.SinceLong = ShortDay(l, st.Since)
		r.Confidence = string(st.Confidence)
		if st.ContestedSince != 0 {
			r.ContestedSince, r.ContestedSinceLong = st.ContestedSince.String(), ShortDay(l, st.ContestedSince)
		}
		if st.ClaimedOn != 0 {
			r.ClaimedOn, r.ClaimedOnLong = st.ClaimedOn.String(), ShortDay(l, st.ClaimedOn)
		}
	} else if st.Left != "" {
		r.Left = Faction(l, d, st.Left)
		r.Since = st.Since.String()
		r.SinceLong = ShortDay(l, st.Since)
	}
	// The parts that already held on the data's first day, which the
	// pages say as such rather than as a beginning.
	if d.HasDays {
		r.SinceStart = st.Since == d.First
		r.ContestedSinceStart = st.ContestedSince != 0 && st.ContestedSince == d.First
	}
	return r
}

// Side is the state of a place on one end of a comparison.
func Side(l *locale.Locale, d *snapshot.Data, st control.Control) web.Side {
	if !st.Known {
		if st.Left != "" {
			return web.Side{Left: Faction(l, d, st.Left)}
		}
		return web.Side{}
	}
	return web.Side{Known: true, Holder: Faction(l, d, st.Controller), Status: string(st.Status),
		Challenger: Faction(l, d, st.Challenger), Confidence: string(st.Confidence)}
}
