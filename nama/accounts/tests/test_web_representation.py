"""Representatives on the web: authorise with the owner's code, list both sides, revoke."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from nama.accounts.constants import RepresentationStatus
from nama.accounts.models import OneTimeCode, Representation, User
from nama.accounts.services.representation import NO_SUCH_PERSON
from nama.accounts.tests.factories import make_user
from nama.core.jalali import format_jalali_date, tehran_today
from nama.core.testing.html import outline
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db

PAGE = "/accounts/representatives/"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _in_a_year() -> str:
    return format_jalali_date(tehran_today() + timedelta(days=365))


def _authorise(client: Client, representative: User, **changes: str) -> Any:
    return client.post(
        PAGE,
        {
            "national_id": str(representative.national_id).translate(PERSIAN),
            "mobile": representative.mobile,
            "scope": "listed",
            "services": "d15، D16",
            "expires_on": _in_a_year(),
            **changes,
        },
    )


def _active_grant(owner: User, representative: User) -> Representation:
    return Representation.objects.create(
        owner=owner,
        representative=representative,
        status=RepresentationStatus.ACTIVE,
        expires_at=Representation._meta.get_field("expires_at").to_python("2099-01-01T00:00Z"),
    )


def test_an_owner_authorises_a_representative_with_a_code(
    client: Client, sms_outbox: Outbox
) -> None:
    owner, engineer = make_user(), make_user(first_name="رضا", last_name="کریمی")
    client.force_login(owner)

    asked = _authorise(client, engineer)
    code = sms_outbox.last_code(owner.mobile)
    confirmed = client.post("/accounts/representatives/confirm/", {"code": code}, follow=True)

    assert asked["Location"] == "/accounts/representatives/confirm/"
    grant = Representation.objects.get(owner=owner)
    assert grant.status == RepresentationStatus.ACTIVE
    assert grant.services == ["D15", "D16"]
    assert format_jalali_date(grant.expires_at) == _in_a_year()
    page = outline(confirmed.content)
    assert "رضا کریمی" in page.text
    assert "فعال" in page.text
    client.force_login(engineer)
    held = outline(client.get(PAGE).content)
    assert "مریم احمدی" in held.text  # the owner, on the representative's side


def test_listed_scope_needs_codes_and_an_unknown_person_is_refused(client: Client) -> None:
    owner, engineer = make_user(), make_user()
    client.force_login(owner)

    no_codes = _authorise(client, engineer, services=" ")
    stranger = _authorise(client, engineer, mobile="09131112233")

    assert no_codes.context["form"].errors["services"]
    assert stranger.context["form"].errors == {"__all__": [NO_SUCH_PERSON]}
    assert not Representation.objects.exists()


def test_a_past_expiry_is_refused_on_its_field(client: Client) -> None:
    owner, engineer = make_user(), make_user()
    client.force_login(owner)

    response = _authorise(client, engineer, scope="all", expires_on="۱۴۰۰/۰۱/۰۱")

    assert list(response.context["form"].errors) == ["expires_on"]


def test_either_side_may_revoke(client: Client) -> None:
    owner, engineer = make_user(), make_user()
    grant = _active_grant(owner, engineer)
    client.force_login(engineer)

    response = client.post(f"/accounts/representatives/{grant.pk}/revoke/")

    grant.refresh_from_db()
    assert response["Location"] == PAGE
    assert grant.status == RepresentationStatus.REVOKED
    assert grant.revoked_by == engineer


def test_an_unrelated_user_cannot_revoke_and_nothing_changes(client: Client) -> None:
    owner, engineer, stranger = make_user(), make_user(), make_user()
    grant = _active_grant(owner, engineer)
    client.force_login(stranger)

    response = client.post(f"/accounts/representatives/{grant.pk}/revoke/")

    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.status == RepresentationStatus.ACTIVE
    assert grant.revoked_at is None
    assert "مریم احمدی" not in outline(client.get(PAGE).content).text


def test_a_new_code_can_be_asked_for_after_a_minute(client: Client, sms_outbox: Outbox) -> None:
    owner, engineer = make_user(), make_user()
    client.force_login(owner)
    _authorise(client, engineer)

    too_soon = client.post("/accounts/representatives/resend/", follow=True)
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    client.post("/accounts/representatives/resend/")
    confirmed = client.post(
        "/accounts/representatives/confirm/", {"code": sms_outbox.last_code(owner.mobile)}
    )

    assert any("دوباره درخواست کنید" in text for text in outline(too_soon.content).text)
    assert len(sms_outbox.to(owner.mobile)) == 2
    assert confirmed["Location"] == PAGE
    assert Representation.objects.get().status == RepresentationStatus.ACTIVE


def test_a_cancelled_request_cannot_be_resent_or_confirmed(
    client: Client, sms_outbox: Outbox
) -> None:
    owner, engineer = make_user(), make_user()
    client.force_login(owner)
    _authorise(client, engineer)
    code = sms_outbox.last_code(owner.mobile)
    grant = Representation.objects.get()
    client.post(f"/accounts/representatives/{grant.pk}/revoke/")
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(seconds=61))

    resent = client.post("/accounts/representatives/resend/")
    confirmed = client.post("/accounts/representatives/confirm/", {"code": code})

    assert resent["Location"] == PAGE
    assert confirmed["Location"] == PAGE  # the flow ended with the resend attempt
    grant.refresh_from_db()
    assert grant.status == RepresentationStatus.REVOKED
