// The day page: a Leaflet map drawn from the embedded timeline, a slider
// that redraws any day with no request, and a URL that always names the
// day (path) and the view (hash: #zoom/lat/lon).
import { stateOn, stateAt, indexOn, dayAt, exists } from "./rule.js";
import { t, digits, longDay, shortDay, path, dir } from "./i18n.js";
import { createMap, paintMarker, pause, afterFrame, fetchJSON } from "./places-map.js";

const SVGNS = "http://www.w3.org/2000/svg";
const timeline = JSON.parse(document.getElementById("timeline").textContent);
// The map's own colours (internal/symbol): a faction's colour comes from the data.
const colors = timeline.symbols.colors;
const slider = document.getElementById("day-slider");
const out = document.getElementById("day-out");
const mapEl = document.getElementById("map");
document.documentElement.classList.add("js");

// The page carries its own day's states only (each listed place's state in
// force, every cell's state): the map paints that day from them. What grows
// with the days (every place's and every cell's history, every day's
// headline and the days of change) is in two content-hashed files fetched
// when the reader first moves to another day, or shows that they may (a
// focus or a press on the slider, the date field or Play). A move made
// before they arrive waits for them and then goes to the slider's day.
let histories = null;
let hasHistory = !timeline.data && !timeline.history;

/** Fetches the histories once; the promise resolves when the timeline holds them. */
function loadHistory() {
  histories ??= Promise.all([fetchJSON(timeline.data), fetchJSON(timeline.history)]).then(
    ([file, land]) => {
      if (file) {
        timeline.changed = file.changed;
        timeline.headlines = file.headlines;
        // The same place objects, which the markers' popups and the rows hold.
        timeline.places.forEach((p, i) => (p.ev = file.ev[i]));
      }
      if (land) timeline.ch = land.ch;
      hasHistory = true;
    },
    (err) => {
      // Without the histories the page is as without the script: the day
      // form and the links work.
      document.documentElement.classList.remove("js");
      throw err;
    },
  );
  return histories;
}

let waiting = false;
/** Goes to the slider's day once the histories have come (a move made before they did). */
function afterHistory() {
  if (waiting) return;
  waiting = true;
  // Until they come (a first move on a slow line) the map says it is busy.
  if (!hasHistory) mapEl?.setAttribute("aria-busy", "true");
  loadHistory().finally(() => mapEl?.removeAttribute("aria-busy")).then(
    () => {
      waiting = false;
      const d = Number(slider.value);
      if (d === current) return;
      step(d);
      settle();
      if (!timer) loadPanel(d, keyed ? keyRest : panelWait);
    },
    (err) => {
      waiting = false;
      console.warn("history", err);
    },
  );
}

for (const [el, events] of [[slider, ["focus", "pointerdown", "keydown"]], [document.getElementById("day-input"), ["focus", "pointerdown"]], [document.getElementById("play"), ["focus", "pointerdown"]]]) {
  for (const ev of events) el?.addEventListener(ev, () => loadHistory().catch((err) => console.warn("history", err)), { once: true });
}

let current = Number(slider.value);
const factions = timeline.factions;

// ---- the map ----
let map = null;
let markers = new Map();
let territory = null;
let mapMoved = () => false;
let relabel = () => {};
let relabelTimer = 0;

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

// The view a link named, kept as written: a small screen may show it at a
// lower zoom, but the link it passes on stays the one it was given.
let linkHash = parseHash() ? location.hash : "";

/** The view part of the address: the reader's own view once they moved the map, else the link's, else none. */
function viewPart() {
  if (map && mapMoved()) return viewHash();
  return linkHash;
}

async function initMap() {
  if (!window.L) return;
  // The map is drawn in tasks of its own, after this module's: one long
  // task would keep a phone from answering a tap meanwhile.
  await pause();
  let measureLabels;
  ({ map, markers, territory, relabel, measureLabels, moved: mapMoved } = await createMap(window.L, mapEl, timeline, { day: () => current, view: parseHash() }));
  map.on("moveend", () => {
    replaceURL();
    updateNav(current);
  });
  map.on("popupopen", (e) => (openPopup = e.popup));
  map.on("popupclose", () => (openPopup = null));
  // The first paint restyles every marker: in batches, as they were drawn.
  await paintMap(current, MARKER_BATCH);
  // The labels name their holders and are placed before the map is ready,
  // not after the pause a moving slider gets (but in tasks of their own:
  // their texts are measured in batches, and they are placed after a frame
  // has laid out the markers, which placing them measures).
  clearTimeout(relabelTimer);
  await measureLabels();
  await afterFrame();
  relabel();
  updateNav(current);
}
let openPopup = null;

// A scrub step repaints only the places whose state changed: most steps
// change a handful of the markers and rows, and restyling the rest costs
// layout and paint for nothing.
const paintedMarker = new Map();
const paintedRow = new WeakMap(); // row → rowLook of what it shows

// How many markers the first paint restyles between two pauses.
const MARKER_BATCH = 25;

/**
 * Paints day offset d on the map. With batch, it pauses after every batch
 * markers (the page's first paint) and returns a promise; each batch
 * paints the day shown then, should the slider have moved meanwhile.
 */
