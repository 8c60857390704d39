"""The demo data, built by steps that each app contributes; every step is idempotent.

A step returns the demo logins it made (or found) so ``nama demo`` can print them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    note: str = ""


DEMO_PASSWORD = "Nama-demo-1404"  # noqa: S105 - printed for the demo on purpose


def admin_account() -> list[DemoLogin]:
    """A system administrator for the back office at /admin/."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "first_name": "مدیر سامانه"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return [DemoLogin("مدیر سامانه (admin)", "admin", DEMO_PASSWORD, "/admin/")]


DEMO_STEPS: list[Callable[[], list[DemoLogin]]] = [admin_account]
