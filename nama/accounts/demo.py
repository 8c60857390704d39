"""Demo accounts: a citizen and an engineer, each staff role in District 7, a city manager,
a system administrator and two partner users. Idempotent.

Staff sign in with a second factor: their TOTP keys are derived from the username so they
stay the same across runs, and ``nama totp USERNAME`` prints the current code.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.constants import AccountKind, PartnerKind, StaffRole
from nama.accounts.models import PartnerOrganization, User
from nama.accounts.services.staff import grant_role
from nama.core.demo import DEMO_PASSWORD, DemoLogin
from nama.core.text import to_persian_digits
from nama.districts.selectors import district_by_number

DEMO_DISTRICT = 7
CITIZENS = [
    # national ID, mobile, first name, last name, role label
    ("0499370899", "09130000001", "مریم", "احمدی", "شهروند (مالک)"),
    ("0012345679", "09130000002", "رضا", "کریمی", "شهروند (مهندس، نماینده)"),
]
STAFF = [
    ("clerk7", "زهرا", "موسوی", StaffRole.DESK_CLERK),
    ("inspector7", "علی", "رضایی", StaffRole.VISIT_AGENT),
    ("planner7", "سارا", "حسینی", StaffRole.PLANNING_OFFICER),
    ("revenue7", "حسن", "نوری", StaffRole.REVENUE_OFFICER),
    ("article100_7", "نرگس", "صالحی", StaffRole.ARTICLE100_SECRETARIAT),
    ("manager7", "محمد", "کاظمی", StaffRole.DISTRICT_MANAGER),
    ("citymanager", "فاطمه", "جعفری", StaffRole.CITY_MANAGER),
    ("admin", "مدیر", "سامانه", StaffRole.SYSTEM_ADMIN),
]
PARTNERS = [
    ("bank1", PartnerKind.BANK, "بانک مسکن — شعبه مرکزی اصفهان", "bank-maskan-101"),
    ("notary1", PartnerKind.NOTARY, "دفترخانه اسناد رسمی شماره ۱۲ اصفهان", "notary-12"),
]


def demo_totp_key(username: str) -> str:
    """A stable 20-byte TOTP key (hex) for a demo staff account."""
    return hashlib.sha256(f"isfahan-nama-demo-totp:{username}".encode()).hexdigest()[:40]


def _user(username: str, **fields: object) -> User:
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _citizens() -> list[DemoLogin]:
    logins = []
    for national_id, mobile, first, last, label in CITIZENS:
        _user(
            national_id,
            kind=AccountKind.CITIZEN,
            national_id=national_id,
            mobile=mobile,
            first_name=first,
            last_name=last,
            birth_date=date(1985, 3, 21),
        )
        logins.append(DemoLogin(label, national_id, note=f"mobile {mobile}"))
    return logins


def _staff() -> list[DemoLogin]:
    district = district_by_number(DEMO_DISTRICT)
    logins = []
    for username, first, last, role in STAFF:
        user = _user(username, kind=AccountKind.STAFF, first_name=first, last_name=last)
        city_wide = role in {StaffRole.CITY_MANAGER, StaffRole.SYSTEM_ADMIN}
        grant_role(
            actor=None, user=user, role=role, district=None if city_wide else district, client=None
        )
        TOTPDevice.objects.get_or_create(
            user=user,
            name="demo",
            defaults={"key": demo_totp_key(username), "confirmed": True},
        )
        where = "کل شهر" if city_wide else f"منطقه {to_persian_digits(str(DEMO_DISTRICT))}"
        logins.append(
            DemoLogin(
                f"{role.label} ({where})",
                username,
                note=f"2FA code: .venv/bin/nama totp {username}",
            )
        )
    return logins


def _partners() -> list[DemoLogin]:
    logins = []
    for username, kind, name, code in PARTNERS:
        organisation, _ = PartnerOrganization.objects.get_or_create(
            code=code, defaults={"kind": kind, "name": name}
        )
        _user(username, kind=AccountKind.PARTNER, partner=organisation, first_name=name[:30])
        logins.append(DemoLogin(f"{PartnerKind(kind).label}: {name}", username))
    return logins


def demo_accounts() -> list[DemoLogin]:
    return [*_citizens(), *_staff(), *_partners()]
