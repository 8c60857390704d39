"""Builders shared by the request pages' and the API's tests (as in test_case_lifecycle)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from shapely.geometry import box

from nama.accounts.constants import RepresentationStatus, StaffRole
from nama.accounts.models import Representation, User
from nama.accounts.tests.factories import staff_member, verified
from nama.cases.documents import attach_document, missing_documents
from nama.cases.models import Case
from nama.cases.services import act, start_draft, submit_case, update_form
from nama.core.jalali import format_jalali_date
from nama.documents.tests import samples
from nama.parcels.models import Parcel
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.tests.factories import make_parcel

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERMIT_FORM: dict[str, Any] = {
    "floors": "۳",
    "use": "residential",
    "total_floor_area": "٤٥٠",
    "units": 3,
    "parking_spaces": 3,
    "has_basement": "بله",
    "designer_licence": "14-300-01234",
}


def owned_parcel(
    owner: User, code: str = "7-1-1-5-0-0-0", address: str = "خیابان چهارباغ، کوچه ۱۲"
) -> Parcel:
    parcel = make_parcel(code, box(0, 0, 20, 30), address=address)
    set_owners(
        actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id=owner.national_id or "")]
    )
    return parcel


def in_days(days: int, *, persian: bool = False) -> str:
    """A Jalali date ``days`` from today, as a person types it."""
    return format_jalali_date(timezone.localdate() + timedelta(days=days), persian_digits=persian)


def attach_required(actor: User, case: Case) -> None:
    """Upload a small valid file for every required document (the documents app's service)."""
    for slot in missing_documents(case):
        kind = "pdf" if "pdf" in slot.formats else "jpg"
        data = samples.pdf() if kind == "pdf" else samples.jpeg()
        attach_document(
            actor=actor,
            case=case,
            document_type=slot.type,
            file=ContentFile(data, name=f"{slot.type}.{kind}"),
        )


def draft(owner: User, parcel: Parcel, *, filled: bool = True) -> Case:
    """A draft of D15; ``filled``: the form answered and the required documents uploaded."""
    case = start_draft(actor=owner, service_code="D15", parcel=parcel)
    if filled:
        case = update_form(actor=owner, case=case, data={**PERMIT_FORM, "start_date": in_days(10)})
        attach_required(owner, case)
    return case


def submitted(owner: User, parcel: Parcel) -> Case:
    return submit_case(actor=owner, case=draft(owner, parcel))


def clerk(district: int = 7) -> User:
    return verified(staff_member(StaffRole.DESK_CLERK, district))


def returned(
    case: Case,
    *,
    fields: list[str] | None = None,
    documents: list[str] | None = None,
    reason: str = "تعداد واحدها با نقشه نمی‌خواند",
) -> Case:
    inputs: dict[str, Any] = {"reason": reason}
    if fields:
        inputs["fields"] = fields
    if documents:
        inputs["documents"] = documents
    act(actor=clerk(), case=case, action="return_for_correction", inputs=inputs)
    case.refresh_from_db()
    return case


def represent(owner: User, representative: User, services: list[str] | None = None) -> None:
    Representation.objects.create(
        owner=owner,
        representative=representative,
        services=services or ["D15"],
        status=RepresentationStatus.ACTIVE,
        expires_at=timezone.now() + timedelta(days=30),
    )
