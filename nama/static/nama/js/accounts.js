// The account pages' small behaviours. A static file: the Content-Security-Policy forbids
// inline scripts. Everything here is an enhancement; the pages work without it.
"use strict";

(() => {
  const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  const toPersianDigits = (value) =>
    String(value).replace(/[0-9]/g, (digit) => PERSIAN_DIGITS[Number(digit)]);

  // A form that came back with errors: move focus to its summary so it is read out first.
  function focusErrorSummary() {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // "Send the code again": disabled, with the seconds left, until the server would allow it.
  function startResendCountdown() {
    const button = document.querySelector("[data-resend-wait]");
    const hint = document.querySelector("[data-resend-hint]");
    const ready = document.querySelector("[data-resend-ready]");
    let seconds = Number(button ? button.dataset.resendWait : 0);
    if (!button || !hint || !(seconds > 0)) {
      return;
    }
    const show = () => {
      hint.textContent = `ارسال دوباره تا ${toPersianDigits(seconds)} ثانیهٔ دیگر ممکن می‌شود.`;
    };
    button.disabled = true;
    show();
    const timer = window.setInterval(() => {
      seconds -= 1;
      if (seconds > 0) {
        show();
        return;
      }
      window.clearInterval(timer);
      button.disabled = false;
      hint.textContent = "اکنون می‌توانید کد تازه بگیرید.";
      if (ready) {
        ready.textContent = "ارسال دوبارهٔ کد اکنون ممکن است.";
      }
    }, 1000);
  }

  // Revoking something asks first: <form data-confirm="…">.
  function confirmBeforeSubmit() {
    document.addEventListener("submit", (event) => {
      const form = event.target;
      const question = form instanceof HTMLFormElement ? form.dataset.confirm : "";
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });
  }

  // Representation scope: the service codes field matters only for "listed services".
  function toggleScopeServices() {
    const form = document.querySelector("[data-scope-form]");
    const input = form ? form.querySelector('input[name="services"]') : null;
    const services = input ? input.closest(".field") : null;
    if (!form || !services) {
      return;
    }
    const update = () => {
      const chosen = form.querySelector('input[name="scope"]:checked');
      services.hidden = !chosen || chosen.value !== "listed";
    };
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    focusErrorSummary();
    startResendCountdown();
    confirmBeforeSubmit();
    toggleScopeServices();
  });
})();
