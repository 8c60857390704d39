// The staff queue's small behaviour. A static file: the Content-Security-Policy forbids inline
// scripts. Without it every row's box is still ticked by hand.
"use strict";

(() => {
  // <input data-pick-all>: tick or clear every row's <input data-pick> on the page. Delegated,
  // so it keeps working after htmx replaces the results.
  document.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement)) {
      return;
    }
    if ("pickAll" in box.dataset) {
      document.querySelectorAll("input[data-pick]").forEach((pick) => {
        pick.checked = box.checked;
      });
    }
  });
})();
