// Builds data/basemap.geojson: country outlines of Syria and its neighbours,
// derived from Natural Earth 1:50m via the npm package `world-atlas`, with
// GeoNames' Arabic country names from Debian's libgeonames-common (the
// outlines carry English names only).
//
// Maintainer step, not a build step: the output is committed.
//   apt-get install libgeonames-common
//   cd tools/basemap && npm ci && node build.mjs
//
// Output is deterministic: fixed feature order, fixed key order, coordinates
// rounded to 3 decimals (~100 m), exterior rings counter-clockwise and holes
// clockwise (RFC 7946 right-hand rule), no degenerate rings.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { feature, merge } from "topojson-client";
import { DECIMALS, signedArea2, cleanRing, finishRing, assertSimple } from "./geom.mjs";
import { arabicCatalogue, arabicName } from "./geonames.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const OUT = join(here, "..", "..", "data", "basemap.geojson");

// Bounding box around Syria used to clip the large neighbours: wider than
// the live map can be panned (its maxBounds), so no edge of the outlines shows.
const BBOX = { minX: 31, minY: 28.5, maxX: 47, maxY: 41 };

// Output order. `ids` are ISO 3166-1 numeric codes as used by world-atlas;
// `names` picks Natural Earth features without a numeric code (N. Cyprus is
// merged into Cyprus so the island is drawn whole); `gn` is the alpha-2 code
// that keys the country's Arabic name in GeoNames' catalogue.
const COUNTRIES = [
  { name: "Syria", iso: "SYR", gn: "SY", ids: ["760"], clip: false, focus: true },
  { name: "Turkey", iso: "TUR", gn: "TR", ids: ["792"], clip: true },
  { name: "Iraq", iso: "IRQ", gn: "IQ", ids: ["368"], clip: true },
  { name: "Jordan", iso: "JOR", gn: "JO", ids: ["400"], clip: false },
  { name: "Lebanon", iso: "LBN", gn: "LB", ids: ["422"], clip: false },
  { name: "Israel", iso: "ISR", gn: "IL", ids: ["376"], clip: false },
  { name: "Palestine", iso: "PSE", gn: "PS", ids: ["275"], clip: false },
  { name: "Cyprus", iso: "CYP", gn: "CY", ids: ["196"], names: ["N. Cyprus"], clip: false },
  { name: "Saudi Arabia", iso: "SAU", gn: "SA", ids: ["682"], clip: true },
  { name: "Egypt", iso: "EGY", gn: "EG", ids: ["818"], clip: true },
  { name: "Iran", iso: "IRN", gn: "IR", ids: ["364"], clip: true },
];

const topo = JSON.parse(
  readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"),
);
const geoms = topo.objects.countries.geometries;

function pick(c) {
  const wanted = geoms.filter(
    (g) =>
      (g.id !== undefined && c.ids.includes(String(g.id))) ||
      (c.names && c.names.includes(g.properties && g.properties.name)),
  );
  if (wanted.length !== c.ids.length + (c.names ? c.names.length : 0)) {
    throw new Error(`world-atlas: expected geometries for ${c.name} not found`);
  }
  if (wanted.length === 1) {
    return feature(topo, wanted[0]).geometry;
  }
  return merge(topo, wanted); // dissolves shared borders
}

// Polygon list (array of rings) from a Polygon / MultiPolygon geometry.
function polygonsOf(geom) {
  if (geom.type === "Polygon") return [geom.coordinates];
  if (geom.type === "MultiPolygon") return geom.coordinates;
  throw new Error(`unexpected geometry type ${geom.type}`);
}

// ---- Sutherland–Hodgman clipping of one ring to an axis-aligned box. ----

function clipEdge(points, inside, intersect) {
  const out = [];
  const n = points.length;
  if (n === 0) return out;
  let prev = points[n - 1];
  let prevIn = inside(prev);
  for (const cur of points) {
    const curIn = inside(cur);
    if (curIn) {
      if (!prevIn) out.push(intersect(prev, cur));
      out.push(cur);
    } else if (prevIn) {
      out.push(intersect(prev, cur));
    }
    prev = cur;
    prevIn = curIn;
  }
  return out;
}

const atX = (x) => (a, b) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY = (y) => (a, b) => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];

function clipRing(ring, box) {
  // Work on the open ring (drop the closing position).
  let pts = ring.slice(0, -1);
  pts = clipEdge(pts, (p) => p[0] >= box.minX, atX(box.minX));
  pts = clipEdge(pts, (p) => p[0] <= box.maxX, atX(box.maxX));
  pts = clipEdge(pts, (p) => p[1] >= box.minY, atY(box.minY));
  pts = clipEdge(pts, (p) => p[1] <= box.maxY, atY(box.maxY));
  return pts; // open ring
}

function processPolygon(rings, clip) {
  const out = [];
  for (let r = 0; r < rings.length; r++) {
    let open = clip ? clipRing(rings[r], BBOX) : rings[r].slice(0, -1);
    open = cleanRing(open);
    if (open.length < 3 || signedArea2(open) === 0) {
      if (r === 0) return null; // exterior vanished: drop the polygon
      continue; // hole vanished
    }
    out.push(finishRing(open, r === 0));
  }
  return out;
}

function buildGeometry(c) {
  const src = pick(c);
  const polys = [];
  for (const rings of polygonsOf(src)) {
    const p = processPolygon(rings, c.clip);
    if (!p) continue;
    for (const ring of p) assertSimple(c.name, ring);
    polys.push(p);
  }
  if (polys.length === 0) throw new Error(`${c.name}: nothing left after clipping`);
  // Deterministic polygon order: by first vertex of the exterior ring.
  polys.sort((a, b) => a[0][0][0] - b[0][0][0] || a[0][0][1] - b[0][0][1]);
  return polys.length === 1
    ? { type: "Polygon", coordinates: polys[0] }
    : { type: "MultiPolygon", coordinates: polys };
}

const catalogue = arabicCatalogue();
const features = COUNTRIES.map((c) => {
  const nameAr = arabicName(catalogue, c.gn);
  if (!nameAr) throw new Error(`libgeonames: no Arabic name for ${c.gn} (${c.name})`);
  return {
    type: "Feature",
    properties: { name: c.name, name_ar: nameAr, iso: c.iso, focus: c.focus === true },
    geometry: buildGeometry(c),
  };
});

// One feature per line: compact, yet diffs stay readable.
const text =
  '{"type":"FeatureCollection","features":[\n' +
  features.map((f) => JSON.stringify(f)).join(",\n") +
  "\n]}\n";

writeFileSync(OUT, text);

let total = 0;
for (const f of features) {
  const polys =
    f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const v = polys.flat().reduce((s, ring) => s + ring.length, 0);
  total += v;
  console.log(
    `${f.properties.name.padEnd(10)} ${f.properties.name_ar.padEnd(10)} ${f.properties.iso.padEnd(4)} ${f.geometry.type.padEnd(12)} polygons=${String(polys.length).padStart(2)} vertices=${v}`,
  );
}
console.log(`total vertices=${total}, ${Buffer.byteLength(text)} bytes -> ${OUT}`);
