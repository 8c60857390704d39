// The counter's pages: the receipt's print button (a static file: the Content-Security-Policy
// forbids inline scripts). Without JavaScript the button stays hidden; the browser's own
// print command prints the same page.
"use strict";

(() => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
})();
