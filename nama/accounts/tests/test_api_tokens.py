"""The user's API tokens: listed without secrets, revoked by their owner only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from nama.accounts.models import ApiToken
from nama.accounts.tests.factories import api_token, assert_problem, bearer, make_user

pytestmark = pytest.mark.django_db


def test_only_the_users_own_tokens_are_listed_newest_first() -> None:
    owner, other = make_user(), make_user()
    first = api_token(owner, "old phone")
    api_token(owner, "tablet")
    api_token(other, "someone else")
    ApiToken.objects.filter(name="old phone").update(
        created_at=timezone.now() - timedelta(days=3), revoked_at=timezone.now()
    )
    current = api_token(owner, "phone")
    tokens = Client().get("/api/v1/me/tokens", headers=bearer(current)).json()
    assert [(t["name"], t["revoked"]) for t in tokens] == [
        ("phone", False),
        ("tablet", False),
        ("old phone", True),
    ]
    assert all(
        set(t) >= {"id", "prefix", "created_at", "expires_at", "last_used_at"} for t in tokens
    )
    assert first not in str(tokens)


def test_listing_tokens_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    owner = make_user()
    for number in range(5):
        api_token(owner, f"device {number}")
    token = api_token(owner)
    client = Client()
    client.get("/api/v1/me/tokens", headers=bearer(token))  # marks the token as used
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/me/tokens", headers=bearer(token)).json()) == 6


def test_another_users_token_cannot_be_revoked() -> None:
    owner, stranger = make_user(), make_user()
    api_token(owner, "phone")
    target = ApiToken.objects.get(user=owner)
    response = Client().delete(
        f"/api/v1/me/tokens/{target.pk}", headers=bearer(api_token(stranger))
    )
    assert_problem(response, 404, "not_found")
    target.refresh_from_db()
    assert target.revoked_at is None


def test_an_expired_token_no_longer_authenticates() -> None:
    token = api_token(make_user())
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_problem(Client().get("/api/v1/me", headers=bearer(token)), 401, "not_authenticated")
