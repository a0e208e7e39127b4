package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"

	"frontline/internal/control"
)

// The packed timeline is what Timeline returns, in one blob: a magic line,
// a table of the strings that repeat (places, areas, factions, statuses,
// confidences), every event id end to end, then per event its id's length,
// day, seq and the table positions of its place, area, controller, status,
// challenger and confidence, all as varints. Decoding makes one string for
// all the ids and shares the table's strings, so a million events cost a
// few allocations rather than millions of driver calls.
const packedMagic = "frontline-timeline-1\n"

// packTimeline reads the control events in tx and stores them packed for
// version, replacing the blob of an earlier version.
func packTimeline(ctx context.Context, tx *sql.Tx, version int64) error {
	table := map[string]uint64{}
	var strs []string
	ref := func(s string) uint64 {
		i, ok := table[s]
		if !ok {
			i = uint64(len(strs))
			table[s] = i
			strs = append(strs, s)
		}
		return i
	}
	var ids, body bytes.Buffer
	var buf [binary.MaxVarintLen64]byte
	uv := func(w *bytes.Buffer, v uint64) { w.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	n := 0
	err := eachTimelineRow(ctx, tx, func(e control.Event) error {
		ids.WriteString(e.ID)
		uv(&body, uint64(len(e.ID)))
		body.Write(buf[:binary.PutVarint(buf[:], int64(e.Day))])
		body.Write(buf[:binary.PutVarint(buf[:], int64(e.Seq))])
		for _, s := range []string{e.Place, e.Area, e.Controller, string(e.Status), e.Challenger, string(e.Confidence)} {
			uv(&body, ref(s))
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	var out bytes.Buffer
	out.Grow(len(packedMagic) + ids.Len() + body.Len() + 64)
	out.WriteString(packedMagic)
	uv(&out, uint64(len(strs)))
	for _, s := range strs {
		uv(&out, uint64(len(s)))
		out.WriteString(s)
	}
	uv(&out, uint64(n))
	uv(&out, uint64(ids.Len()))
	out.Write(ids.Bytes())
	out.Write(body.Bytes())
	if _, err := tx.ExecContext(ctx, `INSERT INTO packed (name, version, data) VALUES ('timeline', ?, ?)
		ON CONFLICT (name) DO UPDATE SET version = excluded.version, data = excluded.data`, version, out.Bytes()); err != nil {
		return fmt.Errorf("store packed timeline: %w", err)
	}
	return nil
}

var errPacked = errors.New("malformed")

// unpackTimeline decodes what packTimeline stored.
func unpackTimeline(b []byte) ([]control.Event, error) {
	rest, ok := bytes.CutPrefix(b, []byte(packedMagic))
	if !ok {
		return nil, fmt.Errorf("%w: no magic line", errPacked)
	}
	bad := false
	uv := func() uint64 {
		v, k := binary.Uvarint(rest)
		if k <= 0 {
			bad = true
			return 0
		}
		rest = rest[k:]
		return v
	}
	sv := func() int64 {
		v, k := binary.Varint(rest)
		if k <= 0 {
			bad = true
			return 0
		}
		rest = rest[k:]
		return v
	}
	take := func(n uint64) string {
		if bad || n > uint64(len(rest)) {
			bad = true
			return ""
		}
		s := string(rest[:n])
		rest = rest[n:]
		return s
	}
	strs := make([]string, min(uv(), uint64(len(rest))))
	for i := range strs {
		strs[i] = take(uv())
	}
	count := uv()
	if bad || count > uint64(len(rest)) {
		return nil, fmt.Errorf("%w: event count", errPacked)
	}
	ids := take(uv())
	str := func() string {
		i := uv()
		if i >= uint64(len(strs)) {
			bad = true
			return ""
		}
		return strs[i]
	}
	out := make([]control.Event, count)
	at := 0
	for i := range out {
		e := &out[i]
		l := int(uv())
		if bad || at+l > len(ids) {
			return nil, fmt.Errorf("%w: event %d", errPacked, i)
		}
		e.ID, at = ids[at:at+l], at+l
		e.Kind = control.KindControl
		e.Day = control.Day(sv())
		e.Seq = int(sv())
		e.Place, e.Area, e.Controller = str(), str(), str()
		e.Status, e.Challenger, e.Confidence = control.Status(str()), str(), control.Confidence(str())
		if bad {
			return nil, fmt.Errorf("%w: event %d", errPacked, i)
		}
	}
	if len(rest) != 0 || at != len(ids) {
		return nil, fmt.Errorf("%w: %d bytes left over", errPacked, len(rest))
	}
	return out, nil
}
