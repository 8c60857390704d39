"""Named guards, effects and patterns: the code a workflow definition may refer to.

Each is registered once by name (a duplicate name is a programming error). Definitions that
name something not registered here fail to load.

- A guard answers whether an action may happen now: ``(GuardContext) -> str | None``; None
  means yes, a string is the Persian reason why not.
- An effect is a side effect run once after the transition commits (as a background task):
  ``(EffectContext) -> None``; it must be idempotent.
- A pattern expands into states and transitions: ``(states, params) -> (states, transitions)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from nama.workflow.context import EffectContext, GuardContext
    from nama.workflow.definitions import StateDef, TransitionDef

Guard = Callable[["GuardContext"], "str | None"]
Effect = Callable[["EffectContext"], None]
Pattern = Callable[
    [list["StateDef"], dict[str, Any]], tuple[list["StateDef"], list["TransitionDef"]]
]
F = TypeVar("F", bound=Callable[..., Any])

guards: dict[str, Guard] = {}
effects: dict[str, Effect] = {}
patterns: dict[str, Pattern] = {}


def _register(table: dict[str, Any], name: str) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        if name in table:
            raise ValueError(f"{name!r} is registered twice")
        table[name] = function
        return function

    return decorate


def guard(name: str) -> Callable[[F], F]:
    return _register(guards, name)


def effect(name: str) -> Callable[[F], F]:
    return _register(effects, name)


def pattern(name: str) -> Callable[[F], F]:
    return _register(patterns, name)
