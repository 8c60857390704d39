"""Uploading a request's documents from the web and the API: checked, replaced on
correction, only by the applicant side."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.tests.factories import api_token, bearer, make_user
from nama.cases.documents import current_documents, missing_documents
from nama.cases.tests.builders import draft, owned_parcel, returned, submitted
from nama.documents.tests import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _file(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_the_applicant_uploads_each_document_from_the_documents_step(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner), filled=False)
    client.force_login(owner)
    page = client.get(f"/requests/{case.tracking_code}/documents/")
    assert page.status_code == 200
    assert 'name="file"' in page.content.decode()
    response = client.post(
        f"/requests/{case.tracking_code}/documents/upload/",
        {"document_type": "deed", "file": _file(samples.pdf(), "سند.pdf")},
    )
    assert response.status_code == 302
    assert "deed" in current_documents(case)
    page = client.get(f"/requests/{case.tracking_code}/documents/")
    assert "دیدن فایل بارگذاری‌شده" in page.content.decode()


def test_a_renamed_program_is_refused_with_a_persian_message(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner), filled=False)
    client.force_login(owner)
    response = client.post(
        f"/requests/{case.tracking_code}/documents/upload/",
        {"document_type": "deed", "file": _file(b"MZ\x90\x00" + b"\x00" * 300, "deed.pdf")},
        follow=True,
    )
    assert "deed" not in current_documents(case)
    text = response.content.decode()
    assert "alert" in text or "پذیرفته" in text or "فایل" in text


def test_an_unrelated_user_cannot_upload_or_see_the_page(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner), filled=False)
    client.force_login(make_user())
    assert client.get(f"/requests/{case.tracking_code}/documents/").status_code == 404
    response = client.post(
        f"/requests/{case.tracking_code}/documents/upload/",
        {"document_type": "deed", "file": _file(samples.pdf(), "deed.pdf")},
    )
    assert response.status_code == 404
    assert current_documents(case) == {}


def test_after_a_correction_only_the_named_document_can_be_replaced(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    returned(case, documents=["deed"])
    client.force_login(owner)
    page = client.get(f"/requests/{case.tracking_code}/documents/").content.decode()
    assert page.count('name="file"') == 1
    client.post(
        f"/requests/{case.tracking_code}/documents/upload/",
        {"document_type": "national_card", "file": _file(samples.pdf(), "card.pdf")},
    )
    client.post(
        f"/requests/{case.tracking_code}/documents/upload/",
        {"document_type": "deed", "file": _file(samples.pdf(2), "deed2.pdf")},
    )
    case.refresh_from_db()
    assert case.corrections["fixed_documents"] == ["deed"]
    assert case.documents.filter(document_type="national_card").count() == 1


def test_the_api_uploads_a_document() -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner), filled=False)
    api = Client()
    response = api.post(
        f"/api/v1/cases/{case.tracking_code}/documents",
        {"document_type": "deed", "file": _file(samples.pdf(), "deed.pdf")},
        headers=bearer(api_token(owner)),
    )
    assert response.status_code == 201, response.content
    assert response.json()["download_url"].startswith("/files/")
    stranger = api.post(
        f"/api/v1/cases/{case.tracking_code}/documents",
        {"document_type": "deed", "file": _file(samples.pdf(), "deed.pdf")},
        headers=bearer(api_token(make_user())),
    )
    assert stranger.status_code == 404
    assert len(missing_documents(case)) >= 1
