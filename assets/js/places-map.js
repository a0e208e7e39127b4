// The Leaflet map shared by the day page and the embed: the offline
// basemap, an optional tile layer, and one circle marker per place whose
// fill, ring and label say who holds it.
import { stateOn, dayAt } from "./rule.js";
import { t, shortDay, path, dir, digits } from "./i18n.js";
import { drawTerritory } from "./territory.js";
import { drawLayers } from "./layers.js";

// The box a shared view was made on (a desktop map): a smaller screen
// lowers the zoom until this much around the view's centre fits.
const VIEW_BOX = [520, 420];
// How close to a marker a click (mouse) or a tap (finger) must land, in pixels.
const HIT_MOUSE = 14;
const HIT_TOUCH = 24;
// How many markers go in between two pauses while the map is drawn, and
// how many labels are measured.
const MARKER_BATCH = 12;
const LABEL_BATCH = 25;
// How many of the basemap's countries go in between two pauses.
const COUNTRY_BATCH = 2;
// A pause that lets the page handle input and paint between two parts of
// drawing the map, so no part blocks a phone's main thread for long. Not a
// timer: after five nested ones a browser waits at least 4 ms each, and
// drawing 1,000 places takes a hundred pauses.
export const pause = () => globalThis.scheduler?.yield
  ? scheduler.yield()
  : new Promise((ok) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => ok();
      ch.port2.postMessage(null);
    });
/**
 * A pause that lets the browser draw a frame first, so that what the last
 * part changed is styled and laid out there, in a task of its own, not in
 * the next part's first read of a size (a forced layout). A hidden page
 * draws no frames: it waits at most 100 ms for one.
 */
export const afterFrame = () => new Promise((ok) => {
  const late = setTimeout(ok, 100);
  requestAnimationFrame(() => {
    clearTimeout(late);
    setTimeout(ok, 0);
  });
});
// Label rank: cities first, then towns, then the rest; the table names every place.
const RANK = { city: 0, town: 1 };

/**
 * The marker's look for a state (null when unknown), in the symbol language
 * of internal/symbol: fill = holder; a ring in the challenger's colour when
 * contested; paler with a dashed edge when only claimed.
 */
export function markerStyle(factions, st, sym, kind) {
  // The kind's shape may be smaller than a city's circle (a town).
  const scale = sym.shapes?.[kind]?.scale ?? sym.shapes?.town?.scale ?? 1;
  const { ink, paper, noFaction } = sym.colors;
  if (!st) return { radius: 7 * scale, color: ink, weight: 1.5, fillColor: paper, fillOpacity: 1, dashArray: "2 3" };
  const contested = st.status === "contested";
  const claimed = st.confidence === "claimed";
  let fill = factions[st.controller]?.color || noFaction;
  // A joint place is split in two: the holder's colour left, the partner's right.
  if (st.status === "joint") fill = splitFill(fill, factions[st.challenger]?.color || ink);
  let color = ink;
  if (contested) color = factions[st.challenger]?.color || ink;
  else if (claimed) color = fill;
  return {
    radius: (contested ? 9 : 8) * scale,
    color,
    weight: contested ? sym.ringWidth : 1.5,
    dashArray: claimed ? sym.claimedDash : null,
    fillColor: fill,
    fillOpacity: claimed ? sym.claimedFill : 1,
  };
}

/**
 * A place's marker in its kind's shape (internal/symbol's shapes): Leaflet's
 * circle marker, whose path is the shape's polygon when it is not a circle,
 * so styles, radius, tooltip and popup work on every shape alike.
 */
function shapeMarker(L, latlng, shape, options) {
  const m = L.circleMarker(latlng, options);
  const pts = shape?.points;
  if (pts?.length) {
    m._updatePath = function () {
      const p = this._point;
      const r = this._radius;
      const d = this._empty() ? "M0 0" : `M${pts.map(([x, y]) => `${(p.x + x * r).toFixed(1)} ${(p.y + y * r).toFixed(1)}`).join("L")}Z`;
      this._renderer._setPath(this, d);
    };
  }
  return m;
}

/**
 * Fetches url's JSON (null without a url). The promise counts as handled
 * from the start: it is awaited later, in a try that reports its failure.
 */
