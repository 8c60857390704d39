// What the parcels maps share: the Leaflet map with or without base tiles, layer styles,
// Persian figures, the public facts of a parcel as a list, and JSON requests that can be
// cancelled. A static file: the Content-Security-Policy forbids inline scripts. Leaflet (L) is
// loaded before this file; the page scripts (map-public.js, map-property.js) after it.
"use strict";

window.NamaMap = (() => {
  const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  const NONE = "—";

  const faDigits = (value) =>
    String(value).replace(/[0-9]/g, (digit) => PERSIAN_DIGITS[Number(digit)]);

  // 1234.5 → «۱٬۲۳۴٫۵۰»
  function number(value, places = 2) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) {
      return NONE;
    }
    const [whole, fraction] = Number(value).toFixed(places).split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "٬");
    return faDigits(fraction ? `${grouped}٫${fraction}` : grouped);
  }

  const squareMetres = (value) =>
    value === null || value === undefined ? NONE : `${number(value)} مترمربع`;

  // Colours follow site.css (brand, warning, start) so the key under the map matches.
  const STYLES = {
    district: { color: "#0b3d4f", weight: 2, dashArray: "8 6", fill: false, interactive: false },
    street: { color: "#c3ccd3", weight: 3, opacity: 1, lineCap: "butt" },
    streetLine: {
      color: "#b35c00",
      weight: 1.5,
      dashArray: "5 4",
      fillColor: "#f0a04b",
      fillOpacity: 0.28,
    },
    parcel: { color: "#4a5867", weight: 1, fillColor: "#ffffff", fillOpacity: 0.75 },
    affectedParcel: { color: "#6e3619", weight: 1, fillColor: "#fcd6c3", fillOpacity: 0.85 },
    selectedParcel: { color: "#0a5c7a", weight: 4, fillColor: "#d8eaef", fillOpacity: 0.9 },
    neighbour: {
      color: "#7d8b97",
      weight: 1,
      fillColor: "#ffffff",
      fillOpacity: 0.55,
      interactive: false,
    },
    remaining: { color: "#00703c", weight: 1, fillColor: "#cce2d8", fillOpacity: 0.95 },
    // The pattern is an SVG <pattern> in the page (parcels/partials/hatch.html).
    setback: { color: "#b3261e", weight: 2, fillColor: "url(#setback-hatch)", fillOpacity: 1 },
    outline: { color: "#1b2631", weight: 3, fill: false, interactive: false },
  };

  function settings(element) {
    const data = element.dataset;
    const [lat, lon] = data.centre.split(",").map(Number);
    return {
      tileUrl: data.tileUrl,
      centre: [lat, lon],
      parcelsUrl: data.parcelsUrl,
      parcelAtUrl: data.parcelAtUrl,
      districtsUrl: data.districtsUrl,
      streetsUrl: data.streetsUrl,
      streetLinesUrl: data.streetLinesUrl,
      minParcelZoom: Number(data.minParcelZoom),
      minStreetZoom: Number(data.minStreetZoom),
      maxParcels: Number(data.maxParcels),
      maxWindowKm2: Number(data.maxWindowKm2),
    };
  }

  // Leaflet's scale bar says "20 m"; ours «۲۰ متر» (its one drawing method, overridden).
  const PersianScale = L.Control.Scale.extend({
    _updateMetric(maxMeters) {
      const meters = this._getRoundNum(maxMeters);
      const label = meters < 1000 ? `${faDigits(meters)} متر` : `${faDigits(meters / 1000)} کیلومتر`;
      this._mScale.style.width = `${Math.round(this.options.maxWidth * (meters / maxMeters))}px`;
      this._mScale.textContent = label;
    },
  });

  // Streets at their real width (metres → pixels at the current zoom), at least a hairline.
  function streetWeight(map, widthMetres) {
    const centre = map.getCenter();
    const metresPerPixel =
      (40075016.686 * Math.cos((centre.lat * Math.PI) / 180)) / 2 ** (map.getZoom() + 8);
    return Math.max(1.5, Math.min(60, (widthMetres || 10) / metresPerPixel));
  }

  // A map with Persian control titles; base tiles only when a tile URL is configured, else a
  // plain background (parcels.css) that the vector layers are drawn on.
  function createMap(element, options = {}) {
    const config = settings(element);
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const map = L.map(element, {
      zoomControl: false,
      maxZoom: 20,
      zoomSnap: 1,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      ...options,
    });
    L.control
      .zoom({ position: "topleft", zoomInTitle: "بزرگ‌نمایی", zoomOutTitle: "کوچک‌نمایی" })
      .addTo(map);
    new PersianScale({ imperial: false, position: "bottomleft" }).addTo(map);
    // Leaflet's own English labels, in Persian.
    map.on("popupopen", (event) => {
      const close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", "بستن");
        close.title = "بستن";
      }
    });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { maxZoom: 20, maxNativeZoom: 19 }).addTo(map);
    } else {
      element.classList.add("parcel-map--plain");
    }
    return { map, config };
  }

  // GeoJSON from our API; an answer that is not 2xx becomes an Error carrying the problem's
  // Persian detail. `signal` cancels a request the map no longer needs.
  async function getJSON(url, signal) {
    const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((body && body.detail) || "پاسخی از سامانه نرسید.");
      error.status = response.status;
      error.code = body && body.code;
      throw error;
    }
    return body;
  }

  const bboxParam = (bounds) =>
    [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map((value) => value.toFixed(6))
      .join(",");

  // Approximate area of a lon/lat box in km² (the API refuses parcel windows over a limit).
  function areaKm2(bounds) {
    const middle = ((bounds.getSouth() + bounds.getNorth()) / 2) * (Math.PI / 180);
    const width = (bounds.getEast() - bounds.getWest()) * 111.32 * Math.cos(middle);
    return width * (bounds.getNorth() - bounds.getSouth()) * 111.32;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // The renewal code isolated left to right, as the pages show it.
  function codeNode(code) {
    const bdi = element("bdi", "renewal-code", faDigits(code));
    bdi.dir = "ltr";
    return bdi;
  }

  // A parcel's public facts (ParcelPropertiesOut) as a description list; built from nodes,
  // never from HTML strings, so an address cannot inject markup. `brief`: for a popup.
  function factsList(properties, { brief = false } = {}) {
    const list = element("dl", "parcel-facts");
    const add = (label, value) => {
      const row = element("div", "parcel-facts__row");
      row.append(element("dt", "", label));
      const dd = element("dd");
      dd.append(value);
      row.append(dd);
      list.append(row);
    };
    add("کد نوسازی", codeNode(properties.renewal_code));
    add("منطقه", properties.district_name || NONE);
    if (properties.address && !brief) {
      add("نشانی", faDigits(properties.address));
    }
    if (properties.zone) {
      const use = properties.land_use_label ? `${properties.land_use_label}، ` : "";
      add("پهنه", `${use}${faDigits(properties.zone)}`);
      if (!brief) {
        const floors = `حداکثر ${faDigits(properties.max_floors)} طبقه`;
        add("تراکم و طبقات", `${faDigits(properties.density_percent)}٪، ${floors}`);
      }
    }
    add("مساحت سند", squareMetres(properties.deed_area));
    if (!brief) {
      add("مساحت نقشه", squareMetres(properties.geometric_area));
    }
    add("عقب‌نشینی", setbackText(properties.setback_area));
    add("باقی‌مانده طبق سند", squareMetres(properties.remaining_deed_area));
    return list;
  }

  function setbackText(value) {
    if (value === null || value === undefined) {
      return "محاسبه نشده";
    }
    return value > 0 ? squareMetres(value) : "ندارد";
  }

  // The layer control, labelled in Persian (Leaflet titles its button "Layers").
  function layerControl(map, overlays, options) {
    const control = L.control.layers(null, overlays, options).addTo(map);
    const toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
    toggle.title = "لایه‌های نقشه";
    toggle.setAttribute("aria-label", "لایه‌های نقشه");
    return control;
  }

  return {
    STYLES,
    layerControl,
    streetWeight,
    faDigits,
    number,
    squareMetres,
    createMap,
    getJSON,
    bboxParam,
    areaKm2,
    element,
    codeNode,
    factsList,
  };
})();
