// Sends the payer on to the bank's page at once: submits <form data-autosubmit> (the gateways
// that take a POST) or follows <a data-autofollow> (the GET ones). A static file: the
// Content-Security-Policy forbids inline scripts. Without JavaScript the visible button works.
"use strict";

(() => {
  function go() {
    const form = document.querySelector("form[data-autosubmit]");
    if (form instanceof HTMLFormElement) {
      form.submit();
      return;
    }
    const link = document.querySelector("a[data-autofollow]");
    if (link instanceof HTMLAnchorElement) {
      window.location.assign(link.href);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", go);
  } else {
    go();
  }
})();
