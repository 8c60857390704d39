"""Representation over the API: the owner names and confirms, either side revokes, no one else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from nama.accounts.constants import RepresentationStatus, SecurityEventKind
from nama.accounts.models import Representation, SecurityEvent, User
from nama.accounts.tests.factories import api_token, assert_problem, bearer, make_user
from nama.core.jalali import format_jalali_date, tehran_today
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
JSON = "application/json"
URL = "/api/v1/me/representations"


def _in_days(days: int) -> str:
    return format_jalali_date(tehran_today() + timedelta(days=days))


def _request(client: Client, owner_token: str, representative: User, **changes: Any) -> Any:
    payload = {
        "representative_national_id": representative.national_id,
        "representative_mobile": representative.mobile,
        "services": ["building_permit"],
        "expires_at": _in_days(30),
    } | changes
    return client.post(URL, payload, content_type=JSON, headers=bearer(owner_token))


def _given_and_confirmed(sms_outbox: Outbox) -> tuple[Representation, User, User]:
    owner, representative = make_user(), make_user(first_name="رضا", last_name="کریمی")
    client = Client()
    token = api_token(owner)
    grant_id = _request(client, token, representative).json()["id"]
    code = sms_outbox.last_code(owner.mobile)
    client.post(
        f"{URL}/{grant_id}/confirm", {"code": code}, content_type=JSON, headers=bearer(token)
    )
    return Representation.objects.get(pk=grant_id), owner, representative


def test_the_owner_names_a_representative_and_confirms_with_the_sms_code(
    sms_outbox: Outbox,
) -> None:
    owner, representative = make_user(), make_user(first_name="رضا", last_name="کریمی")
    client = Client()
    token = api_token(owner)
    response = _request(client, token, representative, expires_at=_in_days(10))
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == RepresentationStatus.PENDING
    assert created["representative"]["display_name"] == "رضا کریمی"
    assert created["representative"]["national_id"] != representative.national_id
    code = sms_outbox.last_code(owner.mobile)
    response = client.post(
        f"{URL}/{created['id']}/confirm", {"code": code}, content_type=JSON, headers=bearer(token)
    )
    assert response.status_code == 200
    assert response.json()["status"] == RepresentationStatus.ACTIVE
    held = Client().get(URL, headers=bearer(api_token(representative))).json()
    assert [(grant["id"], grant["status"]) for grant in held["held"]] == [(created["id"], "active")]
    assert held["given"] == []


def test_the_representative_may_revoke(sms_outbox: Outbox) -> None:
    grant, _owner, representative = _given_and_confirmed(sms_outbox)
    response = Client().post(f"{URL}/{grant.pk}/revoke", headers=bearer(api_token(representative)))
    assert response.status_code == 200
    assert response.json()["status"] == RepresentationStatus.REVOKED
    grant.refresh_from_db()
    assert grant.revoked_by == representative


def test_an_unrelated_user_can_neither_revoke_nor_confirm(sms_outbox: Outbox) -> None:
    grant, _owner, _representative = _given_and_confirmed(sms_outbox)
    stranger = bearer(api_token(make_user()))
    client = Client()
    assert_problem(client.post(f"{URL}/{grant.pk}/revoke", headers=stranger), 404, "not_found")
    confirm = client.post(
        f"{URL}/{grant.pk}/confirm", {"code": "123456"}, content_type=JSON, headers=stranger
    )
    assert_problem(confirm, 404, "not_found")
    grant.refresh_from_db()
    assert (grant.status, grant.revoked_at) == (RepresentationStatus.ACTIVE, None)
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.REPRESENTATION_REVOKED).exists()


def test_the_representative_cannot_confirm_for_the_owner(sms_outbox: Outbox) -> None:
    owner, representative = make_user(), make_user()
    grant_id = _request(Client(), api_token(owner), representative).json()["id"]
    code = sms_outbox.last_code(owner.mobile)
    response = Client().post(
        f"{URL}/{grant_id}/confirm",
        {"code": code},
        content_type=JSON,
        headers=bearer(api_token(representative)),
    )
    assert_problem(response, 404, "not_found")
    assert Representation.objects.get(pk=grant_id).status == RepresentationStatus.PENDING


def test_an_unknown_person_or_a_bad_expiry_is_a_field_error() -> None:
    owner, representative = make_user(), make_user()
    client = Client()
    token = api_token(owner)
    unknown = _request(client, token, representative, representative_mobile="09350000000")
    assert list(assert_problem(unknown, 422, "validation_error")["errors"]) == ["representative"]
    too_soon = _request(client, token, representative, expires_at=_in_days(0))
    assert list(assert_problem(too_soon, 422, "validation_error")["errors"]) == ["expires_at"]
    not_a_date = _request(client, token, representative, expires_at="1405/02/32")
    assert list(assert_problem(not_a_date, 422, "validation_error")["errors"]) == ["expires_at"]
    assert not Representation.objects.exists()


def test_listing_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    owner = make_user()
    for _ in range(3):
        Representation.objects.create(
            owner=owner,
            representative=make_user(),
            expires_at=timezone.now() + timedelta(days=30),
        )
        Representation.objects.create(
            owner=make_user(),
            representative=owner,
            expires_at=timezone.now() + timedelta(days=30),
        )
    token = api_token(owner)
    client = Client()
    client.get(URL, headers=bearer(token))  # marks the token as used
    with django_assert_max_num_queries(3):
        body = client.get(URL, headers=bearer(token)).json()
    assert (len(body["given"]), len(body["held"])) == (3, 3)
