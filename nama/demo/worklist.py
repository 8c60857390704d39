"""Demo requests in District 7, so every staff role finds work in its queue:

- Maryam's building permit (D15), online, waiting for the desk check;
- Reza's walling permit (D22), registered earlier at the counter by the desk clerk: it sorts
  after Maryam's online request although it is older (the seed's rule);
- Reza's building permit (D15), checked and with a visit booked: the inspector's next visit;
- Maryam's repair permit (D23), waiting for her to pick a visit slot;
- Maryam's reconstruction permit (D16), backdated two weeks so that its desk check is overdue:
  the deadline sweep has marked it and told the clerk and the district manager.

Everything goes through the same services a person's clicks do; only the backdating writes
timestamps directly (it is demo data, and says so). Idempotent: nothing is made twice.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from pypdf import PdfWriter

from nama.accounts.demo import CITIZENS
from nama.accounts.models import User
from nama.cases.constants import Channel
from nama.cases.documents import attach_document, missing_documents
from nama.cases.models import Case, IdempotencyKey
from nama.cases.services import act, start_draft, submit_case, update_form
from nama.core.demo import DemoLogin
from nama.core.jalali import format_jalali_date
from nama.deadlines.sweep import sweep
from nama.parcels.models import Parcel
from nama.parcels.selectors import parcels_owned_by
from nama.visits.services import book_visit
from nama.visits.slots import offer
from nama.workflow.calendar import add_working_days
from nama.workflow.engine import definition_of
from nama.workflow.models import TransitionRecord, WorkflowInstance

DEMO_MARK = "demo-worklist"
BACKDATED_DAYS = 14


def _form(service: str) -> dict[str, Any]:
    """Plausible answers to each demo service's form (ASCII digits, Jalali dates)."""
    start = format_jalali_date(timezone.localdate() + timedelta(days=20))
    licence = "14-300-01234"
    forms: dict[str, dict[str, Any]] = {
        "D15": {
            "floors": 3,
            "use": "residential",
            "total_floor_area": 450,
            "units": 3,
            "parking_spaces": 3,
            "has_basement": True,
            "designer_licence": licence,
            "start_date": start,
        },
        "D16": {
            "existing_floor_area": 160,
            "floors": 4,
            "use": "residential",
            "total_floor_area": 620,
            "units": 4,
            "has_basement": True,
            "designer_licence": licence,
            "demolition_date": start,
        },
        "D22": {"wall_length": 42.5, "wall_height": 2.5, "material": "brick"},
        "D23": {
            "work_kind": "facade",
            "needs_scaffolding": True,
            "estimated_days": 30,
            "explanation": "بازسازی نمای آجری و تعویض پنجره‌های رو به کوچه",
        },
    }
    return forms[service]


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), (200, 190, 170)).save(buffer, "JPEG")
    return buffer.getvalue()


def _attach_all(actor: User, case: Case) -> None:
    for slot in missing_documents(case):
        kind = "pdf" if "pdf" in slot.formats else "jpg"
        data = _pdf() if kind == "pdf" else _jpeg()
        attach_document(
            actor=actor,
            case=case,
            document_type=slot.type,
            file=ContentFile(data, f"{slot.type}.{kind}"),
        )


def verified_staff(username: str) -> User:
    """A demo staff member acting as after their second factor (as the OTP middleware marks
    a verified session)."""
    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    user.otp_device = device  # type: ignore[attr-defined]
    user.is_verified = lambda: device is not None  # type: ignore[attr-defined]
    return user


def submitted_request(
    applicant: User, parcel: Parcel, service: str, *, clerk: User | None = None
) -> Case:
    actor = clerk or applicant
    case = start_draft(
        actor=actor,
        service_code=service,
        parcel=parcel,
        channel=Channel.COUNTER if clerk else Channel.ONLINE,
        walk_in=applicant if clerk else None,
        idempotency_key=f"{DEMO_MARK}:{service}:{parcel.pk}",
    )
    case = update_form(actor=actor, case=case, data=_form(service))
    _attach_all(actor, case)
    return submit_case(actor=actor, case=case)


def _backdate(case: Case, days: int) -> None:
    """Demo only: move the request's submission ``days`` back, as if it had waited that long."""
    shift = timedelta(days=days)
    instance = WorkflowInstance.objects.select_related("definition").get(case=case)
    state = definition_of(instance.definition).state(instance.state)
    entered = instance.state_entered_at - shift
    due = add_working_days(entered, state.deadline_days or 0)
    WorkflowInstance.objects.filter(pk=instance.pk).update(
        state_entered_at=entered, state_due_at=due, created_at=instance.created_at - shift
    )
    records = TransitionRecord.objects.filter(instance=instance)
    for record in records:
        TransitionRecord.objects.filter(pk=record.pk).update(at=record.at - shift)
    Case.objects.filter(pk=case.pk).update(
        created_at=case.created_at - shift,
        submitted_at=(case.submitted_at or timezone.now()) - shift,
        state_due_at=due,
        due_at=case.due_at - shift if case.due_at else None,
        expected_at=case.expected_at - shift if case.expected_at else None,
    )


def first_slot(case: Case) -> datetime:
    offered = offer(case.district)
    return next(slot.starts_at for day in offered.days for slot in day.slots if slot.available)


def demo_worklist() -> list[DemoLogin]:
    if IdempotencyKey.objects.filter(key__startswith=DEMO_MARK).exists():
        return []
    maryam = User.objects.get(username=CITIZENS[0][0])
    reza = User.objects.get(username=CITIZENS[1][0])
    clerk = verified_staff("clerk7")
    hers = set(parcels_owned_by(maryam).filter(district__number=7))
    his = set(parcels_owned_by(reza).filter(district__number=7))
    shared, arterial, own = next(iter(hers & his)), next(iter(hers - his)), next(iter(his - hers))
    submitted_request(reza, own, "D22", clerk=clerk)  # the counter: older, but sorts after online
    submitted_request(maryam, arterial, "D15")
    visited = submitted_request(reza, own, "D15")
    act(actor=clerk, case=visited, action="request_visit")
    book_visit(actor=reza, case=visited, starts_at=first_slot(visited))
    waiting = submitted_request(maryam, shared, "D23")
    act(actor=clerk, case=waiting, action="request_visit")
    late = submitted_request(maryam, arterial, "D16")
    _backdate(late, BACKDATED_DAYS)
    sweep()
    return []
