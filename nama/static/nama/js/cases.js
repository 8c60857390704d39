// The request pages' small behaviours. A static file: the Content-Security-Policy forbids
// inline scripts. Everything here is an enhancement; every page works without it (the server
// is what makes a double submit harmless: one-time tokens and idempotent services).
"use strict";

(() => {
  // A page that came back with errors: move focus to its summary so it is read out first.
  function focusErrorSummary() {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // Irreversible things ask first: <form data-confirm="…">.
  function confirmBeforeSubmit() {
    document.addEventListener("submit", (event) => {
      const form = event.target;
      const question = form instanceof HTMLFormElement ? form.dataset.confirm : "";
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    });
  }

  // <form data-once>: a second click while the first submit is on its way does nothing.
  // The buttons are not disabled, so the clicked button's name and value are still sent.
  function submitOnce() {
    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !("once" in form.dataset) || event.defaultPrevented) {
        return;
      }
      if (form.dataset.sending === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      form.setAttribute("aria-busy", "true");
    });
    // Coming back with the browser's back button: the form may be used again.
    window.addEventListener("pageshow", () => {
      document.querySelectorAll("form[data-once]").forEach((form) => {
        delete form.dataset.sending;
        form.removeAttribute("aria-busy");
      });
    });
  }

  // Start page: the renewal-code field only matters for "another property".
  function revealOtherParcel() {
    const form = document.querySelector("[data-start-form]");
    const other = form ? form.querySelector("[data-other-parcel]") : null;
    if (!form || !other) {
      return;
    }
    const input = other.querySelector("input");
    const keepOpen = other.querySelector(".field--error") !== null || (input && input.value);
    const update = () => {
      const chosen = form.querySelector('input[name="parcel"]:checked');
      other.hidden = !keepOpen && !(chosen && chosen.value === "other");
    };
    form.addEventListener("change", (event) => {
      update();
      if (event.target instanceof HTMLInputElement && event.target.value === "other" && input) {
        input.focus();
      }
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    confirmBeforeSubmit();
    submitOnce();
    focusErrorSummary();
    revealOtherParcel();
  });
})();
