// GeoNames' Arabic names from Debian's libgeonames-common: a gettext
// catalogue keyed by GeoNames id, ISO 3166-1 alpha-2 country code (SY) and
// admin-1 code (SY.09). GeoNames data is CC BY 4.0.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

export const GEONAMES_AR = "/usr/share/locale/ar/LC_MESSAGES/geonames.mo";
// The catalogue of libgeonames-common 0.3.0-1. Its hash is pinned so that
// the output is the same on every machine; another version must be checked
// and pinned anew.
const GEONAMES_AR_SHA256 = "20bcd8e7e8f99f26421993523f3b35763d25d444b46368eaebd49674c6cd7b1f";

function fail(msg) {
  throw new Error(`geonames: ${msg}`);
}

// readMo reads a GNU .mo file into a Map of msgid -> msgstr.
export function readMo(b) {
  if (b.length < 28) fail("not a .mo file: too short");
  const magic = b.readUInt32LE(0);
  let u32;
  if (magic === 0x950412de) u32 = (o) => b.readUInt32LE(o);
  else if (magic === 0xde120495) u32 = (o) => b.readUInt32BE(o);
  else fail("not a .mo file");
  const n = u32(8);
  const origTab = u32(12);
  const transTab = u32(16);
  const m = new Map();
  for (let i = 0; i < n; i++) {
    const ol = u32(origTab + 8 * i), oo = u32(origTab + 8 * i + 4);
    const tl = u32(transTab + 8 * i), to = u32(transTab + 8 * i + 4);
    if (oo + ol > b.length || to + tl > b.length) fail("string past the end of the file");
    m.set(b.toString("utf8", oo, oo + ol), b.toString("utf8", to, to + tl));
  }
  return m;
}

// arabicCatalogue loads the pinned catalogue, or fails saying what to install.
export function arabicCatalogue() {
  if (!existsSync(GEONAMES_AR)) {
    fail(`${GEONAMES_AR} is missing: install Debian's libgeonames-common (apt-get install libgeonames-common), which carries GeoNames' Arabic names`);
  }
  const b = readFileSync(GEONAMES_AR);
  const sum = createHash("sha256").update(b).digest("hex");
  if (sum !== GEONAMES_AR_SHA256) {
    fail(`${GEONAMES_AR} has sha256 ${sum}, want ${GEONAMES_AR_SHA256} (libgeonames-common 0.3.0-1): check the new names, then pin the new hash`);
  }
  return readMo(b);
}

// Only names in the letters of Arabic count: where the catalogue has no
// Arabic name it falls back to a romanised one.
const ARABIC_ONLY = /^[\u0621-\u063a\u0640-\u0652\u0670\u0671 ]+$/;

// arabicName returns the catalogue's Arabic name for key, without the
// invisible left-to-right marks a few entries carry; "" when it has none.
export function arabicName(catalogue, key) {
  const v = (catalogue.get(key) || "").replace(/[\u200e\u200f]/g, "").trim();
  return ARABIC_ONLY.test(v) ? v : "";
}
