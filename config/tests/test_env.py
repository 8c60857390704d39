"""Settings come from the environment through typed helpers that refuse nonsense."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    development_secret_key,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)


def test_env_str_requires_a_value_without_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NAMA_X", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NAMA_X"):
        env_str("NAMA_X")
    assert env_str("NAMA_X", "d") == "d"


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("Yes", True), ("off", False)])
def test_env_bool_parses_common_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("NAMA_X", raw)
    assert env_bool("NAMA_X", not expected) is expected


def test_env_bool_and_int_refuse_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAMA_X", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("NAMA_X", False)
    with pytest.raises(ImproperlyConfigured):
        env_int("NAMA_X", 1)


def test_env_list_splits_and_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAMA_X", " a.ir, b.ir ,,")
    assert env_list("NAMA_X", []) == ["a.ir", "b.ir"]


def test_development_secret_key_is_made_once_and_private(tmp_path: Path) -> None:
    first = development_secret_key(tmp_path)
    assert len(first) >= 50
    assert development_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_required_variable_set_empty_counts_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAMA_X", "  ")
    with pytest.raises(ImproperlyConfigured, match="NAMA_X"):
        env_str("NAMA_X")
    assert env_str("NAMA_X", "default") == "  "


def test_env_choice_refuses_values_outside_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAMA_X", "yaml")
    with pytest.raises(ImproperlyConfigured, match="json"):
        env_choice("NAMA_X", "text", {"json", "text"})
