"""Loaded with ``-p config.pytest_env`` (pyproject.toml) before pytest-django sets Django up,
so that the test environment is chosen before the settings module is read."""

import os
from pathlib import Path

os.environ["NAMA_ENV"] = "test"
os.environ.setdefault("NAMA_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))
