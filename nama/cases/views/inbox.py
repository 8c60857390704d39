"""The in-app inbox: news about the user's requests; mark one or all read."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from nama.accounts.views.common import signed_in_user
from nama.cases.applying import notification_ids, notification_ref, unread_ids
from nama.cases.models import Notification
from nama.cases.selectors import inbox as inbox_of
from nama.cases.selectors import unread_count
from nama.cases.services import mark_read

PAGE_SIZE = 20


@dataclass(frozen=True)
class Item:
    ref: str
    notification: Notification


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = Paginator(inbox_of(user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "items": [Item(notification_ref(item.pk), item) for item in page],
        "page": page,
        "unread": unread_count(user),
    }
    return render(request, "cases/inbox.html", context)


@login_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark read: the notifications named by ``ref`` (one or more), or ``all``."""
    user = signed_in_user(request)
    if request.POST.get("all"):
        ids = unread_ids(user)
    else:
        ids = notification_ids(user, request.POST.getlist("ref"))
    if ids:
        mark_read(actor=user, notification_ids=ids)
    page = request.POST.get("page", "")
    target = redirect("cases:inbox")
    if page.isascii() and page.isdigit():
        target["Location"] += f"?page={page}"
    return target
