"""Telling both sides about a visit (run on commit; ``nama.cases.notifications.notify`` writes
each notice once per person and event, so a re-run sends nothing twice)."""

from __future__ import annotations

from nama.accounts.models import User
from nama.cases.models import Case
from nama.cases.notifications import notify
from nama.visits.formatting import when_label
from nama.visits.models import Visit


def _visit(visit_id: int) -> Visit:
    return Visit.objects.select_related(
        "case__service", "case__applicant", "case__owner", "inspector", "replaces__inspector"
    ).get(pk=visit_id)


def applicant_side(case: Case) -> set[User]:
    """The applicant and the owner they applied for (one person when the same)."""
    return {case.applicant, case.owner_or_applicant}


def tell_booked(visit_id: int) -> None:
    """The applicant side hears when the visit is; the inspector was told by the hand-over."""
    visit = _visit(visit_id)
    when = when_label(visit.starts_at, visit.ends_at)
    for person in applicant_side(visit.case):
        notify(person, visit.case, f"visit:{visit.pk}:booked", "visit_booked", when=when)


def tell_rescheduled(visit_id: int) -> None:
    """The applicant side and the inspector keeping the visit hear the new time and why; an
    inspector who lost it hears that too (the new one was told by the hand-over)."""
    visit = _visit(visit_id)
    case, old = visit.case, visit.replaces
    when = when_label(visit.starts_at, visit.ends_at)
    event = f"visit:{visit.pk}:rescheduled"
    for person in applicant_side(case):
        notify(person, case, event, "visit_rescheduled", when=when, reason=visit.reason)
    if old is None or old.inspector_id == visit.inspector_id:
        notify(visit.inspector, case, event, "visit_rescheduled", when=when, reason=visit.reason)
        return
    handed = f"{visit.reason} — این بازدید به {visit.inspector.display_name} سپرده شد."
    notify(old.inspector, case, event, "visit_rescheduled", when=when, reason=handed)
