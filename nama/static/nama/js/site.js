// Site-wide behaviour. A static file because the Content-Security-Policy forbids inline scripts.
"use strict";

// Django's CSRF cookie is HttpOnly, so the token comes from the <meta name="csrf-token"> that
// base.html renders; htmx sends it as a header with every request.
document.addEventListener("htmx:configRequest", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    event.detail.headers["X-CSRFToken"] = meta.content;
  }
});
