"""Periodic housekeeping of requests (see settings.NAMA_PERIODIC_JOBS)."""

from __future__ import annotations

from django.tasks import task

from nama.cases.services import stale_drafts


@task()
def prune_stale_drafts() -> int:
    """Drafts nobody touched for 90 days are dropped (never submitted: nothing refers to them)."""
    return stale_drafts(days=90)
