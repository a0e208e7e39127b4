// The day page: a Leaflet map drawn from the embedded timeline, a slider
// that redraws any day with no request, and a URL that always names the
// day (path) and the view (hash: #zoom/lat/lon).
import { indexOn, stateOn, dayAt, longDay, shortDay } from "./rule.js";
import { createMap, paintMarker } from "./places-map.js";

const SVGNS = "http://www.w3.org/2000/svg";
const timeline = JSON.parse(document.getElementById("timeline").textContent);
const slider = document.getElementById("day-slider");
const out = document.getElementById("day-out");
const mapEl = document.getElementById("map");
document.documentElement.classList.add("js");

let current = Number(slider.value);
const factions = timeline.factions;

// ---- the map ----
let map = null;
let markers = new Map();
let territory = null;

function parseHash() {
  const m = /^#(\d{1,2}(?:\.\d{1,2})?)\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/.exec(location.hash);
  if (!m) return null;
  const z = Number(m[1]), lat = Number(m[2]), lon = Number(m[3]);
  if (z < 3 || z > 14 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null;
  return { z, lat, lon };
}

function viewHash() {
  const c = map.getCenter();
  return `#${Number(map.getZoom().toFixed(2))}/${c.lat.toFixed(2)}/${c.lng.toFixed(2)}`;
}

async function initMap() {
  if (!window.L) return;
  ({ map, markers, territory } = await createMap(window.L, mapEl, timeline, { day: () => current, view: parseHash() }));
  map.on("moveend", () => replaceURL());
  paintMap(current);
}

// A scrub step repaints only the places whose state changed: most steps
// change a handful of the markers and rows, and restyling the rest costs
// layout and paint for nothing.
const paintedMarker = new Map();
const paintedRow = new WeakMap();

function paintMap(d) {
  if (territory) territory.paint(d);
  for (const p of timeline.places) {
    const m = markers.get(p.id);
    if (!m) continue;
    const idx = indexOn(p.ev, d);
    if (paintedMarker.get(p.id) === idx) continue;
    paintedMarker.set(p.id, idx);
    paintMarker(timeline, m, p, stateOn(p.ev, d));
  }
}

// ---- legend, headline and table ----
function swatch(color, contested) {
  const svg = document.createElementNS(SVGNS, "svg");
  svg.setAttribute("class", "sw");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("viewBox", "0 0 14 14");
  svg.setAttribute("aria-hidden", "true");
  const r = document.createElementNS(SVGNS, "rect");
  for (const [k, v] of Object.entries({ x: 1, y: 1, width: 12, height: 12, rx: 2, fill: color, stroke: "#1d2733", "stroke-width": 1 })) r.setAttribute(k, v);
  svg.append(r);
  if (contested) {
    const s = document.createElementNS(SVGNS, "path");
    s.setAttribute("d", "M1 13 L13 1 M1 7 L7 1 M7 13 L13 7");
    s.setAttribute("stroke", "#ffffff");
    s.setAttribute("stroke-width", "2");
    svg.append(s);
  }
  return svg;
}

function paintPanels(d) {
  const counts = new Map();
  let unknown = 0;
  for (const p of timeline.places) {
    const st = stateOn(p.ev, d);
    if (st) counts.set(st.controller, (counts.get(st.controller) || 0) + 1);
    else unknown++;
    const row = document.getElementById(`row-${p.id}`);
    if (!row) continue;
    row.classList.toggle("changed", !!st && st.day === d);
    const idx = indexOn(p.ev, d);
    if (paintedRow.get(row) === idx) continue;
    paintedRow.set(row, idx);
    const holder = row.querySelector(".holder");
    const since = row.querySelector(".since");
    const conf = row.querySelector(".conf");
    holder.replaceChildren();
    since.replaceChildren();
    conf.replaceChildren();
    if (!st) {
      const name = document.createElement("span");
      name.className = "fname";
      name.textContent = "Unknown";
      holder.append(swatch("#ffffff", false), name);
      continue;
    }
    const f = factions[st.controller] || { short: st.controller, color: "#777777" };
    const name = document.createElement("span");
    name.className = "fname";
    name.textContent = f.short;
    holder.append(swatch(f.color, st.status === "contested"), name);
    if (st.status === "contested") {
      const c = document.createElement("span");
      c.className = "contest";
      c.textContent = `contested by ${factions[st.challenger]?.short || st.challenger}`;
      holder.append(c);
    }
    const sinceDay = dayAt(timeline.first, st.since);
    const t = document.createElement("time");
    t.dateTime = sinceDay;
    t.textContent = shortDay(sinceDay);
    since.append(t);
    const b = document.createElement("span");
    b.className = `badge ${st.confidence}`;
    b.textContent = st.confidence === "claimed" ? "Claimed" : "Confirmed";
    conf.append(b);
  }
  for (const li of document.querySelectorAll("#legend li[data-faction]")) {
    const id = li.dataset.faction;
    li.querySelector(".count").textContent = String(id ? counts.get(id) || 0 : unknown);
  }
  const ranked = Object.keys(factions).filter((id) => counts.get(id)).sort((a, b) => counts.get(b) - counts.get(a));
  const headline = document.getElementById("headline");
  if (ranked.length === 0) headline.textContent = "No place has a known holder on this day.";
  else {
    const parts = [`${factions[ranked[0]].short} holds ${counts.get(ranked[0])} of ${timeline.places.length} places`];
    for (const id of ranked.slice(1)) parts.push(`${factions[id].short} ${counts.get(id)}`);
    headline.textContent = parts.join("; ");
  }
}

// ---- day changes ----
function replaceURL() {
  const day = dayAt(timeline.first, current);
  const url = `/day/${day}${map ? viewHash() : location.hash}`;
  if (location.pathname + location.hash !== url) history.replaceState({ day }, "", url);
}

function setDay(d) {
  current = d;
  const day = dayAt(timeline.first, d);
  out.textContent = day;
  slider.setAttribute("aria-valuetext", longDay(day));
  const long = document.getElementById("day-long");
  long.textContent = longDay(day);
  long.dateTime = day;
  document.title = `Control in Syria on ${longDay(day)} · Frontline`;
  paintMap(d);
  paintPanels(d);
  updateNav(d);
  followDay(d);
  replaceURL();
}

// The timeline's day column and the "what changed" link follow the slider.
export function followDay(d) {
  const marker = document.getElementById("tl-now");
  if (marker) {
    const x = Number(marker.dataset.x0) + d * Number(marker.dataset.w);
    marker.setAttribute("x", String(x));
    // On a narrow screen the strip scrolls sideways: keep the day in view.
    const wrap = marker.closest(".tlwrap");
    const svg = marker.ownerSVGElement;
    if (wrap && svg && wrap.scrollWidth > wrap.clientWidth) {
      wrap.scrollLeft = (x * svg.clientWidth) / svg.viewBox.baseVal.width - wrap.clientWidth / 2;
    }
  }
  const link = document.getElementById("changes-link");
  if (link) link.pathname = `/changes/${timeline.first}/${dayAt(timeline.first, d)}`;
}

function updateNav(d) {
  const last = Number(slider.max);
  for (const [id, target] of [["prev-day", d - 1], ["next-day", d + 1]]) {
    const a = document.getElementById(id);
    if (!a) continue;
    if (target < 0 || target > last) {
      a.removeAttribute("href");
      a.setAttribute("aria-disabled", "true");
      a.classList.add("off");
    } else {
      a.href = `/day/${dayAt(timeline.first, target)}`;
      a.removeAttribute("aria-disabled");
      a.classList.remove("off");
    }
  }
}

// When the slider settles, the feed follows: the server renders the panel.
let panelTimer = 0;
let panelAbort = null;
function loadPanel(d) {
  clearTimeout(panelTimer);
  panelTimer = setTimeout(async () => {
    const day = dayAt(timeline.first, d);
    panelAbort?.abort();
    panelAbort = new AbortController();
    document.body.classList.add("loading");
    try {
      const res = await fetch(`/day/${day}/panel`, { signal: panelAbort.signal });
      if (!res.ok) throw new Error(`panel ${res.status}`);
      const html = await res.text();
      if (d !== current) return;
      const tpl = document.createElement("template");
      tpl.innerHTML = html;
      const fresh = tpl.content.getElementById("panel");
      if (fresh) document.getElementById("panel").replaceWith(fresh);
    } catch (err) {
      if (err.name !== "AbortError") console.warn(err);
    } finally {
      document.body.classList.remove("loading");
    }
  }, 150);
}

followDay(current);
// The server drew the rows for the page's day.
for (const p of timeline.places) {
  const row = document.getElementById(`row-${p.id}`);
  if (row) paintedRow.set(row, indexOn(p.ev, current));
}

slider.addEventListener("input", () => setDay(Number(slider.value)));
slider.addEventListener("change", () => loadPanel(Number(slider.value)));

// ---- play / pause ----
const play = document.getElementById("play");
const speed = document.getElementById("speed");
let timer = 0;
function stop() {
  clearInterval(timer);
  timer = 0;
  play.textContent = "Play";
  play.setAttribute("aria-pressed", "false");
  loadPanel(current);
}
function start() {
  if (current >= Number(slider.max)) {
    slider.value = "0";
    setDay(0);
  }
  play.textContent = "Pause";
  play.setAttribute("aria-pressed", "true");
  timer = setInterval(() => {
    const next = current + 1;
    if (next > Number(slider.max)) return stop();
    slider.value = String(next);
    setDay(next);
  }, Number(speed.value));
}
play.addEventListener("click", () => (timer ? stop() : start()));
speed.addEventListener("change", () => {
  if (timer) {
    clearInterval(timer);
    timer = 0;
    start();
  }
});

// ---- copy link ----
const copy = document.getElementById("copy-link");
copy.addEventListener("click", async () => {
  replaceURL();
  try {
    await navigator.clipboard.writeText(location.href);
    copy.textContent = "Link copied";
  } catch {
    copy.textContent = "Copy failed: use the address bar";
  }
  setTimeout(() => (copy.textContent = "Copy link"), 2000);
});

window.addEventListener("hashchange", () => {
  const v = parseHash();
  if (v && map) map.setView([v.lat, v.lon], v.z);
});

// Leaflet loads with defer, before this module runs.
initMap().then(() => {
  window.frontline = {
    ready: true,
    setDay,
    get day() { return dayAt(timeline.first, current); },
    // How many cells each holder's colour fills now, so a test can check
    // that the land follows the slider.
    get land() { return territory ? territory.holders() : null; },
    // The map's view, so a test can check that a permalink restored it.
    get view() {
      if (!map) return null;
      const c = map.getCenter();
      return { zoom: map.getZoom(), lat: c.lat, lon: c.lng };
    },
  };
  document.documentElement.dataset.mapReady = "1";
});
