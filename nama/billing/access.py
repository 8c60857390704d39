"""Who may see, pay and manage bills and assessments — the one place for these object types.

The payer side: the payer; for a request's bills, whoever acts for its applicant; for a
property's or shop unit's duty, its current owners; for a vehicle, its owner. The staff side:
revenue officers and district managers of the bill's district (city-wide roles everywhere),
after the second factor. Reconciling bank files is a revenue officer's or city manager's job.
"""

from __future__ import annotations

from typing import Any

from nama.accounts.authz import districts_for, has_role, rule
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.billing.constants import BillStatus
from nama.billing.models import Assessment, Bill

REVENUE_ROLES = frozenset(
    {
        StaffRole.REVENUE_OFFICER,
        StaffRole.DISTRICT_MANAGER,
        StaffRole.CITY_MANAGER,
        StaffRole.SYSTEM_ADMIN,
    }
)
RECONCILING_ROLES = frozenset(
    {StaffRole.REVENUE_OFFICER, StaffRole.CITY_MANAGER, StaffRole.SYSTEM_ADMIN}
)


def payer_side(user: User, obj: Bill | Assessment) -> bool:
    """May ``user`` see and pay ``obj`` as the one who owes it (or acts for them)?"""
    if not user.is_active:
        return False
    if obj.payer_id == user.pk:
        return True
    if obj.case_id is not None:
        from nama.cases.access import acts_for_applicant

        return acts_for_applicant(user, obj.case)  # type: ignore[arg-type]
    if obj.vehicle_id is not None:
        return bool(obj.vehicle.owner_id == user.pk)  # type: ignore[union-attr]
    if obj.parcel_id is not None:
        from nama.parcels.selectors import parcels_owned_by

        return parcels_owned_by(user).filter(pk=obj.parcel_id).exists()
    return False


def _district_id(obj: Bill | Assessment) -> int | None:
    if isinstance(obj, Bill) and obj.district_id is not None:
        return int(obj.district_id)
    if obj.case_id is not None:
        return int(obj.case.district_id)  # type: ignore[union-attr]
    if obj.parcel_id is not None:
        return int(obj.parcel.district_id)  # type: ignore[union-attr]
    return None


def revenue_staff_for(user: User, obj: Bill | Assessment) -> bool:
    """A revenue officer or manager of the object's district; city-wide roles see all, and
    only they see bills with no district (vehicles)."""
    districts = districts_for(user, REVENUE_ROLES)
    district_id = _district_id(obj)
    if district_id is None:
        return any(has_role(user, role) and _city_wide(user, role) for role in REVENUE_ROLES)
    return districts.filter(pk=district_id).exists()


def _city_wide(user: User, role: StaffRole) -> bool:
    from nama.accounts.authz import active_roles

    return active_roles(user).filter(role=role, district__isnull=True).exists()


def revenue_officer_for(user: User, obj: Bill | Assessment) -> bool:
    district_id = _district_id(obj)
    holdings = districts_for(user, frozenset({StaffRole.REVENUE_OFFICER}))
    if district_id is None:
        return _city_wide(user, StaffRole.REVENUE_OFFICER)
    return holdings.filter(pk=district_id).exists()


@rule("billing.view")
def _view(user: User, obj: Any) -> bool:
    return payer_side(user, obj) or revenue_staff_for(user, obj)


@rule("billing.pay")
def _pay(user: User, bill: Any) -> bool:
    return bill.status == BillStatus.ISSUED and payer_side(user, bill)


@rule("billing.accept")
def _accept(user: User, assessment: Any) -> bool:
    return payer_side(user, assessment)


@rule("billing.adjust")
def _adjust(user: User, obj: Any) -> bool:
    """Change an assessment line (with a reason), void and reissue or refund a bill."""
    return revenue_officer_for(user, obj)


@rule("billing.revenue_desk")
def _revenue_desk(user: User, obj: Any = None) -> bool:
    """Open the revenue pages (bills, payments, refunds, the ledger)."""
    return districts_for(user, REVENUE_ROLES).exists()


@rule("billing.reconcile")
def _reconcile(user: User, obj: Any = None) -> bool:
    """Import a bank's settlement file (it spans every district)."""
    return any(_city_wide(user, role) for role in RECONCILING_ROLES) or has_role(
        user, StaffRole.REVENUE_OFFICER
    )