function paintMap(d, batch = 0) {
  if (territory) {
    territory.paint(d);
    paintShares();
  }
  if (batch) return paintMarkersInBatches(d, batch);
  if (paintMarkers(d, timeline.places)) deferRelabel();
}

async function paintMarkersInBatches(d, batch) {
  let changed = 0;
  for (let i = 0; i < timeline.places.length; i += batch) {
    if (i) await pause();
    changed += paintMarkers(i ? current : d, timeline.places.slice(i, i + batch));
  }
  if (changed) deferRelabel();
}

/** Restyles the markers of places whose look on day offset d changed; returns how many. */
function paintMarkers(d, places) {
  let changed = 0;
  for (const p of places) {
    const m = markers.get(p.id);
    if (!m) continue;
    // The marker shows the holder, the challenger and the confidence: a
    // new event that changes none of them leaves it as it is.
    const st = stateOn(p.ev, d, timeline.successions);
    const look = st ? `${st.controller}|${st.status}|${st.challenger}|${st.confidence}` : "";
    if (paintedMarker.get(p.id) === look) continue;
    paintedMarker.set(p.id, look);
    paintMarker(timeline, m, p, st, true);
    changed++;
  }
  return changed;
}

// A label's text names the holder, so its box may have grown. Placing
// labels reads every label's box (a layout), so it waits until the
// slider rests for a moment instead of running on every step.
function deferRelabel() {
  clearTimeout(relabelTimer);
  relabelTimer = setTimeout(() => relabel(), 200);
}

