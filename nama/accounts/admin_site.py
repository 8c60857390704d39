"""The back office admin: only staff verified with their second factor get in.

Signing in happens on the site's own login pages (password, then the authenticator code);
the admin's login page just sends people there.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from nama.accounts.authz import is_verified_staff
from nama.accounts.models import User


class NamaAdminSite(admin.AdminSite):
    site_header = "اصفهان‌نما — مدیریت"
    site_title = "اصفهان‌نما"
    index_title = "پیکربندی سامانه"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            isinstance(user, User) and user.is_active and user.is_staff and is_verified_staff(user)
        )

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        target = request.GET.get("next", reverse("admin:index"))
        return HttpResponseRedirect(reverse("accounts:login") + "?" + urlencode({"next": target}))
