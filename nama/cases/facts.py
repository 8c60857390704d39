"""Facts about a request that workflow guards ask for (``WorkflowSubject.workflow_fact``).

The request answers what it knows itself (corrections); facts owned by other apps (documents,
fees, visits, violations, duties) are answered by providers those apps register. A fact nobody
answers is false: a guard that cannot be checked never lets a step through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nama.cases.models import Case

FactProvider = Callable[["Case"], bool]
_PROVIDERS: dict[str, FactProvider] = {}


def register_fact(name: str) -> Callable[[FactProvider], FactProvider]:
    def decorate(provider: FactProvider) -> FactProvider:
        if name in _PROVIDERS:
            raise ValueError(f"fact {name!r} has two providers")
        _PROVIDERS[name] = provider
        return provider

    return decorate


def fact(case: Case, name: str) -> bool:
    provider = _PROVIDERS.get(name)
    return bool(provider(case)) if provider is not None else False


@register_fact("corrections_done")
def _corrections_done(case: Case) -> bool:
    """Every field and document staff asked to fix has been changed since they asked."""
    asked = case.corrections or {}
    fields = set(asked.get("fields", [])) - set(asked.get("fixed_fields", []))
    documents = set(asked.get("documents", [])) - set(asked.get("fixed_documents", []))
    return not fields and not documents
