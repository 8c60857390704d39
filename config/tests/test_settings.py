"""Production settings refuse to start half-configured and pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NAMA_", "SECRET_KEY", "KAVENEGAR_", "DATABASE_URL"))
    }
    return subprocess.run(  # noqa: S603 - our own CLI with fixed arguments
        [sys.executable, "-m", "nama.cli", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production(tmp_path: Path, **env: str) -> dict[str, str]:
    return {
        "NAMA_ENV": "production",
        "NAMA_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "nama.isfahan.ir",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NAMA_SMS_BACKEND": "kavenegar",
        "KAVENEGAR_API_KEY": "test-key",
        "KAVENEGAR_OTP_TEMPLATE": "nama-otp",
        **env,
    }


@pytest.mark.parametrize("required", ["SECRET_KEY", "DATABASE_URL", "NAMA_SMS_BACKEND"])
def test_production_refuses_to_start_without(tmp_path: Path, required: str) -> None:
    env = _production(tmp_path)
    del env[required]
    result = _run(["check"], **env)
    assert result.returncode == 2
    assert required in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_checks(tmp_path: Path) -> None:
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **_production(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_unknown_environment_name_is_refused(tmp_path: Path) -> None:
    result = _run(["check"], NAMA_ENV="staging", NAMA_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "NAMA_ENV" in result.stderr