// ---- legend, headline and table ----
/** An SVG element of the swatch: name and attributes. */
function svgEl(name, attrs) {
  const el = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/**
 * A state's swatch, as the server writes it (web's swatch.go): a square of
 * the holder's colour, striped when contested. Its size and outlines are
 * app.css's, so only the colours are written here.
 */
function swatch(color, contested) {
  const svg = svgEl("svg", { class: "sw", viewBox: "-1 -1 14 14", "aria-hidden": "true" });
  svg.append(svgEl("rect", { width: 12, height: 12, rx: 2, fill: color }));
  if (contested) svg.append(svgEl("path", { d: "M0 12 12 0M0 6 6 0M6 12 12 6" }));
  return svg;
}

/** The swatch of a joint hold: the holder's colour dotted in the partner's, as the server draws it (web's jointSwatch). */
function jointSwatch(color, partner) {
  const svg = swatch(color, false);
  const g = svgEl("g", { fill: partner });
  for (const c of [3.5, 8.5]) g.append(svgEl("circle", { cx: c, cy: c, r: 2 }));
  svg.append(g);
  return svg;
}

/**
 * Marks el as being in lang ("en" for a name the data has only in English
 * on an Arabic page), as the server's langAttrs does; "" leaves it unmarked.
 */
function markLang(el, lang) {
  if (!lang) return el;
  el.lang = lang;
  el.dir = lang === "ar" ? "rtl" : "ltr";
  return el;
}

/** A faction's short name: text in the page's language, else a marked span. */
function factionName(id) {
  const f = factions[id];
  if (!f) return id;
  if (!f.lang) return f.short;
  const span = document.createElement("span");
  span.textContent = f.short;
  return markLang(span, f.lang);
}

/**
 * Writes a headline the server wrote: a string, or (when it names a
 * faction in another language) strings and [text, lang] pairs.
 */
function setHeadline(el, h) {
  if (typeof h === "string") {
    setText(el, h);
    return;
  }
  const model = document.createElement("p");
  for (const part of h) {
    if (typeof part === "string") model.append(part);
    else {
      const span = document.createElement("span");
      span.textContent = part[0];
      model.append(markLang(span, part[1]));
    }
  }
  morph(el, model);
}

/** Sets an element's text only when it differs, so an unchanged part costs no layout. */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** A <time> element for a day offset, written as the server writes it. */
function timeOf(offset) {
  const day = dayAt(timeline.first, offset);
  const el = document.createElement("time");
  el.dateTime = day;
  el.textContent = shortDay(day);
  return el;
}

/**
 * What each cell of a place's row shows for a state on a day: a cell is
 * rebuilt only when its text would change, since every rebuilt cell makes
 * the table lay itself out again.
 */
function rowLook(p, st, onPanelDay, left) {
  // Only a place with another source's claim reads differently on the feed's day.
  const claims = onPanelDay && disputes.has(p.id);
  if (!st) return { holder: `?|${left}|${claims}`, since: "", conf: "" };
  return {
    holder: `${st.controller}|${st.status}|${st.challenger}|${st.contestedSince}|${claims}`,
    since: String(st.since),
    conf: `${st.confidence}|${st.claimedOn}`,
  };
}

/** Notes the rows as the server drew them, for day offset d (the panel's day). */
function keepRowLooks(d) {
  for (const [id, row] of rows) {
    const p = placeById.get(id);
    const k = indexOn(p.ev, d);
    paintedRow.set(row, rowLook(p, stateAt(p.ev, k, d, timeline.successions), true, leftAt(p.ev, k)));
  }
}

/**
 * Makes el's children like those of model (detached, built afresh) while
 * keeping every node that has the same kind in the same place: a holder
 * that changes colour and name keeps its swatch and its span and changes
 * an attribute and a text, which costs the table far less layout than new
 * nodes do.
 */
function morph(el, model) {
  const xs = [...el.childNodes];
  const ys = [...model.childNodes];
  if (xs.length !== ys.length) {
    el.replaceChildren(...ys);
    return;
  }
  ys.forEach((y, i) => {
    const x = xs[i];
    if (x.nodeType !== y.nodeType || x.nodeName !== y.nodeName) x.replaceWith(y);
    else if (x.nodeType === Node.TEXT_NODE) {
      if (x.data !== y.data) x.data = y.data;
    } else if (x.nodeType === Node.ELEMENT_NODE) {
      for (const a of [...x.attributes]) if (!y.hasAttribute(a.name)) x.removeAttribute(a.name);
      for (const a of y.attributes) if (x.getAttribute(a.name) !== a.value) x.setAttribute(a.name, a.value);
      morph(x, y);
    }
  });
}

/** The faction that withdrew from a place, while event k (from indexOn) leaves its holder unknown after that; "" otherwise. */
function leftAt(ev, k) {
  return k >= 0 && !ev[k][1] ? ev[k][3] : "";
}

function paintHolder(cell, p, st, onPanelDay, left) {
  const holder = document.createElement("td");
  if (!st) {
    const name = document.createElement("span");
    name.className = "fname";
    name.textContent = t("js.unknown");
    holder.append(swatch(colors.paper, false), " ", name);
    if (left) {
      const c = document.createElement("span");
      c.className = "contest";
      appendMessage(c, "js.unknown_left", { faction: factionName(left) });
      holder.append(" ", c);
    }
  } else {
    const f = factions[st.controller] || { short: st.controller, color: colors.noFaction };
    const name = document.createElement("span");
    name.className = "fname";
    name.textContent = f.short;
    markLang(name, f.lang);
    // Spaces between the parts, as the server writes them, so the cell
    // reads (and copies) as words.
    const sw = st.status === "joint" ? jointSwatch(f.color, factions[st.challenger]?.color || colors.ink) : swatch(f.color, st.status === "contested");
    holder.append(sw, " ", name);
    if (st.status === "contested") {
      const c = document.createElement("span");
      c.className = "contest";
      // Day offset 0 is the data's first day: the contest was on already.
      const key = st.contestedSince === 0 ? "js.contested_start" : "js.contested_since";
      appendMessage(c, key, { challenger: factionName(st.challenger), date: timeOf(st.contestedSince) });
      holder.append(" ", c);
    } else if (st.status === "joint") {
      const c = document.createElement("span");
      c.className = "contest";
      appendMessage(c, "js.joint_with", { partner: factionName(st.challenger) });
      holder.append(" ", c);
    }
  }
  // Another source's claim is known for the panel's day only.
  if (onPanelDay) for (const x of disputes.get(p.id) || []) holder.append(" ", x.cloneNode(true));
  morph(cell, holder);
}

function paintConf(cell, st) {
  const conf = document.createElement("td");
  if (st) paintConfInto(conf, st);
  morph(cell, conf);
}

function paintConfInto(conf, st) {
  const b = document.createElement("span");
  // A badge is confirmed unless marked claimed, as the server writes it.
  b.className = st.confidence === "claimed" ? "badge claimed" : "badge";
  b.textContent = t(st.confidence === "claimed" ? "js.claimed" : "js.confirmed");
  conf.append(b);
  if (st.claimedOn >= 0) {
    const on = document.createElement("span");
    on.className = "claimed-on";
    appendMessage(on, "js.claimed_on", { date: timeOf(st.claimedOn) });
    conf.append(" ", on);
  }
}

/**
 * Writes one place's row for day offset d, only the cells whose text
 * changes. A row's cells are the place, its holder, since when and the
 * evidence, known by place: the server writes them without classes.
 */
function paintRow(p, row, d, onPanelDay) {
  // One search finds the event in force: its state, its day and, after a
  // withdrawal, who left.
  const k = indexOn(p.ev, d);
  const st = stateAt(p.ev, k, d, timeline.successions);
  // Writing only what differs keeps a step from invalidating the style
  // of every row. A withdrawal changes the row too, though it leaves no state.
  const isChanged = k >= 0 && (st ? st.day : p.ev[k][0]) === d;
  if (row.classList.contains("changed") !== isChanged) row.classList.toggle("changed", isChanged);
  const left = leftAt(p.ev, k);
  const look = rowLook(p, st, onPanelDay, left);
  const was = paintedRow.get(row);
  if (was && was.holder === look.holder && was.since === look.since && was.conf === look.conf) return;
  paintedRow.set(row, look);
  if (was?.holder !== look.holder) paintHolder(row.cells[1], p, st, onPanelDay, left);
  if (was?.since !== look.since) {
    const since = document.createElement("td");
    // On the data's first day (offset 0) the state held already, as the server says.
    if (st?.since === 0) appendMessage(since, "js.since_start", { date: timeOf(0) });
    else if (st) since.append(timeOf(st.since));
    morph(row.cells[2], since);
  }
  if (was?.conf !== look.conf) paintConf(row.cells[3], st);
}

// The table is taller than the screen (ten rows of a hundred show on a
// laptop), and laying out rewritten rows is most of a step's cost. While
// the slider moves, only the rows on or near the screen follow it; the
// others are written when it rests, or as soon as they scroll into view.
const rowsInView = new Set();
const rowObserver = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
      const onPanelDay = current === panelDay();
      for (const e of entries) {
        const id = e.target.id.slice(4); // a row's id is "row-" and its place's
        if (!e.isIntersecting) {
          rowsInView.delete(id);
          continue;
        }
        rowsInView.add(id);
        const p = placeById.get(id);
        if (p && rows.get(id) === e.target) paintRow(p, e.target, current, onPanelDay);
      }
    }, { rootMargin: "300px 0px" })
  : null;

