"""System checks: a misconfigured document storage or scanner stops ``check`` and ``migrate``."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

from nama.documents.scanning import ClamdAddress


def check_documents_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.NAMA_DOCUMENTS_STORAGE == "s3" and not _s3_installed():
        problems.append(
            Error(
                "NAMA_DOCUMENTS_STORAGE is s3 but django-storages or boto3 is not installed; "
                "install the s3 extra (pip install 'isfahan-nama[s3]').",
                id="documents.E001",
            )
        )
    if settings.NAMA_CLAMD_ADDRESS.strip():
        try:
            ClamdAddress.parse(settings.NAMA_CLAMD_ADDRESS)
        except ImproperlyConfigured as error:
            problems.append(Error(str(error), id="documents.E002"))
    return problems


def _s3_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("storages", "boto3"))
