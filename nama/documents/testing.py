"""Test helpers other apps may use: documents stored in the test's own temporary folder.

In a ``conftest.py``: ``from nama.documents.testing import documents_storage  # noqa: F401``
(add ``autouse`` by wrapping it) so uploads made by a test never land under ``var/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture
def documents_storage(settings: Settings, tmp_path: Path) -> Path:
    """Point ``STORAGES["documents"]`` at a fresh folder and turn virus scanning off."""
    root = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": root,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        },
    }
    settings.NAMA_CLAMD_ADDRESS = ""
    return root
