"""Where document bytes live: ``STORAGES["documents"]``, through Django's storage API.

Names are content addresses: ``blobs/ab/cd/<sha256>`` for stored files and
``quarantine/ab/cd/<sha256>`` for infected ones. The two prefixes are never served by URL;
the local backend keeps them under ``MEDIA_ROOT/documents`` (mode 0600 files, 0700 folders),
the S3 backend in a private bucket. Writing is idempotent: the same bytes always go to the same
name, and a name already holding that many bytes is not written again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

BLOBS = "blobs"
QUARANTINE = "quarantine"


def documents_storage() -> Storage:
    return storages["documents"]


def blob_name(sha256: str) -> str:
    return _address(BLOBS, sha256)


def quarantine_name(sha256: str) -> str:
    return _address(QUARANTINE, sha256)


def _address(prefix: str, sha256: str) -> str:
    return f"{prefix}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def ensure(name: str, content: bytes) -> bool:
    """Make ``name`` hold ``content``; return whether anything was written.

    A file of another size under the name (a write cut short by a crash) is replaced. Callers
    hold the name's lock (``services``), so no one else writes the same name meanwhile.
    """
    storage = documents_storage()
    if storage.exists(name):
        if storage.size(name) == len(content):
            return False
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # a backend that renames instead of writing where we said
        storage.delete(saved)
        raise RuntimeError(f"documents storage saved {name!r} as {saved!r}")
    return True


def delete(name: str) -> None:
    documents_storage().delete(name)


def open_file(name: str) -> File[bytes]:
    return documents_storage().open(name, "rb")


def modified_at(name: str) -> datetime:
    return documents_storage().get_modified_time(name)


def blob_names() -> Iterator[str]:
    """Every name under ``blobs/`` (two levels of folders, then files)."""
    for first in _folders(BLOBS):
        for second in _folders(f"{BLOBS}/{first}"):
            folder = f"{BLOBS}/{first}/{second}"
            for name in _files(folder):
                yield f"{folder}/{name}"


def _folders(path: str) -> list[str]:
    return _listing(path)[0]


def _files(path: str) -> list[str]:
    return _listing(path)[1]


def _listing(path: str) -> tuple[list[str], list[str]]:
    try:
        return documents_storage().listdir(path)
    except FileNotFoundError:  # nothing stored yet (local storage has no such folder)
        return [], []
