// The page's language. Its words, digits and date patterns come from the
// server (the "locale" JSON script the layout writes, from the catalogues
// of internal/locale); this module has none of its own.
const el = typeof document !== "undefined" ? document.getElementById("locale") : null;
const L = el ? JSON.parse(el.textContent) : null;

/** The page's language tag and direction. */
export const lang = L ? L.tag : "en";
export const dir = L ? L.dir : "ltr";
/** The path prefix of the page's language ("" or "/ar"). */
export const prefix = L ? L.prefix : "";

const rules = new Intl.PluralRules(lang);

function fill(s, args) {
  return s.replace(/\{([a-z_]+)\}/g, (m, name) => {
    if (!(name in args)) return m;
    const v = args[name];
    return typeof v === "number" ? num(v) : String(v);
  });
}

/** The message key with its {name} placeholders filled from args. */
export function t(key, args = {}) {
  const s = L && L.messages[key];
  return s === undefined ? key : fill(s, args);
}

/** The plural form of key for count n, with {n} set to n. */
export function tn(key, n, args = {}) {
  const forms = L && L.plurals[key];
  if (!forms) return t(key, { n, ...args });
  return fill(forms[rules.select(n)] || forms.other, { n, ...args });
}

/** s with its ASCII digits written in the page's digits. */
export function digits(s) {
  const d = L && L.digits;
  return d ? String(s).replace(/[0-9]/g, (c) => d[c]) : String(s);
}

/** A number in the page's digits. */
export function num(n) {
  return digits(String(n));
}

function date(day, pattern) {
  const x = new Date(day + "T00:00:00Z");
  return fill(pattern, {
    weekday: L.weekdays[x.getUTCDay()],
    d: x.getUTCDate(),
    month: L.months[x.getUTCMonth()],
    mon: L.months_short[x.getUTCMonth()],
    yyyy: x.getUTCFullYear(),
  });
}

/** "Friday 6 December 2024", as the server writes it. */
export const longDay = (day) => date(day, L.date_long);
/** "6 Dec 2024". */
export const shortDay = (day) => date(day, L.date);

/** A site path in the page's language. */
export function path(p) {
  return prefix && p === "/" ? prefix : prefix + p;
}
