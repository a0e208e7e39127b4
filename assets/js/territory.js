// Territory on the Leaflet map: each place's cell (the land nearest to it)
// filled in its holder's colour, and front lines where neighbouring cells
// have different holders. The geometry is one content-hashed asset loaded
// once; the page carries every cell's state on its own day, and every
// cell's history is a second file the day page fetches when the reader
// first moves to another day (it grows with the days). A day only
// recolours the cells whose state changed, so scrubbing makes no request.
import { t as tr } from "./i18n.js";

/** The index into a place's flat [day, state, day, state…] changes in force on day offset d, or -1. */
export function stateIndexOn(ch, d) {
  let lo = 0;
  let hi = ch.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ch[mid * 2] <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? -1 : ch[(lo - 1) * 2 + 1];
}

const stripes = new Map();

/**
 * A canvas pattern of the challenger's stripes over the holder's colour, at
 * 45 degrees, with the period and width across the stripes that the page's
 * symbol definition gives (the same as the server's maps and the preview).
 */
function stripePattern(holder, challenger, sym) {
  const key = holder + challenger;
  if (stripes.has(key)) return stripes.get(key);
  const p = Math.round(sym.stripePeriod * Math.SQRT2);
  const c = document.createElement("canvas");
  c.width = c.height = p;
  const g = c.getContext("2d");
  g.fillStyle = holder;
  g.fillRect(0, 0, p, p);
  g.strokeStyle = challenger;
  g.lineWidth = sym.stripeWidth;
  g.beginPath();
  for (const o of [-p, 0, p]) {
    g.moveTo(o, p);
    g.lineTo(o + p, 0);
  }
  g.stroke();
  const pat = g.createPattern(c, "repeat");
  stripes.set(key, pat);
  return pat;
}

const dots = new Map();

/**
 * A canvas pattern of dots in the partner's colour over the holder's, on a
 * square grid with every other row shifted by half (internal/symbol's
 * DotPeriod and DotRadius), as the server's maps draw joint land.
 */
function dotPattern(holder, partner, sym) {
  const key = holder + partner;
  if (dots.has(key)) return dots.get(key);
  const p = Math.round(sym.dotPeriod);
  const c = document.createElement("canvas");
  c.width = c.height = p;
  const g = c.getContext("2d");
  g.fillStyle = holder;
  g.fillRect(0, 0, p, p);
  g.fillStyle = partner;
  for (const [x, y] of [[p / 4, p / 4], [(3 * p) / 4, (3 * p) / 4]]) {
    g.beginPath();
    g.arc(x, y, sym.dotRadius, 0, 2 * Math.PI);
    g.fill();
  }
  const pat = g.createPattern(c, "repeat");
  dots.set(key, pat);
  return pat;
}

/**
 * The fill of a cell for a state [controller, status, challenger, confidence]
 * (null when unknown), in the symbol language of internal/symbol: held land
 * solid, contested land striped in the challenger's colour, joint land
 * dotted in the partner's, claimed land paler.
 */
export function cellStyle(factions, st, sym) {
  if (!st) return { fillColor: sym.colors.paper, fillOpacity: 0, stroke: false };
  const [controller, status, challenger, confidence] = st;
  const fill = factions[controller]?.color || sym.colors.noFaction;
  const claimed = confidence === "claimed";
  if (status === "contested") {
    const pattern = typeof document === "undefined" ? fill : stripePattern(fill, factions[challenger]?.color || sym.colors.ink, sym);
    return { fillColor: pattern, fillOpacity: claimed ? sym.claimedLand : sym.contestedLand, stroke: false };
  }
  if (status === "joint") {
    const pattern = typeof document === "undefined" ? fill : dotPattern(fill, factions[challenger]?.color || sym.colors.ink, sym);
    return { fillColor: pattern, fillOpacity: claimed ? sym.claimedLand : sym.heldLand, stroke: false };
  }
  return { fillColor: fill, fillOpacity: claimed ? sym.claimedLand : sym.heldLand, stroke: false };
}

