"""Writes of requests: start a draft, fill it in, submit it, act on it, withdraw, message.

Every function takes ``actor=``, runs in one transaction and leaves nothing half-written;
workflow steps go through ``nama.workflow.engine.perform_action`` (which records them).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.accounts.authz import can, has_role, may_act_for
from nama.accounts.constants import StaffRole
from nama.accounts.models import LegalPerson, User
from nama.cases.access import acts_as_applicant, acts_for_applicant
from nama.cases.constants import CaseStatus, Channel
from nama.cases.forms_schema import clean_form
from nama.cases.models import Case, CaseMessage, IdempotencyKey
from nama.catalog.constants import ServiceKind
from nama.catalog.models import Service, ServiceVersion
from nama.catalog.selectors import districts_where_available, is_available_in, spec_of
from nama.core.problems import ConflictError, ForbiddenError, NotFoundError
from nama.core.tracking import new_tracking_code
from nama.districts.models import District
from nama.parcels.models import Parcel
from nama.parcels.selectors import parcels_owned_by
from nama.workflow.calendar import add_working_days
from nama.workflow.engine import definition_of, perform_action, start_workflow
from nama.workflow.models import TransitionRecord, WorkflowInstance
from nama.workflow.paths import working_days_to_approval
from nama.workflow.roles import APPLICANT

NOT_YOURS = (
    "این ملک در پرونده‌های شما نیست؛ برای اتصال آن خدمت «تشکیل یا اتصال پرونده ملک» را ببینید."
)


def _request_service(code: str) -> tuple[Service, ServiceVersion]:
    service = (
        Service.objects.select_related("current_version__workflow")
        .filter(code=code, is_active=True, kind=ServiceKind.REQUEST)
        .first()
    )
    if service is None or service.current_version is None:
        raise NotFoundError("خدمتی با این کد برای ثبت درخواست پیدا نشد.", code="service_not_found")
    return service, service.current_version


def _check_owner(actor: User, parcel: Parcel, owner: User | None, service: Service) -> None:
    """The actor owns the parcel, or represents (for this service) an owner of it."""
    holder = owner or actor
    if not parcels_owned_by(holder).filter(pk=parcel.pk).exists():
        raise ForbiddenError(NOT_YOURS, code="not_your_parcel")
    if owner is not None and not may_act_for(actor, owner, service.code):
        raise ForbiddenError(
            "مالک به شما برای این خدمت نمایندگی نداده است.", code="not_a_representative"
        )


def _check_available(service: Service, district: District) -> None:
    if is_available_in(service, district):
        return
    where = "، ".join(d.name for d in districts_where_available(service)) or "هیچ منطقه‌ای"
    raise ConflictError(
        f"این خدمت هنوز در {district.name} به‌صورت برخط ارائه نمی‌شود. اکنون در: {where}. "
        "تا آن زمان از پیشخوان شهرسازی منطقه کمک بگیرید.",
        code="service_not_available_here",
    )


def start_draft(
    *,
    actor: User,
    service_code: str,
    parcel: Parcel | None,
    owner: User | None = None,
    legal_person: LegalPerson | None = None,
    channel: Channel = Channel.ONLINE,
    walk_in: User | None = None,
    idempotency_key: str = "",
) -> Case:
    """A new draft request of ``service_code`` about ``parcel`` (once per idempotency key).

    At the counter (``channel=COUNTER``) the actor is the district's desk clerk and
    ``walk_in`` the citizen the request is for: the citizen is the applicant, the clerk is
    recorded as who registered it, and ownership is checked for the citizen.
    """
    if idempotency_key:
        existing = IdempotencyKey.objects.filter(user=actor, key=idempotency_key[:100]).first()
        if existing is not None:
            return existing.case
    service, version = _request_service(service_code)
    if parcel is None:
        raise ValidationError({"parcel": ["ملک درخواست را انتخاب کنید."]})
    applicant = _counter_applicant(actor, parcel, walk_in) if channel == Channel.COUNTER else actor
    if legal_person is not None and not can(applicant, "legal_persons.act", legal_person):
        raise ForbiddenError("شما نماینده این شخص حقوقی نیستید.", code="not_an_agent")
    if legal_person is None:
        _check_owner(applicant, parcel, owner, service)
    _check_available(service, parcel.district)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                tracking_code=_unique_code(),
                service=service,
                service_version=version,
                applicant=applicant,
                registered_by=actor if applicant != actor else None,
                owner=owner,
                legal_person=legal_person,
                parcel=parcel,
                district=parcel.district,
                channel=channel,
            )
            if idempotency_key:
                IdempotencyKey.objects.create(user=actor, key=idempotency_key[:100], case=case)
    except IntegrityError:
        # The same key raced in from a retry: the first request won; answer with it.
        return IdempotencyKey.objects.get(user=actor, key=idempotency_key[:100]).case
    return case


def _counter_applicant(clerk: User, parcel: Parcel, walk_in: User | None) -> User:
    """The walk-in citizen a desk clerk of the parcel's district registers a request for."""
    if not has_role(clerk, StaffRole.DESK_CLERK, parcel.district):
        raise ForbiddenError(
            "ثبت درخواست در پیشخوان فقط برای کارمند پیشخوان همان منطقه است.",
            code="not_a_desk_clerk",
        )
    if walk_in is None or not walk_in.is_active:
        raise ValidationError({"citizen": ["شهروندی را که درخواست برای اوست مشخص کنید."]})
    return walk_in


