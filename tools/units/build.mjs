// Adds Syria's administrative units to data/areas.geojson as areas an event
// can name by id: the 14 governorates (adm1-…) and 61 districts (adm2-…) of
// geoBoundaries (gbOpen SYR, built from the 2017 UN OCHA / UNCS boundaries on
// HDX, CC BY 3.0 IGO; see data/README-basemap.md for the attribution).
//
// Maintainer step, not a build step: the output is committed.
//   node tools/units/build.mjs DIR
// where DIR holds geoBoundaries' SYR ADM1 and ADM2 converted to GeoJSON as
// syria-adm1.geojson and syria-adm2.geojson (properties shapeName, shapeID).
//
// Every other feature of areas.geojson is kept as it is; features whose id
// starts with "adm" are replaced. Each ring is simplified (Douglas-Peucker,
// TOLERANCE degrees, about 500 m), put on the 3-decimal grid the other areas
// use, oriented by the RFC 7946 rule and checked to be simple. Units are
// checked server-side only (which places lie inside), so their size costs
// no page weight; the tolerance keeps the embedded file small.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { cleanRing, finishRing, assertSimple } from "../basemap/geom.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, "..", "..", "data", "areas.geojson");
const TOLERANCE = 0.005;

// geoBoundaries' name → [id slug, English name, Arabic name]. The Arabic
// governorate names are GeoNames' (as data/admin1.geojson has them); the
// district names are the official Arabic names of the mantiqas.
const ADM1 = {
  "Aleppo": ["aleppo", "Aleppo", "حلب"],
  "Damascus": ["damascus", "Damascus", "دمشق"],
  "Rural Damascus": ["rif-dimashq", "Rif Dimashq", "ريف دمشق"],
  "Homs": ["homs", "Homs", "حمص"],
  "Hama": ["hama", "Hama", "حماة"],
  "Lattakia": ["latakia", "Latakia", "اللاذقية"],
  "Idleb": ["idlib", "Idlib", "إدلب"],
  "Al-Hasakeh": ["hasakah", "Hasakah", "الحسكة"],
  "Deir-ez-Zor": ["deir-ez-zor", "Deir ez-Zor", "دير الزور"],
  "Tartous": ["tartus", "Tartus", "طرطوس"],
  "Ar-Raqqa": ["raqqa", "Raqqa", "الرقة"],
  "Dar'a": ["daraa", "Daraa", "درعا"],
  "As-Sweida": ["suwayda", "Suwayda", "السويداء"],
  "Quneitra": ["quneitra", "Quneitra", "القنيطرة"],
};

