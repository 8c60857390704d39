"""Writes of inspections: drafts, photos, submission, desk figures, discrepancies.

Every service takes ``actor=`` (keyword-only) and runs in one transaction; a refusal leaves
nothing written. One module per use case; this package re-exports them.
"""

from nama.inspections.services.desk import record_desk_figures
from nama.inspections.services.drafts import DraftIn, save_draft
from nama.inspections.services.photos import PhotoIn, add_photo
from nama.inspections.services.submission import submit_report

__all__ = [
    "DraftIn",
    "PhotoIn",
    "add_photo",
    "record_desk_figures",
    "save_draft",
    "submit_report",
]