export function fetchJSON(url) {
  if (!url) return Promise.resolve(null);
  const p = fetch(url).then((res) => {
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json();
  });
  p.catch(() => {});
  return p;
}

const splits = new Map();
const SVG = "http://www.w3.org/2000/svg";

/**
 * The fill of a joint place: an SVG gradient, defined once per pair of
 * colours in a hidden SVG of the page, that stops hard at the middle. Leaflet
 * draws markers in SVG, whose fill may name it. Outside a page (tests) it is
 * the holder's colour.
 */
function splitFill(holder, partner) {
  if (typeof document === "undefined") return holder;
  const id = `split-${holder.slice(1)}-${partner.slice(1)}`;
  if (!splits.has(id)) {
    let defs = document.getElementById("split-defs");
    if (!defs) {
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("width", "0");
      svg.setAttribute("height", "0");
      svg.setAttribute("aria-hidden", "true");
      svg.style.position = "absolute";
      defs = document.createElementNS(SVG, "defs");
      defs.id = "split-defs";
      svg.append(defs);
      document.body.append(svg);
    }
    const g = document.createElementNS(SVG, "linearGradient");
    g.id = id;
    // Two stops at the middle: the holder's colour up to it, the partner's after.
    for (const [offset, color] of [["0", holder], ["0.5", holder], ["0.5", partner], ["1", partner]]) {
      const stop = document.createElementNS(SVG, "stop");
      stop.setAttribute("offset", offset);
      stop.setAttribute("stop-color", color);
      g.append(stop);
    }
    defs.append(g);
    splits.set(id, `url(#${id})`);
  }
  return splits.get(id);
}

function popup(timeline, p, st, newTab) {
  const { factions } = timeline;
  const div = document.createElement("div");
  const h = document.createElement("strong");
  h.textContent = p.name;
  const line = document.createElement("span");
  if (!st) {
    line.textContent = t("js.holder_unknown_day");
  } else {
    const on = (offset) => shortDay(dayAt(timeline.first, offset));
    // Offset 0 is the data's first day: the state held already, maybe long before.
    let text = t(st.since === 0 ? "js.popup_held_start" : "js.popup_held", { holder: factions[st.controller]?.short || st.controller, date: on(st.since) });
    if (st.status === "contested") {
      const key = st.contestedSince === 0 ? "js.popup_contested_start" : "js.popup_contested";
      text = t(key, { text, challenger: factions[st.challenger]?.short || st.challenger, date: on(st.contestedSince) });
    }
    if (st.status === "joint") text = t("js.popup_joint", { text, partner: factions[st.challenger]?.short || st.challenger });
    text = st.claimedOn >= 0 ? t("js.popup_claimed", { text, date: on(st.claimedOn) }) : t("js.popup_confirmed", { text });
    line.textContent = text;
  }
  const a = document.createElement("a");
  a.href = path(`/place/${p.id}`);
  if (newTab) {
    a.target = "_blank";
    a.rel = "noopener";
  }
  a.textContent = t("js.popup_history", { place: p.name });
  div.append(h, document.createElement("br"), line, document.createElement("br"), a);
  return div;
}

/** Restyles one marker for a state and names its holder in its label and its accessible name. */
export function paintMarker(timeline, m, p, st, deferLabel = false) {
  const style = markerStyle(timeline.factions, st, timeline.symbols, p.kind);
  m.setStyle(style);
  // A new radius redraws the marker's path; most changes keep it.
  if (m.getRadius() !== style.radius) m.setRadius(style.radius);
  const f = st && timeline.factions[st.controller];
  const el = m.getElement();
  if (el) {
    el.setAttribute("data-place", p.id);
    el.setAttribute("data-controller", st ? st.controller : "");
    let name = f ? t("js.marker_held", { place: p.name, holder: f.short }) : t("js.marker_unknown", { place: p.name });
    if (st && st.status === "contested") name = t("js.marker_contested", { label: name, challenger: timeline.factions[st.challenger]?.short || st.challenger });
    if (st && st.status === "joint") name = t("js.marker_joint", { label: name, partner: timeline.factions[st.challenger]?.short || st.challenger });
    el.setAttribute("aria-label", name);
  }
  // Most steps leave the holder, and so the text, as it was.
  const text = f ? `${p.name} · ${f.short}` : p.name;
  if (m.labelText === text) return;
  m.labelText = text;
  // While the slider moves, the new text waits for flushLabels, which runs
  // with the label placement once the slider rests.
  if (deferLabel) {
    pendingLabels.set(m, text);
    return;
  }
  setLabel(m, text);
}

