"""A desk clerk registers a walk-in citizen's account: active, no usable password, audited, the
citizen told by SMS; they sign in later with a one-time code. Refusals change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from nama.accounts.constants import AccountKind, SecurityEventKind, StaffRole
from nama.accounts.models import SecurityEvent, User
from nama.accounts.services.registration import clean_registration, register_citizen
from nama.accounts.tests.factories import (
    PASSWORD,
    make_mobile,
    make_national_id,
    make_user,
    staff_member,
)
from nama.core.problems import ConflictError, ForbiddenError
from nama.counter.selectors import walk_in_account
from nama.counter.services import WELCOME, register_walk_in
from nama.counter.tests.helpers import (
    ARABIC,
    NOT_CLERKS,
    PERSIAN,
    desk_clerk,
    not_a_clerk,
    snapshot,
)
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db


def _register(clerk: User, national_id: str, mobile: str = "09121234567") -> User:
    return register_walk_in(
        actor=clerk,
        national_id=national_id,
        first_name="علي",  # Arabic yeh: stored in Persian form
        last_name="رضایی",
        mobile=mobile,
    )


def test_the_account_is_active_without_a_password_audited_and_announced(
    sms_outbox: Outbox,
) -> None:
    clerk = desk_clerk(7)
    national_id = make_national_id()
    mobile = make_mobile()

    citizen = register_walk_in(
        actor=clerk,
        national_id=national_id.translate(PERSIAN),
        first_name="علي",
        last_name="رضایی",
        mobile=mobile.translate(ARABIC),
    )

    citizen.refresh_from_db()
    assert (citizen.kind, citizen.national_id, citizen.username) == (
        AccountKind.CITIZEN,
        national_id,
        national_id,
    )
    assert (citizen.first_name, citizen.last_name, citizen.mobile) == ("علی", "رضایی", mobile)
    assert citizen.is_active
    assert not citizen.has_usable_password()
    assert citizen.mobile_verified_at is None  # typed by the clerk, not confirmed by a code
    event = SecurityEvent.objects.get(kind=SecurityEventKind.REGISTERED, subject=citizen)
    assert (event.actor, event.subject_key) == (clerk, national_id)
    assert event.data["channel"] == "counter"
    assert [message["text"] for message in sms_outbox.to(mobile)] == [WELCOME]
    assert walk_in_account(national_id) == citizen


def test_the_new_citizen_signs_in_with_a_one_time_code(client: Client, sms_outbox: Outbox) -> None:
    citizen = _register(desk_clerk(7), make_national_id(), make_mobile())
    # A password never works: there is none.
    assert not client.login(username=citizen.username, password="")
    response = client.post(
        "/accounts/login/code/",
        {"national_id": (citizen.national_id or "").translate(PERSIAN), "mobile": citizen.mobile},
    )
    assert response["Location"] == "/accounts/login/code/confirm/"
    response = client.post(
        "/accounts/login/code/confirm/", {"code": sms_outbox.last_code(citizen.mobile)}
    )
    assert response.status_code == 302
    assert client.get("/requests/").wsgi_request.user == citizen
    citizen.refresh_from_db()
    assert citizen.mobile_verified_at is not None  # the code reached the mobile: confirmed


def test_online_registration_later_is_refused_quietly_and_a_password_can_be_set(
    client: Client, sms_outbox: Outbox
) -> None:
    citizen = _register(desk_clerk(7), make_national_id(), make_mobile())
    before = snapshot()
    registration = clean_registration(
        national_id=citizen.national_id or "",
        mobile=citizen.mobile,
        first_name="علی",
        last_name="رضایی",
        birth_date=citizen.date_joined.date().replace(year=1980),
        password=PASSWORD,
    )
    register_citizen(registration=registration, client=None)
    citizen.refresh_from_db()
    assert citizen.is_active
    assert not citizen.has_usable_password()
    # The account's own mobile is told to use the forgotten-password page instead.
    assert "فراموشی گذرواژه" in sms_outbox.to(citizen.mobile)[-1]["text"]
    assert snapshot()["users"] == before["users"]

    client.post(
        "/accounts/password/reset/",
        {"national_id": citizen.national_id, "mobile": citizen.mobile},
    )
    code = sms_outbox.last_code(citizen.mobile)
    client.post(
        "/accounts/password/reset/confirm/",
        {"code": code, "new_password": PASSWORD, "password_confirm": PASSWORD},
    )
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_an_unconfirmed_online_registration_is_taken_over(sms_outbox: Outbox) -> None:
    pending = make_user(pending=True, mobile="09120000000")
    citizen = _register(desk_clerk(7), pending.national_id or "", "09121234567")
    assert citizen.pk == pending.pk
    citizen.refresh_from_db()
    assert (citizen.is_active, citizen.mobile) == (True, "09121234567")
    assert not citizen.has_usable_password()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.REGISTERED, subject=citizen)
    assert event.data["took_over_pending"] is True


def test_an_existing_account_is_never_changed(sms_outbox: Outbox) -> None:
    existing = make_user()
    clerk = desk_clerk(7)
    before = snapshot()
    with pytest.raises(ConflictError) as refused:
        _register(clerk, existing.national_id or "")
    assert refused.value.code == "citizen_exists"
    assert snapshot() == before


def test_invalid_details_are_refused_field_by_field() -> None:
    clerk = desk_clerk(7)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        register_walk_in(
            actor=clerk, national_id="1234567890", first_name="ع", last_name="", mobile="0912"
        )
    assert set(refused.value.message_dict) == {"national_id", "first_name", "last_name", "mobile"}
    assert snapshot() == before


@pytest.mark.parametrize("who", NOT_CLERKS)
def test_only_a_verified_desk_clerk_may_register(who: str) -> None:
    actor = not_a_clerk(who)
    before = snapshot()
    with pytest.raises(ForbiddenError):
        _register(actor, make_national_id())
    assert snapshot() == before


def test_staff_and_disabled_accounts_cannot_be_served_at_the_counter() -> None:
    colleague = staff_member(StaffRole.PLANNING_OFFICER, 7, national_id=make_national_id())
    with pytest.raises(ConflictError) as refused:
        walk_in_account(colleague.national_id or "")
    assert refused.value.code == "not_a_citizen_account"
    disabled = make_user(is_active=False)
    with pytest.raises(ConflictError) as refused:
        walk_in_account(disabled.national_id or "")
    assert refused.value.code == "account_disabled"
