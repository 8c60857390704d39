"""Who may fill a visit's report, see inspection results, enter desk figures and oversee
discrepancies — the one place for these object types.

Staff roles count only in a session (or token) verified with the second factor
(``accounts.authz``). Citizens never see inspection reports, photos or discrepancies.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nama.accounts.authz import districts_for, has_role, rule
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.models import Case
from nama.districts.models import District
from nama.documents.access import register_access_check
from nama.documents.models import Upload
from nama.inspections.models import InspectionPhoto
from nama.visits.models import Visit

DESK_ROLES = (StaffRole.DESK_CLERK, StaffRole.PLANNING_OFFICER)
OVERSIGHT_ROLES = frozenset({StaffRole.DISTRICT_MANAGER, StaffRole.CITY_MANAGER})


def fills(user: User, visit: Visit) -> bool:
    """The visit's inspector, or the visit agent who holds the request now."""
    case = visit.case
    if not has_role(user, StaffRole.VISIT_AGENT, case.district):
        return False
    return user.pk in {visit.inspector_id, case.holder_id}


def sees_inspections(user: User, case: Case) -> bool:
    """Staff of the request's district (any role) see its reports, photos, discrepancies."""
    return districts_for(user).filter(pk=case.district_id).exists()


def enters_desk_figures(user: User, case: Case) -> bool:
    """A desk clerk or planning officer of the district, while the request is open."""
    if case.workflow_id is None or case.finished_at is not None:
        return False
    return any(has_role(user, role, case.district) for role in DESK_ROLES)


def overseen_districts(user: User) -> QuerySet[District]:
    """Where the user oversees discrepancies: district managers theirs, city managers all."""
    return districts_for(user, OVERSIGHT_ROLES)


@rule("inspections.fill")
def _fill(user: User, visit: Any) -> bool:
    return fills(user, visit)


@rule("inspections.view")
def _view(user: User, case: Any) -> bool:
    return sees_inspections(user, case)


@rule("inspections.enter_desk_figures")
def _desk(user: User, case: Any) -> bool:
    return enters_desk_figures(user, case)


@rule("inspections.oversee")
def _oversee(user: User, district: Any) -> bool:
    return overseen_districts(user).filter(pk=district.pk).exists()


@register_access_check
def _inspection_photos(user: Any, upload: Upload) -> bool:
    """Staff who see a request's inspections may open its visit photos."""
    photos = InspectionPhoto.objects.filter(upload=upload).select_related("report__case__district")
    return any(sees_inspections(user, photo.report.case) for photo in photos)
