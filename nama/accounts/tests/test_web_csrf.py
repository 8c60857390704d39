"""Every form of the account pages is protected against cross-site request forgery."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.accounts.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ANONYMOUS_POSTS = [
    "/accounts/register/",
    "/accounts/register/confirm/",
    "/accounts/register/resend/",
    "/accounts/login/",
    "/accounts/login/code/",
    "/accounts/login/code/confirm/",
    "/accounts/login/code/resend/",
    "/accounts/login/second-factor/",
    "/accounts/login/authenticator/",
    "/accounts/login/authenticator/resend/",
    "/accounts/password/reset/",
    "/accounts/password/reset/confirm/",
    "/accounts/password/reset/resend/",
]
SIGNED_IN_POSTS = [
    "/accounts/logout/",
    "/accounts/password/change/",
    "/accounts/mobile/",
    "/accounts/mobile/confirm/",
    "/accounts/mobile/resend/",
    "/accounts/security/tokens/1/revoke/",
    "/accounts/representatives/",
    "/accounts/representatives/confirm/",
    "/accounts/representatives/resend/",
    "/accounts/representatives/1/revoke/",
    "/accounts/companies/",
    "/accounts/companies/1/agents/",
    "/accounts/companies/agents/1/revoke/",
]


@pytest.fixture
def strict() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("url", ANONYMOUS_POSTS)
def test_an_anonymous_post_without_the_token_is_refused(strict: Client, url: str) -> None:
    assert strict.post(url, {"code": "123456"}).status_code == 403


@pytest.mark.parametrize("url", SIGNED_IN_POSTS)
def test_a_signed_in_post_without_the_token_is_refused(strict: Client, url: str) -> None:
    citizen = make_user()
    strict.force_login(citizen)

    response = strict.post(url, {"code": "123456"})

    assert response.status_code == 403
    assert strict.session["_auth_user_id"] == str(citizen.pk)  # not even signed out


def test_the_token_from_the_page_is_accepted(strict: Client) -> None:
    citizen = make_user()
    strict.get("/accounts/login/")
    token = strict.cookies["csrftoken"].value

    response = strict.post(
        "/accounts/login/",
        {"identifier": citizen.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert User.objects.get(pk=citizen.pk).last_login is not None


def test_every_url_above_is_an_account_form() -> None:
    """The lists cover every POST route of the app (a new form must be added here)."""
    from django.urls import get_resolver

    resolver = get_resolver("nama.accounts.urls")
    names = {name for name in resolver.reverse_dict if isinstance(name, str)}
    get_only = {"home", "security"}
    assert len(ANONYMOUS_POSTS) + len(SIGNED_IN_POSTS) == len(names - get_only)