def _unique_code() -> str:
    while True:
        code = new_tracking_code()
        if not Case.objects.filter(tracking_code=code).exists():
            return code


def _editable_fields(case: Case) -> set[str] | None:
    """None: every field (a draft); otherwise only what staff asked to correct."""
    if case.status == CaseStatus.DRAFT:
        return None
    if case.workflow is not None and case.workflow.state == "returned":
        return set(case.corrections.get("fields", []))
    return set()


def update_form(*, actor: User, case: Case, data: dict[str, Any]) -> Case:
    """Save form answers: any field of a draft, or the fields a correction asks for."""
    if not acts_for_applicant(actor, case):
        raise NotFoundError("این درخواست پیدا نشد.")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        allowed = _editable_fields(locked)
        if allowed is not None and not set(data) <= allowed:
            raise ValidationError(
                {name: ["این مورد اکنون قابل ویرایش نیست."] for name in sorted(set(data) - allowed)}
            )
        spec = spec_of(locked.service_version)
        cleaned = clean_form(spec.form, data, partial=True)
        # An empty answer clears the field (a draft may be incomplete; submit checks it).
        cleared = {name for name, value in data.items() if value is None or value == ""}
        merged = {**locked.form_data, **cleaned}
        locked.form_data = {name: value for name, value in merged.items() if name not in cleared}
        if allowed is not None:
            fixed = sorted(set(locked.corrections.get("fixed_fields", [])) | set(cleaned))
            locked.corrections = {**locked.corrections, "fixed_fields": fixed}
        locked.updated_at = timezone.now()
        locked.save(update_fields=["form_data", "corrections", "updated_at"])
    return locked


def _open_duplicate(case: Case) -> Case | None:
    return (
        Case.objects.filter(
            service=case.service,
            parcel=case.parcel,
            status__in=[CaseStatus.IN_PROGRESS, CaseStatus.WAITING_FOR_APPLICANT],
        )
        .exclude(pk=case.pk)
        .first()
    )


def submit_case(*, actor: User, case: Case) -> Case:
    """Submit a complete draft: the workflow starts and the deadline is set. Idempotent."""
    if not acts_for_applicant(actor, case):
        raise NotFoundError("این درخواست پیدا نشد.")
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("service_version").get(pk=case.pk)
        if locked.status != CaseStatus.DRAFT:
            return locked  # a double click or a retried request: already submitted
        spec = spec_of(locked.service_version)
        locked.form_data = clean_form(spec.form, locked.form_data, partial=False)
        _require_documents(locked)
        _require_eligibility(locked, spec.eligibility)
        duplicate = _open_duplicate(locked)
        if duplicate is not None:
            raise ConflictError(
                f"درخواست بازِ دیگری برای همین خدمت و ملک با کد رهگیری {duplicate.tracking_code} "
                "در جریان است.",
                code="duplicate_open_case",
            )
        _start(locked, actor, spec.sla_working_days)
    return locked


