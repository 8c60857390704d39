"""Helpers shared by the apps' tests (browser driving, and later factories and personas)."""
