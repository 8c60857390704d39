"""What the visit pages share: finding the request, and the slot picker's rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from nama.accounts.models import User
from nama.cases.models import Case
from nama.core.problems import ApiError
from nama.visits.formatting import day_label, window_label
from nama.visits.selectors import visit_case
from nama.visits.slots import Offer


def page_case(user: User, code: str, action: str) -> Case:
    """The request ``code`` if ``user`` may do ``action`` on its visit; 404 for anyone else
    (a page never says whether a request they may not use exists)."""
    try:
        return visit_case(user, code, action)
    except ApiError as error:
        raise Http404(error.detail) from error


@dataclass(frozen=True)
class SlotChoice:
    value: str  # what the form sends: the start in ISO 8601 with its offset
    label: str  # «۱۰ تا ۱۲»
    available: bool


@dataclass(frozen=True)
class DayChoices:
    label: str  # «یکشنبه ۱۶ آذر ۱۴۰۵»
    slots: list[SlotChoice]


def picker_days(offer: Offer) -> list[DayChoices]:
    """The offer as the picker shows it: one group per day, full slots shown but disabled."""
    return [
        DayChoices(
            day_label(day.day),
            [
                SlotChoice(
                    slot.starts_at.isoformat(),
                    window_label(slot.starts_at, slot.ends_at),
                    slot.available,
                )
                for slot in day.slots
            ],
        )
        for day in offer.days
    ]
