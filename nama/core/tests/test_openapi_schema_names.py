"""django-ninja files every schema under its class name: two classes of one name in different
apps would silently replace each other in /api/openapi.json."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema


def _subclasses(base: type) -> list[type]:
    found: list[type] = []
    child: type
    for child in base.__subclasses__():
        found.extend([child, *_subclasses(child)])
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    from config import api  # every router mounted, so every schema class is defined

    assert api.api.urls_namespace == "api"
    modules: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("nama."):
            modules[cls.__name__].add(cls.__module__)
    assert len(modules) > 50
    assert {name: sorted(where) for name, where in modules.items() if len(where) > 1} == {}