/** Decodes a delta line (whole 1e-4 degrees: the first [lon, lat], then differences) into flat [lat, lon, lat, lon…] degrees. */
function decodeFlat(d) {
  const out = new Float64Array(d.length);
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < d.length; i += 2) {
    x += d[i];
    y += d[i + 1];
    out[i] = y / 1e4;
    out[i + 1] = x / 1e4;
  }
  return out;
}

// How many cells are decoded between two pauses while the map is drawn.
const CELL_BATCH = 1000;

/**
 * A layer of the territory's canvas that Leaflet places, zooms and clears
 * like its own paths, but that projects and draws itself: project(map)
 * puts its points in the map's layer pixels at the zoom and returns the
 * box around them; draw(ctx) draws it all. Leaflet's polygons and
 * polylines each project, clip and fill themselves (a thousand cells were a
 * fifth of the time to draw the map at 1,000 places, and the front lines,
 * set anew at each step, most of a step's script); these do it once per
 * zoom, and a new day only asks for a redraw.
 */
function canvasLayer(L, options, project, draw) {
  const Drawn = L.Path.extend({
    initialize() {
      L.setOptions(this, options);
    },
    // Asks the canvas to draw again after what it shows changed.
    changed() {
      if (this._map && this._renderer) this._renderer._requestRedraw(this);
    },
    _project() {
      this._pxBounds = project(this._map);
    },
    // Nothing to clip: the canvas draws what lies outside it for nothing.
    _update() {},
    _updatePath() {
      if (this._renderer._drawing) draw(this._renderer._ctx);
    },
    _containsPoint() {
      return false;
    },
    _empty() {
      return !this._pxBounds;
    },
  });
  return new Drawn();
}

/** The box around flat [x, y, x, y…] arrays, or undefined when empty. */
function boxOf(L, arrays) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const a of arrays) {
    for (let k = 0; k + 1 < a.length; k += 2) {
      if (a[k] < x0) x0 = a[k];
      if (a[k] > x1) x1 = a[k];
      if (a[k + 1] < y0) y0 = a[k + 1];
      if (a[k + 1] > y1) y1 = a[k + 1];
    }
  }
  return x0 <= x1 ? L.bounds([x0, y0], [x1, y1]) : undefined;
}

/** Flat [lat, lon…] degrees in the map's layer pixels (rounded, as Leaflet's own paths are). */
function toPixels(map, ll) {
  const out = new Float64Array(ll.length);
  for (let k = 0; k + 1 < ll.length; k += 2) {
    const p = map.latLngToLayerPoint([ll[k], ll[k + 1]]);
    out[k] = p.x;
    out[k + 1] = p.y;
  }
  return out;
}

/**
 * Every cell on one layer. look[i] is cell i's index among the territory's
 * states (-1 for none). A redraw fills the cells of one look as one path,
 * once: a fill per look, not per cell. Cells never overlap (they split the
 * land between the places), so several in one path under the even-odd
 * rule are each filled once, an enclave in a hole of a cell of the same
 * look too.
 */
function cellsLayer(L, rings, styleOf, options) {
  let px = [];
  const layer = canvasLayer(L, options, (map) => {
    px = rings.map((cell) => cell.map((r) => toPixels(map, r)));
    return boxOf(L, px.flat());
  }, (ctx) => {
    const byLook = new Map();
    for (let i = 0; i < px.length; i++) {
      const s = layer.look[i];
      if (s < 0 || !px[i].length) continue;
      let list = byLook.get(s);
      if (!list) byLook.set(s, (list = []));
      list.push(i);
    }
    for (const [s, cells] of byLook) {
      const st = styleOf(s);
      if (!st.fillOpacity) continue;
      ctx.beginPath();
      for (const i of cells) {
        for (const r of px[i]) {
          ctx.moveTo(r[0], r[1]);
          for (let k = 2; k + 1 < r.length; k += 2) ctx.lineTo(r[k], r[k + 1]);
          ctx.closePath();
        }
      }
      ctx.globalAlpha = st.fillOpacity;
      ctx.fillStyle = st.fillColor;
      ctx.fill("evenodd");
    }
  });
  layer.look = new Int32Array(rings.length).fill(-1);
  return layer;
}

