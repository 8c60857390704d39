"""Pruning: unused stored files and blobs left by failed uploads go; anything in use stays."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from nama.accounts.models import User
from nama.documents import storage
from nama.documents.constants import DocumentEventKind
from nama.documents.models import DocumentEvent, StoredFile, Upload
from nama.documents.services import PruneResult, delete_upload, prune_orphans
from nama.documents.tasks import prune_orphan_files
from nama.documents.tests import samples
from nama.documents.tests.conftest import stored_blobs, upload

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(days=2)


def age(path: Path) -> None:
    old = time.time() - 2 * 86400
    os.utime(path, (old, old))


def stray_blob(root: Path, data: bytes) -> Path:
    """A blob whose upload never committed (written, then the transaction failed)."""
    path = root / storage.blob_name(hashlib.sha256(data).hexdigest())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_nothing_to_prune_in_an_empty_store() -> None:
    assert prune_orphans() == PruneResult(files=0, blobs=0)


def test_a_file_in_use_is_kept(owner: User, documents_storage: Path) -> None:
    kept = upload(owner, samples.pdf(), "deed.pdf")
    StoredFile.objects.update(created_at=LONG_AGO)
    age(documents_storage / kept.stored_file.storage_name)

    assert prune_orphans() == PruneResult(files=0, blobs=0)
    assert stored_blobs(documents_storage) == [documents_storage / kept.stored_file.storage_name]


def test_a_file_no_upload_uses_any_more_is_removed(owner: User, documents_storage: Path) -> None:
    gone = upload(owner, samples.pdf(), "deed.pdf")
    delete_upload(actor=owner, upload=gone)
    StoredFile.objects.update(created_at=LONG_AGO)

    assert prune_orphans() == PruneResult(files=1, blobs=0)
    assert not StoredFile.objects.exists()
    assert stored_blobs(documents_storage) == []
    event = DocumentEvent.objects.get(kind=DocumentEventKind.PRUNED)
    assert event.actor is None
    assert event.data == {"sha256": gone.stored_file.sha256}


def test_a_recent_unused_file_is_left_for_later(owner: User) -> None:
    delete_upload(actor=owner, upload=upload(owner, samples.pdf(), "deed.pdf"))
    assert prune_orphans() == PruneResult(files=0, blobs=0)
    assert StoredFile.objects.exists()


def test_a_blob_without_a_row_is_removed_once_old(documents_storage: Path) -> None:
    blob = stray_blob(documents_storage, samples.pdf())
    assert prune_orphans() == PruneResult(files=0, blobs=0)  # may be an upload committing now
    age(blob)
    assert prune_orphans() == PruneResult(files=0, blobs=1)
    assert not blob.exists()


def test_quarantined_files_are_never_pruned(documents_storage: Path) -> None:
    held = documents_storage / storage.quarantine_name("ab" * 32)
    held.parent.mkdir(parents=True)
    held.write_bytes(samples.EICAR)
    age(held)
    prune_orphans()
    assert held.exists()


def test_the_periodic_task_prunes(owner: User, documents_storage: Path) -> None:
    age(stray_blob(documents_storage, samples.png()))
    result = prune_orphan_files.enqueue()
    assert result.return_value == {"files": 0, "blobs": 1}
    assert not Upload.objects.exists()
