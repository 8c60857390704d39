"""What the staff request page shows beyond the staff case file (``nama.staff.casefile``),
worded once for the template: each correction round's changes, how each document is shown
inline, the property with its setback and snapshots, and the timeline's inputs by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from nama.cases.forms import answer_label
from nama.cases.models import Case
from nama.catalog.schema import ServiceSpec
from nama.parcels.schemas import setback_report_out
from nama.parcels.selectors import setback_report, snapshots_of
from nama.parcels.views import figures
from nama.parcels.views.maps import map_settings
from nama.staff.casefile import DocumentItem, Step

EMPTY = "—"
IMAGE_FORMATS = frozenset({"jpg", "jpeg", "png"})


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Round:
    number: int
    changes: list[Change]


def correction_rounds(case: Case, spec: ServiceSpec) -> list[Round]:
    """Per correction round, the answers that changed from when it began to the next round
    (or to the current form)."""
    history = [entry for entry in case.form_history if isinstance(entry, dict)]
    forms = [dict(entry.get("form") or {}) for entry in history] + [case.form_data]
    rounds = []
    for index, entry in enumerate(history):
        before, after = forms[index], forms[index + 1]
        changes = [
            Change(
                field.label,
                answer_label(field, before.get(field.name)) or EMPTY,
                answer_label(field, after.get(field.name)) or EMPTY,
            )
            for field in spec.form
            if before.get(field.name) != after.get(field.name)
        ]
        rounds.append(Round(int(entry.get("round", index + 1)), changes))
    return rounds


@dataclass(frozen=True)
class DocumentView:
    item: DocumentItem
    kind: str  # pdf (a frame), image, file (a link), or "" when nothing is uploaded


def document_views(items: list[DocumentItem]) -> list[DocumentView]:
    """How each document is shown: a PDF in a frame, a photo as an image, others as a link."""
    views = []
    for item in items:
        if not item.url:
            kind = ""
        elif item.format == "pdf":
            kind = "pdf"
        else:
            kind = "image" if item.format in IMAGE_FORMATS else "file"
        views.append(DocumentView(item, kind))
    return views


@dataclass(frozen=True)
class Event:
    """A timeline step with what was given, in words."""

    step: Step
    reason: str
    note: str
    fields: list[str]
    documents: list[str]


def events(steps: list[Step], spec: ServiceSpec) -> list[Event]:
    field_labels = {field.name: field.label for field in spec.form}
    document_labels = {document.type: document.label for document in spec.documents}
    return [
        Event(
            step=step,
            reason=str(step.inputs.get("reason", "")),
            note=str(step.inputs.get("note", "") or step.comment),
            fields=[field_labels.get(name, name) for name in step.inputs.get("fields", [])],
            documents=[document_labels.get(n, n) for n in step.inputs.get("documents", [])],
        )
        for step in steps
    ]


def property_context(case: Case) -> dict[str, Any] | None:
    """The property's map data, setback and remaining area, and its snapshots side by side."""
    parcel = case.parcel
    if parcel is None:
        return None
    report = setback_report(parcel)
    return {
        "parcel": parcel,
        "report": report,
        "areas": figures.area_figures(report),
        "plan": figures.plan_text(report),
        "snapshots": figures.snapshot_table(list(snapshots_of(parcel))),
        "map_data": setback_report_out(report),
        "map": map_settings(),
        "url": reverse("parcels:property", args=[parcel.renewal_code]),
    }
