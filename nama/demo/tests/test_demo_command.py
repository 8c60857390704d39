"""`nama demo` loads the demo data; running it twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from nama.demo.steps import DEMO_PASSWORD


def _snapshot() -> list[tuple[str, str]]:
    return list(get_user_model().objects.order_by("username").values_list("username", "password"))


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_the_logins() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    first = _snapshot()
    call_command("demo", stdout=StringIO())
    assert _snapshot() == first
    assert "admin" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(DEMO_PASSWORD)
    assert admin.is_superuser
