// Photos of the visit on the inspector's phone: taken with the camera, shrunk, sent with the
// phone's time and position (the API answers how far from the parcel). While offline they wait
// on the phone (IndexedDB) and go when the connection returns, each with its own retry key.
// A static file: the Content-Security-Policy forbids inline scripts.
"use strict";

(() => {
  const form = document.getElementById("report-form");
  const photoForm = document.getElementById("photo-form");
  if (!form || !photoForm || !form.hasAttribute("data-open")) {
    return;
  }

  const TEXT = {
    locating: "در حال خواندن موقعیت گوشی…",
    queued: "در صف ارسال؛ با برقراری اتصال فرستاده می‌شود",
    sending: "در حال ارسال…",
    failed: "عکس فرستاده نشد.",
    noPosition: "بدون موقعیت",
    noShape: "ملک نقشه ندارد",
    inside: "داخل ملک",
    far: (m) => `دور از ملک: ${faDigits(m)} متر`,
    near: (m) => `${faDigits(m)} متر از ملک`,
    photoAlt: "عکس بازدید",
  };
  const code = form.dataset.code;
  const csrf = form.elements.csrfmiddlewaretoken.value;

  function faDigits(value) {
    return String(value).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]);
  }

  const photoInput = document.getElementById("photo-file");
  const photoList = document.getElementById("photo-list");
  const photoStatus = document.getElementById("photo-status");
  photoForm.querySelector(".photo-form__send").hidden = true;
  let sending = false;

  // Queued photos survive a reload in IndexedDB; without it, in memory.
  const queue = (() => {
    const memory = new Map();
    const opened = new Promise((resolve) => {
      if (!window.indexedDB) {
        resolve(null);
        return;
      }
      const request = window.indexedDB.open("nama-inspections", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("photos", { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    });
    async function run(mode, work) {
      const db = await opened;
      if (!db) {
        return work(null);
      }
      return new Promise((resolve, reject) => {
        const store = db.transaction("photos", mode).objectStore("photos");
        const request = work(store);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return {
      put: (item) => run("readwrite", (s) => (s ? s.put(item) : memory.set(item.key, item))),
      remove: (key) => run("readwrite", (s) => (s ? s.delete(key) : memory.delete(key))),
      async all() {
        const items = await run("readonly", (s) => (s ? s.getAll() : [...memory.values()]));
        return (items || []).filter((item) => item.code === code);
      },
    };
  })();

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  }

  function locate() {
    return new Promise((resolve) => {
      if (!navigator.geolocation) {
        resolve(null);
        return;
      }
      navigator.geolocation.getCurrentPosition(
        (position) => resolve(position.coords),
        () => resolve(null),
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
  }

  // At most 1600 px on the long side, as JPEG: less to send over a phone connection.
  async function shrink(file) {
    try {
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
      return blob || file;
    } catch {
      return file;
    }
  }

  function dataUrl(blob) {
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => resolve("");
      reader.readAsDataURL(blob);
    });
  }

  // «۱۴۰۵/۰۹/۰۸ ۰۸:۲۷», as the pages show times (the jdatetime filter).
  function photoTime(iso) {
    const when = new Date(iso);
    const day = new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(when);
    const time = when.toLocaleTimeString("fa-IR", { hour: "2-digit", minute: "2-digit" });
    return `${day} ${time}`;
  }

  function place(photo) {
    if (photo.far) {
      return [TEXT.far(Math.round(photo.distance_m)), true];
    }
    if (photo.distance_m === null || photo.distance_m === undefined) {
      return [photo.lat === null ? TEXT.noPosition : TEXT.noShape, false];
    }
    return [photo.distance_m === 0 ? TEXT.inside : TEXT.near(Math.round(photo.distance_m)), false];
  }

  async function showPhoto(item) {
    let node = photoList.querySelector(`[data-photo="${CSS.escape(item.key)}"]`);
    if (!node) {
      node = document.createElement("li");
      node.className = "photo-list__item";
      node.dataset.photo = item.key;
      const image = document.createElement("img");
      image.className = "photo-list__image";
      image.alt = `${TEXT.photoAlt} ${faDigits(photoList.children.length + 1)}`;
      image.src = await dataUrl(item.blob);
      const meta = document.createElement("p");
      meta.className = "photo-meta";
      node.append(image, meta);
      photoList.append(node);
    }
    return node;
  }

  function describe(node, item, photo, note) {
    const meta = node.querySelector(".photo-meta");
    const time = document.createElement("span");
    time.className = "photo-meta__time";
    time.textContent = photoTime(item.takenAt);
    const where = document.createElement("span");
    if (photo) {
      const [text, far] = place(photo);
      where.className = far ? "status-tag status-tag--warn photo-meta__flag" : "photo-meta__place";
      where.textContent = text;
      node.classList.toggle("photo-list__item--far", far);
    } else {
      where.className = "photo-meta__place photo-meta__place--queued";
      where.textContent = note;
    }
    meta.replaceChildren(time, " ", where);
  }

  async function sendPhoto(item) {
    const node = await showPhoto(item);
    describe(node, item, null, TEXT.sending);
    const data = new FormData();
    data.append("file", item.blob, item.name);
    data.append("taken_at", item.takenAt);
    if (item.lat !== null) {
      data.append("lat", String(item.lat));
      data.append("lon", String(item.lon));
      data.append("accuracy", String(item.accuracy));
    }
    let response;
    try {
      response = await fetch(form.dataset.photosUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrf, "Idempotency-Key": item.key },
        body: data,
      });
    } catch {
      describe(node, item, null, TEXT.queued);
      return false;
    }
    const body = await response.json().catch(() => ({}));
    if (response.status >= 500 || response.status === 401 || response.status === 403) {
      // The server or the session is down for now: the photo waits on the phone.
      describe(node, item, null, body.detail || TEXT.queued);
      return false;
    }
    await queue.remove(item.key);
    if (response.status === 201) {
      describe(node, item, body, "");
    } else {
      node.remove();
      photoStatus.textContent = body.detail || TEXT.failed;
    }
    return true;
  }

  async function sendQueuedPhotos() {
    if (sending) {
      return;
    }
    sending = true;
    try {
      for (const item of await queue.all()) {
        if (!navigator.onLine) {
          describe(await showPhoto(item), item, null, TEXT.queued);
          continue;
        }
        await sendPhoto(item);
      }
    } finally {
      sending = false;
    }
  }

  photoInput.addEventListener("change", async () => {
    const file = photoInput.files[0];
    if (!file) {
      return;
    }
    photoStatus.textContent = TEXT.locating;
    const recent = file.lastModified && Math.abs(Date.now() - file.lastModified) < 600000;
    const takenAt = new Date(recent ? file.lastModified : Date.now()).toISOString();
    const [coords, blob] = await Promise.all([locate(), shrink(file)]);
    const item = {
      key: newKey(),
      code,
      blob,
      name: blob === file ? file.name : "photo.jpg",
      takenAt,
      lat: coords ? coords.latitude : null,
      lon: coords ? coords.longitude : null,
      accuracy: coords ? coords.accuracy : null,
    };
    await queue.put(item);
    photoInput.value = "";
    photoStatus.textContent = "";
    sendQueuedPhotos();
  });
  sendQueuedPhotos();
  window.addEventListener("online", sendQueuedPhotos);
})();
