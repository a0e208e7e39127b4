// The rule of internal/control, for the browser: the state of a place on a
// day is set by its latest control event dated on or before that day. The
// server sends each place's events already in the order they apply, so the
// last one not after the day wins.

// Event tuple: [day, controller, status, challenger, confidence, since,
// contestedSince, claimedOn], with days as offsets from the timeline's first
// day; the last two are -1 when the place is not contested or not claimed.
// After a withdrawal the controller is "" (the holder is unknown), the
// status "withdrawn" and the challenger the faction that left.

/** Returns the index of the event that sets a place's state on day offset d, or -1 before the first. */
export function indexOn(events, d) {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid][0] <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Returns the state of one place on day offset d, or null when unknown (before its first event, or after a withdrawal). */
export function stateOn(events, d) {
  return stateAt(events, indexOn(events, d));
}

/** Returns the state event i sets (i from indexOn), or null when unknown. */
export function stateAt(events, i) {
  if (i < 0) return null;
  const [day, controller, status, challenger, confidence, since, contestedSince = -1, claimedOn = -1] = events[i];
  if (!controller) return null; // unknown after a withdrawal
  return { day, controller, status, challenger, confidence, since, contestedSince, claimedOn };
}

/** Returns the state of every place on day offset d, in place order. */
export function snapshot(timeline, d) {
  return timeline.places.map((p) => ({ place: p.id, state: stateOn(p.ev, d) }));
}

/** Converts between YYYY-MM-DD and offsets from the first day, in UTC so no zone shifts a day. */
export function dayOffset(first, day) {
  return Math.round((Date.parse(day + "T00:00:00Z") - Date.parse(first + "T00:00:00Z")) / 86400000);
}

export function dayAt(first, offset) {
  return new Date(Date.parse(first + "T00:00:00Z") + offset * 86400000).toISOString().slice(0, 10);
}
