"""The documents storage the settings build: private local files, or a private S3 bucket."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import Error
from pytest_django.fixtures import Settings

from nama.documents.checks import check_documents_settings

SETTINGS_FILE = Path(__file__).resolve().parents[3] / "config" / "settings.py"


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """Evaluate config/settings.py afresh under ``env`` (nothing is connected to)."""
    for name in ("NAMA_S3_ENDPOINT_URL", "NAMA_S3_REGION", "NAMA_DOCUMENTS_STORAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_documents_are_local_and_private_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    values = settings_with(monkeypatch)
    documents = values["STORAGES"]["documents"]
    assert documents["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert documents["OPTIONS"]["location"] == values["MEDIA_ROOT"] / "documents"
    assert documents["OPTIONS"]["file_permissions_mode"] == 0o600
    assert values["NAMA_DOCUMENT_URL_SECONDS"] == 300
    assert values["NAMA_CLAMD_ADDRESS"] == ""


def test_s3_storage_is_configured_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    values = settings_with(
        monkeypatch,
        NAMA_DOCUMENTS_STORAGE="s3",
        NAMA_S3_BUCKET="nama-documents",
        NAMA_S3_ENDPOINT_URL="https://s3.ir-thr-at1.arvanstorage.ir",
        NAMA_S3_REGION="ir-thr-at1",
        AWS_ACCESS_KEY_ID="test-key-id",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    documents = values["STORAGES"]["documents"]
    assert documents["BACKEND"] == "storages.backends.s3.S3Storage"
    options = documents["OPTIONS"]
    assert options["bucket_name"] == "nama-documents"
    assert options["endpoint_url"] == "https://s3.ir-thr-at1.arvanstorage.ir"
    assert options["region_name"] == "ir-thr-at1"
    assert options["default_acl"] == "private"

    from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

    backend = S3Storage(**options)  # builds a client lazily: no request is made
    assert backend.bucket_name == "nama-documents"
    assert backend.endpoint_url == "https://s3.ir-thr-at1.arvanstorage.ir"
    assert backend.access_key == "test-key-id"
    assert backend.file_overwrite is True


def test_s3_without_a_bucket_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("NAMA_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NAMA_S3_BUCKET"):
        settings_with(monkeypatch, NAMA_DOCUMENTS_STORAGE="s3")


def test_an_unknown_storage_kind_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="NAMA_DOCUMENTS_STORAGE"):
        settings_with(monkeypatch, NAMA_DOCUMENTS_STORAGE="ftp")


def test_a_malformed_clamd_address_fails_the_checks(settings: Settings) -> None:
    settings.NAMA_CLAMD_ADDRESS = "clamav:3310"
    problems = check_documents_settings()
    assert [problem.id for problem in problems] == ["documents.E002"]
    assert isinstance(problems[0], Error)


def test_s3_without_its_packages_fails_the_checks(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nama.documents import checks

    settings.NAMA_DOCUMENTS_STORAGE = "s3"
    assert check_documents_settings() == []
    monkeypatch.setattr(checks, "_s3_installed", lambda: False)
    assert [problem.id for problem in check_documents_settings()] == ["documents.E001"]
