// The property page's map: the parcel's remaining part, its setback strip hatched, the approved
// street lines that cut it and, for context, the streets, street lines and parcels around it
// (public layers of the parcels API). The figures themselves are in the page's text.
"use strict";

(() => {
  const mapElement = document.getElementById("property-map");
  const dataElement = document.getElementById("property-map-data");
  if (!mapElement || !dataElement || !window.L) {
    return;
  }
  const M = window.NamaMap;
  const report = JSON.parse(dataElement.textContent);
  const shapes = report.geometry;
  if (!shapes.parcel) {
    mapElement.classList.add("parcel-map--empty");
    mapElement.textContent = "برای این ملک نقشه‌ای ثبت نشده است.";
    return;
  }

  // In a scrolling page a one-finger drag scrolls the page on phones; pinch still zooms.
  const { map, config } = M.createMap(mapElement, {
    scrollWheelZoom: false,
    dragging: !L.Browser.mobile,
  });

  // Context panes under the parcel's own layers (overlayPane, 400), whenever they arrive:
  // streets, then the neighbours, then the planned right-of-way over them.
  [
    ["contextStreets", 330],
    ["contextParcels", 340],
    ["contextLines", 350],
  ].forEach(([name, zIndex]) => {
    map.createPane(name);
    map.getPane(name).style.zIndex = zIndex;
  });

  const tooltip = { sticky: true, className: "map-tooltip" };
  for (const line of report.street_lines) {
    if (line.geometry) {
      const width = line.planned_width ? `، عرض مصوب ${M.number(line.planned_width)} متر` : "";
      L.geoJSON(line.geometry, { style: { ...M.STYLES.streetLine, fillOpacity: 0.18 } })
        .bindTooltip(`بر اصلاحی: ${M.faDigits(line.name || "معبر")}${width}`, tooltip)
        .addTo(map);
    }
  }
  L.geoJSON(shapes.remaining || shapes.parcel, {
    style: M.STYLES.remaining,
    interactive: false,
  }).addTo(map);
  if (shapes.setback) {
    L.geoJSON(shapes.setback, { style: M.STYLES.setback })
      .bindTooltip(`عقب‌نشینی: ${M.squareMetres(report.setback_area)}`, tooltip)
      .addTo(map);
  }
  const outline = L.geoJSON(shapes.parcel, { style: M.STYLES.outline }).addTo(map);
  const parcelBounds = outline.getBounds();
  map.fitBounds(parcelBounds.pad(0.5), { maxZoom: 19 });

  // Context around the parcel: public layers in a window a little larger than the view.
  const bbox = M.bboxParam(parcelBounds.pad(4));
  const draw = (url, pane, style) =>
    M.getJSON(url)
      .then((collection) => {
        const layer = L.geoJSON(collection, { style, pane, interactive: false }).addTo(map);
        // Streets are drawn at their real width: restyle them as the zoom changes.
        map.on("zoomend", () => layer.setStyle(style));
      })
      .catch(() => {
        // Context only: the parcel and its figures are already shown.
      });
  draw(`${config.streetsUrl}?bbox=${bbox}`, "contextStreets", (feature) => ({
    ...M.STYLES.street,
    weight: M.streetWeight(map, feature.properties.width),
  }));
  draw(`${config.parcelsUrl}?bbox=${bbox}`, "contextParcels", (feature) =>
    feature.id === report.renewal_code ? { opacity: 0, fillOpacity: 0 } : M.STYLES.neighbour,
  );
  draw(`${config.streetLinesUrl}?bbox=${bbox}`, "contextLines", {
    ...M.STYLES.streetLine,
    fillOpacity: 0.12,
  });
})();
