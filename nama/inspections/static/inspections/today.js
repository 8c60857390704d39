// The map of the inspector's stops: each visit's parcel outlined and pinned with its number
// in the list below. Leaflet (L) and map-common.js (NamaMap) load first. A static file: the
// Content-Security-Policy forbids inline scripts.
"use strict";

(() => {
  const element = document.getElementById("stops-map");
  const data = document.getElementById("stops-data");
  if (!element || !data || !window.L || !window.NamaMap) {
    return;
  }
  const stops = JSON.parse(data.textContent);
  const { map } = NamaMap.createMap(element, { scrollWheelZoom: false });
  const bounds = L.latLngBounds([]);

  for (const feature of stops.features) {
    const { number, lat, lon, label } = feature.properties;
    if (feature.geometry) {
      const outline = L.geoJSON(feature.geometry, { style: NamaMap.STYLES.selectedParcel });
      outline.addTo(map);
      bounds.extend(outline.getBounds());
    }
    const pin = L.marker([lat, lon], {
      icon: L.divIcon({
        className: "stop-pin",
        html: NamaMap.faDigits(number),
        iconSize: [32, 32],
        iconAnchor: [16, 16],
      }),
      keyboard: false,
      title: `${NamaMap.faDigits(number)}. ${label}`,
      alt: `بازدید ${NamaMap.faDigits(number)}`,
    });
    pin.on("click", () => {
      const card = document.querySelector(`[data-visit="${CSS.escape(feature.properties.code)}"]`);
      if (card) {
        card.scrollIntoView({ block: "center" });
      }
    });
    pin.addTo(map);
    bounds.extend([lat, lon]);
  }
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [28, 28], maxZoom: 18 });
  }
})();
