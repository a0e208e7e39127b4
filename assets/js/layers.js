// The basemap's reference layers on the live map: governorate borders and
// names, the rivers and the schematic M4 and M5 highways, above the shaded
// land and under the places.
import { t, lang } from "./i18n.js";

// Each layer's look; colors are the map's own colours (internal/symbol).
const style = (colors) => ({
  admin1: { color: colors.boundary, weight: 0.8, dashArray: "3 2", fill: false },
  water: { color: colors.river, weight: 1.4, fill: false },
  lake: { color: colors.river, weight: 0.8, fill: true, fillColor: colors.lake, fillOpacity: 0.85 },
  roads: { color: colors.road, weight: 1.2, dashArray: "6 3", fill: false },
});

/** Draws the layers in data ({admin1, water, roads}, each a promise of its GeoJSON) in colors; governorate names show from zoom 7. */
export async function drawLayers(L, map, data, colors) {
  if (!data) return;
  const STYLE = style(colors);
  map.createPane("layers");
  map.getPane("layers").style.zIndex = 380;
  map.getPane("layers").style.pointerEvents = "none";
  const names = L.layerGroup();
  for (const key of ["admin1", "water", "roads"]) {
    const fc = await data[key];
    if (!fc) continue;
    // Lakes are filled; rivers, borders and roads are lines.
    const style = (f) => (key === "water" && f.geometry.type.endsWith("Polygon") ? STYLE.lake : STYLE[key]);
    L.geoJSON(fc, { pane: "layers", interactive: false, style }).addTo(map);
    if (key === "admin1") {
      for (const f of fc.features) {
        const center = L.geoJSON(f).getBounds().getCenter();
        const label = document.createElement("span");
        // A governorate's name in the page's language when the layer has it.
        const own = f.properties[`name_${lang}`];
        label.textContent = own || f.properties.name;
        if (!own && lang !== "en") label.lang = "en";
        names.addLayer(L.tooltip({ permanent: true, direction: "center", className: "gov-label", interactive: false }).setLatLng(center).setContent(label));
      }
    }
    if (key === "roads") {
      for (const f of fc.features) {
        const c = f.geometry.coordinates;
        const [lon, lat] = c[Math.floor(c.length / 2)];
        const label = document.createElement("span");
        label.textContent = t("js.road_schematic", { name: f.properties.name });
        names.addLayer(L.tooltip({ permanent: true, direction: "center", className: "road-label", interactive: false }).setLatLng([lat, lon]).setContent(label));
      }
    }
  }
  const sync = () => {
    if (map.getZoom() >= 7) names.addTo(map);
    else names.remove();
  };
  map.on("zoomend", sync);
  sync();
}
