"""Writes of the documents app: upload a document, delete an upload, prune unused files.

Every service takes ``actor=``, runs in one transaction and writes a ``DocumentEvent`` in it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.core.locks import lock_for_transaction
from nama.documents import storage
from nama.documents.constants import DocumentEventKind, VirusScan
from nama.documents.models import DocumentEvent, Quarantine, StoredFile, Upload
from nama.documents.scanning import ScannerUnavailableError, Verdict, configured_client
from nama.documents.validation import (
    CheckedFile,
    DocumentSlot,
    check_file,
    refuse_too_large,
    size_limit,
)
from nama.documents.validation.names import normalise_filename

logger = logging.getLogger(__name__)

# A stored file or blob younger than this is left alone by pruning: its upload may still be
# on its way to commit.
PRUNE_GRACE = timedelta(hours=1)

SCANNER_DOWN = (
    "بررسی ویروس فایل‌ها اکنون ممکن نیست و فایل بدون بررسی پذیرفته نمی‌شود؛ "
    "لطفاً چند دقیقه بعد دوباره تلاش کنید."
)


def upload_document(
    *, actor: User, slot: DocumentSlot, file: File[bytes], filename: str | None = None
) -> Upload:
    """Check ``file`` as a document for ``slot`` and store it; return the new ``Upload``.

    Refusals raise a Persian ``ValidationError`` (its ``code`` names the rule) and store
    nothing — except an infected file, which is quarantined first (``Quarantine`` row and the
    bytes under ``quarantine/``), so call this outside any transaction for the quarantine to
    outlive the refusal. When a virus scanner is configured and gives no verdict, the upload is
    refused (fail closed, code ``scan_unavailable``). The same checked bytes uploaded again are
    stored once: each upload is a new ``Upload`` of the same ``StoredFile``. The file is written
    under its hash before the rows, in one transaction; if that fails, the file is removed
    again. Inside a caller's transaction that later rolls back, the written file is left for
    ``prune_orphans``.
    """
    name = normalise_filename(filename if filename is not None else file.name or "")
    data = _read(file, slot)
    checked = check_file(data, filename=name, slot=slot)
    verdict = _scan(data)
    if verdict is not None and verdict.infected:
        _quarantine(actor=actor, slot=slot, name=name, data=data, signature=verdict.signature)
        raise ValidationError(
            "در این فایل ویروس یا بدافزار پیدا شد و پذیرفته نشد؛ فایل سالم را بارگذاری کنید.",
            code="infected",
        )
    scan = VirusScan.NOT_SCANNED if verdict is None else VirusScan.CLEAN
    return _store(actor=actor, slot=slot, name=name, checked=checked, scan=scan)


def _read(file: File[bytes], slot: DocumentSlot) -> bytes:
    """The file's bytes, reading no further than one chunk past the slot's limit."""
    limit = size_limit(slot)
    if _declared_size(file) > limit:
        refuse_too_large(slot)
    buffer = bytearray()
    for chunk in file.chunks():
        buffer += chunk
        if len(buffer) > limit:
            refuse_too_large(slot)
    return bytes(buffer)


def _declared_size(file: File[bytes]) -> int:
    try:
        return int(file.size or 0)
    except (AttributeError, OSError):  # a stream that cannot tell: count while reading
        return 0


def _scan(data: bytes) -> Verdict | None:
    client = configured_client()
    if client is None:
        return None
    try:
        return client.instream(data)
    except ScannerUnavailableError as error:
        logger.error("virus scanner unavailable, upload refused: %s", error)
        raise ValidationError(SCANNER_DOWN, code="scan_unavailable") from error


def _store(
    *, actor: User, slot: DocumentSlot, name: str, checked: CheckedFile, scan: VirusScan
) -> Upload:
    sha256 = hashlib.sha256(checked.content).hexdigest()
    blob = storage.blob_name(sha256)
    with transaction.atomic():
        lock_for_transaction(f"documents.blob:{sha256}")
        wrote = storage.ensure(blob, checked.content)
        try:
            stored, created = StoredFile.objects.get_or_create(
                sha256=sha256,
                defaults={
                    "size": len(checked.content),
                    "format": checked.rule.format,
                    "content_type": checked.rule.content_type,
                    "storage_name": blob,
                },
            )
            upload = Upload.objects.create(
                stored_file=stored,
                uploaded_by=actor,
                document_type=slot.type,
                original_name=name,
                virus_scan=scan,
            )
            _record(
                DocumentEventKind.UPLOADED,
                actor=actor,
                upload=upload,
                data={"sha256": sha256, "document_type": slot.type, "new_file": created},
            )
        except BaseException:
            # Still under the lock: no other upload can have come to rely on these bytes.
            if wrote:
                storage.delete(blob)
            raise
    return upload


def _quarantine(*, actor: User, slot: DocumentSlot, name: str, data: bytes, signature: str) -> None:
    sha256 = hashlib.sha256(data).hexdigest()
    where = storage.quarantine_name(sha256)
    with transaction.atomic():
        lock_for_transaction(f"documents.quarantine:{sha256}")
        storage.ensure(where, data)
        Quarantine.objects.create(
            sha256=sha256,
            size=len(data),
            signature=signature,
            uploaded_by=actor,
            document_type=slot.type,
            original_name=name,
            storage_name=where,
        )
        _record(
            DocumentEventKind.QUARANTINED,
            actor=actor,
            data={"sha256": sha256, "signature": signature, "document_type": slot.type},
        )
    logger.warning("infected upload quarantined: %s (%s) by user %s", sha256, signature, actor.pk)


def delete_upload(*, actor: User | None, upload: Upload) -> None:
    """Delete one upload. Its stored file stays while other uploads use it; an unused one is
    removed by ``prune_orphans``. Callers check that ``actor`` may do this."""
    with transaction.atomic():
        _record(
            DocumentEventKind.DELETED,
            actor=actor,
            data={
                "upload": str(upload.public_id),
                "sha256": upload.stored_file.sha256,
                "document_type": upload.document_type,
            },
        )
        upload.delete()


@dataclass(frozen=True)
class PruneResult:
    files: int
    blobs: int


def prune_orphans(*, actor: User | None = None, grace: timedelta = PRUNE_GRACE) -> PruneResult:
    """Remove stored files no upload uses, and blobs no stored file names, older than ``grace``.

    Each is re-checked under the same lock an upload of those bytes takes, so a file is never
    removed from under an upload committing at the same moment. Blobs without a row come from
    uploads whose transaction failed at commit or was rolled back by the caller.
    """
    cutoff = timezone.now() - grace
    unused = StoredFile.objects.filter(uploads__isnull=True, created_at__lt=cutoff)
    files = sum(_prune_file(actor, sha) for sha in unused.values_list("sha256", flat=True))
    blobs = sum(_prune_blob(name, cutoff) for name in list(storage.blob_names()))
    if files or blobs:
        logger.info("documents pruned: %s unused files, %s orphan blobs", files, blobs)
    return PruneResult(files=files, blobs=blobs)


def _prune_file(actor: User | None, sha256: str) -> int:
    with transaction.atomic():
        lock_for_transaction(f"documents.blob:{sha256}")
        stored = StoredFile.objects.filter(sha256=sha256, uploads__isnull=True).first()
        if stored is None:
            return 0
        storage.delete(stored.storage_name)
        stored.delete()
        _record(DocumentEventKind.PRUNED, actor=actor, data={"sha256": sha256})
    return 1


def _prune_blob(name: str, cutoff: datetime) -> int:
    sha256 = name.rsplit("/", 1)[-1]
    if StoredFile.objects.filter(sha256=sha256).exists() or storage.modified_at(name) >= cutoff:
        return 0
    with transaction.atomic():
        lock_for_transaction(f"documents.blob:{sha256}")
        if StoredFile.objects.filter(sha256=sha256).exists():
            return 0
        storage.delete(name)
    return 1


def _record(
    kind: DocumentEventKind,
    *,
    actor: User | None,
    upload: Upload | None = None,
    data: dict[str, Any] | None = None,
) -> DocumentEvent:
    return DocumentEvent.objects.create(kind=kind, actor=actor, upload=upload, data=data or {})