/** Writes the table's rows for day offset d: every row, or (all false) those in view. */
function paintRows(d, all) {
  keepRowsOnce();
  const onPanelDay = d === panelDay();
  for (const [id, row] of rows) {
    if (!all && rowObserver && !rowsInView.has(id)) continue;
    paintRow(placeById.get(id), row, d, onPanelDay);
  }
}

function paintPanels(d, all = false) {
  paintRows(d, all);
  // The legend names only the factions that exist on the day.
  for (const li of document.querySelectorAll("#legend li[data-faction]")) {
    const id = li.dataset.faction;
    if (!id) continue;
    const gone = !exists(timeline.factions[id], d);
    if (li.hidden !== gone) li.hidden = gone;
  }
  // The server wrote every day's headline in the page's language.
  if (timeline.headlines && timeline.headlines[d] !== undefined) setHeadline(document.getElementById("headline"), timeline.headlines[d]);
}

// appendMessage appends to el the message key, its placeholders filled
// with text or with elements (a <time>), in the catalogue's word order.
function appendMessage(el, key, args) {
  const text = t(key, Object.fromEntries(Object.keys(args).map((k) => [k, `\u0000${k}\u0000`])));
  for (const [i, part] of text.split("\u0000").entries()) {
    if (i % 2 === 0) { if (part) el.append(part); } else el.append(args[part]);
  }
}

function escapeAttr(s) {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

// The language switch opens the same day, with the same map view.
function followLanguageSwitch(day) {
  for (const a of document.querySelectorAll("a.langswitch")) {
    a.setAttribute("href", `${a.dataset.prefix}/day/${day}${viewPart()}`);
  }
}

// ---- day changes ----
// The address, the language switch, the embed code and the tab's title are
// not seen while the slider moves, and writing them costs (replaceState
// alone is a millisecond or more): they follow the day when it rests.
function replaceURL() {
  const day = dayAt(timeline.first, current);
  const url = path(`/day/${day}`) + viewPart();
  followLanguageSwitch(day);
  if (location.pathname + location.hash !== url) history.replaceState({ day }, "", url);
}

/** Shows day offset d at once and settles everything else about it: what a link, a test or a button sees. */
function setDay(d) {
  step(d);
  settle();
}

const dayLong = document.getElementById("day-long");
// The day written on the map itself, so a screenshot says which day it is.
const stampDay = document.getElementById("stamp-day");

/** Shows day offset d: what a reader sees while the slider moves. */
function step(d) {
  if (!hasHistory && d !== current) {
    // Only the page's day is known yet: the day's name follows the slider
    // at once, the rest when the histories have come.
    const day = dayAt(timeline.first, d);
    out.textContent = digits(day);
    slider.setAttribute("aria-valuetext", longDay(day));
    afterHistory();
    return;
  }
  current = d;
  const day = dayAt(timeline.first, d);
  const long = longDay(day);
  out.textContent = digits(day);
  if (dateInput && dateInput !== document.activeElement) dateInput.value = day;
  slider.setAttribute("aria-valuetext", long);
  dayLong.textContent = long;
  dayLong.dateTime = day;
  if (stampDay) {
    stampDay.textContent = long;
    stampDay.dateTime = day;
  }
  followHeadings(d, false);
  paintMap(d);
  paintPanels(d);
  updateNav(d);
  followDay(d);
  // An open popup tells the day shown, not the day it opened on. It
  // measures itself, so it goes after every write of the step.
  openPopup?.update();
}

// The rest follows when the slider has not moved for a moment, or at once
// on its change event (a release, a key), a copy, Play's end or a page hide.
let settleTimer = 0;
function settleSoon() {
  clearTimeout(settleTimer);
  settleTimer = setTimeout(settle, 250);
}
function settle() {
  clearTimeout(settleTimer);
  settleTimer = 0;
  const day = dayAt(timeline.first, current);
  document.title = t("js.day_title", { date: longDay(day) });
  followEmbed(current);
  followCite(current);
  // Resting on the feed's own day shows the feed again; on another day
  // the headings already say what they should.
  if (current === panelDay()) followHeadings(current, true);
  paintRows(current, true);
  replaceURL();
}
window.addEventListener("pagehide", () => settleTimer && settle());

// The timeline's day column and the "what changed" link follow the slider.
// The strip's sizes, read once and again only when the window changes, so a
// step does not force a layout to read them.
let stripSize = null;
// The strip lies below the first screen: what needs its layout (its sticky
// names, keeping the day in its view) waits until it comes near the view,
// so loading the page does not lay it out at all. A strip the reader has
// already scrolled is left where it is.
let stripNear = !("IntersectionObserver" in window);
const stripFig = document.getElementById("timeline-strip");
if (stripFig && !stripNear) {
  const io = new IntersectionObserver((seen) => {
    if (!seen.some((e) => e.isIntersecting)) return;
    io.disconnect();
    stripNear = true;
    loadStrip().then(() => {
      stickNames();
      if (!stripFig.querySelector(".tlwrap")?.scrollLeft) followDay(current);
    });
  }, { rootMargin: "400px 0px" });
  io.observe(stripFig);
}

// The strip's grid is a file of its own, the same for every day page of a
// version (web.TimelineSVG): it comes into the frame the page drew, under
// the day's marker, once the strip is near the view. Should it fail, the
// page shows its link to the file instead.
let stripLoad = null;
function loadStrip() {
  const svg = stripFig?.querySelector("svg.tl[data-src]");
  if (!svg) return Promise.resolve();
  stripLoad ??= fetch(svg.dataset.src)
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.text();
    })
    .then((text) => {
      const root = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
      if (root.localName !== "svg" || root.querySelector("parsererror")) throw new Error("not an SVG document");
      svg.setAttribute("aria-label", root.getAttribute("aria-label"));
      svg.prepend(...[...root.childNodes].map((n) => document.importNode(n, true)));
      svg.removeAttribute("data-src");
      stripSize = null;
    })
    .catch((err) => {
      stripFig.classList.add("tl-failed");
      console.warn("frontline: the timeline strip did not load:", err);
    });
  return stripLoad;
}
window.addEventListener("resize", () => (stripSize = null));

