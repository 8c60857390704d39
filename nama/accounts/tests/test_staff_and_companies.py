"""Staff roles granted by administrators (audited, mirrored in the admin), companies and their
agents, API tokens, and the append-only audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.authz import can, may_act_for_legal_person
from nama.accounts.constants import StaffRole
from nama.accounts.models import LegalPersonAgent, RoleAssignment, SecurityEvent, User
from nama.accounts.services.legal import add_agent, register_legal_person, revoke_agent
from nama.accounts.services.staff import grant_role, revoke_role
from nama.accounts.services.tokens import create_token, revoke_token, token_in_use
from nama.accounts.tests.factories import (
    district,
    make_user,
    sign_in_verified,
    staff_member,
    system_admin,
    verified,
)
from nama.core.http import ClientInfo
from nama.core.problems import ConflictError, ForbiddenError, NotFoundError

pytestmark = pytest.mark.django_db
CLIENT = ClientInfo(ip="192.0.2.70")


def test_an_admin_grants_and_revokes_a_district_role() -> None:
    admin = verified(staff_member(StaffRole.SYSTEM_ADMIN))
    clerk = make_user(staff=True)
    assignment = grant_role(
        actor=admin, user=clerk, role=StaffRole.DESK_CLERK, district=district(7), client=CLIENT
    )
    assert can(verified(clerk), "districts.view", district(7))
    revoke_role(actor=admin, assignment=assignment, client=CLIENT)
    assert not can(verified(clerk), "districts.view", district(7))
    kinds = list(SecurityEvent.objects.filter(subject=clerk).values_list("kind", flat=True))
    assert sorted(kinds) == ["role_granted", "role_revoked"]


def test_granting_twice_is_one_assignment() -> None:
    clerk = make_user(staff=True)
    for _ in range(2):
        grant_role(
            actor=None, user=clerk, role=StaffRole.DESK_CLERK, district=district(7), client=None
        )
    assert RoleAssignment.objects.filter(user=clerk).count() == 1


def test_role_and_district_must_fit() -> None:
    clerk = make_user(staff=True)
    with pytest.raises(ValidationError):
        grant_role(actor=None, user=clerk, role=StaffRole.DESK_CLERK, district=None, client=None)
    with pytest.raises(ValidationError):
        grant_role(
            actor=None, user=clerk, role=StaffRole.CITY_MANAGER, district=district(7), client=None
        )
    with pytest.raises(ValidationError):
        grant_role(
            actor=None,
            user=make_user(),
            role=StaffRole.DESK_CLERK,
            district=district(7),
            client=None,
        )
    assert not RoleAssignment.objects.exists()


def test_a_non_admin_cannot_grant_roles_and_nothing_changes() -> None:
    manager = verified(staff_member(StaffRole.DISTRICT_MANAGER, 7))
    clerk = make_user(staff=True)
    with pytest.raises(ForbiddenError):
        grant_role(
            actor=manager, user=clerk, role=StaffRole.DESK_CLERK, district=district(7), client=None
        )
    assert not RoleAssignment.objects.filter(user=clerk).exists()


def test_admin_access_follows_roles() -> None:
    auditor = make_user(staff=True)
    grant_role(actor=None, user=auditor, role=StaffRole.CITY_MANAGER, district=None, client=None)
    auditor.refresh_from_db()
    assert auditor.is_staff
    assert not auditor.is_superuser
    assert auditor.has_perm("accounts.view_securityevent")
    assert not auditor.has_perm("accounts.change_user")
    admin = make_user(staff=True)
    grant_role(actor=None, user=admin, role=StaffRole.SYSTEM_ADMIN, district=None, client=None)
    admin.refresh_from_db()
    assert admin.is_superuser


def test_a_company_is_registered_and_its_agents_managed() -> None:
    founder, colleague, stranger = make_user(), make_user(), make_user()
    company = register_legal_person(
        actor=founder,
        legal_id="۱۰۳۸۰۲۸۴۷۹۰",
        name="شركت ساختمانی زاینده‌رود",
        title="مدیرعامل",
        client=CLIENT,
    )
    assert company.legal_id == "10380284790"
    assert company.name == "شرکت ساختمانی زاینده‌رود"
    assert may_act_for_legal_person(founder, company)
    with pytest.raises(NotFoundError):
        add_agent(
            actor=stranger,
            legal_person=company,
            national_id=colleague.national_id or "",
            mobile=colleague.mobile,
            title="",
            client=CLIENT,
        )
    agency = add_agent(
        actor=founder,
        legal_person=company,
        national_id=colleague.national_id or "",
        mobile=colleague.mobile,
        title="وکیل",
        client=CLIENT,
    )
    assert may_act_for_legal_person(colleague, company)
    revoke_agent(actor=founder, agency_id=agency.pk, client=CLIENT)
    assert not may_act_for_legal_person(colleague, company)
    founder_agency = LegalPersonAgent.objects.get(user=founder)
    with pytest.raises(ConflictError):
        revoke_agent(actor=founder, agency_id=founder_agency.pk, client=CLIENT)


def test_a_company_cannot_be_registered_twice_or_with_a_bad_id() -> None:
    register_legal_person(
        actor=make_user(), legal_id="10380284790", name="شرکت الف", title="", client=None
    )
    with pytest.raises(ValidationError):
        register_legal_person(
            actor=make_user(), legal_id="10380284791", name="شرکت ب", title="", client=None
        )
    with pytest.raises(ConflictError):
        register_legal_person(
            actor=make_user(), legal_id="10380284790", name="شرکت ب", title="", client=None
        )


def _user_of(raw: str) -> User | None:
    token = token_in_use(raw)
    return token.user if token else None


def test_tokens_work_until_revoked_and_are_stored_only_as_hashes() -> None:
    citizen = make_user()
    token, raw = create_token(user=citizen, name="گوشی من", client=CLIENT)
    assert raw not in token.key_hash
    assert _user_of(raw) == citizen
    assert _user_of(raw + "x") is None
    assert _user_of("Bearer nonsense") is None
    with pytest.raises(NotFoundError):
        revoke_token(user=make_user(), token_id=token.pk, client=CLIENT)
    assert _user_of(raw) == citizen
    revoke_token(user=citizen, token_id=token.pk, client=CLIENT)
    assert _user_of(raw) is None


def test_security_events_are_append_only() -> None:
    create_token(user=make_user(), name="x", client=CLIENT)
    event = SecurityEvent.objects.get()
    event.kind = "login_ok"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_an_administrators_edit_of_an_account_is_audited(client: Any) -> None:
    admin = sign_in_verified(client, system_admin())
    clerk = make_user(staff=True, mobile="09130000011")
    url = f"/admin/accounts/user/{clerk.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "mobile": "09130000012",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        }
    )
    data.pop("password", None)
    data["last_login_0"] = data["last_login_1"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = SecurityEvent.objects.get(kind="account_edited")
    assert event.actor == admin
    assert event.subject == clerk
    assert event.data["fields"] == ["mobile"]


def test_roles_granted_and_revoked_in_the_admin_go_through_the_service(client: Any) -> None:
    sign_in_verified(client, system_admin())
    clerk = make_user(staff=True, mobile="09130000013")
    url = f"/admin/accounts/user/{clerk.pk}/change/"
    form = client.get(url).context["adminform"].form
    base = {key: value for key, value in form.initial.items() if value is not None}
    base.pop("password", None)
    base["last_login_0"] = base["last_login_1"] = ""
    grant = {
        **base,
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": "desk_clerk",
        "role_assignments-0-district": str(district(7).pk),
    }
    assert client.post(url, grant).status_code == 302
    assignment = RoleAssignment.objects.get(user=clerk, revoked_at__isnull=True)
    revoke = {
        **base,
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-0-id": str(assignment.pk),
        "role_assignments-0-user": str(clerk.pk),
        "role_assignments-0-role": "desk_clerk",
        "role_assignments-0-district": str(district(7).pk),
        "role_assignments-0-DELETE": "on",
    }
    assert client.post(url, revoke).status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None  # kept as history, not deleted
    kinds = SecurityEvent.objects.filter(subject=clerk).values_list("kind", flat=True)
    assert {"role_granted", "role_revoked"} <= set(kinds)
