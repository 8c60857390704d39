"""Who works on a request: claim, release, assign to a colleague, bulk reassignment.

One person at a time: the request row is locked, its holder checked and changed, and the
change recorded (``HoldEvent``) in one transaction. Workflow steps release the hold
(``nama.cases.services.sync_queue_fields``); staff act only on requests they hold or nobody
holds (``nama.cases.services.act``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.models import Case
from nama.core.problems import ConflictError, ForbiddenError
from nama.staff.models import HoldAction, HoldEvent
from nama.staff.selectors import colleagues, state_label

NOT_YOUR_STEP = "این درخواست در مرحله‌ای است که نقش شما در آن اقدام نمی‌کند."


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("holder", "district")
        .get(pk=case.pk)
    )


def _record(
    case: Case, action: HoldAction, holder: User | None, actor: User | None, reason: str = ""
) -> HoldEvent:
    now = timezone.now()
    case.holder = holder
    case.held_since = now if holder is not None else None
    case.save(update_fields=["holder", "held_since"])
    return HoldEvent.objects.create(
        case=case,
        action=action,
        holder=holder,
        actor=actor,
        queue_role=case.queue_role,
        reason=reason.strip()[:1000],
        at=now,
    )


def _held_by_other(case: Case) -> ConflictError:
    name = case.holder.display_name if case.holder is not None else ""
    return ConflictError(f"این درخواست اکنون در دست {name} است.", code="held_by_other")


def claim(*, actor: User, case: Case) -> Case:
    """Take the request from the queue; a second claim by the same person changes nothing."""
    with transaction.atomic():
        locked = _locked(case)
        if not can(actor, "cases.work", locked):
            raise ForbiddenError(NOT_YOUR_STEP, code="not_your_step")
        if locked.holder_id == actor.pk:
            return locked
        if locked.holder_id is not None:
            raise _held_by_other(locked)
        _record(locked, HoldAction.CLAIM, actor, actor)
    return locked


def release(*, actor: User, case: Case, reason: str = "") -> Case:
    """Put the request back in the shared queue: its holder, or a district manager for
    anyone's. Releasing a request nobody holds changes nothing."""
    with transaction.atomic():
        locked = _locked(case)
        manager = can(actor, "cases.manage", locked)
        if not manager and not can(actor, "cases.work", locked):
            raise ForbiddenError(NOT_YOUR_STEP, code="not_your_step")
        if locked.holder_id is None:
            return locked
        if locked.holder_id != actor.pk and not manager:
            raise _held_by_other(locked)
        _record(locked, HoldAction.RELEASE, None, actor, reason)
    return locked


def _check_colleague(case: Case, to: User) -> None:
    if not colleagues(case).filter(pk=to.pk).exists():
        raise ValidationError(
            {
                "to": [
                    f"{to.display_name} نقش مرحلهٔ کنونی درخواست {case.tracking_code} را در "
                    f"{case.district.name} ندارد."
                ]
            }
        )


def _assign_locked(actor: User, locked: Case, to: User, reason: str) -> None:
    may_assign = can(actor, "cases.manage", locked) or (
        can(actor, "cases.work", locked) and locked.holder_id in {None, actor.pk}
    )
    if not may_assign:
        if locked.holder_id not in {None, actor.pk}:
            raise _held_by_other(locked)
        raise ForbiddenError(NOT_YOUR_STEP, code="not_your_step")
    _check_colleague(locked, to)
    if locked.holder_id == to.pk:
        return
    event = _record(locked, HoldAction.ASSIGN, to, actor, reason)
    transaction.on_commit(lambda: _tell_assignee(locked, event))


def assign(*, actor: User, case: Case, to: User, reason: str = "") -> Case:
    """Give the request to a colleague of the same role and district.

    The holder (or anyone of the role while nobody holds it) may hand it on; a district
    manager may move it whoever holds it.
    """
    with transaction.atomic():
        locked = _locked(case)
        _assign_locked(actor, locked, to, reason)
    return locked


def bulk_reassign(*, actor: User, cases: Sequence[Case], to: User, reason: str) -> int:
    """A manager moves several requests to one colleague: all of them, or none."""
    if not reason.strip():
        raise ValidationError({"reason": ["دلیل واگذاری را بنویسید."]})
    with transaction.atomic():
        for case in sorted(cases, key=lambda c: c.pk):  # one lock order: no deadlocks
            locked = _locked(case)
            if not can(actor, "cases.manage", locked):
                raise ForbiddenError("واگذاری گروهی فقط برای مدیر منطقه است.", code="not_a_manager")
            _assign_locked(actor, locked, to, reason)
    return len(cases)


def hand_to(*, case: Case, holder: User, actor: User | None, reason: str = "") -> None:
    """The system gives the request to ``holder`` (e.g. the inspector a visit was booked
    with), inside the caller's transaction; the caller has checked who may do this."""
    locked = _locked(case)
    if locked.holder_id == holder.pk:
        return
    event = _record(locked, HoldAction.ASSIGN, holder, actor, reason)
    transaction.on_commit(lambda: _tell_assignee(locked, event))


def take_back(*, case: Case, reason: str) -> bool:
    """The system takes an overdue request from its holder (escalation); False if nobody
    held it."""
    with transaction.atomic():
        locked = _locked(case)
        if locked.holder_id is None:
            return False
        _record(locked, HoldAction.ESCALATE, None, None, reason)
    return True


def _tell_assignee(case: Case, event: HoldEvent) -> None:
    """The new holder hears of it (inbox, SMS, e-mail); not when they took it themselves."""
    from nama.cases.notifications import notify

    if event.holder is None or event.holder_id == event.actor_id:
        return
    notify(
        event.holder,
        case,
        f"case:{case.pk}:hold:{event.pk}",
        "case_assigned",
        step=state_label(case),
        reason=event.reason,
    )
