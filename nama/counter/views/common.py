"""What the counter pages share: the signed-in desk clerk, the counter request being filled,
the walk-in citizen being served (kept in the session), and the journey's steps."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.http import Http404, HttpRequest

from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.cases.models import Case
from nama.core.problems import NotFoundError
from nama.counter.selectors import counter_case, is_desk_clerk

# The walk-in being served: set only by the counter's own pages after the lookup (never read
# from a form), dropped after an hour at the desk.
WALK_IN_KEY = "counter.walk_in"
WALK_IN_SECONDS = 60 * 60
NOT_HERE = "این صفحه پیدا نشد."


def clerk_of(request: HttpRequest) -> User:
    """The signed-in verified desk clerk; 404 for anyone else (a citizen, other staff)."""
    user = signed_in_user(request)
    if not is_desk_clerk(user):
        raise Http404(NOT_HERE)
    return user


def case_of(request: HttpRequest, code: str) -> tuple[User, Case]:
    """The clerk and the counter request ``code`` they may fill in; 404 otherwise."""
    user = clerk_of(request)
    try:
        return user, counter_case(user, code)
    except NotFoundError as error:
        raise Http404(error.detail) from error


@dataclass(frozen=True)
class WalkInState:
    national_id: str
    citizen_id: int | None  # set once the clerk confirmed or created the account


def remember_walk_in(request: HttpRequest, national_id: str, citizen: User | None = None) -> None:
    request.session[WALK_IN_KEY] = {
        "national_id": national_id,
        "citizen": citizen.pk if citizen else None,
        "at": time.time(),
    }


def forget_walk_in(request: HttpRequest) -> None:
    """After a submission: the next request starts by finding its citizen again."""
    request.session.pop(WALK_IN_KEY, None)


def walk_in_of(request: HttpRequest) -> WalkInState | None:
    state = request.session.get(WALK_IN_KEY)
    if not isinstance(state, dict) or time.time() - float(state.get("at", 0)) > WALK_IN_SECONDS:
        return None
    return WalkInState(str(state["national_id"]), state.get("citizen"))


@dataclass(frozen=True)
class JourneyStep:
    number: int
    label: str
    state: str  # done, current or upcoming


JOURNEY = ("شهروند", "ملک و خدمت", "اطلاعات درخواست", "مدارک اسکن‌شده", "بازبینی و ثبت")


def journey(current: int) -> list[JourneyStep]:
    """The counter's five steps, for the progress list at the top of each page (1-based)."""
    return [
        JourneyStep(
            number,
            label,
            "done" if number < current else "current" if number == current else "upcoming",
        )
        for number, label in enumerate(JOURNEY, start=1)
    ]