/**
 * The front lines on one layer: each boundary segment between two cells
 * (segs, from sharedSegments) whose holders, in holder, are known and
 * differ, stroked as one path.
 */
function frontsLayer(L, segs, holder, { color, weight, opacity }, options) {
  const ends = new Float64Array(segs.length * 4);
  segs.forEach(([, , [[lat1, lon1], [lat2, lon2]]], i) => ends.set([lat1, lon1, lat2, lon2], i * 4));
  let px = new Float64Array(0);
  return canvasLayer(L, { ...options, weight }, (map) => {
    px = toPixels(map, ends);
    return boxOf(L, [px]);
  }, (ctx) => {
    ctx.beginPath();
    for (let i = 0; i < segs.length; i++) {
      const a = holder[segs[i][0]];
      const b = holder[segs[i][1]];
      if (!a || !b || a === b) continue;
      ctx.moveTo(px[i * 4], px[i * 4 + 1]);
      ctx.lineTo(px[i * 4 + 2], px[i * 4 + 3]);
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = opacity;
    ctx.lineWidth = weight;
    ctx.strokeStyle = color;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.stroke();
  });
}

/**
 * The boundaries between neighbouring cells, found from the cells alone:
 * neighbours share their vertices exactly (whole 1e-4 degrees), so a segment
 * that two cells' rings both hold lies between those two cells. Returns
 * [a, b, [[lat, lon], [lat, lon]]] for each shared segment. The file then
 * needs no separate edges, which at ten thousand places would be a third of
 * its bytes.
 */
export function sharedSegments(cellData) {
  // Keys are numbers, not strings: a vertex is numbered the first time it
  // is seen, and a segment is keyed by its two vertices' numbers, lower
  // first. At a thousand cells string keys were most of the time.
  const vertex = new Map();
  const vid = (x, y) => {
    const k = (x + 2e6) * 4e6 + (y + 2e6);
    let v = vertex.get(k);
    if (v === undefined) {
      v = vertex.size;
      vertex.set(k, v);
    }
    return v;
  };
  const seg = new Map();
  cellData.forEach((polys, i) => {
    for (const rings of polys) {
      for (const d of rings) {
        let x = d[0];
        let y = d[1];
        let a = vid(x, y);
        for (let k = 2; k + 1 < d.length; k += 2) {
          const nx = x + d[k];
          const ny = y + d[k + 1];
          const b = vid(nx, ny);
          const key = a < b ? a * 2 ** 26 + b : b * 2 ** 26 + a;
          const s = seg.get(key);
          if (!s) seg.set(key, [i, -1, x, y, nx, ny]);
          else if (s[0] !== i && s[1] < 0) s[1] = i;
          x = nx;
          y = ny;
          a = b;
        }
      }
    }
  });
  const out = [];
  for (const [a, b, x1, y1, x2, y2] of seg.values()) {
    if (b >= 0) out.push([a, b, [[y1 / 1e4, x1 / 1e4], [y2 / 1e4, x2 / 1e4]]]);
  }
  return out;
}

/**
 * Draws the territory asset (data, a promise of its JSON) on map under the markers. src
 * holds the states: src.cells, every cell's state on the page's day
 * (src.day), and src.ch, every cell's history, once fetched (see
 * stateIndexOn). Returns paint(d), which recolours the cells for day offset
 * d and redraws the front lines, or null when there is no territory.
 */
export async function drawTerritory(L, map, data, factions, sym, src, pause = async () => {}) {
  const t = await data;
  if (!t) return null;
  await pause();
  map.createPane("territory");
  map.getPane("territory").style.zIndex = 350; // above the basemap (250), under the markers (400)
  const renderer = L.canvas({ padding: 0.2, pane: "territory" });
  const group = L.layerGroup().addTo(map);
  // Each cell's rings in degrees, decoded in batches with a pause between
  // (at ten thousand places they are 200,000 points).
  const rings = [];
  for (const polys of t.cells) {
    if (rings.length && rings.length % CELL_BATCH === 0) await pause();
    rings.push(polys.flatMap((rs) => rs.map(decodeFlat)));
  }
  const painted = new Int32Array(t.cells.length).fill(-2);
  const holder = new Array(t.cells.length).fill(null);
  // One style object per state, not one per cell and step: at ten thousand
  // cells the garbage alone cost a step milliseconds.
  const styles = new Map();
  const styleOf = (s) => {
    if (!styles.has(s)) styles.set(s, cellStyle(factions, s < 0 ? null : t.states[s], sym));
    return styles.get(s);
  };
  const cells = cellsLayer(L, rings, styleOf, { renderer, pane: "territory", interactive: false, stroke: false }).addTo(group);
  // A reader can switch the shading off to see the places alone.
  // On a narrow map the switch folds into Leaflet's layers button, so it
  // does not cover the zoom buttons.
  const collapsed = map.getSize().x < 600;
  const layers = L.control.layers(null, { [tr("js.shaded_layer")]: group }, { collapsed, position: "topright" });
  // Open, Leaflet's control measures its list against the map's height to
  // give it a scrollbar: a layout forced in the middle of drawing (tens of
  // milliseconds at a thousand places). Its one line always fits.
  if (!collapsed) {
    layers.expand = function () {
      L.DomUtil.addClass(this._container, "leaflet-control-layers-expanded");
      this._checkDisabledLayers();
      return this;
    };
  }
  layers.addTo(map);
  // Leaflet names its folded button in English.
  const toggle = layers.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle) toggle.title = tr("js.layers");
  // The boundaries are found once, in a task of their own, since the
  // first paint draws the front lines; they go above the cells.
  await pause();
  const fronts = frontsLayer(L, sharedSegments(t.cells), holder, { color: sym.colors.ink, weight: sym.frontWidth, opacity: 0.85 },
    { renderer, pane: "territory", interactive: false }).addTo(group);
  await pause();
  function paint(d) {
    let changed = 0;
    let holdersChanged = false;
    for (let i = 0; i < rings.length; i++) {
      // Without the history only the page's own day is known.
      const s = src.ch ? stateIndexOn(src.ch[i], d) : d === src.day ? src.cells[i] : -1;
      if (s === painted[i]) continue;
      painted[i] = s;
      const h = s < 0 ? null : t.states[s][0];
      if (h !== holder[i]) {
        holder[i] = h;
        holdersChanged = true;
      }
      changed++;
      cells.look[i] = s;
    }
    if (changed) cells.changed();
    // The front lines move only when a cell changes hands; a cell becoming
    // contested or confirmed keeps them.
    if (holdersChanged) fronts.changed();
    return changed;
  }
  function holders() {
    const out = {};
    for (let i = 0; i < rings.length; i++) {
      if (rings[i].length && holder[i]) out[holder[i]] = (out[holder[i]] || 0) + 1;
    }
    return out;
  }
  // The land each faction holds as last painted, in km², the land no known
  // faction holds and all of it: the server's per-cell areas added up, as
  // the server adds them for the legend it writes.
  function land() {
    const by = {};
    let unknown = 0, total = 0;
    const area = t.area || [];
    for (let i = 0; i < area.length; i++) {
      total += area[i];
      if (holder[i]) by[holder[i]] = (by[holder[i]] || 0) + area[i];
      else unknown += area[i];
    }
    return { by, unknown, total };
  }
  return { paint, holders, land, note: t.note };
}
