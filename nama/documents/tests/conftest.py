from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from pytest_django.fixtures import Settings

from nama.accounts.models import User
from nama.accounts.tests.factories import make_user
from nama.documents.access import register_access_check, unregister_access_check
from nama.documents.models import Upload
from nama.documents.services import upload_document
from nama.documents.testing import documents_storage as _documents_storage
from nama.documents.tests.fake_clamd import FakeClamd
from nama.documents.validation import Slot

DEED = Slot(type="deed", formats=["pdf", "jpg", "png"], max_size_mb=5, label="سند مالکیت")
DRAWINGS = Slot(
    type="architectural_drawings", formats=["pdf", "dwg"], max_size_mb=20, label="نقشه‌های معماری"
)
PHOTOS = Slot(type="site_photos", formats=["jpg", "png"], max_size_mb=5, label="عکس‌ها")

documents_storage = _documents_storage


@pytest.fixture(autouse=True)
def _private_storage(documents_storage: Path) -> Path:
    return documents_storage


@pytest.fixture
def owner(db: None) -> User:
    return make_user()


@pytest.fixture
def stranger(db: None) -> User:
    return make_user(first_name="رضا", last_name="کریمی")


def own_uploads(user: User, upload: Upload) -> bool:
    """The check the tests register: a user sees what they uploaded."""
    return upload.uploaded_by_id == user.pk


@pytest.fixture
def uploader_may_see() -> Iterator[None]:
    register_access_check(own_uploads)
    yield
    unregister_access_check(own_uploads)


@pytest.fixture
def clamd(settings: Settings) -> Iterator[FakeClamd]:
    server = FakeClamd().start()
    settings.NAMA_CLAMD_ADDRESS = server.address
    settings.NAMA_CLAMD_TIMEOUT_SECONDS = 1
    yield server
    server.stop()


def upload(user: User, data: bytes, name: str, slot: Slot = DEED) -> Upload:
    return upload_document(actor=user, slot=slot, file=ContentFile(data, name=name))


def stored_blobs(root: Path) -> list[Path]:
    return sorted(path for path in (root / "blobs").rglob("*") if path.is_file())
