"""Test-wide setup: the test environment is chosen before Django loads its settings."""

import os

os.environ["NAMA_ENV"] = "test"
os.environ.setdefault("NAMA_VAR_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))