def _require_documents(case: Case) -> None:
    from nama.cases.documents import missing_documents

    missing = missing_documents(case)
    if missing:
        names = "، ".join(doc.label for doc in missing)
        raise ValidationError({"documents": [f"این مدارک هنوز بارگذاری نشده‌اند: {names}"]})


def _require_eligibility(case: Case, checks: list[str]) -> None:
    """The service's declared preconditions (answered by the apps owning the facts)."""
    from nama.cases.facts import fact
    from nama.catalog.constants import ELIGIBILITY_CHECKS

    failing = [ELIGIBILITY_CHECKS[name] for name in checks if not fact(case, name)]
    if failing:
        raise ValidationError({"eligibility": failing})


def _start(case: Case, actor: User, sla_days: int | None) -> None:
    version = case.service_version.workflow
    if version is None:
        raise ConflictError("این خدمت گردش کار ندارد.", code="no_workflow")
    instance = start_workflow(
        version=version, subject=case, district=case.district, actor=actor, actor_role=APPLICANT
    )
    now = timezone.now()
    case.workflow = instance
    case.status = CaseStatus.IN_PROGRESS
    case.submitted_at = now
    case.due_at = add_working_days(now, sla_days) if sla_days else None
    case.updated_at = now
    sync_queue_fields(case, instance)
    case.save()
    first = TransitionRecord.objects.get(instance=instance, step=0)
    _enqueue(first, ["notify_applicant", "notify_next_role"])


def _enqueue(record: TransitionRecord, names: list[str]) -> None:
    from nama.workflow.tasks import run_effect

    for name in names:
        transaction.on_commit(lambda name=name: run_effect.enqueue(record.pk, name), robust=True)  # type: ignore[misc]


def act(
    *,
    actor: User,
    case: Case,
    action: str,
    inputs: dict[str, Any] | None = None,
    comment: str = "",
    expected_step: int | None = None,
) -> TransitionRecord:
    """Take a workflow action on the request (staff or applicant) and update its status."""
    if case.workflow_id is None:
        raise ConflictError("این درخواست هنوز ثبت نهایی نشده است.", code="not_submitted")
    with transaction.atomic():
        # The request is locked before its workflow (the order every writer keeps).
        locked = (
            Case.objects.select_for_update(of=("self",)).select_related("holder").get(pk=case.pk)
        )
        _check_hold(actor, locked)
        record = perform_action(
            instance_id=case.workflow_id,
            action=action,
            actor=actor,
            inputs=inputs or {},
            comment=comment,
            expected_step=expected_step,
        )
        _after_step(case, record)
    return record


def act_as_system(*, case: Case, action: str, comment: str = "") -> TransitionRecord:
    """Take a step the platform itself takes (a bank-confirmed payment, a timer): the
    transition must list the ``system`` role; holds by staff do not stop it."""
    if case.workflow_id is None:
        raise ConflictError("این درخواست هنوز ثبت نهایی نشده است.", code="not_submitted")
    with transaction.atomic():
        Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        record = perform_action(
            instance_id=case.workflow_id, action=action, actor=None, comment=comment
        )
        _after_step(case, record)
    return record


def _check_hold(actor: User, case: Case) -> None:
    """Staff act only on what they hold, or on what nobody holds (one person at a time)."""
    holder = case.holder
    if holder is None or holder.pk == actor.pk or acts_for_applicant(actor, case):
        return
    raise ConflictError(
        f"این درخواست در دست {holder.display_name} است؛ نخست باید آن را رها یا به شما واگذار کند.",
        code="held_by_other",
    )


