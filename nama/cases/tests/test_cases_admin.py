"""Administrators edit the texts of notifications; requests stay read-only in the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.tests.factories import sign_in_verified, system_admin
from nama.cases.models import MessageTemplate
from nama.cases.notifications import render

pytestmark = pytest.mark.django_db


def test_an_edited_template_is_what_people_receive(client: Client) -> None:
    sign_in_verified(client, system_admin())
    template = MessageTemplate.objects.get(key="returned")
    url = f"/admin/cases/messagetemplate/{template.pk}/change/"
    response = client.post(
        url, {"title": "درخواست به اصلاح نیاز دارد", "body": "کد {tracking_code}: {reason}"}
    )
    assert response.status_code == 302
    assert render("returned", tracking_code="1234", reason="سند ناخواناست") == (
        "درخواست به اصلاح نیاز دارد",
        "کد 1234: سند ناخواناست",
    )


def test_requests_cannot_be_added_or_changed_in_the_admin(client: Client) -> None:
    sign_in_verified(client, system_admin())
    assert client.get("/admin/cases/case/add/").status_code == 403
    assert client.get("/admin/cases/messagetemplate/add/").status_code == 403
