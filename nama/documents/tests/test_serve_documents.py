"""Serving: signed per-user expiring URLs, the access registry (fail closed), safe headers."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from nama.accounts.models import User
from nama.accounts.tests.factories import api_token, bearer
from nama.documents.access import may_access, register_access_check, unregister_access_check
from nama.documents.models import Upload
from nama.documents.selectors import download_url
from nama.documents.services import delete_upload
from nama.documents.signing import SALT, make_token
from nama.documents.tests import samples
from nama.documents.tests.conftest import DRAWINGS, own_uploads, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def deed(owner: User) -> Upload:
    return upload(owner, samples.pdf(), "سند ملک.pdf")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


# --- the owner, through a registered check -------------------------------------------------------


@pytest.mark.usefixtures("uploader_may_see")
def test_the_owner_gets_a_pdf_inline_with_safe_headers(owner: User, deed: Upload) -> None:
    response = signed_in(owner).get(download_url(deed, owner))

    assert response.status_code == 200
    assert body(response) == samples.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "filename*=utf-8''%D8%B3%D9%86%D8%AF" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src" not in csp
    assert "sandbox" not in csp  # Chrome's PDF viewer does not start in a sandbox


@pytest.mark.usefixtures("uploader_may_see")
def test_an_image_is_served_inline_in_a_sandbox(owner: User) -> None:
    photo = upload(owner, samples.jpeg(gps=True), "photo.jpg")
    response = signed_in(owner).get(download_url(photo, owner))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="photo.jpg"'
    assert response["Content-Security-Policy"].endswith("; sandbox")
    assert b"NamaTestCam" not in body(response)


@pytest.mark.usefixtures("uploader_may_see")
def test_a_drawing_is_served_as_a_download(owner: User) -> None:
    plan = upload(owner, samples.dwg(), "plan.dwg", DRAWINGS)
    response = signed_in(owner).get(download_url(plan, owner))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan.dwg"'
    assert response["Content-Security-Policy"].endswith("; sandbox")
    assert body(response) == samples.dwg()


@pytest.mark.usefixtures("uploader_may_see")
def test_head_is_allowed_and_post_is_not(owner: User, deed: Upload) -> None:
    client = signed_in(owner)
    url = download_url(deed, owner)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.usefixtures("uploader_may_see")
def test_the_mobile_app_can_use_its_bearer_token(owner: User, deed: Upload) -> None:
    response = Client().get(download_url(deed, owner), headers=bearer(api_token(owner)))
    assert response.status_code == 200
    assert body(response) == samples.pdf()


# --- the access registry ------------------------------------------------------------------------


def test_with_no_check_registered_access_is_refused(owner: User, deed: Upload) -> None:
    assert not may_access(owner, deed)
    with pytest.raises(PermissionDenied):
        download_url(deed, owner)
    forged = reverse(
        "documents:serve", args=[make_token(upload_id=deed.public_id, user_id=owner.pk)]
    )
    assert signed_in(owner).get(forged).status_code == 404


def test_access_is_granted_when_any_check_grants_it(
    owner: User, stranger: User, deed: Upload
) -> None:
    def never(user: User, upload: Upload) -> bool:
        return False

    def stranger_is_staff(user: User, upload: Upload) -> bool:
        return user == stranger

    for check in (never, stranger_is_staff):
        register_access_check(check)
        register_access_check(check)  # twice: ready() may run again
    try:
        assert may_access(stranger, deed)
        assert not may_access(owner, deed)
    finally:
        unregister_access_check(never)
        unregister_access_check(stranger_is_staff)
    assert not may_access(stranger, deed)


@pytest.mark.usefixtures("uploader_may_see")
def test_an_inactive_user_has_no_access(owner: User, deed: Upload) -> None:
    owner.is_active = False
    assert not may_access(owner, deed)


@pytest.mark.usefixtures("uploader_may_see")
def test_access_is_checked_again_when_the_url_is_used(owner: User, deed: Upload) -> None:
    url = download_url(deed, owner)
    unregister_access_check(own_uploads)
    assert signed_in(owner).get(url).status_code == 404


# --- the URL: per user, unforgeable, expiring -----------------------------------------------


@pytest.mark.usefixtures("uploader_may_see")
def test_another_users_url_is_refused(owner: User, stranger: User, deed: Upload) -> None:
    url = download_url(deed, owner)
    response = signed_in(stranger).get(url)
    assert response.status_code == 403
    assert not hasattr(response, "streaming_content")
    with pytest.raises(PermissionDenied):
        download_url(deed, stranger)


@pytest.mark.usefixtures("uploader_may_see")
def test_an_anonymous_visitor_is_sent_to_sign_in(owner: User, deed: Upload) -> None:
    url = download_url(deed, owner)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.usefixtures("uploader_may_see")
def test_a_bad_bearer_token_is_refused(owner: User, deed: Upload) -> None:
    response = Client().get(download_url(deed, owner), headers=bearer("nama_not-a-token"))
    assert response.status_code == 403


def issued_ago(patch: pytest.MonkeyPatch, seconds: int) -> None:
    """Make tokens signed from now on carry a time ``seconds`` in the past."""
    patch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(int(time.time()) - seconds),
    )


@pytest.mark.usefixtures("uploader_may_see")
def test_an_expired_url_is_refused(
    owner: User, deed: Upload, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = download_url(deed, owner)
    issued_ago(monkeypatch, 301)
    stale = download_url(deed, owner)
    monkeypatch.undo()

    client = signed_in(owner)
    response = client.get(stale)
    assert response.status_code == 410
    assert "پیوند" in response.content.decode()
    assert client.get(fresh).status_code == 200


@pytest.mark.usefixtures("uploader_may_see")
def test_the_lifetime_follows_the_setting(owner: User, deed: Upload, settings: object) -> None:
    settings.NAMA_DOCUMENT_URL_SECONDS = 1000  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as patch:
        issued_ago(patch, 301)
        url = download_url(deed, owner)
    assert signed_in(owner).get(url).status_code == 200


@pytest.mark.usefixtures("uploader_may_see")
@pytest.mark.parametrize("where", ["payload", "signature"])
def test_a_tampered_url_is_refused(owner: User, deed: Upload, where: str) -> None:
    token = download_url(deed, owner).strip("/").split("/")[-1]
    payload, stamp, signature = token.rsplit(":", 2)
    if where == "payload":
        other = upload(owner, samples.png(), "other.png")
        payload = make_token(upload_id=other.public_id, user_id=owner.pk).rsplit(":", 2)[0]
    else:
        signature = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    response = signed_in(owner).get(
        reverse("documents:serve", args=[f"{payload}:{stamp}:{signature}"])
    )
    assert response.status_code == 404


@pytest.mark.usefixtures("uploader_may_see")
def test_a_token_signed_for_another_purpose_is_refused(owner: User, deed: Upload) -> None:
    token = signing.TimestampSigner().sign_object({"u": deed.public_id.hex, "p": owner.pk})
    assert signed_in(owner).get(reverse("documents:serve", args=[token])).status_code == 404


@pytest.mark.usefixtures("uploader_may_see")
def test_a_deleted_upload_is_not_served(owner: User, deed: Upload) -> None:
    url = download_url(deed, owner)
    delete_upload(actor=owner, upload=deed)
    assert signed_in(owner).get(url).status_code == 404


@pytest.mark.usefixtures("uploader_may_see")
@pytest.mark.parametrize("value", [{"u": "not-hex", "p": 1}, {"p": 1}, ["u", "p"]])
def test_a_well_signed_but_malformed_token_is_refused(owner: User, value: object) -> None:
    token = signing.TimestampSigner(salt=SALT).sign_object(value)
    assert signed_in(owner).get(reverse("documents:serve", args=[token])).status_code == 404
