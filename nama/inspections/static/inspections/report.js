// The visit report on the inspector's phone: saves as it is typed (the API's PUT, debounced,
// with the report's revision) and ALWAYS keeps a copy on the phone (localStorage), so a lost
// connection loses nothing; the copy is sent when the connection returns. The final submit
// carries a one-time key, so a retried submit changes nothing. Photos: photos.js. A static
// file: the Content-Security-Policy forbids inline scripts.
"use strict";

(() => {
  const form = document.getElementById("report-form");
  if (!form || !form.hasAttribute("data-open")) {
    return;
  }

  const TEXT = {
    saving: "در حال ذخیره…",
    saved: (time) => `ذخیره شد، ساعت ${time}`,
    offline: "ذخیره روی گوشی؛ در انتظار اتصال",
    retry: "ذخیره روی گوشی؛ سامانه پاسخ نداد، دوباره تلاش می‌شود",
    signedOut: "نشست شما پایان یافته است؛ دوباره وارد شوید. نوشته‌ها روی گوشی مانده است.",
    conflict: "این گزارش در این فاصله جای دیگری (گوشی یا پنجرهٔ دیگر) هم ذخیره شده است.",
    keepMine: "نگه‌داشتن نوشته‌های این گوشی",
    takeServer: "بارگذاری نسخهٔ ذخیره‌شده در سامانه",
    submitting: "در حال ثبت نهایی…",
    submitOffline: "برای ثبت نهایی به اینترنت نیاز است؛ نوشته‌ها روی گوشی مانده است.",
    refused: "ثبت نشد؛ موارد بالای فرم را درست کنید.",
    confirm: "پیش از ثبت نهایی، تأیید کنید که گزارش کامل است.",
    floor: (n) => `طبقهٔ ${faDigits(n)}`,
  };
  const DEBOUNCE_MS = 700;
  const RETRY_MS = 10000;
  const VALUE_FIELDS = [
    "land_area",
    "floors",
    "units",
    "use",
    "setback_observed",
    "parking_spaces",
    "violations",
  ];

  const code = form.dataset.code;
  const storeKey = `nama.inspection.${code}`;
  const status = document.getElementById("save-status");
  const csrf = form.elements.csrfmiddlewaretoken.value;
  let revision = Number(form.dataset.revision);
  let timer = null;
  let retryTimer = null;
  let saving = false;
  let again = false;
  let blocked = false;

  // --- Digits, comparison ----------------------------------------------------------------------

  function faDigits(value) {
    return String(value).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]);
  }

  function asciiDigits(value) {
    return String(value)
      .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  }

  function clockTime() {
    return new Date().toLocaleTimeString("fa-IR", { hour: "2-digit", minute: "2-digit" });
  }

  // A draft as the server keeps it (ASCII digits, empty answers left out), for comparing.
  function normal(draft) {
    const values = {};
    for (const [key, value] of Object.entries(draft.values || {})) {
      if (Array.isArray(value)) {
        values[key] = value.map(asciiDigits);
      } else if (value !== null && value !== undefined && value !== "") {
        values[key] = asciiDigits(value);
      }
    }
    const checklist = {};
    for (const [key, answer] of Object.entries(draft.checklist || {})) {
      if (answer && (answer.ok !== null || answer.note)) {
        checklist[key] = { ok: answer.ok, note: answer.note || "" };
      }
    }
    return stable({ values, checklist, notes: draft.notes || "" });
  }

  function stable(value) {
    if (Array.isArray(value)) {
      return `[${value.map(stable).join(",")}]`;
    }
    if (value && typeof value === "object") {
      const keys = Object.keys(value).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(",")}}`;
    }
    return JSON.stringify(value);
  }

  // --- The form ------------------------------------------------------------------------------

  function floorInputs() {
    return [...form.querySelectorAll('[name="built_area_by_floor"]')];
  }

  function collect() {
    const values = {};
    for (const name of VALUE_FIELDS) {
      values[name] = form.elements[name].value;
    }
    values.built_area_by_floor = floorInputs().map((input) => input.value);
    const checklist = {};
    for (const item of form.querySelectorAll("[data-check]")) {
      const chosen = item.querySelector('input[type="radio"]:checked');
      checklist[item.dataset.check] = {
        ok: chosen ? chosen.value === "yes" : null,
        note: item.querySelector('input[type="text"]').value,
      };
    }
    return { values, checklist, notes: form.elements.notes.value };
  }

  function apply(draft) {
    const values = draft.values || {};
    for (const name of VALUE_FIELDS) {
      form.elements[name].value = values[name] || "";
    }
    const floors = values.built_area_by_floor || [];
    while (floorInputs().length < floors.length) {
      addFloor(false);
    }
    floorInputs().forEach((input, i) => {
      input.value = floors[i] || "";
    });
    for (const item of form.querySelectorAll("[data-check]")) {
      const answer = (draft.checklist || {})[item.dataset.check] || {};
      for (const radio of item.querySelectorAll('input[type="radio"]')) {
        radio.checked = answer.ok === (radio.value === "yes") && answer.ok !== null;
      }
      item.querySelector('input[type="text"]').value = answer.note || "";
    }
    form.elements.notes.value = draft.notes || "";
  }

  function addFloor(focus = true) {
    const list = document.getElementById("floor-list");
    const number = list.children.length + 1;
    const item = document.createElement("li");
    item.className = "floor-areas__item";
    const label = document.createElement("label");
    label.htmlFor = `floor-${number}`;
    label.textContent = TEXT.floor(number);
    const input = document.createElement("input");
    Object.assign(input, {
      className: "form-control",
      type: "text",
      id: `floor-${number}`,
      name: "built_area_by_floor",
      inputMode: "decimal",
      autocomplete: "off",
      maxLength: 20,
    });
    item.append(label, input);
    list.append(item);
    if (focus) {
      input.focus();
    }
  }

  // --- The copy on the phone -----------------------------------------------------------------

  function readLocal() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey) || "null");
    } catch {
      return null;
    }
  }

  function persist(dirty) {
    const copy = { draft: collect(), revision, dirty, submissionKey, at: Date.now() };
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(copy));
    } catch {
      // A full or disabled storage: the server copy is all there is.
    }
  }

  const saved = readLocal();
  const submissionKey = (saved && saved.submissionKey) || form.elements.submission_key.value;
  form.elements.submission_key.value = submissionKey;

  function show(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  // --- Saving to the server ------------------------------------------------------------------

  function send(method, url, body, headers = {}) {
    return fetch(url, {
      method,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": csrf,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  function edited() {
    persist(true);
    if (!navigator.onLine) {
      show("offline", TEXT.offline);
      return;
    }
    show("pending", TEXT.saving);
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DEBOUNCE_MS);
  }

  async function save() {
    window.clearTimeout(timer);
    window.clearTimeout(retryTimer);
    if (blocked) {
      return;
    }
    if (saving) {
      again = true;
      return;
    }
    if (!navigator.onLine) {
      show("offline", TEXT.offline);
      return;
    }
    saving = true;
    const draft = collect();
    try {
      const response = await send("PUT", form.dataset.apiUrl, { revision, ...draft });
      if (response.ok) {
        accepted(await response.json(), draft);
      } else {
        await refused(response, draft);
      }
    } catch {
      persist(true);
      show("offline", navigator.onLine ? TEXT.retry : TEXT.offline);
      retryTimer = window.setTimeout(save, RETRY_MS);
    } finally {
      saving = false;
      if (again) {
        again = false;
        save();
      }
    }
  }

  function accepted(report, draft) {
    revision = report.revision;
    form.elements.revision.value = String(revision);
    const unchanged = normal(draft) === normal(collect());
    persist(!unchanged);
    if (unchanged) {
      show("saved", TEXT.saved(clockTime()));
    } else {
      again = true;
    }
  }

  async function refused(response, draft) {
    const body = await response.json().catch(() => ({}));
    if (response.status === 409 && body.code === "stale_revision") {
      await settleStale(draft);
    } else if (response.status === 409) {
      window.localStorage.removeItem(storeKey);
      window.location.replace(window.location.pathname);
    } else if (response.status === 401 || response.status === 403) {
      show("error", TEXT.signedOut);
    } else {
      show("error", body.detail || TEXT.retry);
    }
  }

  // Saved elsewhere meanwhile: our own save whose answer was lost is adopted silently; a
  // real difference is the inspector's choice.
  async function settleStale(draft) {
    const response = await send("GET", form.dataset.apiUrl);
    const current = await response.json();
    if (normal(current) === normal(draft)) {
      accepted(current, draft);
      return true;
    }
    blocked = true;
    conflictBox(current);
    return false;
  }

  function conflictBox(current) {
    show("error", TEXT.conflict);
    const box = document.createElement("div");
    box.className = "conflict-box";
    const keep = button(TEXT.keepMine, "btn btn-action");
    const take = button(TEXT.takeServer, "btn btn-outline-action");
    box.append(keep, take);
    status.after(box);
    keep.addEventListener("click", () => {
      revision = current.revision;
      blocked = false;
      box.remove();
      save();
    });
    take.addEventListener("click", () => {
      apply(current);
      blocked = false;
      box.remove();
      accepted(current, collect());
    });
  }

  function button(text, className) {
    const node = document.createElement("button");
    node.type = "button";
    node.className = className;
    node.textContent = text;
    return node;
  }

  // --- Submitting ----------------------------------------------------------------------------

  function clearErrors() {
    const summary = document.getElementById("report-errors");
    summary.hidden = true;
    for (const list of document.querySelectorAll("[data-errors-for]")) {
      list.hidden = true;
      list.replaceChildren();
      list.closest(".field")?.classList.remove("field--error");
    }
  }

  function showErrors(errors) {
    const summary = document.getElementById("report-errors");
    const items = [];
    for (const [field, messages] of Object.entries(errors)) {
      const list = document.querySelector(`[data-errors-for="${CSS.escape(field)}"]`);
      for (const message of messages) {
        const li = document.createElement("li");
        li.textContent = message;
        items.push(li);
        if (list) {
          const copy = document.createElement("li");
          copy.textContent = message;
          list.append(copy);
        }
      }
      if (list) {
        list.hidden = false;
        list.closest(".field")?.classList.add("field--error");
      }
    }
    document.getElementById("report-errors-list").replaceChildren(...items);
    summary.hidden = false;
    summary.focus();
  }

  async function submitReport(retried = false) {
    clearErrors();
    if (!form.elements.confirm.checked) {
      showErrors({ confirm: [TEXT.confirm] });
      return;
    }
    if (!navigator.onLine) {
      persist(true);
      show("offline", TEXT.submitOffline);
      return;
    }
    const submit = document.getElementById("submit-report");
    submit.disabled = true;
    show("pending", TEXT.submitting);
    const draft = collect();
    try {
      const response = await send(
        "POST",
        form.dataset.submitUrl,
        { revision, ...draft },
        { "Idempotency-Key": submissionKey },
      );
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        window.localStorage.removeItem(storeKey);
        window.location.replace(window.location.pathname);
        return;
      }
      if (response.status === 409 && body.code === "stale_revision" && !retried) {
        if (await settleStale(draft)) {
          await submitReport(true);
        }
        return;
      }
      if (response.status === 422 && body.errors) {
        showErrors(body.errors);
        show("error", TEXT.refused);
      } else {
        await refused(response, draft);
      }
    } catch {
      persist(true);
      show("offline", TEXT.submitOffline);
    } finally {
      submit.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (event.submitter && event.submitter.value === "submit") {
      submitReport();
    } else {
      save();
    }
  });
  form.addEventListener("input", (event) => {
    if (event.target.name !== "confirm") {
      edited();
    }
  });
  window.addEventListener("online", () => {
    const copy = readLocal();
    if (copy && copy.dirty) {
      save();
    }
  });
  window.addEventListener("offline", () => {
    const copy = readLocal();
    if (copy && copy.dirty) {
      show("offline", TEXT.offline);
    }
  });

  const addButton = document.getElementById("add-floor");
  addButton.hidden = false;
  addButton.addEventListener("click", () => addFloor());

  // A copy on the phone that never reached the server (typed offline, then the page was
  // closed): it is newer than what the server sent, so it goes back into the form.
  if (saved && saved.dirty && saved.draft && normal(saved.draft) !== normal(collect())) {
    apply(saved.draft);
    revision = Number.isInteger(saved.revision) ? saved.revision : revision;
    edited();
  }
})();