const ADM2 = {
  "Damascus": ["damascus", "Damascus", "دمشق"],
  "Jebel Saman": ["jebel-saman", "Jebel Saman (Aleppo)", "جبل سمعان"],
  "Al Bab": ["al-bab", "Al-Bab", "الباب"],
  "Afrin": ["afrin", "Afrin", "عفرين"],
  "A'zaz": ["azaz", "Azaz", "أعزاز"],
  "Menbij": ["manbij", "Manbij", "منبج"],
  "Ain Al Arab": ["ain-al-arab", "Ain al-Arab (Kobani)", "عين العرب"],
  "As-Safira": ["al-safira", "Al-Safira", "السفيرة"],
  "Jarablus": ["jarabulus", "Jarabulus", "جرابلس"],
  "Rural Damascus": ["markaz-rif-dimashq", "Markaz Rif Dimashq", "مركز ريف دمشق"],
  "Duma": ["douma", "Douma", "دوما"],
  "Al Qutayfah": ["al-qutayfah", "Al-Qutayfah", "القطيفة"],
  "At Tall": ["al-tall", "Al-Tall", "التل"],
  "Yabroud": ["yabroud", "Yabroud", "يبرود"],
  "An Nabk": ["al-nabk", "Al-Nabk", "النبك"],
  "Az-Zabdani": ["zabadani", "Zabadani", "الزبداني"],
  "Qatana": ["qatana", "Qatana", "قطنا"],
  "Darayya": ["darayya", "Darayya", "داريا"],
  "Homs": ["homs", "Homs", "حمص"],
  "Al-Qusayr": ["qusayr", "Qusayr", "القصير"],
  "Tall Kalakh": ["talkalakh", "Talkalakh", "تلكلخ"],
  "Ar-Rastan": ["rastan", "Rastan", "الرستن"],
  "Tadmor": ["palmyra", "Palmyra (Tadmur)", "تدمر"],
  "Al Makhrim": ["al-mukharram", "Al-Mukharram", "المخرم"],
  "Hama": ["hama", "Hama", "حماة"],
  "As-Suqaylabiyah": ["suqaylabiyah", "Suqaylabiyah", "السقيلبية"],
  "As-Salamiyeh": ["salamiyah", "Salamiyah", "السلمية"],
  "Masyaf": ["masyaf", "Masyaf", "مصياف"],
  "Muhradah": ["mahardah", "Mahardah", "محردة"],
  "Lattakia": ["latakia", "Latakia", "اللاذقية"],
  "Jablah": ["jableh", "Jableh", "جبلة"],
  "Al-Haffa": ["al-haffah", "Al-Haffah", "الحفة"],
  "Al-Qardaha": ["qardaha", "Qardaha", "القرداحة"],
  "Idleb": ["idlib", "Idlib", "إدلب"],
  "Al Ma'ra": ["maarat-al-numan", "Maarat al-Numan", "معرة النعمان"],
  "Harim": ["harim", "Harim", "حارم"],
  "Jisr-Ash-Shugur": ["jisr-al-shughur", "Jisr al-Shughur", "جسر الشغور"],
  "Ariha": ["ariha", "Ariha", "أريحا"],
  "Al-Hasakeh": ["hasakah", "Hasakah", "الحسكة"],
  "Quamishli": ["qamishli", "Qamishli", "القامشلي"],
  "Al-Malikeyyeh": ["al-malikiyah", "Al-Malikiyah (Derik)", "المالكية"],
  "Ras Al Ain": ["ras-al-ain", "Ras al-Ain", "رأس العين"],
  "Deir-ez-Zor": ["deir-ez-zor", "Deir ez-Zor", "دير الزور"],
  "Abu Kamal": ["al-bukamal", "Al-Bukamal", "البوكمال"],
  "Al Mayadin": ["mayadin", "Al-Mayadin", "الميادين"],
  "Tartous": ["tartus", "Tartus", "طرطوس"],
  "Banyas": ["baniyas", "Baniyas", "بانياس"],
  "Safita": ["safita", "Safita", "صافيتا"],
  "Dreikish": ["dreikish", "Dreikish", "الدريكيش"],
  "Sheikh Badr": ["sheikh-badr", "Sheikh Badr", "الشيخ بدر"],
  "Ar-Raqqa": ["raqqa", "Raqqa", "الرقة"],
  "Tell Abiad": ["tal-abyad", "Tal Abyad", "تل أبيض"],
  "Ath-Thawrah": ["al-thawrah", "Al-Thawrah (Tabqa)", "الثورة"],
  "Dar'a": ["daraa", "Daraa", "درعا"],
  "As-Sanamayn": ["sanamayn", "Sanamayn", "الصنمين"],
  "Izra'": ["izra", "Izra", "إزرع"],
  "As-Sweida": ["suwayda", "Suwayda", "السويداء"],
  "Salkhad": ["salkhad", "Salkhad", "صلخد"],
  "Shahba": ["shahba", "Shahba", "شهبا"],
  "Quneitra": ["quneitra", "Quneitra", "القنيطرة"],
  "Al Fiq": ["fiq", "Fiq", "فيق"],
};

