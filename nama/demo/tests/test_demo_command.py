"""`nama demo` loads the demo data; running it twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.authz import can, has_role
from nama.accounts.constants import AccountKind, StaffRole
from nama.accounts.models import RoleAssignment, User
from nama.accounts.tests.factories import district, verified
from nama.cases.constants import Channel
from nama.cases.models import Case, Notification
from nama.core.demo import DEMO_PASSWORD
from nama.staff.selectors import work_queue
from nama.visits.models import Visit

pytestmark = pytest.mark.usefixtures("catalog")  # `nama migrate` publishes it before the demo


def _snapshot() -> list[tuple[str, str]]:
    return list(User.objects.order_by("username").values_list("username", "password"))


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_the_logins() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    first = (
        _snapshot(),
        RoleAssignment.objects.count(),
        TOTPDevice.objects.count(),
        Case.objects.count(),
    )
    call_command("demo", stdout=StringIO())
    assert (
        _snapshot(),
        RoleAssignment.objects.count(),
        TOTPDevice.objects.count(),
        Case.objects.count(),
    ) == first
    for username in ("0499370899", "clerk7", "inspector7", "manager7", "citymanager", "admin"):
        assert username in out.getvalue()
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in out.getvalue()


@pytest.mark.django_db
def test_demo_staff_hold_every_role_in_district_7() -> None:
    call_command("demo", stdout=StringIO())
    for role in StaffRole:
        holder = User.objects.get(role_assignments__role=role)
        assert holder.kind == AccountKind.STAFF
        assert has_role(verified(holder), role, district(7))
    admin = verified(User.objects.get(username="admin"))
    assert admin.is_superuser
    assert can(admin, "accounts.manage_roles")


@pytest.mark.django_db
def test_totp_prints_the_current_code_of_a_demo_account() -> None:
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("totp", "clerk7", stdout=out)
    device = TOTPDevice.objects.get(user__username="clerk7")
    assert out.getvalue().strip() == f"{totp(device.bin_key):06d}"
    with override_settings(PRODUCTION=True), pytest.raises(CommandError):
        call_command("totp", "clerk7", stdout=StringIO())


@pytest.mark.django_db
def test_demo_refuses_to_run_in_production() -> None:
    with override_settings(PRODUCTION=True), pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_district_7_staff_find_work_online_first_a_booked_visit_and_an_overdue_request() -> None:
    call_command("demo", stdout=StringIO())
    clerk = verified(User.objects.get(username="clerk7"))
    queue = list(work_queue(clerk))
    assert [(c.service.code, c.channel) for c in queue[:2]] == [
        ("D16", Channel.ONLINE),  # overdue: its deadline passed first
        ("D15", Channel.ONLINE),
    ]
    assert (queue[-1].service.code, queue[-1].channel) == ("D22", Channel.COUNTER)
    assert queue[-1].created_at < queue[1].created_at  # older, yet after the online one
    inspector = User.objects.get(username="inspector7")
    visited = Case.objects.get(holder=inspector)
    assert visited.workflow is not None
    assert visited.workflow.state == "visit"
    assert Visit.objects.filter(case=visited, inspector=inspector).count() == 1
    assert Case.objects.filter(queue_role="applicant", service__code="D23").exists()
    late = Case.objects.get(overdue_since__isnull=False)
    manager = User.objects.get(username="manager7")
    assert Notification.objects.filter(user=manager, case=late).exists()