def _after_step(case: Case, record: TransitionRecord) -> None:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("workflow__definition")
        .get(pk=case.pk)
    )
    instance = locked.workflow
    if instance is None:
        return
    state = definition_of(instance.definition).state(instance.state)
    if record.action == "return_for_correction":
        next_round = int(locked.corrections.get("round", 0)) + 1
        locked.form_history = [
            *locked.form_history,
            {"round": next_round, "form": dict(locked.form_data)},
        ]
        locked.corrections = {
            "round": next_round,
            "reason": record.inputs.get("reason", ""),
            "fields": record.inputs.get("fields", []),
            "documents": record.inputs.get("documents", []),
            "fixed_fields": [],
            "fixed_documents": [],
        }
    if state.terminal:
        locked.status = (
            CaseStatus.COMPLETED if state.outcome == "approved" else CaseStatus.CANCELLED
        )
        locked.finished_at = record.at
    elif state.role == APPLICANT:
        locked.status = CaseStatus.WAITING_FOR_APPLICANT
    else:
        locked.status = CaseStatus.IN_PROGRESS
    locked.updated_at = timezone.now()
    sync_queue_fields(locked, instance)
    locked.save(
        update_fields=[
            "corrections",
            "form_history",
            "status",
            "finished_at",
            "updated_at",
            *QUEUE_FIELDS,
        ]
    )


QUEUE_FIELDS = (
    "queue_role",
    "state_due_at",
    "expected_at",
    "holder",
    "held_since",
    "reminded_at",
    "overdue_since",
    "escalated_at",
)


def sync_queue_fields(case: Case, instance: WorkflowInstance) -> None:
    """Copy the workflow's current state onto the request (the queue's index) after a step:
    the acting role, the state's deadline, the expected completion date; the hold and the
    deadline bookkeeping start afresh in the new state."""
    definition = definition_of(instance.definition)
    case.queue_role = instance.acting_role
    case.state_due_at = instance.state_due_at
    remaining = working_days_to_approval(definition, instance.state)
    if instance.finished_at is not None or remaining is None:
        case.expected_at = None
    else:
        case.expected_at = add_working_days(instance.state_entered_at, remaining)
    case.holder = None
    case.held_since = None
    case.reminded_at = None
    case.overdue_since = None
    case.escalated_at = None


def withdraw(*, actor: User, case: Case, reason: str = "") -> TransitionRecord:
    """The applicant withdraws (where the workflow allows it)."""
    return act(
        actor=actor, case=case, action="withdraw", inputs={"reason": reason} if reason else {}
    )


def discard_draft(*, actor: User, case: Case) -> None:
    """Delete a draft nobody has submitted (nothing was recorded for it)."""
    if not acts_for_applicant(actor, case):
        raise NotFoundError("این درخواست پیدا نشد.")
    with transaction.atomic():
        deleted, _ = Case.objects.filter(pk=case.pk, status=CaseStatus.DRAFT).delete()
    if not deleted:
        raise ConflictError("فقط پیش‌نویس را می‌توان حذف کرد.", code="not_a_draft")


def post_message(*, actor: User, case: Case, body: str, internal: bool = False) -> CaseMessage:
    """A message on the request; internal notes only by staff of its district."""
    text = body.strip()
    if not 1 <= len(text) <= 4000:
        raise ValidationError({"body": ["متن پیام باید بین ۱ تا ۴۰۰۰ نویسه باشد."]})
    if not can(actor, "cases.view", case):
        raise NotFoundError("این درخواست پیدا نشد.")
    if internal and acts_as_applicant(actor, case):
        raise ForbiddenError("یادداشت داخلی فقط برای کارکنان است.", code="internal_note")
    return CaseMessage.objects.create(case=case, author=actor, body=text, internal=internal)


def stale_drafts(days: int = 90) -> int:
    """Drop drafts untouched for ``days`` (never submitted, so nothing else refers to them)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Case.objects.filter(status=CaseStatus.DRAFT, updated_at__lt=cutoff).delete()
    return deleted


def mark_read(*, actor: User, notification_ids: list[int]) -> int:
    """Mark the user's own notifications read; returns how many changed."""
    from nama.cases.models import Notification

    return Notification.objects.filter(
        user=actor, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
