"""Representation: a citizen authorises another registered citizen to act for them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status

from nama.accounts.api.common import client, problems
from nama.accounts.api_auth import current_user, token_or_session
from nama.accounts.models import Representation, User
from nama.accounts.schemas import (
    CodeIn,
    PersonOut,
    RepresentationIn,
    RepresentationOut,
    RepresentationsOut,
)
from nama.accounts.selectors import representations_given, representations_held
from nama.accounts.services.representation import (
    confirm_representation,
    request_representation,
    revoke_representation,
)
from nama.core.jalali import TEHRAN
from nama.core.masking import mask_national_id

router = Router(tags=["representations"], auth=token_or_session)

NOT_FOUND = "این نمایندگی پیدا نشد."


def _person(user: User) -> PersonOut:
    return PersonOut(display_name=user.display_name, national_id=mask_national_id(user.national_id))


def _out(grant: Representation) -> RepresentationOut:
    return RepresentationOut(
        id=grant.pk,
        status=grant.status,
        status_label=grant.get_status_display(),
        services=grant.services,
        owner=_person(grant.owner),
        representative=_person(grant.representative),
        created_at=grant.created_at,
        expires_at=grant.expires_at,
        confirmed_at=grant.confirmed_at,
        revoked_at=grant.revoked_at,
    )


def _with_people(grants: QuerySet[Representation]) -> list[RepresentationOut]:
    return [_out(grant) for grant in grants.select_related("owner", "representative")]


def _end_of_day(day: date) -> datetime:
    """A Jalali "last day" means until that day ends in Tehran."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=TEHRAN)


@router.get(
    "",
    response={200: RepresentationsOut, **problems(401)},
    summary="Representations given and held",
    description="`given`: people who may act for you; `held`: people you may act for.",
)
def list_representations(request: HttpRequest) -> RepresentationsOut:
    user = current_user(request)
    return RepresentationsOut(
        given=_with_people(representations_given(user)),
        held=_with_people(representations_held(user)),
    )


@router.post(
    "",
    response={201: RepresentationOut, **problems(401, 403, 422, 429)},
    summary="Name a representative",
    description=(
        "The representative is named by national ID and mobile (one active citizen account). "
        "The representation stays `pending` until you confirm it with the code sent to your "
        "own mobile: `POST /api/v1/me/representations/{id}/confirm`."
    ),
)
def create_representation(
    request: HttpRequest, payload: RepresentationIn
) -> Status[RepresentationOut]:
    grant = request_representation(
        owner=current_user(request),
        representative_national_id=payload.representative_national_id,
        representative_mobile=payload.representative_mobile,
        services=payload.services,
        expires_at=_end_of_day(payload.expires_at),
        client=client(request),
    )
    return Status(201, _out(grant))


@router.post(
    "/{representation_id}/confirm",
    response={200: RepresentationOut, **problems(400, 401, 403, 404)},
    summary="Confirm a representation you gave",
    description="With the code sent to your mobile; only the owner may confirm (else 404).",
)
def confirm(request: HttpRequest, representation_id: int, payload: CodeIn) -> RepresentationOut:
    owner = current_user(request)
    grant = confirm_representation(
        owner=owner, representation_id=representation_id, code=payload.code, client=client(request)
    )
    return _out(grant)


@router.post(
    "/{representation_id}/revoke",
    response={200: RepresentationOut, **problems(401, 403, 404)},
    summary="Revoke a representation",
    description="The owner or the representative may revoke (idempotent); anyone else gets 404.",
)
def revoke(request: HttpRequest, representation_id: int) -> RepresentationOut:
    grant = revoke_representation(
        actor=current_user(request), representation_id=representation_id, client=client(request)
    )
    return _out(grant)
