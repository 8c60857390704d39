"""Who may open a property page, and the reads the citizens' pages need beyond the selectors.

A property page is for the parcel's owner (by national ID, or as an agent of an owning
company), for a representative whose active grant covers the property file (A3) of an owner,
and for verified staff of the parcel's district (the ``parcels.view_owners`` rule). Everyone
else gets what an unknown code gets: nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from nama.accounts.authz import can, may_act_for
from nama.accounts.constants import RepresentationStatus
from nama.accounts.models import User
from nama.accounts.selectors import representations_held
from nama.core.identifiers import RenewalCode, parse_renewal_code
from nama.parcels.constants import ParcelStatus
from nama.parcels.models import Ownership, Parcel
from nama.parcels.selectors import _owner_filter, owned_parcel, parcels_owned_by

PROPERTY_FILE_SERVICE: Final = "A3"  # a representative's grant must cover the property file


class Viewer(StrEnum):
    OWNER = "owner"
    REPRESENTATIVE = "representative"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class PropertyAccess:
    parcel: Parcel
    viewer: Viewer
    principal: User | None = None  # the owner a representative acts for


def parcel_key(code: RenewalCode) -> str:
    """The parcel-level code a (building, unit …) code belongs to."""
    return f"{code.district}-{code.region}-{code.block}-{code.parcel}-0-0-0"


def principals_of(user: User) -> list[User]:
    """Owners who gave ``user`` an active grant covering the property file."""
    grants = representations_held(user).filter(status=RepresentationStatus.ACTIVE)
    return [
        grant.owner for grant in grants if may_act_for(user, grant.owner, PROPERTY_FILE_SERVICE)
    ]


def _registered(code: RenewalCode) -> Parcel | None:
    """The active parcel of ``code`` for an access check only (nothing of it is shown unless
    the check passes)."""
    return (
        Parcel.objects.select_related("district", "zone")
        .filter(renewal_code=parcel_key(code), status=ParcelStatus.ACTIVE)
        .first()
    )


def property_for(user: User, renewal_code: str) -> PropertyAccess | None:
    """The parcel ``renewal_code`` names and why ``user`` may see its file, or None.

    Raises ``ValidationError`` for a malformed code.
    """
    code = parse_renewal_code(renewal_code)
    own = owned_parcel(user, str(code))
    if own is not None:
        return PropertyAccess(own, Viewer.OWNER)
    for principal in principals_of(user):
        theirs = owned_parcel(principal, str(code))
        if theirs is not None:
            return PropertyAccess(theirs, Viewer.REPRESENTATIVE, principal)
    parcel = _registered(code)
    if parcel is not None and can(user, "parcels.view_owners", parcel):
        return PropertyAccess(parcel, Viewer.STAFF)
    return None


@dataclass(frozen=True, slots=True)
class Holding:
    """One active share the user holds in a parcel: their own, or their company's."""

    dang: str  # Decimal text, e.g. "3" or "2.5"
    holder: str  # "" for the user; the company's name otherwise
    unit_code: str  # "" for a share of the whole parcel


def holdings_of(user: User, parcels: Iterable[Parcel]) -> dict[int, list[Holding]]:
    """The user's (and their companies') active shares in ``parcels``, by parcel id, in one
    query (the list page's shares)."""
    ids = [parcel.pk for parcel in parcels]
    if not ids:
        return {}
    shares = (
        Ownership.objects.filter(_owner_filter(user), parcel_id__in=ids)
        .select_related("owner", "unit")
        .order_by("parcel_id", "unit_id", "pk")
    )
    held: dict[int, list[Holding]] = defaultdict(list)
    for share in shares:
        holder = "" if share.owner.national_id else share.owner.display_name
        unit = share.unit.renewal_code if share.unit else ""
        held[share.parcel_id].append(Holding(_dang_text(share.dang), holder, unit))
    return dict(held)


def _dang_text(value: object) -> str:
    text = f"{value:f}" if not isinstance(value, str) else value
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True, slots=True)
class Represented:
    principal: User
    parcels: list[Parcel]


def represented_parcels(user: User) -> list[Represented]:
    """The parcels of the owners ``user`` represents for the property file."""
    groups = [Represented(p, list(parcels_owned_by(p))) for p in principals_of(user)]
    return [group for group in groups if group.parcels]
