"""Reads of the documents app that cross a trust boundary, and the file handles behind them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db.models import QuerySet
from django.urls import reverse

from nama.accounts.models import User
from nama.documents import storage
from nama.documents.access import may_access
from nama.documents.models import Upload
from nama.documents.signing import make_token


def uploads_of(*, user: User, public_ids: Iterable[uuid.UUID | str]) -> QuerySet[Upload]:
    """The uploads among ``public_ids`` that ``user`` uploaded (the others are left out).

    For the cases app when a citizen attaches uploads to a request: an id of someone else's
    upload finds nothing.
    """
    return Upload.objects.select_related("stored_file").filter(
        uploaded_by=user, public_id__in=list(public_ids)
    )


def servable_upload(*, user: User, public_id: uuid.UUID) -> Upload | None:
    """The upload ``public_id`` when ``user`` may open it now (the access registry says so)."""
    upload = Upload.objects.select_related("stored_file").filter(public_id=public_id).first()
    if upload is None:
        return None
    if not may_access(user, upload):
        return None
    return upload


def download_url(upload: Upload, user: User) -> str:
    """A URL that serves ``upload`` to ``user`` only, for ``NAMA_DOCUMENT_URL_SECONDS``.

    Raises ``PermissionDenied`` when the access registry does not let ``user`` open it. The
    view checks access again when the URL is used.
    """
    if not may_access(user, upload):
        raise PermissionDenied("no access check grants this user the upload")
    token = make_token(upload_id=upload.public_id, user_id=user.pk)
    return reverse("documents:serve", kwargs={"token": token})


def url_lifetime_seconds() -> int:
    return int(settings.NAMA_DOCUMENT_URL_SECONDS)


def open_upload(upload: Upload) -> File[bytes]:
    """The stored bytes of ``upload``, opened for reading (close it, or use ``with``).

    No access check: for code that has already decided (the cases app building a bundle, a
    task). Images come back as stored: re-encoded, without metadata.
    """
    return storage.open_file(upload.stored_file.storage_name)
