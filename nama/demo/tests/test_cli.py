"""The `nama` operator command."""

from __future__ import annotations

import pytest

from nama import cli


def test_help_lists_the_operator_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nama", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("serve", "worker", "up", "demo", "migrate", "check"):
        assert word in out


def test_no_arguments_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nama"]) == 2


@pytest.mark.django_db
def test_migrate_also_syncs_the_city(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nama", "migrate"]) == 0
    assert "districts: 0 created, 16 updated" in capsys.readouterr().out


def test_other_words_are_django_management_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["nama", "showmigrations", "--help"])
    assert "migrations" in capsys.readouterr().out
