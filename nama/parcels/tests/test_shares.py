"""Owners' shares in دانگ: each more than 0 and at most 6, together at most 6."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from shapely.geometry import box

from nama.parcels.models import Owner, Ownership
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.tests.factories import make_parcel

pytestmark = pytest.mark.django_db
A, B, COMPANY = "0499370899", "0012345679", "10380284790"


def _active() -> list[tuple[str, Decimal]]:
    shares = Ownership.objects.filter(ended_at__isnull=True).select_related("owner")
    return sorted((s.owner.national_id or s.owner.legal_id or "", s.dang) for s in shares)


def test_shares_up_to_six_dang_natural_and_legal() -> None:
    parcel = make_parcel("7-1-1-1-0-0-0", box(0, 0, 20, 30))
    set_owners(
        actor=None,
        parcel=parcel,
        shares=[
            ShareData(dang="۲٫۵", national_id=A),
            ShareData(dang="1.5", national_id=B),
            ShareData(dang=2, legal_id=COMPANY, legal_name="شرکت نمونه"),
        ],
    )
    assert _active() == sorted([(A, Decimal("2.5")), (B, Decimal("1.5")), (COMPANY, Decimal(2))])
    set_owners(actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id=A)])
    assert _active() == [(A, Decimal(6))]
    assert Ownership.objects.count() == 4  # earlier shares ended, not deleted


@pytest.mark.parametrize(
    "shares",
    [
        [ShareData(dang=4, national_id=A), ShareData(dang="2.5", national_id=B)],  # 6.5
        [ShareData(dang=0, national_id=A)],
        [ShareData(dang=7, national_id=A)],
        [ShareData(dang="1.00001", national_id=A)],
        [ShareData(dang=1, national_id="1234567890")],  # bad check digit
        [ShareData(dang=1, legal_id="10380284791")],
        [ShareData(dang=1, national_id=A, legal_id=COMPANY)],
        [ShareData(dang=1, national_id=A), ShareData(dang=1, national_id=A)],
    ],
)
def test_refused_shares_change_nothing(shares: list[ShareData]) -> None:
    parcel = make_parcel("7-1-1-1-0-0-0", box(0, 0, 20, 30))
    set_owners(actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id=B)])
    with pytest.raises(ValidationError):
        set_owners(actor=None, parcel=parcel, shares=shares)
    assert _active() == [(B, Decimal(6))]
    assert Owner.objects.count() == 1
