// Ring and line clean-up shared by the basemap builders: coordinates on a
// grid of 10^-DECIMALS degrees, so collinearity and area tests are exact.

export const DECIMALS = 3;

// ---- Ring clean-up: rounding, duplicates, spikes, collinear points. ----

// Clean-up works on integer grid units (1 unit = 10^-DECIMALS degrees) so
// that collinearity and area tests are exact.
const FACTOR = 10 ** DECIMALS;
export const toGrid = (v) => Math.round(v * FACTOR);
export const fromGrid = (i) => (i === 0 ? 0 : i / FACTOR); // avoid -0

// Twice the signed area (shoelace); positive = counter-clockwise.
export function signedArea2(open) {
  let s = 0;
  for (let i = 0, n = open.length; i < n; i++) {
    const a = open[i];
    const b = open[(i + 1) % n];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

export const cross = (o, a, b) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
export const same = (a, b) => a[0] === b[0] && a[1] === b[1];

// Takes an open ring in degrees, returns a cleaned open ring in grid units
// (possibly < 3 points).
export function cleanRing(open) {
  let pts = open.map((p) => [toGrid(p[0]), toGrid(p[1])]);
  // Repeatedly drop consecutive duplicates and collinear points (which
  // includes zero-width spikes A,B,A) until stable.
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    const out = [];
    for (const p of pts) {
      if (out.length && same(out[out.length - 1], p)) {
        changed = true;
        continue;
      }
      out.push(p);
    }
    while (out.length > 1 && same(out[0], out[out.length - 1])) {
      out.pop();
      changed = true;
    }
    pts = out;
    if (pts.length < 3) break;
    const kept = [];
    const n = pts.length;
    for (let i = 0; i < n; i++) {
      const prev = kept.length ? kept[kept.length - 1] : pts[n - 1];
      const next = pts[(i + 1) % n];
      if (cross(prev, pts[i], next) === 0) {
        changed = true;
        continue;
      }
      kept.push(pts[i]);
    }
    pts = kept;
  }
  return pts;
}

// Orient (ccw = true for exteriors) an open ring in grid units, convert it
// back to degrees and close it.
export function finishRing(open, ccw) {
  const a = signedArea2(open);
  const ring = (a > 0) === ccw ? open.slice() : open.slice().reverse();
  // Start each ring at its lowest-leftmost vertex for stable output.
  let k = 0;
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[k];
    if (p[1] < q[1] || (p[1] === q[1] && p[0] < q[0])) k = i;
  }
  const rotated = ring
    .slice(k)
    .concat(ring.slice(0, k))
    .map((p) => [fromGrid(p[0]), fromGrid(p[1])]);
  rotated.push(rotated[0].slice());
  return rotated;
}

// Clipping or simplification can leave rings that touch or cross themselves
// (for instance zero-width "bridges" along a clip box edge). Fail loudly
// rather than write an invalid polygon.
function segmentsMeet(a, b, c, d) {
  const o = (p, q, r) => Math.sign(cross(p, q, r));
  const on = (p, q, r) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) &&
    Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  const o1 = o(a, b, c), o2 = o(a, b, d), o3 = o(c, d, a), o4 = o(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 && o2 && o3 && o4) return true;
  return (
    (o1 === 0 && on(a, b, c)) || (o2 === 0 && on(a, b, d)) ||
    (o3 === 0 && on(c, d, a)) || (o4 === 0 && on(c, d, b))
  );
}

export function assertSimple(name, ring) {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent via the closing edge
      if (segmentsMeet(ring[i], ring[i + 1], ring[j], ring[j + 1])) {
        throw new Error(`${name}: ring is not simple near ${ring[i]} / ${ring[j]}`);
      }
    }
  }
}

