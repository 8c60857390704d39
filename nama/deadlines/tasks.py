"""The periodic deadline sweep (see settings.NAMA_PERIODIC_JOBS, ADR 0028)."""

from __future__ import annotations

from dataclasses import asdict

from django.tasks import task

from nama.deadlines.sweep import sweep


@task()
def sweep_deadlines() -> dict[str, int]:
    """Remind, mark overdue and escalate; returns the counts of this run."""
    return asdict(sweep())
