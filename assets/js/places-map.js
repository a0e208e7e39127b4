// The Leaflet map shared by the day page and the embed: the offline
// basemap, an optional tile layer, and one circle marker per place whose
// fill, ring and label say who holds it.
import { stateOn, dayAt, shortDay } from "./rule.js";
import { drawTerritory } from "./territory.js";
import { drawLayers } from "./layers.js";

// The box the map opens on: Syria with a small margin.
export const SYRIA = [[32.3, 35.7], [37.3, 42.4]];

/** The marker's look for a state (null when unknown): fill = holder, ring = challenger, dashes = claimed. */
export function markerStyle(factions, st) {
  if (!st) return { radius: 7, color: "#1d2733", weight: 1.5, fillColor: "#ffffff", fillOpacity: 1, dashArray: "2 3" };
  const contested = st.status === "contested";
  return {
    radius: contested ? 9 : 8,
    color: contested ? factions[st.challenger]?.color || "#1d2733" : "#1d2733",
    weight: contested ? 4 : 1.5,
    dashArray: st.confidence === "claimed" ? "3 3" : null,
    fillColor: factions[st.controller]?.color || "#777777",
    fillOpacity: 1,
  };
}

function popup(timeline, p, st, newTab) {
  const { factions } = timeline;
  const div = document.createElement("div");
  const h = document.createElement("strong");
  h.textContent = p.name;
  const line = document.createElement("span");
  if (!st) {
    line.textContent = "Holder unknown on this day";
  } else {
    let text = `Held by ${factions[st.controller]?.short || st.controller}`;
    if (st.status === "contested") text += `, contested by ${factions[st.challenger]?.short || st.challenger}`;
    line.textContent = `${text} since ${shortDay(dayAt(timeline.first, st.since))} (${st.confidence})`;
  }
  const a = document.createElement("a");
  a.href = `/place/${p.id}`;
  if (newTab) {
    a.target = "_blank";
    a.rel = "noopener";
  }
  a.textContent = `History and sources of ${p.name}`;
  div.append(h, document.createElement("br"), line, document.createElement("br"), a);
  return div;
}

/** Restyles one marker for a state and names its holder in its label. */
export function paintMarker(timeline, m, p, st) {
  const style = markerStyle(timeline.factions, st);
  m.setStyle(style);
  m.setRadius(style.radius);
  const el = m.getElement();
  if (el) {
    el.setAttribute("data-place", p.id);
    el.setAttribute("data-controller", st ? st.controller : "");
  }
  const f = st && timeline.factions[st.controller];
  const label = document.createElement("span");
  label.textContent = f ? `${p.name} · ${f.short}` : p.name;
  m.setTooltipContent(label);
}

/**
 * Draws the map in mapEl (replacing the server's static picture) and
 * returns it with its markers by place id. day() gives the day offset that
 * popups describe; view is {z, lat, lon} or null for all of Syria.
 */
export async function createMap(L, mapEl, timeline, { day, view = null, newTab = false, scrollWheelZoom = true }) {
  mapEl.replaceChildren();
  const map = L.map(mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 5, maxZoom: 12, keyboard: true, scrollWheelZoom });
  const target = newTab ? ' target="_blank" rel="noopener"' : "";
  map.attributionControl.setPrefix(`<a href="https://leafletjs.com"${target}>Leaflet</a>`);
  if (view) map.setView([view.lat, view.lon], view.z);
  else map.fitBounds(SYRIA, { padding: [4, 4] });
  const tiles = mapEl.dataset.tiles;
  if (tiles) L.tileLayer(tiles, { attribution: mapEl.dataset.tilesAttribution || "", maxZoom: 12 }).addTo(map);
  map.attributionControl.addAttribution("Natural Earth · GeoNames (CC BY 4.0) · GSHHG");
  try {
    const land = await (await fetch(mapEl.dataset.basemap)).json();
    // The outlines sit in their own pane under the territory's.
    map.createPane("basemap");
    map.getPane("basemap").style.zIndex = 250;
    L.geoJSON(land, {
      pane: "basemap",
      interactive: false,
      style: (f) => f.properties.focus
        ? { color: "#55606e", weight: 1.5, fillColor: "#ffffff", fillOpacity: tiles ? 0 : 1 }
        : { color: "#9aa3ad", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0 : 1 },
    }).addTo(map);
  } catch (err) {
    console.warn("basemap", err);
  }
  let territory = null;
  try {
    territory = await drawTerritory(L, map, timeline.territory, timeline.factions);
    if (territory) territory.paint(day());
  } catch (err) {
    console.warn("territory", err);
  }
  try {
    await drawLayers(L, map, timeline.layers);
  } catch (err) {
    console.warn("layers", err);
  }
  const markers = new Map();
  for (const p of timeline.places) {
    const m = L.circleMarker([p.lat, p.lon], markerStyle(timeline.factions, null));
    // Cities keep a label; towns show theirs on hover and focus, so the
    // crowded north-west stays readable. The table names every place.
    // Names reach the tooltip as text, never as HTML.
    const label = document.createElement("span");
    label.textContent = p.name;
    m.bindTooltip(label, { permanent: p.kind === "city", direction: "right", offset: [8, 0], className: "place-label" });
    m.bindPopup(() => popup(timeline, p, stateOn(p.ev, day()), newTab));
    m.addTo(map);
    markers.set(p.id, m);
  }
  // A scrollbar appearing, or the layout settling, resizes the box without a
  // window resize event; keep the map's idea of its size true.
  new ResizeObserver(() => map.invalidateSize({ pan: false })).observe(mapEl);
  return { map, markers, territory };
}
