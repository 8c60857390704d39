"""The security page: API tokens with their revocation, and the recent security events."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from nama.accounts.models import ApiToken, SecurityEvent
from nama.accounts.services.tokens import create_token
from nama.accounts.tests.factories import PASSWORD, make_user
from nama.core.testing.html import outline

pytestmark = pytest.mark.django_db


def test_the_page_lists_tokens_and_events_with_jalali_times(client: Client) -> None:
    citizen = make_user()
    create_token(user=citizen, name="گوشی سامسونگ", client=None)
    client.post("/accounts/login/", {"identifier": citizen.username, "password": PASSWORD})

    page = outline(client.get("/accounts/security/").content)

    assert "گوشی سامسونگ" in page.text
    assert "فعال" in page.text
    assert "ورود موفق" in page.text
    assert "ایجاد توکن دسترسی" in page.text
    assert any(text.startswith("۱۴") and "/" in text for text in page.text)  # a Jalali date


def test_a_citizen_revokes_their_token(client: Client) -> None:
    citizen = make_user()
    token, _ = create_token(user=citizen, name="تبلت", client=None)
    client.force_login(citizen)

    response = client.post(f"/accounts/security/tokens/{token.pk}/revoke/", follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert response.redirect_chain == [("/accounts/security/", 302)]
    assert "لغو شده" in outline(response.content).text
    assert SecurityEvent.objects.filter(kind="token_revoked", subject=citizen).count() == 1


def test_someone_elses_token_cannot_be_revoked(client: Client) -> None:
    owner, stranger = make_user(), make_user()
    token, _ = create_token(user=owner, name="گوشی", client=None)
    client.force_login(stranger)

    response = client.post(f"/accounts/security/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert not SecurityEvent.objects.filter(kind="token_revoked").exists()


def test_events_are_the_last_twenty_of_this_user_only(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    citizen, other = make_user(), make_user()
    for number in range(25):
        create_token(user=citizen, name=f"دستگاه {number}", client=None)
    create_token(user=other, name="دستگاه دیگری", client=None)
    client.force_login(citizen)

    with django_assert_max_num_queries(8):
        page = outline(client.get("/accounts/security/").content)

    assert page.text.count("ایجاد توکن دسترسی") == 20
    assert "دستگاه دیگری" not in page.text
