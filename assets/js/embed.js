// The embedded map: the day page's Leaflet map without the slider. It
// draws one day, fixed by the page, and every link opens Frontline in a
// new tab because the page lives in someone else's iframe.
import { stateOn, dayOffset, shortDay, dayAt } from "./rule.js";

const timeline = JSON.parse(document.getElementById("timeline").textContent);
const mapEl = document.getElementById("map");
const d = dayOffset(timeline.first, mapEl.dataset.day);

function style(st) {
  if (!st) return { radius: 7, color: "#1d2733", weight: 1.5, fillColor: "#ffffff", fillOpacity: 1, dashArray: "2 3" };
  const contested = st.status === "contested";
  return {
    radius: contested ? 9 : 8,
    color: contested ? timeline.factions[st.challenger]?.color || "#1d2733" : "#1d2733",
    weight: contested ? 4 : 1.5,
    dashArray: st.confidence === "claimed" ? "3 3" : null,
    fillColor: timeline.factions[st.controller]?.color || "#777777",
    fillOpacity: 1,
  };
}

function popup(p, st) {
  const div = document.createElement("div");
  const h = document.createElement("strong");
  h.textContent = p.name;
  const line = document.createElement("span");
  const f = st && timeline.factions[st.controller];
  line.textContent = !st ? "Holder unknown on this day"
    : `Held by ${f ? f.short : st.controller} since ${shortDay(dayAt(timeline.first, st.since))} (${st.confidence})`;
  const a = document.createElement("a");
  a.href = `/place/${p.id}`;
  a.target = "_blank";
  a.rel = "noopener";
  a.textContent = `History and sources of ${p.name}`;
  div.append(h, document.createElement("br"), line, document.createElement("br"), a);
  return div;
}

async function init() {
  const L = window.L;
  if (!L) return;
  mapEl.replaceChildren();
  const map = L.map(mapEl, { zoomSnap: 0.25, minZoom: 5, maxZoom: 12, scrollWheelZoom: false });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
  map.fitBounds([[32.3, 35.7], [37.3, 42.4]], { padding: [4, 4] });
  if (mapEl.dataset.tiles) {
    L.tileLayer(mapEl.dataset.tiles, { attribution: mapEl.dataset.tilesAttribution || "", maxZoom: 12 }).addTo(map);
  }
  map.attributionControl.addAttribution("Outlines: Natural Earth");
  try {
    const land = await (await fetch(mapEl.dataset.basemap)).json();
    L.geoJSON(land, {
      interactive: false,
      style: (f) => f.properties.focus
        ? { color: "#55606e", weight: 1.5, fillColor: "#ffffff", fillOpacity: mapEl.dataset.tiles ? 0 : 1 }
        : { color: "#9aa3ad", weight: 1, fillColor: "#f4f1ea", fillOpacity: mapEl.dataset.tiles ? 0 : 1 },
    }).addTo(map);
  } catch (err) {
    console.warn("basemap", err);
  }
  for (const p of timeline.places) {
    const st = stateOn(p.ev, d);
    const f = st && timeline.factions[st.controller];
    const m = L.circleMarker([p.lat, p.lon], style(st));
    m.bindTooltip(f ? `${p.name} · ${f.short}` : p.name, { permanent: p.kind === "city", direction: "right", offset: [8, 0], className: "place-label" });
    m.bindPopup(() => popup(p, st));
    m.addTo(map);
  }
  document.documentElement.dataset.mapReady = "1";
}

init();
