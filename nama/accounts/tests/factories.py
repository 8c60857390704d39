"""Factories for accounts, with the standing personas of the test suite."""

from __future__ import annotations

import json
import random
from typing import Any

import factory
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.constants import AccountKind, PartnerKind, StaffRole
from nama.accounts.models import PartnerOrganization, RoleAssignment, User
from nama.accounts.services.tokens import create_token
from nama.core.identifiers import national_id_check_digit
from nama.core.problems import PROBLEM_CONTENT_TYPE
from nama.districts.models import District

PASSWORD = "Correct-Horse-1404"


def make_national_id(rng: random.Random | None = None) -> str:
    """A random valid national ID (checksum right, digits not all equal)."""
    rng = rng or random.Random()
    while True:
        first_nine = f"{rng.randrange(10**9):09d}"
        candidate = first_nine + str(national_id_check_digit(first_nine))
        if len(set(candidate)) > 1:
            return candidate


def make_mobile(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    return f"09{rng.randrange(10**9):09d}"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """An active citizen with a confirmed mobile; traits for other personas."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    kind = AccountKind.CITIZEN
    national_id = factory.LazyFunction(make_national_id)
    username = factory.LazyAttribute(lambda user: user.national_id)
    mobile = factory.LazyFunction(make_mobile)
    mobile_verified_at = factory.LazyFunction(timezone.now)
    first_name = "مریم"
    last_name = "احمدی"
    is_active = True
    password = factory.django.Password(PASSWORD)

    class Params:
        staff = factory.Trait(
            kind=AccountKind.STAFF,
            national_id=None,
            username=factory.Sequence(lambda n: f"staff{n}"),
        )
        partner_user = factory.Trait(
            kind=AccountKind.PARTNER,
            national_id=None,
            username=factory.Sequence(lambda n: f"partner{n}"),
            partner=factory.SubFactory("nama.accounts.tests.factories.PartnerFactory"),
        )
        pending = factory.Trait(is_active=False, mobile_verified_at=None)


class PartnerFactory(factory.django.DjangoModelFactory[PartnerOrganization]):
    class Meta:
        model = PartnerOrganization

    kind = PartnerKind.BANK
    name = factory.Sequence(lambda n: f"بانک مسکن شعبه {n}")
    code = factory.Sequence(lambda n: f"bank-{n}")


def make_user(**kwargs: Any) -> User:
    """A user from ``UserFactory`` (typed wrapper: factory_boy's calls are untyped)."""
    return UserFactory.create(**kwargs)


def district(number: int) -> District:
    return District.objects.get(number=number)


def staff_member(role: StaffRole, district_number: int | None = None, **kwargs: Any) -> User:
    """A staff user holding ``role`` in district ``district_number`` (None: city-wide)."""
    user = make_user(staff=True, **kwargs)
    RoleAssignment.objects.create(
        user=user,
        role=role,
        district=district(district_number) if district_number is not None else None,
    )
    return user


def totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def verified(user: User) -> User:
    """Mark an in-memory user as having passed the second factor (as OTPMiddleware would)."""
    user.is_verified = lambda: True
    return user


# --- API test helpers (used by test_api_*.py) ----------------------------------------------


def api_token(user: User, name: str = "pytest") -> str:
    """A bearer token for ``user``, as the mobile app holds after signing in."""
    return create_token(user=user, name=name, client=None)[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def authenticator_code(device: TOTPDevice) -> str:
    """The code the staff member's authenticator app shows right now."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """Assert an application/problem+json answer with ``status`` and ``code``; return its body."""
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body: dict[str, Any] = json.loads(response.content)
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"].endswith(f"/{code}")
    assert body["detail"].strip()
    return body


def sign_in_verified(client: Any, user: User) -> User:
    """Sign ``client`` in as ``user`` with a passed second factor (as the login pages would)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


def system_admin(**kwargs: Any) -> User:
    """A system administrator whose admin flags follow the role (through the service)."""
    from nama.accounts.services.staff import grant_role

    user = make_user(staff=True, **kwargs)
    grant_role(actor=None, user=user, role=StaffRole.SYSTEM_ADMIN, district=None, client=None)
    user.refresh_from_db()
    return user
