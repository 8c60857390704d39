// The public city map (B5): district boundaries, streets and approved street lines as layers
// with a Persian layer control, and — zoomed in — the parcels of the visible window from the
// parcels API. A parcel's public facts show in a popup and in the page's live region (its text
// alternative); keyboard users pan with the arrows and press Enter for the parcel at the
// centre, or search by renewal code. The view is kept in the address (?lat=&lon=&z=&code=).
"use strict";

(() => {
  const mapElement = document.getElementById("city-map");
  if (!mapElement || !window.L) {
    return;
  }
  const M = window.NamaMap;
  const { map, config } = M.createMap(mapElement, { keyboardPanDelta: 120 });
  const factsBox = document.querySelector("[data-parcel-facts]");
  const searchForm = document.querySelector("[data-map-search]");
  const searchError = document.querySelector("[data-search-error]");
  const centreButton = document.querySelector("[data-map-centre]");
  const phone = window.matchMedia("(max-width: 767.98px)").matches;

  // Panes, bottom to top: streets (at their real width, between the parcels), parcels, street
  // lines (the planned widening, over the parcels it cuts), district boundaries.
  [
    ["streets", 390],
    ["parcels", 400],
    ["streetLines", 420],
    ["districts", 430],
  ].forEach(([name, zIndex]) => {
    map.createPane(name);
    map.getPane(name).style.zIndex = zIndex;
  });

  const districts = L.geoJSON(null, {
    pane: "districts",
    style: M.STYLES.district,
    interactive: false,
    onEachFeature: (feature, layer) => {
      layer.bindTooltip(M.faDigits(feature.properties.name), {
        permanent: true,
        direction: "center",
        className: "district-label",
        interactive: false,
      });
    },
  });
  const streetStyle = (feature) => ({
    ...M.STYLES.street,
    weight: M.streetWeight(map, feature.properties.width),
  });
  const streets = L.geoJSON(null, {
    pane: "streets",
    style: streetStyle,
    onEachFeature: (feature, layer) => {
      const { name, kind_label: kind } = feature.properties;
      layer.bindTooltip(`${M.faDigits(name || "خیابان")} (${kind})`, {
        sticky: true,
        className: "map-tooltip",
      });
    },
  });
  // Far out, the widening reads as a band; close in, its dashed edge is the street line.
  const streetLineStyle = () =>
    map.getZoom() < 16
      ? { ...M.STYLES.streetLine, stroke: false, fillOpacity: 0.5 }
      : M.STYLES.streetLine;
  const streetLines = L.geoJSON(null, {
    pane: "streetLines",
    style: streetLineStyle,
    onEachFeature: (feature, layer) => {
      const { name, planned_width: width } = feature.properties;
      const planned = width ? `، عرض مصوب ${M.number(width)} متر` : "";
      layer.bindTooltip(`بر اصلاحی: ${M.faDigits(name || "معبر")}${planned}`, {
        sticky: true,
        className: "map-tooltip",
      });
    },
  });
  let selectedCode = new URLSearchParams(window.location.search).get("code") || "";
  const parcelStyle = (feature) => {
    if (feature.id === selectedCode) {
      return M.STYLES.selectedParcel;
    }
    return feature.properties.setback_area > 0 ? M.STYLES.affectedParcel : M.STYLES.parcel;
  };
  const parcels = L.geoJSON(null, {
    pane: "parcels",
    style: parcelStyle,
    onEachFeature: (feature, layer) => {
      layer.on("click", (event) => select(feature, event.latlng));
    },
  });
  // The selected parcel drawn on top, also when it came from a search outside the window.
  const selection = L.geoJSON(null, {
    pane: "streetLines",
    style: M.STYLES.selectedParcel,
    interactive: false,
  });
  selection.addTo(map);

  districts.addTo(map);
  streets.addTo(map);
  streetLines.addTo(map);
  parcels.addTo(map);
  M.layerControl(
    map,
    {
      "مرز مناطق": districts,
      "خیابان‌ها": streets,
      "برهای اصلاحی (تعریض معبر)": streetLines,
      "قطعه‌ها": parcels,
    },
    { position: "topright", collapsed: phone },
  );

  // --- Status over the map: zoom in, loading, too many parcels -----------------------------
  const status = M.element("p", "map-status");
  status.setAttribute("role", "status");
  mapElement.append(status);
  let lastStatus = null;
  function say(text) {
    if (text === lastStatus) {
      return;
    }
    lastStatus = text;
    status.textContent = text;
    status.hidden = !text;
  }

  // --- Selecting a parcel -----------------------------------------------------------------
  function showFacts(feature) {
    const heading = M.element("p", "parcel-facts__title");
    heading.append("قطعهٔ ", M.codeNode(feature.id));
    factsBox.replaceChildren(heading, M.factsList(feature.properties));
  }

  let openPopup = null;

  function select(feature, latlng) {
    selectedCode = feature.id;
    parcels.setStyle(parcelStyle);
    selection.clearLayers();
    selection.addData(feature);
    showFacts(feature);
    const popup = M.element("div", "map-popup");
    popup.append(M.factsList(feature.properties, { brief: true }));
    const where = latlng || L.geoJSON(feature).getBounds().getCenter();
    openPopup = L.popup({ maxWidth: 280, autoPanPadding: [16, 16] })
      .setLatLng(where)
      .setContent(popup);
    openPopup.openOn(map);
    remember();
  }

  function clearSelection() {
    selectedCode = "";
    selection.clearLayers();
    parcels.setStyle(parcelStyle);
    remember();
  }

  // Closing the parcel's popup ends the selection (another parcel's popup replacing it does not).
  map.on("popupclose", (event) => {
    if (event.popup === openPopup) {
      openPopup = null;
      clearSelection();
    }
  });

  // --- Loading by window ------------------------------------------------------------------
  let parcelRequest = null;
  let streetRequest = null;
  let streetBounds = null;

  function abort(request) {
    if (request) {
      request.abort();
    }
  }

  async function loadParcels() {
    abort(parcelRequest);
    const bounds = map.getBounds();
    if (map.getZoom() < config.minParcelZoom || M.areaKm2(bounds) > config.maxWindowKm2) {
      parcels.clearLayers();
      say("برای دیدن قطعه‌ها نقشه را بزرگ‌نمایی کنید.");
      return;
    }
    parcelRequest = new AbortController();
    say("در حال بارگذاری قطعه‌ها…");
    try {
      const url = `${config.parcelsUrl}?bbox=${M.bboxParam(bounds)}`;
      const collection = await M.getJSON(url, parcelRequest.signal);
      parcels.clearLayers();
      parcels.addData(collection);
      say(
        collection.truncated
          ? `فقط ${M.faDigits(collection.limit)} قطعه نشان داده شده است؛ برای دیدن همه بزرگ‌نمایی کنید.`
          : "",
      );
    } catch (error) {
      if (error.name !== "AbortError") {
        say(error.message);
      }
    }
  }

  async function loadStreets() {
    const bounds = map.getBounds();
    if (map.getZoom() < config.minStreetZoom || (streetBounds && streetBounds.contains(bounds))) {
      return;
    }
    abort(streetRequest);
    streetRequest = new AbortController();
    const wider = bounds.pad(0.5);
    const bbox = M.bboxParam(wider);
    try {
      const [streetData, lineData] = await Promise.all([
        M.getJSON(`${config.streetsUrl}?bbox=${bbox}`, streetRequest.signal),
        M.getJSON(`${config.streetLinesUrl}?bbox=${bbox}`, streetRequest.signal),
      ]);
      streets.clearLayers();
      streets.addData(streetData);
      streetLines.clearLayers();
      streetLines.addData(lineData);
      streetBounds = wider;
    } catch (error) {
      if (error.name !== "AbortError") {
        say(error.message);
      }
    }
  }

  function remember() {
    const centre = map.getCenter();
    const params = new URLSearchParams({
      lat: centre.lat.toFixed(6),
      lon: centre.lng.toFixed(6),
      z: String(map.getZoom()),
    });
    if (selectedCode) {
      params.set("code", selectedCode);
    }
    window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
  }

  function zoomClasses() {
    const zoom = map.getZoom();
    mapElement.classList.toggle("parcel-map--parcels", zoom >= config.minParcelZoom);
    mapElement.classList.toggle("parcel-map--far", zoom < 14);
  }

  map.on("zoomend", () => {
    streets.setStyle(streetStyle);
    streetLines.setStyle(streetLineStyle);
  });

  let moveTimer = null;
  map.on("moveend", () => {
    zoomClasses();
    window.clearTimeout(moveTimer);
    moveTimer = window.setTimeout(() => {
      loadParcels();
      loadStreets();
      remember();
    }, 150);
  });

  // --- Search by code, the parcel at the centre ------------------------------------------
  function showError(message) {
    searchError.textContent = message;
    searchError.hidden = !message;
  }

  async function showParcel(url, { fly }) {
    try {
      const feature = await M.getJSON(url);
      showError("");
      if (fly) {
        // The popup opens once the map has arrived, so that it can pan itself into view.
        map.once("moveend", () => select(feature));
        const bounds = L.geoJSON(feature).getBounds();
        map.fitBounds(bounds, { maxZoom: Math.max(config.minParcelZoom + 1, 18) });
      } else {
        select(feature);
      }
      return true;
    } catch (error) {
      return error;
    }
  }

  async function searchCode(code) {
    const url = `${config.parcelsUrl}/${encodeURIComponent(code.trim())}`;
    const outcome = await showParcel(url, { fly: true });
    if (outcome !== true) {
      showError(outcome.message);
      document.getElementById("map-code").focus();
    }
  }

  async function parcelAtCentre() {
    const centre = map.getCenter();
    const url = `${config.parcelAtUrl}?lat=${centre.lat.toFixed(7)}&lon=${centre.lng.toFixed(7)}`;
    const outcome = await showParcel(url, { fly: false });
    if (outcome !== true) {
      clearSelection();
      map.closePopup();
      const note = M.element("p", "mb-0", outcome.message);
      factsBox.replaceChildren(note);
    }
  }

  if (searchForm) {
    searchForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const code = new FormData(searchForm).get("code") || "";
      if (!String(code).trim()) {
        showError("کد نوسازی را بنویسید.");
        return;
      }
      searchCode(String(code));
    });
  }
  if (centreButton) {
    centreButton.addEventListener("click", parcelAtCentre);
  }
  // The centre crosshair (parcels.css) shows while the map is driven from the keyboard.
  mapElement.addEventListener("pointerdown", () => {
    mapElement.classList.remove("parcel-map--keyboard");
  });
  mapElement.addEventListener("keydown", (event) => {
    if (event.target === mapElement) {
      mapElement.classList.add("parcel-map--keyboard");
    }
    if (event.key === "Enter" && event.target === mapElement) {
      event.preventDefault();
      parcelAtCentre();
    }
  });

  // --- Start: the address's view, else the whole city ------------------------------------
  const params = new URLSearchParams(window.location.search);
  const lat = Number.parseFloat(params.get("lat"));
  const lon = Number.parseFloat(params.get("lon"));
  const zoom = Number.parseInt(params.get("z"), 10);
  const fromAddress = Number.isFinite(lat) && Number.isFinite(lon);
  map.setView(fromAddress ? [lat, lon] : config.centre, Number.isFinite(zoom) ? zoom : 14);

  M.getJSON(config.districtsUrl)
    .then((collection) => {
      districts.addData(collection);
      if (!fromAddress && !selectedCode && collection.features.length) {
        map.fitBounds(districts.getBounds(), { padding: [8, 8] });
      }
    })
    .catch((error) => say(error.message));
  if (selectedCode) {
    if (searchForm) {
      searchForm.elements.code.value = M.faDigits(selectedCode);
    }
    searchCode(selectedCode);
  }
})();