const pendingLabels = new Map();

// The label's text is written into its element, when it has one (a label
// gets its element only once it is shown); a new text does not move it.
function setLabel(m, text) {
  if (m.labelEl) m.labelEl.textContent = text;
}

// A place's label is a marker of its own with a fixed anchor, not a Leaflet
// tooltip: a tooltip measures itself each time it is placed, a forced
// layout per label when the map is drawn and at every zoom. Its line is
// LABEL_LINE px high (app.css .place-label), so its middle is known, and it
// starts LABEL_GAP px right of the place. Names reach it as text, never as HTML.
const LABEL_LINE = 14;
const LABEL_GAP = 14;
// The label's padding (app.css .place-label), and a margin that keeps
// labels apart where the measured and the drawn text differ by a fraction
// of a pixel.
const LABEL_PAD = 6;
const LABEL_SLACK = 2;
function labelMarker(L, latlng, name) {
  const span = document.createElement("span");
  span.textContent = name;
  const icon = L.divIcon({ className: "place-label", html: span, iconSize: null, iconAnchor: [-LABEL_GAP, LABEL_LINE / 2] });
  return { marker: L.marker(latlng, { icon, pane: "labels", interactive: false, keyboard: false }), span };
}

// Label widths come from a canvas in the labels' font, not from the page:
// measuring text there lays nothing out, so only the labels shown get an
// element at all (at a thousand places most are hidden).
let measureCtx = null;
const widths = new Map();
function textWidth(mapEl, text) {
  let w = widths.get(text);
  if (w !== undefined) return w;
  if (!measureCtx) {
    measureCtx = document.createElement("canvas").getContext("2d");
    measureCtx.font = `11px ${getComputedStyle(mapEl).fontFamily}`;
  }
  w = measureCtx.measureText(text).width + LABEL_PAD;
  widths.set(text, w);
  return w;
}
// A web font that arrives late changes every width.
document.fonts?.addEventListener?.("loadingdone", () => {
  widths.clear();
  measureCtx = null;
});

/** Writes the label texts that scrubbing deferred. */
export function flushLabels() {
  for (const [m, text] of pendingLabels) setLabel(m, text);
  pendingLabels.clear();
}

/** Shows the labels that cover no label of higher rank, nor the map's furniture; returns how many it shows. */
function placeLabels(L, map, timeline, markers) {
  const mapEl = map.getContainer();
  const size = map.getSize();
  const order = timeline.places
    .map((p, i) => ({ p, i, rank: RANK[p.kind] ?? 2 }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  // A label never lies under the day written on the map or a control (the
  // zoom buttons, the layers switch, the scale bar, the credits): their
  // boxes, in the map's own pixels, are taken first.
  const frame = mapEl.getBoundingClientRect();
  const kept = [mapEl.parentElement?.querySelector(".map-stamp"), ...mapEl.querySelectorAll(".leaflet-control")]
    .filter((e) => e && e.offsetWidth).map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left - frame.left, right: r.right - frame.left, top: r.top - frame.top, bottom: r.bottom - frame.top };
    });
  const furniture = kept.length;
  for (const { p } of order) {
    const m = markers.get(p.id);
    if (!m) continue;
    const at = map.latLngToContainerPoint(m.getLatLng());
    const w = textWidth(mapEl, m.labelText || p.name) + LABEL_SLACK;
    let b = { left: at.x + LABEL_GAP, right: at.x + LABEL_GAP + w, top: at.y - LABEL_LINE / 2, bottom: at.y + LABEL_LINE / 2 };
    // A label that would run past the map's right edge (the east on a
    // phone) goes to the left of its marker, as far from it (LABEL_GAP).
    // One that fits on neither side is hidden, not cut.
    let shift = 0;
    if (b.right > size.x) {
      shift = w + 2 * LABEL_GAP;
      b = { ...b, left: b.left - shift, right: b.right - shift };
    }
    const show = b.left >= 0 && b.right <= size.x && b.bottom > 0 && b.top < size.y &&
      !kept.some((k) => b.left < k.right && k.left < b.right && b.top < k.bottom && k.top < b.bottom);
    if (!show) {
      m.labelMarker?.remove();
      continue;
    }
    kept.push(b);
    if (!m.labelMarker) {
      const { marker, span } = labelMarker(L, m.getLatLng(), m.labelText || p.name);
      m.labelMarker = marker;
      m.labelEl = span;
    } else if (m.labelEl.textContent !== (m.labelText || p.name)) {
      m.labelEl.textContent = m.labelText || p.name;
    }
    if (!map.hasLayer(m.labelMarker)) m.labelMarker.addTo(map);
    m.labelMarker.getElement().style.marginLeft = `${LABEL_GAP - shift}px`;
  }
  return kept.length - furniture;
}

