"""The inspection panel of a request's staff page: the report, its photos, and every figure
compared value by value with who reported it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.models import Case
from nama.documents.selectors import download_url
from nama.inspections.comparison import differs, display
from nama.inspections.constants import BUILT_AREA_BY_FLOOR, MEASURES, VIOLATIONS, Source
from nama.inspections.models import InspectionPhoto, InspectionReport, Observation
from nama.inspections.selectors import checklist_items, current_visit, photos_of
from nama.visits.models import Visit


@dataclass(frozen=True)
class PhotoRow:
    url: str
    taken_at: datetime
    distance_m: float | None
    far: bool
    lat: float | None
    accuracy: float | None


@dataclass(frozen=True)
class ReportedRow:
    """One source's figure next to what the inspector observed."""

    source: str
    basis: str
    value: str
    reported_by: str
    at: datetime
    differs: bool


@dataclass
class FigureRow:
    key: str
    label: str
    observed: str
    tolerance: str
    reported: list[ReportedRow] = field(default_factory=list)

    @property
    def discrepancies(self) -> int:
        return sum(1 for row in self.reported if row.differs)


@dataclass(frozen=True)
class CasePanel:
    visit: Visit | None
    report: InspectionReport | None
    values: list[tuple[str, str]]
    checklist: list[dict[str, Any]]
    photos: list[PhotoRow]
    figures: list[FigureRow]
    max_distance_m: int

    @property
    def discrepancy_count(self) -> int:
        return sum(row.discrepancies for row in self.figures)


def _reporter(observation: Observation) -> str:
    if observation.reported_by is not None:
        return observation.reported_by.display_name
    return Source(observation.source).label


def _figures(report: InspectionReport | None, case: Case) -> list[FigureRow]:
    rows = Observation.objects.filter(case=case).select_related("reported_by")
    rows = rows.filter(report=report) | rows.filter(report__isnull=True)
    by_key: dict[str, list[Observation]] = {}
    for row in rows.order_by("key", "source", "pk"):
        by_key.setdefault(row.key, []).append(row)
    return [_figure_row(key, by_key[key]) for key in MEASURES if key in by_key]


def _figure_row(key: str, observations: list[Observation]) -> FigureRow:
    seen = next((o for o in observations if o.source == Source.INSPECTOR), None)
    measure = MEASURES[key]
    row = FigureRow(
        key=key,
        label=measure.label,
        observed=display(key, seen.value) if seen else "—",
        tolerance=measure.tolerance.label,
    )
    for o in observations:
        if o.source == Source.INSPECTOR:
            continue
        row.reported.append(
            ReportedRow(
                source=Source(o.source).label,
                basis=o.basis,
                value=display(key, o.value),
                reported_by=_reporter(o),
                at=o.at,
                differs=seen is not None and differs(key, o.value, seen.value),
            )
        )
    return row


def _values(report: InspectionReport | None) -> list[tuple[str, str]]:
    if report is None:
        return []
    values = report.values
    rows = [(m.label, display(k, values.get(k))) for k, m in MEASURES.items() if k in values]
    floors = values.get(BUILT_AREA_BY_FLOOR) or []
    for number, area in enumerate(floors, start=1):
        rows.append((f"زیربنای طبقهٔ {number}", display("built_area", area)))
    if values.get(VIOLATIONS):
        rows.append(("تخلفات دیده‌شده", str(values[VIOLATIONS])))
    return rows


def _checklist(report: InspectionReport | None, case: Case) -> list[dict[str, Any]]:
    answers = report.checklist if report else {}
    return [
        {"label": item.label, **(answers.get(item.key) or {"ok": None, "note": ""})}
        for item in checklist_items(case)
    ]


def _photo(photo: InspectionPhoto, user: User) -> PhotoRow:
    return PhotoRow(
        url=download_url(photo.upload, user),
        taken_at=photo.taken_at,
        distance_m=photo.distance_m,
        far=photo.far,
        lat=photo.lat,
        accuracy=photo.accuracy,
    )


def _shown_report(case: Case) -> InspectionReport | None:
    """The latest submitted report, or else the current visit's draft."""
    reports = InspectionReport.objects.filter(case=case).select_related("submitted_by")
    submitted = reports.filter(submitted_at__isnull=False).order_by("-submitted_at").first()
    return submitted or reports.order_by("-saved_at", "-pk").first()


def case_panel(user: User, case: Case) -> CasePanel | None:
    """What staff of the request's district see of its inspection (None for anyone else)."""
    if not can(user, "inspections.view", case):
        return None
    report = _shown_report(case)
    return CasePanel(
        visit=report.visit if report else current_visit(case),
        report=report,
        values=_values(report),
        checklist=_checklist(report, case),
        photos=[_photo(p, user) for p in photos_of(report)],
        figures=_figures(report if report and report.is_submitted else None, case),
        max_distance_m=int(settings.NAMA_PHOTO_MAX_DISTANCE_M),
    )
