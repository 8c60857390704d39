"""Definitions are validated on load, and a broken one is refused with precise problems."""

from __future__ import annotations

from typing import Any

import pytest

from nama.workflow.definitions import DefinitionError, load_definition
from nama.workflow.files import DATA_DIR, check_files, read_file
from nama.workflow.tests.helpers import small_definition


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DefinitionError) as refused:
        load_definition(data)
    return refused.value.problems


def test_the_small_definition_expands_its_patterns() -> None:
    definition = load_definition(small_definition())
    codes = {state.code for state in definition.states}
    assert codes == {"check", "review", "done", "returned", "signature", "rejected", "withdrawn"}
    returns = [t for t in definition.transitions if t.action == "return_for_correction"]
    # One transition per source, each for the role acting there.
    assert sorted((t.source[0], tuple(t.roles)) for t in returns) == [
        ("check", ("desk_clerk",)),
        ("review", ("planning_officer",)),
    ]


def test_every_repository_definition_validates() -> None:
    assert check_files() == []
    assert len(list(DATA_DIR.glob("*.yaml"))) >= 7


def test_unknown_guard_effect_and_role_are_named() -> None:
    data = small_definition()
    data["transitions"][0] = {
        **data["transitions"][0],
        "guards": ["moon_is_full"],
        "effects": ["send_pigeon"],
        "roles": ["desk_clerk", "janitor"],
    }
    problems = _problems(data)
    assert "action 'accept': unknown guard 'moon_is_full'" in problems
    assert "action 'accept': unknown effect 'send_pigeon'" in problems
    assert "action 'accept': unknown role 'janitor'" in problems


def test_unreachable_states_and_dead_ends_are_found() -> None:
    data = small_definition()
    data["patterns"] = data["patterns"][:-1]  # withdrawal would give every state a way out
    data["states"].append({"code": "limbo", "label": "برزخ", "role": "desk_clerk"})
    problems = _problems(data)
    assert "state 'limbo': not reachable from 'check'" in problems
    assert "state 'limbo': not terminal but has no way out" in problems


def test_a_loop_that_never_finishes_is_found() -> None:
    data = {
        "code": "loop",
        "title": "حلقه",
        "start": "first",
        "states": [
            {"code": "first", "label": "الف", "role": "desk_clerk"},
            {"code": "second", "label": "ب", "role": "desk_clerk"},
            {"code": "end", "label": "پایان", "terminal": True, "outcome": "approved"},
        ],
        "transitions": [
            {
                "action": "go",
                "label": "برو",
                "from": "first",
                "to": "second",
                "roles": ["desk_clerk"],
            },
            {
                "action": "back",
                "label": "برگرد",
                "from": "second",
                "to": "first",
                "roles": ["desk_clerk"],
            },
        ],
    }
    problems = _problems(data)
    assert "state 'first': no path from it reaches a terminal state" in problems
    assert "state 'end': not reachable from 'first'" in problems


def test_terminal_states_have_no_way_out_and_need_an_outcome() -> None:
    data = small_definition()
    data["states"][2] = {"code": "done", "label": "صادر شد", "terminal": True}
    data["transitions"].append(
        {
            "action": "reopen",
            "label": "بازگشایی",
            "from": "done",
            "to": "check",
            "roles": ["desk_clerk"],
        }
    )
    problems = _problems(data)
    assert "state 'done': a terminal state needs an outcome" in problems
    assert "action 'reopen': leaves terminal state 'done'" in problems


def test_duplicate_actions_from_a_state_are_refused() -> None:
    data = small_definition()
    data["transitions"].append({**data["transitions"][0], "to": "done"})
    assert "action 'accept': defined twice from state 'check'" in _problems(data)


def test_a_staff_role_cannot_act_in_another_roles_state() -> None:
    data = small_definition()
    data["transitions"][0] = {**data["transitions"][0], "roles": ["desk_clerk", "revenue_officer"]}
    assert (
        "action 'accept': role 'revenue_officer' cannot act in state 'check', "
        "where 'desk_clerk' acts" in _problems(data)
    )


def test_unknown_patterns_and_bad_pattern_parameters_are_named() -> None:
    data = small_definition(
        patterns=[
            {"use": "teleport"},
            {"use": "correction", "params": {"from": ["nowhere"], "back_to": "check"}},
        ]
    )
    problems = _problems(data)
    assert "patterns[0]: unknown pattern 'teleport'" in problems
    assert "patterns[1] (correction): \"unknown state 'nowhere'\"" in problems


def test_structural_errors_say_where() -> None:
    problems = _problems({"code": "Bad Code!", "title": "", "start": "x", "states": []})
    assert any(line.startswith("code:") for line in problems)
    assert any(line.startswith("states:") for line in problems)


def test_a_file_must_be_named_after_its_code(tmp_path: Any) -> None:
    path = tmp_path / "wrong_name.yaml"
    path.write_text((DATA_DIR / "inquiry.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DefinitionError, match="file name must be the code"):
        read_file(path)


def test_check_files_reports_every_broken_file(tmp_path: Any) -> None:
    (tmp_path / "broken.yaml").write_text("code: broken\ntitle: [unclosed\n", encoding="utf-8")
    (tmp_path / "inquiry.yaml").write_text(
        (DATA_DIR / "inquiry.yaml").read_text(encoding="utf-8").replace("desk_clerk", "clerk"),
        encoding="utf-8",
    )
    problems = check_files(tmp_path)
    assert any(line.startswith("broken.yaml: not valid YAML") for line in problems)
    assert any(
        line.startswith("inquiry.yaml:") and "unknown role 'clerk'" in line for line in problems
    )