// Douglas-Peucker on an open ring: the ring is cut at its first point and
// the point farthest from it, and each half is simplified.
function dp(points, tol) {
  if (points.length < 3) return points.slice();
  const [a, b] = [points[0], points[points.length - 1]];
  let best = -1, at = 0;
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const d = len === 0
      ? Math.hypot(p[0] - a[0], p[1] - a[1])
      : Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
    if (d > best) { best = d; at = i; }
  }
  if (best <= tol) return [a, b];
  const left = dp(points.slice(0, at + 1), tol);
  const right = dp(points.slice(at), tol);
  return left.slice(0, -1).concat(right);
}

function simplifyRing(closed, tol) {
  const open = closed.slice(0, -1);
  let far = 0, best = -1;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i][0] - open[0][0], open[i][1] - open[0][1]);
    if (d > best) { best = d; far = i; }
  }
  const a = dp(open.slice(0, far + 1), tol);
  const b = dp(open.slice(far).concat([open[0]]), tol);
  return a.slice(0, -1).concat(b.slice(0, -1));
}

function polygonsOf(g) {
  return g.type === "Polygon" ? [g.coordinates] : g.coordinates;
}

function buildGeometry(name, geom) {
  for (let tol = TOLERANCE; tol >= 0.0005; tol /= 2) {
    try {
      const polys = [];
      for (const rings of polygonsOf(geom)) {
        const out = [];
        rings.forEach((r, i) => {
          const clean = cleanRing(simplifyRing(r, tol));
          if (clean.length < 3) return;
          const ring = finishRing(clean, i === 0);
          assertSimple(name, ring);
          out.push(ring);
        });
        // An island smaller than the grid vanishes; its polygon goes with it.
        if (out.length && polygonsOf(geom)[0] && out[0]) polys.push(out);
      }
      if (!polys.length) throw new Error(`${name}: nothing left`);
      return { type: "MultiPolygon", coordinates: polys };
    } catch (e) {
      if (tol / 2 < 0.0005) throw e;
    }
  }
}

function units(dir, level, table, label, labelAr) {
  const fc = JSON.parse(readFileSync(join(dir, `syria-adm${level}.geojson`), "utf8"));
  const seen = new Set();
  const feats = [];
  for (const f of fc.features) {
    const entry = table[f.properties.shapeName];
    if (!entry) throw new Error(`ADM${level} ${f.properties.shapeName}: no name in the table`);
    const [slug, en, ar] = entry;
    const id = `adm${level}-${slug}`;
    if (seen.has(id)) throw new Error(`${id}: twice`);
    seen.add(id);
    feats.push({
      type: "Feature",
      properties: {
        id,
        name: `${en} ${label}`,
        name_ar: `${labelAr} ${ar}`,
        note: `${label[0].toUpperCase()}${label.slice(1)} outline from geoBoundaries (gbOpen SYR ADM${level}, UN OCHA and UNCS 2017, CC BY 3.0 IGO; unit ${f.properties.shapeID}, named ${f.properties.shapeName}), simplified to about 500 m. A unit is land, not a source: an event on it still needs a report that the whole unit changed hands.`,
      },
      geometry: buildGeometry(id, f.geometry),
    });
  }
  feats.sort((a, b) => a.properties.id.localeCompare(b.properties.id));
  return feats;
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node tools/units/build.mjs DIR (holding syria-adm1.geojson and syria-adm2.geojson)");
  process.exit(2);
}
const lines = readFileSync(OUT, "utf8").split("\n");
const kept = lines.filter((l) => l.startsWith('{"type":"Feature"') && !l.includes('"id":"adm'));
const added = [
  ...units(dir, 1, ADM1, "governorate", "محافظة"),
  ...units(dir, 2, ADM2, "district", "منطقة"),
];
const body = kept.map((l) => l.replace(/,$/, "")).concat(added.map((f) => JSON.stringify(f)));
writeFileSync(OUT, '{"type":"FeatureCollection","features":[\n' + body.join(",\n") + "\n]}\n");
console.log(`${OUT}: ${kept.length} areas kept, ${added.length} units written`);
