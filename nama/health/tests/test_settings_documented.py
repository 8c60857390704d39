"""Every environment variable the settings read is documented for operators."""

from __future__ import annotations

import re

from django.conf import settings

SETTINGS_FILE = settings.BASE_DIR / "config" / "settings.py"
READ = re.compile(r'env_\w+\(\s*"([A-Z0-9_]+)"')


def _variables() -> list[str]:
    return sorted(set(READ.findall(SETTINGS_FILE.read_text(encoding="utf-8"))))


def test_the_settings_read_variables() -> None:
    assert {"DATABASE_URL", "SECRET_KEY", "NAMA_ENV"} <= set(_variables())


def test_each_variable_has_a_row_in_the_settings_reference() -> None:
    reference = (settings.BASE_DIR / "docs" / "settings.md").read_text(encoding="utf-8")
    assert [name for name in _variables() if f"| `{name}` |" not in reference] == []


def test_each_variable_is_in_the_example_environment_file() -> None:
    example = (settings.BASE_DIR / ".env.example").read_text(encoding="utf-8")
    assert [
        name for name in _variables() if not re.search(rf"^#? ?{name}=", example, re.MULTILINE)
    ] == []
