// The embedded map: the day page's Leaflet map without the slider. It
// draws one day, fixed by the page, and every link opens Frontline in a
// new tab because the page lives in someone else's iframe.
import { stateOn, dayOffset } from "./rule.js";
import { createMap, paintMarker } from "./places-map.js";

const timeline = JSON.parse(document.getElementById("timeline").textContent);
const mapEl = document.getElementById("map");
const d = dayOffset(timeline.first, mapEl.dataset.day);

async function init() {
  if (!window.L) return;
  // The page carries the states of its one day (each place's state in
  // force, every cell's), so the embed fetches no history.
  const { markers, territory, relabel } = await createMap(window.L, mapEl, timeline, { day: () => d, newTab: true, scrollWheelZoom: false });
  if (territory) territory.paint(d);
  for (const p of timeline.places) paintMarker(timeline, markers.get(p.id), p, stateOn(p.ev, d, timeline.successions));
  // The labels now name their holders: hide those that would cover another.
  relabel();
  document.documentElement.dataset.mapReady = "1";
}

init();
