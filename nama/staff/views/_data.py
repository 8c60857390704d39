"""Reads the staff pages need beyond ``nama.staff.selectors``.

- ``Workspace``: the signed-in member's roles, read once per page, so that a list can say per
  row whether to offer claim, release, assign or bulk reassignment without a query per row.
  (The services decide; this only chooses which buttons to show.)
- ``filter_options``: the services and workflow states offered in the queue's filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from nama.accounts.authz import active_roles
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.models import Case
from nama.catalog.constants import ServiceKind
from nama.catalog.selectors import services_for_public
from nama.workflow.engine import definition_of
from nama.workflow.roles import STAFF_ROLES

MANAGING = frozenset({StaffRole.DISTRICT_MANAGER, StaffRole.SYSTEM_ADMIN})


@dataclass(frozen=True)
class Workspace:
    """The (role, district id) pairs a verified staff member holds; None = city-wide."""

    user: User
    roles: frozenset[tuple[str, int | None]]

    @classmethod
    def of(cls, user: User) -> Workspace:
        pairs = frozenset((item.role, item.district_id) for item in active_roles(user))
        return cls(user, pairs)

    @property
    def role_codes(self) -> frozenset[str]:
        return frozenset(role for role, _district in self.roles)

    @property
    def is_manager(self) -> bool:
        return bool(self.role_codes & MANAGING)

    def holds(self, role: str, district_id: int) -> bool:
        return (role, district_id) in self.roles or (role, None) in self.roles

    def works_on(self, case: Case) -> bool:
        """Mirrors the ``cases.work`` rule: the role acting now, in the request's district."""
        return case.queue_role in STAFF_ROLES and self.holds(case.queue_role, case.district_id)

    def manages(self, case: Case) -> bool:
        """Mirrors the ``cases.manage`` rule: the district's manager, or a system admin."""
        return (
            self.holds(StaffRole.DISTRICT_MANAGER, case.district_id)
            or StaffRole.SYSTEM_ADMIN in self.role_codes
        )


@dataclass(frozen=True)
class FilterOptions:
    services: list[tuple[str, str]]  # (code, title)
    states: list[tuple[str, str]]  # (state code, staff label)


def filter_options(roles: frozenset[str]) -> FilterOptions:
    """The request services, and the states of their workflows acted on by ``roles``."""
    services: list[tuple[str, str]] = []
    states: dict[str, str] = {}
    for facts in services_for_public():
        if facts.spec.kind != ServiceKind.REQUEST:
            continue
        services.append((facts.spec.code, f"{facts.spec.code} — {facts.spec.title}"))
        workflow = facts.version.workflow
        if workflow is None:
            continue
        for state in definition_of(workflow).states:
            if state.role in roles:
                states.setdefault(state.code, state.label)
    return FilterOptions(services, sorted(states.items(), key=lambda item: item[1]))
