"""The admin shows every message read-only, hides one-time codes, and re-queues failures.

The views are called on the ModelAdmin itself: the site's own sign-in (staff with a second
factor) is the accounts app's concern and tested there.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.test import RequestFactory

from nama.accounts.models import User
from nama.sms.admin import REDACTED, OutboundSmsAdmin
from nama.sms.constants import SmsStatus
from nama.sms.models import OutboundSms
from nama.sms.tests.factories import OutboundSmsFactory
from nama.sms.tests.fakes import ScriptedBackend

pytestmark = pytest.mark.django_db

CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
CHANGELIST = "/admin/sms/outboundsms/"


@pytest.fixture
def model_admin() -> OutboundSmsAdmin:
    return OutboundSmsAdmin(OutboundSms, AdminSite())


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser(
        "admin", "admin@example.com", "a-long-password-1", kind="staff"
    )


@pytest.fixture
def viewer() -> User:
    """Staff who may look at messages but not re-queue them."""
    user = User.objects.create_user(
        "viewer", password="a-long-password-1", is_staff=True, kind="staff"
    )
    user.user_permissions.add(Permission.objects.get(codename="view_outboundsms"))
    return User.objects.get(pk=user.pk)  # drop the permission cache


def _request(user: User, method: str = "get", data: dict[str, Any] | None = None) -> HttpRequest:
    request: HttpRequest = getattr(RequestFactory(), method)(CHANGELIST, data or {})
    request.user = user
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _rendered(response: Any) -> TemplateResponse:
    assert isinstance(response, TemplateResponse)
    response.render()
    return response


def test_the_list_filters_by_status(model_admin: OutboundSmsAdmin, superuser: User) -> None:
    failed = OutboundSmsFactory.create(failed=True)
    OutboundSmsFactory.create(sent=True)

    response = _rendered(
        model_admin.changelist_view(_request(superuser, data={"status__exact": "failed"}))
    )

    assert response.status_code == 200
    assert response.context_data is not None
    assert [sms.pk for sms in response.context_data["cl"].queryset] == [failed.pk]


def test_nobody_adds_changes_or_deletes_messages(
    model_admin: OutboundSmsAdmin, superuser: User
) -> None:
    sms = OutboundSmsFactory.create()
    request = _request(superuser)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, sms)
    assert not model_admin.has_delete_permission(request, sms)
    assert "delete_selected" not in model_admin.get_actions(request)
    with pytest.raises(PermissionDenied):
        model_admin.add_view(request)


def test_the_one_time_code_is_never_displayed(
    model_admin: OutboundSmsAdmin, superuser: User
) -> None:
    sms = OutboundSmsFactory.create(otp=True)

    response = _rendered(model_admin.change_view(_request(superuser), str(sms.pk)))

    content = response.content.decode()
    assert response.status_code == 200
    assert REDACTED in content
    assert "482913" not in content
    assert "{token}" in content  # the stored text is the placeholder


def test_the_retry_action_requeues_and_reports(
    model_admin: OutboundSmsAdmin,
    superuser: User,
    scripted: ScriptedBackend,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    failed = OutboundSmsFactory.create(failed=True)
    sent = OutboundSmsFactory.create(sent=True)
    request = _request(
        superuser, "post", {"action": "retry", "_selected_action": [failed.pk, sent.pk]}
    )

    with django_capture_on_commit_callbacks(execute=True):
        model_admin.changelist_view(request)

    failed.refresh_from_db()
    assert failed.status == SmsStatus.SENT
    assert len(scripted.sent) == 1
    texts = [str(message) for message in get_messages(request)]
    assert texts == [
        "1 پیامک دوباره در صف ارسال قرار گرفت.",
        "1 پیامک دوباره فرستاده نشد: ارسال‌شده یا در حال ارسال است، یا کد یک‌بارمصرف آن پاک شده است.",
    ]


def test_a_viewer_cannot_retry(
    model_admin: OutboundSmsAdmin,
    viewer: User,
    scripted: ScriptedBackend,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    failed = OutboundSmsFactory.create(failed=True)
    assert "retry" not in model_admin.get_actions(_request(viewer))

    request = _request(viewer, "post", {"action": "retry", "_selected_action": [failed.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.changelist_view(request)

    failed.refresh_from_db()
    assert failed.status == SmsStatus.FAILED
    assert failed.attempts == 5
    assert scripted.sent == []


def test_the_admin_is_registered_on_the_site() -> None:
    from django.contrib import admin

    assert isinstance(admin.site._registry[OutboundSms], OutboundSmsAdmin)