// A column of the strip is a day, or at years a week or a month: then the
// marker lists the day each column starts at.
let colStarts = null;
function stripColumn(marker, d) {
  if (!marker.dataset.cols) return d;
  colStarts ??= marker.dataset.cols.split(" ").map(Number);
  let lo = 0;
  let hi = colStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (colStarts[mid] <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function followDay(d) {
  const marker = document.getElementById("tl-now");
  if (marker) {
    const x = Number(marker.dataset.x0) + stripColumn(marker, d) * Number(marker.dataset.w);
    const wrap = marker.closest(".tlwrap");
    const svg = marker.ownerSVGElement;
    if (wrap && svg && !stripSize && stripNear) {
      stripSize = { overflows: wrap.scrollWidth > wrap.clientWidth, scale: svg.clientWidth / svg.viewBox.baseVal.width, view: wrap.clientWidth };
    }
    marker.setAttribute("x", String(x));
    // On a narrow screen the strip scrolls sideways: keep the day in view.
    // Right to left, scrollLeft counts from the right edge, in negatives.
    if (wrap && stripSize?.overflows) {
      let left = x * stripSize.scale - stripSize.view / 2;
      if (dir === "rtl") left -= wrap.scrollWidth - wrap.clientWidth;
      wrap.scrollLeft = left;
    }
  }
  // The server wrote the links for the page's day; other days need the days of change.
  if (!timeline.changed) return;
  const link = document.getElementById("changes-link");
  const day = dayAt(timeline.first, d);
  // Up to the day's last change, which has the same changes (as the server links).
  const last = lastChangeAt(d);
  if (link) link.pathname = path(`/changes/${timeline.first}/${dayAt(timeline.first, last > 0 ? last : d)}`);
  // What changed over the last day, week, month and year: the smallest
  // range with the same changes (as the server links), or no link when none.
  for (const el of document.querySelectorAll("#recent-changes [data-back]")) {
    const back = Number(el.dataset.back);
    const from = Math.max(0, d - back);
    const w = windowOf(from, d);
    if (!w) {
      if (el.tagName !== "SPAN") {
        const span = document.createElement("span");
        span.className = "none";
        span.dataset.back = el.dataset.back;
        span.dataset.label = el.dataset.label;
        span.textContent = t("js.recent_none", { span: el.dataset.label });
        el.replaceWith(span);
      }
      continue;
    }
    let a = el;
    if (el.tagName !== "A") {
      a = document.createElement("a");
      a.dataset.back = el.dataset.back;
      a.dataset.label = el.dataset.label;
      a.textContent = el.dataset.label;
      el.replaceWith(a);
    }
    a.setAttribute("href", path(`/changes/${dayAt(timeline.first, w[0])}/${dayAt(timeline.first, w[1])}`));
  }
}

/** The index in timeline.changed of the first change after day offset d. */
function changeAfter(d) {
  const c = timeline.changed || [];
  let lo = 0;
  let hi = c.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid] <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last day offset on or before d on which the map changed, or -1. */
function lastChangeAt(d) {
  const i = changeAfter(d) - 1;
  return i >= 0 ? timeline.changed[i] : -1;
}

/** The smallest range with the changes after from up to to (offsets), or null when none. */
function windowOf(from, to) {
  const i = changeAfter(from);
  const c = timeline.changed || [];
  if (i >= c.length || c[i] > to) return null;
  return [c[i] - 1, lastChangeAt(to)];
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
      a.href = path(`/day/${dayAt(timeline.first, target)}`) + viewPart();
      a.removeAttribute("aria-disabled");
      a.classList.remove("off");
    }
  }
}

