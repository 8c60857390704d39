"""Who may open an upload: a registry of access checks that other apps fill.

The documents app does not know why someone may see a document; the apps that use documents
do. ``cases`` registers, in its ``AppConfig.ready()``, checks such as "the requester may see
the documents of their own request" and "staff may see those of their district's requests".
A check returns True to grant access; access is granted when any check grants it. With no
check registered, or none granting, access is refused (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nama.accounts.models import User
    from nama.documents.models import Upload

AccessCheck = Callable[["User", "Upload"], bool]

_CHECKS: list[AccessCheck] = []


def register_access_check(check: AccessCheck) -> AccessCheck:
    """Add ``check`` (once, however often ``ready()`` runs); usable as a decorator."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def unregister_access_check(check: AccessCheck) -> None:
    if check in _CHECKS:
        _CHECKS.remove(check)


def may_access(user: User, upload: Upload) -> bool:
    """Whether ``user`` may open ``upload``: an active user and at least one granting check."""
    if not user.is_active:
        return False
    return any(check(user, upload) for check in tuple(_CHECKS))
