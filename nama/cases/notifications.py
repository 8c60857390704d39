"""Telling people what happened to a request: in-app inbox, SMS, and e-mail when given.

Texts come from ``MessageTemplate`` rows (administrators edit them); each notification is
written once per event and person (``Notification.event_key``), so a re-run changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction

from nama.accounts.authz import staff_with_role
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.effects import register_effect
from nama.cases.models import Case, MessageTemplate, Notification
from nama.core.tracking import format_tracking_code
from nama.sms.services import send_sms
from nama.workflow.engine import definition_of

if TYPE_CHECKING:
    from nama.workflow.models import TransitionRecord


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def render(key: str, **values: str) -> tuple[str, str]:
    """The template ``key`` filled in; unknown placeholders become empty."""
    template = MessageTemplate.objects.filter(key=key).first()
    if template is None:
        raise LookupError(f"no message template {key!r}: run `nama migrate`")
    data = _Blank(values)
    return template.title.format_map(data), template.body.format_map(data)


def _step_label(case: Case, record: TransitionRecord) -> str:
    if case.workflow is None:
        return ""
    state = definition_of(case.workflow.definition).state(record.to_state)
    return state.citizen_label or state.label


def notify(user: User, case: Case, event: str, key: str, **values: str) -> None:
    """Inbox + SMS (+ e-mail) to ``user`` about ``case``, once per ``event``."""
    title, body = render(
        key,
        **{
            "tracking_code": format_tracking_code(case.tracking_code),
            "service": case.service.title,
            "name": user.display_name,  # the recipient, unless the caller names someone else
            **values,
        },
    )
    _, created = Notification.objects.get_or_create(
        user=user,
        event_key=event,
        defaults={"case": case, "title": title, "body": body},
    )
    if not created:
        return
    if user.mobile:
        send_sms(to=user.mobile, text=f"{title}\n{body}")
    if user.email:
        email = user.email
        transaction.on_commit(lambda: send_mail(title, body, None, [email], fail_silently=False))


def _applicant_key(record: TransitionRecord) -> str:
    if record.action == "start":
        return "submitted"
    if record.to_state == "returned":
        return "returned"
    return "step"


@register_effect("notify_applicant")
def notify_applicant(case: Case, record: TransitionRecord) -> None:
    reason = str(record.inputs.get("reason", ""))
    people = {case.applicant, case.owner_or_applicant}
    for person in people:
        notify(
            person,
            case,
            f"case:{case.pk}:step:{record.step}",
            _applicant_key(record),
            step=_step_label(case, record),
            reason=reason,
        )


@register_effect("notify_next_role")
def notify_next_role(case: Case, record: TransitionRecord) -> None:
    """Tell the staff who act in the new state (their district, or city-wide) work is waiting."""
    if case.workflow is None or case.workflow.acting_role not in StaffRole.values:
        return
    role = StaffRole(case.workflow.acting_role)
    for member in staff_with_role(role, case.district):
        title, body = render(
            "staff_waiting",
            tracking_code=format_tracking_code(case.tracking_code),
            service=case.service.title,
            step=_step_label(case, record),
            name=member.display_name,
        )
        Notification.objects.get_or_create(
            user=member,
            event_key=f"case:{case.pk}:step:{record.step}:staff",
            defaults={"case": case, "title": title, "body": body},
        )