// The panel's day: the day the server drew its feed for.
const panelDay = () => dayOffsetOf(document.getElementById("panel")?.dataset.day);
const dayOffsetOf = (day) => (day ? Math.round((Date.parse(day + "T00:00:00Z") - Date.parse(timeline.first + "T00:00:00Z")) / 86400000) : -1);

// The table's rows by place id, and another source's claims by place, as
// the server drew them for the panel's day: found once per panel, not on
// every step.
const rows = new Map();
const disputes = new Map();
let rowsKept = false;
function keepRows() {
  rows.clear();
  disputes.clear();
  rowsInView.clear();
  rowObserver?.disconnect();
  for (const p of timeline.places) {
    const row = document.getElementById(`row-${p.id}`);
    if (!row) continue;
    rows.set(p.id, row);
    rowObserver?.observe(row);
    const xs = [...row.cells[1].querySelectorAll(".dispute")];
    if (xs.length) disputes.set(p.id, xs.map((x) => x.cloneNode(true)));
  }
}

// The legend's shares of the land by faction ("" for land no known faction
// holds); the legend is not part of the panel.
const legendShares = [...document.querySelectorAll("#legend li[data-faction]")].map((li) => [li.dataset.faction, li.querySelector(".share")]);

/** A part of the land as the server's legend writes it: whole percent, "<1%" for a sliver. */
function share(part, total) {
  if (total <= 0) return "";
  const pct = Math.round((100 * part) / total);
  return pct === 0 && part > 0 ? t("js.share_small") : t("js.share", { pct: digits(String(pct)) });
}

function paintShares() {
  const land = territory.land();
  for (const [id, el] of legendShares) if (el) setText(el, share(id ? land.by[id] || 0 : land.unknown, land.total));
}

// The faction order of the legend, which the server ranks ties by.
const factionOrder = [...document.querySelectorAll("#legend li[data-faction]")].map((li) => li.dataset.faction).filter((id) => id && factions[id]);
for (const id of Object.keys(factions)) if (!factionOrder.includes(id)) factionOrder.push(id);

// The panel's headings follow the slider at once; the feed below them is
// the server's, so until the day's feed arrives it is hidden behind a
// status line: the page never shows one day's heading over another's events.
function panelStatus() {
  let s = document.getElementById("panel-status");
  if (!s) {
    s = document.createElement("div");
    s.id = "panel-status";
    s.className = "panel-status";
    s.setAttribute("role", "status");
    const title = document.getElementById("feed-title");
    if (title) title.after(s);
    else document.getElementById("panel")?.append(s);
  }
  return s;
}

/**
 * Writes the panel's headings for day offset d. While the slider moves
 * (resting false) a feed once hidden stays hidden, even over the feed's
 * own day: showing it again restyles and lays out every event in it (tens
 * of milliseconds at a thousand places), and the status says the events
 * show when the day stops changing.
 */
function followHeadings(d, resting = true) {
  const long = longDay(dayAt(timeline.first, d));
  const tt = document.getElementById("table-title");
  if (tt) setText(tt, t("js.table_title", { date: long }));
  const ft = document.getElementById("feed-title");
  if (ft) setText(ft, t("js.feed_title", { date: long }));
  const panel = document.getElementById("panel");
  if (!panel) return;
  const wasStale = panel.classList.contains("stale");
  const stale = d !== panelDay() || (wasStale && !resting);
  if (wasStale !== stale) panel.classList.toggle("stale", stale);
  const s = panelStatus();
  const text = stale ? t("js.stale", { date: long }) : "";
  if (s.children.length === 0) setText(s, text);
  else if (text === "") s.replaceChildren();
  else s.replaceChildren(text);
}

