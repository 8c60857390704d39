"""Identifiers shown only in part, so a page or an API answer does not expose them whole."""

from __future__ import annotations


def mask_mobile(mobile: str) -> str:
    """``09121234567`` → ``0912***4567`` (empty for anything that is not a stored mobile)."""
    return f"{mobile[:4]}***{mobile[-4:]}" if len(mobile) == 11 else ""


def mask_national_id(national_id: str | None) -> str:
    """``0012345679`` → ``001****679``."""
    return f"{national_id[:3]}****{national_id[-3:]}" if national_id else ""
