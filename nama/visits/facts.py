"""The workflow fact this app answers for requests (``nama.cases.facts``)."""

from __future__ import annotations

from nama.cases.facts import register_fact
from nama.cases.models import Case
from nama.visits.models import Visit, VisitStatus


@register_fact("visit_booked")
def visit_booked(case: Case) -> bool:
    """The request has a booked visit (the guard of the workflow step ``book_visit``)."""
    return Visit.objects.filter(case=case, status=VisitStatus.BOOKED).exists()