/**
 * Draws the map in mapEl (replacing the server's static picture) and
 * returns it with its markers by place id. day() gives the day offset that
 * popups describe; view is {z, lat, lon} or null for the whole region.
 */
export async function createMap(L, mapEl, timeline, { day, view = null, newTab = false, scrollWheelZoom = true }) {
  const { colors } = timeline.symbols;
  // The data's region (data/region.json): the box the map opens on, and
  // how far it may be panned, so a reader never ends up in empty sea past
  // the basemap's edge.
  const { view: regionView, pan: regionPan } = timeline.region;
  // The server's picture stays on top until the basemap and the land are
  // drawn: never replace something readable with nothing.
  const still = mapEl.querySelector(".staticmap");
  still?.classList.add("cover");
  // Every file the map draws is asked for at once, before the first pause:
  // asked for one after another, each waited its turn on the network in
  // the middle of drawing.
  const basemap = fetchJSON(mapEl.dataset.basemap);
  const territoryData = fetchJSON(timeline.territory);
  const layerData = Object.fromEntries(Object.entries(timeline.layers || {}).map(([k, url]) => [k, fetchJSON(url)]));
  // On a touch screen one finger scrolls the page and two move the map.
  const touch = matchMedia("(pointer: coarse)").matches;
  // Leaflet reads the map's size when it fits the view, just after its own
  // classes and controls have made the page's layout stale: a forced
  // layout inside this task. Read after a frame, the size costs nothing,
  // and Leaflet is given it (it reads it again when the box resizes, below).
  await afterFrame();
  const size0 = L.point(mapEl.clientWidth, mapEl.clientHeight);
  const map = L.map(mapEl, {
    zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 4, maxZoom: 12, keyboard: true, scrollWheelZoom,
    dragging: !touch, touchZoom: true, tap: false,
    maxBounds: regionPan, maxBoundsViscosity: 0.9, zoomControl: false,
  });
  map._size = size0;
  map._sizeChanged = false;
  // Under the server's picture, what is drawn is not shown: hidden, the
  // map's layers are not painted again at each step of drawing, only once
  // when the picture goes.
  const mapPane = map.getPane("mapPane");
  if (still) mapPane.style.visibility = "hidden";
  // Leaflet's own zoom buttons, named in the page's language.
  L.control.zoom({ zoomInTitle: t("js.zoom_in"), zoomOutTitle: t("js.zoom_out") }).addTo(map);
  // A metric scale bar in the credits' corner, stacked above them (Leaflet
  // puts a later control of a bottom corner above the earlier), so the two
  // never overlap and the credits keep the map's whole width for one line.
  const scale = L.control.scale({ metric: true, imperial: false, position: "bottomright", maxWidth: 100 });
  // Leaflet writes "100 km" or "500 m": the distance goes in the page's
  // words and digits.
  const writeScale = scale._updateScale;
  scale._updateScale = function (el, text, ratio) {
    writeScale.call(this, el, text, ratio);
    const [n, unit] = String(text).split(" ");
    el.textContent = t(unit === "km" ? "js.scale_km" : "js.scale_m", { n: digits(n) });
  };
  scale.addTo(map);
  const target = newTab ? ' target="_blank" rel="noopener"' : "";
  map.attributionControl.setPrefix(`<a href="https://leafletjs.com"${target}>Leaflet</a>`);
  // moved tells whether the reader moved the map; the page's own moves
  // (the opening view, a refit on resize) run quiet and do not count.
  let moved = false;
  let quiet = 0;
  const quietly = (fn) => { quiet++; try { fn(); } finally { quiet--; } };
  const fit = () => quietly(() => map.fitBounds(regionView, { padding: [4, 4], animate: false }));
  // A view made on a big screen keeps its centre on a small one, with the
  // zoom lowered until what it showed around the centre still fits.
  const show = () => quietly(() => {
      map.setView([view.lat, view.lon], view.z, { animate: false });
      const c = map.project([view.lat, view.lon], view.z);
      const half = L.point(VIEW_BOX[0] / 2, VIEW_BOX[1] / 2);
      const box = L.latLngBounds(map.unproject(c.subtract(half), view.z), map.unproject(c.add(half), view.z));
      const z = Math.min(view.z, map.getBoundsZoom(box));
      if (z < view.z) map.setView([view.lat, view.lon], z, { animate: false });
  });
  const place = view ? show : fit;
  place();
  map.on("dragstart zoomstart", () => { if (!quiet) moved = true; });
  mapEl.addEventListener("keydown", (e) => {
    if (e.target === mapEl && /^(Arrow|\+|-|=)/.test(e.key)) moved = true;
  });
  if (touch) {
    const hint = document.createElement("p");
    hint.className = "map-hint";
    hint.textContent = t("js.two_fingers");
    hint.hidden = true;
    mapEl.append(hint);
    let hintTimer = 0;
    mapEl.addEventListener("touchstart", (e) => {
      if (e.touches.length !== 1) {
        hint.hidden = true;
        return;
      }
      hint.hidden = false;
      clearTimeout(hintTimer);
      hintTimer = setTimeout(() => (hint.hidden = true), 2500);
    }, { passive: true });
  }
  const tiles = mapEl.dataset.tiles;
  if (tiles) L.tileLayer(tiles, { attribution: mapEl.dataset.tilesAttribution || "", maxZoom: 12 }).addTo(map);
  map.attributionControl.addAttribution(t("js.attribution"));
  try {
    const land = await basemap;
    // The outlines sit in their own pane under the territory's.
    map.createPane("basemap");
    map.getPane("basemap").style.zIndex = 250;
    const outlines = L.geoJSON(null, {
      pane: "basemap",
      interactive: false,
      style: (f) => f.properties.focus
        ? { color: colors.muted, weight: 1.5, fillColor: colors.paper, fillOpacity: tiles ? 0 : 1 }
        : { color: colors.leftLand, weight: 1, fillColor: colors.neighbour, fillOpacity: tiles ? 0 : 1 },
    }).addTo(map);
    // A few countries at a time, with a pause between.
    const countries = land.features || [land];
    for (let i = 0; i < countries.length; i += COUNTRY_BATCH) {
      if (i) await pause();
      outlines.addData({ type: "FeatureCollection", features: countries.slice(i, i + COUNTRY_BATCH) });
    }
  } catch (err) {
    console.warn("basemap", err);
  }
  await pause();
  let territory = null;
  try {
    territory = await drawTerritory(L, map, territoryData, timeline.factions, timeline.symbols, timeline, pause);
    if (territory) territory.paint(day());
  } catch (err) {
    console.warn("territory", err);
  }
  await pause();
  try {
    await drawLayers(L, map, layerData, colors);
  } catch (err) {
    console.warn("layers", err);
  }
  const markers = new Map();
  // On a narrow map a popup pans into view clear of the zoom buttons (top
  // left, or top right on a right-to-left page), so none sits under them.
  // It also stays below the day written on the map (top) and above the
  // scale bar and the credits (bottom).
  // Read when a popup opens, never while the markers go in: the map's width
  // read after each new label would be a forced layout per marker.
  const popupOpts = () => {
    const clearOfZoom = [54, 48];
    return {
      autoPanPaddingTopLeft: dir === "rtl" ? [8, 48] : clearOfZoom,
      autoPanPaddingBottomRight: dir === "rtl" ? [54, 56] : [8, 56],
      keepInView: false,
      // Narrow enough that it fits beside its marker on a phone's map.
      maxWidth: Math.max(150, Math.min(260, mapEl.clientWidth - 140)),
    };
  };
  // The region's bounds would pull the map back from a popup's pan near the
  // edge (under the zoom buttons at the top of the country): they are let go
  // while a popup is open, and the map steps back inside when it closes (at
  // once, so the markers are where the reader last saw them).
  map.on("popupopen", (e) => {
    map.setMaxBounds(null);
    e.popup._adjustPan?.();
  });
  map.on("popupclose", () => {
    map.panInsideBounds(regionPan, { animate: false });
    map.setMaxBounds(regionPan);
  });
  const bindOpts = { ...popupOpts() };
  // Labels above the markers (600) and the governorates' and roads' names
  // (Leaflet's tooltips, 650), below the popups (700).
  map.createPane("labels");
  map.getPane("labels").style.zIndex = 660;
  map.getPane("labels").style.pointerEvents = "none";
  // The marker whose popup was opened from the keyboard gets the focus back on Escape.
  let keyOpener = null;
  // The markers go in in small batches with a pause between, so a phone's
  // main thread is never blocked long.
  let added = 0;
  for (const p of timeline.places) {
    if (++added % MARKER_BATCH === 0) await pause();
    // Markers take no pointer events: a click picks the nearest marker
    // (below), so a ring drawn over a neighbour cannot steal it.
    const shape = timeline.symbols.shapes?.[p.kind] || timeline.symbols.shapes?.town;
    const m = shapeMarker(L, [p.lat, p.lon], shape, { ...markerStyle(timeline.factions, null, timeline.symbols, p.kind), interactive: false });
    // Every place may have a label: placeLabels shows those that cover
    // no label of higher rank.
    m.labelText = p.name;
    m.bindPopup(() => popup(timeline, p, stateOn(p.ev, day(), timeline.successions), newTab), bindOpts);
    m.addTo(map);
    const el = m.getElement();
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", p.name);
    el.setAttribute("data-place", p.id);
    el.setAttribute("data-kind", shape?.name || "circle");
    el.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault();
      keyOpener = el;
      m.getPopup().options.maxWidth = popupOpts().maxWidth;
      m.openPopup();
      mapEl.querySelector(".leaflet-popup-content a")?.focus({ preventScroll: true });
    });
    markers.set(p.id, m);
  }
  mapEl.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || !keyOpener) return;
    const opener = keyOpener;
    keyOpener = null;
    map.closePopup();
    opener.focus({ preventScroll: true });
  });
  map.on("popupclose", () => { if (!mapEl.contains(document.activeElement)) keyOpener = null; });
  // The nearest marker within reach of a click or tap opens.
  const nearest = (pt, reach) => {
    let best = null;
    let bestD = reach;
    for (const [id, m] of markers) {
      const d = map.latLngToContainerPoint(m.getLatLng()).distanceTo(pt);
      if (d <= bestD) {
        best = m;
        bestD = d;
      }
    }
    return best;
  };
  map.on("click", (e) => {
    const m = nearest(e.containerPoint, touch ? HIT_TOUCH : HIT_MOUSE);
    if (!m) return;
    keyOpener = null;
    m.getPopup().options.maxWidth = popupOpts().maxWidth;
    m.openPopup();
  });
  if (!touch) {
    map.on("mousemove", (e) => mapEl.classList.toggle("over-marker", !!nearest(e.containerPoint, HIT_MOUSE)));
  }
  const relabel = () => {
    flushLabels();
    placeLabels(L, map, timeline, markers);
  };
  // Measures every label's text in batches with a pause between, so that
  // the first placing of the labels (which measures them all) is short.
  const measureLabels = async () => {
    let n = 0;
    for (const [, m] of markers) {
      if (++n % LABEL_BATCH === 0) await pause();
      if (m.labelText) textWidth(mapEl, m.labelText);
    }
  };
  map.on("zoomend", relabel);
  // The labels' web font (Arabic) may arrive after the map is drawn.
  document.fonts?.addEventListener?.("loadingdone", relabel);
  // A scrollbar appearing, or the layout settling, resizes the box without a
  // window resize event; keep the map's idea of its size true, and keep the
  // whole region in view until the reader moves the map. The observer's
  // first call, at the size the map was drawn at, would only draw it all again.
  let size = map.getSize();
  new ResizeObserver(() => {
    const now = L.point(mapEl.clientWidth, mapEl.clientHeight);
    if (now.equals(size)) return;
    size = now;
    map.invalidateSize({ pan: false });
    if (!moved) place();
    relabel();
  }).observe(mapEl);
  mapPane.style.visibility = "";
  still?.remove();
  return { map, markers, territory, relabel, measureLabels, moved: () => moved, quietly: quietly };
}