// When the slider settles, the feed follows: the server renders the panel.
// After a release it is asked for at once (150 ms); after a key it waits for
// the keys to rest, since each press is a change event of its own and ten
// presses would ask for ten panels.
const panelWait = 150;
const keyRest = 500;
let panelTimer = 0;
let panelAbort = null;
// The day whose panel is on its way: asking again for it would cancel the
// answer only to ask the server for the same one.
let panelComing = -1;
function loadPanel(d, wait = panelWait) {
  clearTimeout(panelTimer);
  if (d === panelDay()) return followHeadings(d);
  if (d === panelComing) return;
  panelTimer = setTimeout(async () => {
    const day = dayAt(timeline.first, d);
    panelAbort?.abort();
    panelAbort = new AbortController();
    panelComing = d;
    document.body.classList.add("loading");
    panelStatus().replaceChildren(t("js.loading", { date: longDay(day) }));
    try {
      const res = await fetch(path(`/day/${day}/panel`), { signal: panelAbort.signal });
      if (!res.ok) throw new Error(`panel ${res.status}`);
      const html = await res.text();
      if (d !== current) return;
      const tpl = document.createElement("template");
      tpl.innerHTML = html;
      const fresh = tpl.content.getElementById("panel");
      if (!fresh) throw new Error("panel: no #panel in the answer");
      document.getElementById("panel").replaceWith(fresh);
      rowsKept = true;
      keepRows();
      keepRowLooks(d);
    } catch (err) {
      if (err.name === "AbortError" || d !== current) return;
      const s = panelStatus();
      const retry = document.createElement("button");
      retry.type = "button";
      retry.textContent = t("js.retry");
      retry.addEventListener("click", () => loadPanel(current));
      s.replaceChildren(t("js.load_failed", { date: longDay(day) }) + " ", retry);
    } finally {
      if (panelComing === d) panelComing = -1;
      document.body.classList.remove("loading");
    }
  }, wait);
}

followDay(current);
const placeById = new Map(timeline.places.map((p) => [p.id, p]));
// The rows are found, and what they show noted, in a task of their own
// after this module's (which a phone runs for long enough already); a step
// that comes first finds them itself.
function keepRowsOnce() {
  if (rowsKept) return;
  rowsKept = true;
  keepRows();
  // The server drew the rows for the panel's day.
  keepRowLooks(panelDay());
}
setTimeout(keepRowsOnce, 0);

slider.addEventListener("input", () => {
  step(Number(slider.value));
  settleSoon();
});
// Whether the slider last moved by a key (its change events come one a press).
let keyed = false;
slider.addEventListener("keydown", () => (keyed = true));
slider.addEventListener("pointerdown", () => (keyed = false));
slider.addEventListener("change", () => {
  if (Number(slider.value) !== current) step(Number(slider.value));
  settle();
  loadPanel(current, keyed ? keyRest : panelWait);
});

/** Goes to day offset d from a key, the date field or Play's end: the slider, the map, the address and the feed. */
function goTo(d) {
  d = Math.max(0, Math.min(Number(slider.max), d));
  slider.value = String(d);
  setDay(d);
  loadPanel(d);
}

/** The offset of the day n calendar months after day offset d (the 31st becomes the month's last day). */
function monthsFrom(d, n, dom) {
  const [y, m, dd] = dayAt(timeline.first, d).split("-").map(Number);
  const want = dom || dd;
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  const t = Date.UTC(y, m - 1 + n, Math.min(want, last));
  return Math.round((t - Date.parse(timeline.first + "T00:00:00Z")) / 86400000);
}

// At years a slider step is several days a pixel: PageUp and PageDown move a
// month, Home and End go to the ends (in either reading direction).
slider.addEventListener("keydown", (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const to = { PageUp: () => monthsFrom(current, 1), PageDown: () => monthsFrom(current, -1), Home: () => 0, End: () => Number(slider.max) }[e.key];
  if (!to) return;
  e.preventDefault();
  goTo(to());
});

// The date field moves the map like the slider; without the script it is
// the day form's field.
const dateInput = document.getElementById("day-input");
dateInput?.addEventListener("change", () => {
  const d = dayOffsetOf(dateInput.value);
  if (!Number.isInteger(d) || d < 0 || d > Number(slider.max)) return;
  if (d !== current) goTo(d);
});
document.getElementById("day-form")?.addEventListener("submit", (e) => {
  e.preventDefault();
  const d = dayOffsetOf(dateInput?.value);
  if (Number.isInteger(d) && d >= 0 && d <= Number(slider.max)) goTo(d);
});

// ---- play / pause ----
const play = document.getElementById("play");
const speed = document.getElementById("speed");
const playStep = document.getElementById("play-step");
let timer = 0;
// Play counts steps from where it started, so a month a step from the 31st
// stays on each month's last day instead of drifting.
let playFrom = 0;
let playSteps = 0;
function playNext() {
  playSteps++;
  const by = playStep?.value;
  if (by === "month") return monthsFrom(playFrom, playSteps);
  return playFrom + playSteps * (by === "week" ? 7 : 1);
}
function stop() {
  clearInterval(timer);
  timer = 0;
  settle();
  play.textContent = t("js.play");
  play.setAttribute("aria-pressed", "false");
  loadPanel(current);
}
function start() {
  if (current >= Number(slider.max)) {
    slider.value = "0";
    setDay(0);
  }
  play.textContent = t("js.pause");
  play.setAttribute("aria-pressed", "true");
  playFrom = current;
  playSteps = 0;
  timer = setInterval(() => {
    let next = playNext();
    if (current >= Number(slider.max)) return stop();
    // The last step ends on the last day.
    next = Math.min(next, Number(slider.max));
    slider.value = String(next);
    step(next);
    settleSoon();
  }, Number(speed.value));
}
// Play keeps time from its first step, so it starts once the histories have come.
play.addEventListener("click", () => {
  if (timer) stop();
  else if (hasHistory) start();
  else loadHistory().then(() => timer || start(), (err) => console.warn("history", err));
});
for (const el of [speed, playStep]) {
  el?.addEventListener("change", () => {
    if (timer) {
      clearInterval(timer);
      timer = 0;
      start();
    }
  });
}

