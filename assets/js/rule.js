// The rule of internal/control, for the browser: the state of a place on a
// day is set by its latest control event dated on or before that day. The
// server sends each place's events already in the order they apply, so the
// last one not after the day wins.

// Event tuple: [day, controller, status, challenger, confidence, since,
// contestedSince, claimedOn], with days as offsets from the timeline's first
// day; the last two are -1 when the place is not contested or not claimed.
// After a withdrawal the controller is "" (the holder is unknown), the
// status "withdrawn" and the challenger the faction that left. Status
// "joint" names the partner as challenger.
//
// Successions: the timeline's [day, successor, ended], in the order they
// apply. A place's tuples leave out the states successions alone set; the
// rule applies the successions dated after a tuple to its state, as
// control.ControlOn does (successions come first in their day, so a tuple
// of the same day already includes them).

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
export function stateOn(events, d, successions = []) {
  return stateAt(events, indexOn(events, d), d, successions);
}

/**
 * Returns the state event i sets (i from indexOn), carried to day offset d
 * through the successions dated after it, or null when unknown. Its day is
 * the day of the last change: the event's, or a succession's.
 */
export function stateAt(events, i, d = -Infinity, successions = []) {
  if (i < 0) return null;
  const [day, controller, status, challenger, confidence, since, contestedSince = -1, claimedOn = -1] = events[i];
  if (!controller) return null; // unknown after a withdrawal
  let st = { day, controller, status, challenger, confidence, since, contestedSince, claimedOn };
  for (const [sd, successor, ended] of successions) {
    if (sd > d) break;
    if (sd > day) st = succeed(st, sd, successor, ended);
  }
  return st;
}

/**
 * The state after the succession on day sd in which ended passes to
 * successor (control's succeed): the successor takes the ended faction's
 * place as holder (from sd) or as challenger or partner; a contest restarts,
 * and so does a claim whose holder changed; a successor that would be its
 * own challenger or partner holds alone. Other states are returned as they are.
 */
export function succeed(st, sd, successor, ended) {
  if (!ended || (st.controller !== ended && st.challenger !== ended)) return st;
  const c = { ...st, day: sd };
  if (c.controller === ended) {
    c.controller = successor;
    c.since = sd;
    if (c.confidence === "claimed") c.claimedOn = sd;
  }
  if (c.challenger === ended) c.challenger = successor;
  if (c.status === "contested") c.contestedSince = sd;
  if (c.challenger === c.controller) {
    c.status = "held";
    c.challenger = "";
    c.contestedSince = -1;
  }
  return c;
}

/** Reports whether faction f of the timeline exists on day offset d: it has not ended before d and, when it began as a successor, has begun. */
export function exists(f, d) {
  return !f || ((f.until === undefined || d <= f.until) && (f.from === undefined || d >= f.from));
}

/** Returns the state of every place on day offset d, in place order. */
export function snapshot(timeline, d) {
  return timeline.places.map((p) => ({ place: p.id, state: stateOn(p.ev, d, timeline.successions) }));
}

/** Converts between YYYY-MM-DD and offsets from the first day, in UTC so no zone shifts a day. */
export function dayOffset(first, day) {
  return Math.round((Date.parse(day + "T00:00:00Z") - Date.parse(first + "T00:00:00Z")) / 86400000);
}

export function dayAt(first, offset) {
  return new Date(Date.parse(first + "T00:00:00Z") + offset * 86400000).toISOString().slice(0, 10);
}
