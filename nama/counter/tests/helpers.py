"""Builders for the counter's tests: a verified desk clerk, a parcel owned (per the registry)
by a national ID that may not have an account yet, the state of everything a refusal must
leave untouched."""

from __future__ import annotations

from typing import Any

from shapely.geometry import box

from nama.accounts.constants import StaffRole
from nama.accounts.models import SecurityEvent, User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case, CaseDocument, IdempotencyKey
from nama.parcels.models import Parcel
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.tests.factories import make_parcel
from nama.sms.models import OutboundSms

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def desk_clerk(district: int = 7, **kwargs: Any) -> User:
    """A desk clerk of ``district`` whose in-memory session passed the second factor."""
    return verified(staff_member(StaffRole.DESK_CLERK, district, **kwargs))


NOT_CLERKS = ["citizen", "planner", "clerk without second factor"]


def not_a_clerk(kind: str) -> User:
    """Someone who must be refused the counter: a citizen, a verified planning officer of
    District 7, or a District 7 desk clerk whose session did not pass the second factor."""
    if kind == "citizen":
        return make_user()
    if kind == "planner":
        return verified(staff_member(StaffRole.PLANNING_OFFICER, 7))
    return staff_member(StaffRole.DESK_CLERK, 7)


def parcel_of(national_id: str, code: str = "7-12-34-5-0-0-0") -> Parcel:
    """A parcel whose registry owner (six dang) has ``national_id``."""
    parcel = make_parcel(code, box(0, 0, 20, 30), address="خیابان چهارباغ عباسی، کوچه ۱۲")
    set_owners(actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id=national_id)])
    return parcel


def snapshot() -> dict[str, object]:
    """Everything the counter could write: compared before and after a refusal."""
    return {
        "users": sorted(
            User.objects.values_list("pk", "is_active", "password", "mobile", "first_name")
        ),
        "cases": sorted(Case.objects.values_list("pk", "status", "form_data", "applicant_id")),
        "documents": CaseDocument.objects.count(),
        "keys": IdempotencyKey.objects.count(),
        "events": SecurityEvent.objects.count(),
        "sms": OutboundSms.objects.count(),
    }
