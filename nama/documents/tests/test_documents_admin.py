"""The admin lists uploads, stored files, quarantine and events, read-only, in Persian."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.accounts.tests.factories import sign_in_verified, system_admin
from nama.documents.models import Quarantine
from nama.documents.tests import samples
from nama.documents.tests.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    sign_in_verified(client, system_admin())
    return client


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/admin/documents/upload/", "مدارک بارگذاری‌شده"),
        ("/admin/documents/storedfile/", "فایل‌های ذخیره‌شده"),
        ("/admin/documents/quarantine/", "فایل‌های قرنطینه‌شده"),
        ("/admin/documents/documentevent/", "رویدادهای مدارک"),
    ],
)
def test_each_list_shows(admin_client: Client, owner: User, path: str, title: str) -> None:
    upload(owner, samples.pdf(), "سند.pdf")
    Quarantine.objects.create(
        sha256="ab" * 32,
        size=68,
        signature="Win.Test.EICAR_HDB-1",
        uploaded_by=owner,
        document_type="deed",
        original_name="eicar.pdf",
        storage_name="quarantine/ab/ab/" + "ab" * 32,
    )
    response = admin_client.get(path)
    assert response.status_code == 200
    assert title in response.content.decode()
    assert f"{path}add/" not in response.content.decode()


def test_an_upload_is_shown_but_cannot_be_changed_or_deleted(
    admin_client: Client, owner: User
) -> None:
    document = upload(owner, samples.pdf(), "سند.pdf")
    page = f"/admin/documents/upload/{document.pk}/change/"
    response = admin_client.get(page)
    assert response.status_code == 200
    assert document.stored_file.sha256 in response.content.decode()
    assert admin_client.post(page, {"original_name": "x.pdf"}).status_code == 403
    assert admin_client.post(f"/admin/documents/upload/{document.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/documents/upload/add/").status_code == 403
    document.refresh_from_db()
    assert document.original_name == "سند.pdf"
