from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Names shown in every page's header and title."""
    return {
        "municipality_name": settings.NAMA_MUNICIPALITY_NAME,
        "site_name": settings.NAMA_SITE_NAME,
    }
