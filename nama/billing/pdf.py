"""Printable PDFs of receipts and settlement letters: a template rendered by WeasyPrint with the
site's Vazirmatn font (right to left, Persian digits as on the page).

The template extends ``billing/pdf/base.html``, whose ``@font-face`` rules point at the font
files found by the static files finders (``fonts``); WeasyPrint may fetch those files and
nothing else, so no network or web server is involved.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

FONT_FILES = {
    400: "vendor/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf",
    700: "vendor/vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf",
}


@lru_cache(maxsize=1)
def fonts() -> dict[int, str]:
    """``file://`` URLs of the Vazirmatn weights, by CSS font weight."""
    found: dict[int, str] = {}
    for weight, name in FONT_FILES.items():
        path = finders.find(name)
        if not isinstance(path, str):
            raise FileNotFoundError(f"static file {name} is missing")
        found[weight] = Path(path).as_uri()
    return found


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The PDF of ``template`` rendered with ``context`` (and the fonts)."""
    # Imported here: importing WeasyPrint parses its stylesheets (and logs it) in every process.
    import weasyprint

    class FontsOnly(weasyprint.URLFetcher):  # type: ignore[misc]
        """May fetch the font files and nothing else (no network, no other local files)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in fonts().values():
                raise ValueError(f"refused to fetch {url!r} while making a PDF")
            return super().fetch(url, headers)

    extra = {"fonts": fonts(), "municipality_name": settings.NAMA_MUNICIPALITY_NAME}
    html = render_to_string(template, {**context, **extra})
    fetcher = FontsOnly(allowed_protocols=["file"])
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF download named ``filename`` (ASCII), never kept by shared caches."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