// ---- copy link ----
const copy = document.getElementById("copy-link");
copy.addEventListener("click", async () => {
  settle();
  try {
    await navigator.clipboard.writeText(location.href);
    copy.textContent = t("js.link_copied");
  } catch {
    copy.textContent = t("js.copy_failed");
  }
  setTimeout(() => (copy.textContent = t("js.copy_link")), 2000);
});

window.addEventListener("hashchange", () => {
  const v = parseHash();
  if (!v || location.hash === viewPart()) return;
  linkHash = location.hash;
  if (map) map.setView([v.lat, v.lon], v.z);
});

// A day in the timeline opens with the view the reader chose.
document.addEventListener("click", (e) => {
  const a = e.target.closest?.("a.tl-col");
  const v = viewPart();
  if (!a || !v || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  location.assign(path(`/day/${a.dataset.day}`) + v);
});

// ---- cite this map ----
// The reader's date of access, and the day's permalink and image, follow the slider.
const cite = { day: document.getElementById("cite-day"), url: document.getElementById("cite-url"), image: document.getElementById("cite-image"), accessed: document.getElementById("cite-accessed") };
if (cite.accessed) {
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  cite.accessed.textContent = " " + cite.accessed.dataset.text.replace("{date}", longDay(today));
}
function followCite(d) {
  const day = dayAt(timeline.first, d);
  if (cite.day) {
    setText(cite.day, longDay(day));
    cite.day.dateTime = day;
  }
  if (cite.url) {
    const u = new URL(cite.url.href);
    u.pathname = path(`/day/${day}`);
    cite.url.href = u.href;
    setText(cite.url, u.href);
  }
  if (cite.image) cite.image.pathname = path(`/day/${day}/preview.png`);
}

// ---- embed code ----
const embedCode = document.getElementById("embed-code");
function followEmbed(d) {
  if (!embedCode) return;
  const day = dayAt(timeline.first, d);
  embedCode.value = embedCode.value
    .replace(/src="[^"]*"/, `src="${location.origin}${path(`/embed/${day}`)}"`)
    .replace(/title="[^"]*"/, `title="${escapeAttr(t("js.day_title", { date: longDay(day) }))}"`);
}
followEmbed(current);
const copyEmbed = document.getElementById("copy-embed");
copyEmbed?.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(embedCode.value);
    copyEmbed.textContent = t("js.code_copied");
  } catch {
    embedCode.select();
    copyEmbed.textContent = t("js.select_copy");
  }
  setTimeout(() => (copyEmbed.textContent = t("js.copy_code")), 2000);
});

// ---- the timeline's place names stay in view on a narrow screen ----
// The strip scrolls sideways on a phone; a copy of its name column sits
// over it, stuck to the left edge, so each row stays named.
function stickNames() {
  const wrap = document.querySelector(".tlwrap");
  const svg = wrap?.querySelector("svg.tl");
  const now = document.getElementById("tl-now");
  if (!svg || !now) return;
  const vb = svg.viewBox.baseVal;
  // The names sit before day 0: at the left, or right to left at the right.
  const step = Number(now.dataset.w);
  const w0 = step > 0 ? Number(now.dataset.x0) : vb.width - Number(now.dataset.x0) + step;
  const left = step > 0 ? 0 : vb.width - w0;
  const names = document.createElementNS(SVGNS, "svg");
  names.setAttribute("class", "tl-names");
  names.setAttribute("viewBox", `${left} 0 ${w0} ${vb.height}`);
  names.setAttribute("aria-hidden", "true");
  const bg = document.createElementNS(SVGNS, "rect");
  for (const [k, v] of Object.entries({ x: left, width: w0, height: vb.height, fill: colors.paper, "fill-opacity": 0.92 })) bg.setAttribute(k, v);
  names.append(bg);
  for (const t of svg.querySelectorAll(".tl-name")) names.append((t.closest("a") || t).cloneNode(true));
  wrap.prepend(names);
  const size = () => {
    const w = (svg.getBoundingClientRect().width * w0) / vb.width;
    names.style.width = `${w}px`;
    names.style.marginInlineEnd = `-${w}px`;
    names.style.display = wrap.scrollWidth > wrap.clientWidth + 1 ? "" : "none";
  };
  // The observer measures once when it starts, and again on each resize.
  new ResizeObserver(size).observe(wrap);
}
if (stripNear) loadStrip().then(stickNames);

// Leaflet loads with defer, before this module runs.
initMap().then(() => {
  window.frontline = {
    ready: true,
    // Resolves once the day is shown: another day than the page's waits for the histories.
    setDay: async (d) => {
      if (d !== current) await loadHistory();
      setDay(d);
    },
    // Whether the histories have come, and a way to fetch them, for tests
    // of what a first visit fetches and of what a move fetches after it.
    get hasHistory() { return hasHistory; },
    history: () => loadHistory(),
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
