"""Uploading: stored once per content, one upload per use, nothing left behind by a failure."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from PIL import Image

from nama.accounts.models import User
from nama.documents import services, storage
from nama.documents.constants import DocumentEventKind, VirusScan
from nama.documents.models import DocumentEvent, StoredFile, Upload
from nama.documents.selectors import open_upload, uploads_of
from nama.documents.services import delete_upload, upload_document
from nama.documents.tests import samples
from nama.documents.tests.conftest import DEED, DRAWINGS, stored_blobs, upload

pytestmark = pytest.mark.django_db


def assert_nothing_stored(root: Path) -> None:
    assert not Upload.objects.exists()
    assert not StoredFile.objects.exists()
    assert not DocumentEvent.objects.exists()
    assert not root.exists() or stored_blobs(root) == []


def test_an_upload_stores_the_file_under_its_hash(owner: User, documents_storage: Path) -> None:
    data = samples.pdf()
    result = upload(owner, data, "سند ملک.pdf")

    sha256 = hashlib.sha256(data).hexdigest()
    stored = result.stored_file
    assert (stored.sha256, stored.size, stored.format) == (sha256, len(data), "pdf")
    assert stored.content_type == "application/pdf"
    assert stored.storage_name == f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"
    assert (documents_storage / stored.storage_name).read_bytes() == data
    assert (documents_storage / stored.storage_name).stat().st_mode & 0o777 == 0o600
    assert result.uploaded_by == owner
    assert (result.document_type, result.original_name) == ("deed", "سند ملک.pdf")
    assert result.virus_scan == VirusScan.NOT_SCANNED
    assert result.format == "pdf"
    event = DocumentEvent.objects.get()
    assert (event.kind, event.actor, event.upload) == (DocumentEventKind.UPLOADED, owner, result)
    assert event.data == {"sha256": sha256, "document_type": "deed", "new_file": True}


def test_an_image_is_stored_re_encoded(owner: User) -> None:
    result = upload(owner, samples.jpeg(gps=True), "photo.jpg")
    with open_upload(result) as handle:
        stored = handle.read()
    assert stored != samples.jpeg(gps=True)
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert result.stored_file.sha256 == hashlib.sha256(stored).hexdigest()


def test_the_same_file_uploaded_twice_is_stored_once(
    owner: User, stranger: User, documents_storage: Path
) -> None:
    first = upload(owner, samples.jpeg(gps=True), "a.jpg")
    second = upload(stranger, samples.jpeg(gps=True), "b.jpg")

    assert first.public_id != second.public_id
    assert first.stored_file_id == second.stored_file_id
    assert StoredFile.objects.count() == 1
    assert len(stored_blobs(documents_storage)) == 1
    assert DocumentEvent.objects.filter(kind=DocumentEventKind.UPLOADED).count() == 2
    assert DocumentEvent.objects.filter(data__new_file=False).count() == 1


def test_the_file_name_is_cleaned(owner: User) -> None:
    result = upload(owner, samples.pdf(), "C:\\Users\\x\\..\\\u202esaneD\u200cملک .PDF")
    assert result.original_name == "saneD\u200cملک.pdf"


def test_the_name_can_be_given_apart_from_the_file(owner: User) -> None:
    result = upload_document(
        actor=owner, slot=DEED, file=ContentFile(samples.pdf()), filename="../../etc/deed.pdf"
    )
    assert result.original_name == "deed.pdf"


def test_a_refused_file_stores_nothing(owner: User, documents_storage: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        upload(owner, samples.windows_executable(), "deed.pdf")
    assert caught.value.code == "executable"
    assert_nothing_stored(documents_storage)


def test_reading_stops_past_the_limit(owner: User, documents_storage: Path) -> None:
    class Endless(File):  # type: ignore[type-arg]
        """A stream that cannot tell its size and never ends."""

        read_chunks = 0

        @property
        def size(self) -> int:
            raise AttributeError

        def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
            while True:
                self.read_chunks += 1
                yield b"\0" * 1024 * 1024

    endless = Endless(None, name="deed.pdf")
    with pytest.raises(ValidationError) as caught:
        upload_document(actor=owner, slot=DEED, file=endless)
    assert caught.value.code == "too_large"
    assert endless.read_chunks == DEED.max_size_mb + 1
    assert_nothing_stored(documents_storage)


def test_a_declared_size_over_the_limit_is_refused_before_reading(owner: User) -> None:
    big = ContentFile(b"", name="deed.pdf")
    big.size = 6 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        upload_document(actor=owner, slot=DEED, file=big)
    assert caught.value.code == "too_large"


def test_a_failure_after_the_file_is_written_leaves_nothing(
    owner: User, documents_storage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_record", broken)
    with pytest.raises(RuntimeError):
        upload(owner, samples.pdf(), "deed.pdf")
    assert_nothing_stored(documents_storage)


def test_a_failure_on_a_duplicate_keeps_the_file_the_first_upload_uses(
    owner: User, documents_storage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = upload(owner, samples.pdf(), "deed.pdf")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_record", broken)
    with pytest.raises(RuntimeError):
        upload(owner, samples.pdf(), "again.pdf")
    assert list(Upload.objects.all()) == [first]
    assert stored_blobs(documents_storage) == [documents_storage / first.stored_file.storage_name]


def test_a_blob_cut_short_by_a_crash_is_rewritten(owner: User, documents_storage: Path) -> None:
    data = samples.pdf()
    sha256 = hashlib.sha256(data).hexdigest()
    partial = documents_storage / storage.blob_name(sha256)
    partial.parent.mkdir(parents=True)
    partial.write_bytes(data[:10])

    upload(owner, data, "deed.pdf")
    assert partial.read_bytes() == data


def test_deleting_an_upload_keeps_a_file_another_upload_uses(
    owner: User, stranger: User, documents_storage: Path
) -> None:
    mine = upload(owner, samples.pdf(), "deed.pdf")
    theirs = upload(stranger, samples.pdf(), "deed.pdf")

    delete_upload(actor=owner, upload=mine)

    assert list(Upload.objects.all()) == [theirs]
    assert StoredFile.objects.get() == theirs.stored_file
    assert len(stored_blobs(documents_storage)) == 1
    deleted = DocumentEvent.objects.get(kind=DocumentEventKind.DELETED)
    assert deleted.actor == owner
    assert deleted.data["upload"] == str(mine.public_id)


def test_uploads_of_finds_only_the_users_own(owner: User, stranger: User) -> None:
    mine = upload(owner, samples.pdf(), "deed.pdf")
    theirs = upload(stranger, samples.dwg(), "plan.dwg", DRAWINGS)

    found = uploads_of(user=owner, public_ids=[mine.public_id, theirs.public_id])
    assert list(found) == [mine]
    assert list(uploads_of(user=stranger, public_ids=[str(mine.public_id)])) == []


@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_at_the_same_moment_is_stored_once(
    documents_storage: Path,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from nama.accounts.tests.factories import make_user

    people = [make_user() for _ in range(4)]
    data = samples.pdf(pages=3)

    def send(person: User) -> Upload:
        try:
            return upload(person, data, "deed.pdf")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(send, people))

    assert len({result.public_id for result in results}) == 4
    assert StoredFile.objects.count() == 1
    assert Upload.objects.count() == 4
    assert len(stored_blobs(documents_storage)) == 1
