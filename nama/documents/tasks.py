"""Periodic housekeeping of stored documents (see settings.NAMA_PERIODIC_JOBS)."""

from __future__ import annotations

from django.tasks import task


@task()
def prune_orphan_files() -> dict[str, int]:
    """Remove stored files no upload uses and blobs left by failed uploads (idempotent)."""
    from nama.documents.services import prune_orphans

    result = prune_orphans()
    return {"files": result.files, "blobs": result.blobs}
