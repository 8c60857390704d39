"""The expected-completion estimate: working days from a state to approval."""

from __future__ import annotations

import copy

from nama.workflow.definitions import load_definition
from nama.workflow.paths import working_days_to_approval
from nama.workflow.tests.helpers import SMALL


def test_counts_the_deadlines_on_the_quickest_way_to_approval() -> None:
    definition = load_definition(SMALL)
    # check (2) → review (3) → signature (2 by the pattern's default) → done
    assert working_days_to_approval(definition, "check") == 7
    assert working_days_to_approval(definition, "review") == 5
    assert working_days_to_approval(definition, "signature") == 2
    assert working_days_to_approval(definition, "done") == 0


def test_the_applicants_own_step_counts_only_while_it_is_the_current_one() -> None:
    definition = load_definition(SMALL)
    # Returned for correction: the applicant's 10 days, then the desk check again.
    assert working_days_to_approval(definition, "returned") == 10 + 7
    data = copy.deepcopy(SMALL)
    data["states"].insert(
        1, {"code": "answer", "label": "پاسخ", "role": "applicant", "deadline_days": 9}
    )
    data["transitions"][0]["to"] = "answer"
    data["transitions"].append(
        {
            "action": "answer",
            "label": "پاسخ",
            "from": "answer",
            "to": "review",
            "roles": ["applicant"],
        }
    )
    with_answer = load_definition(data)
    assert working_days_to_approval(with_answer, "check") == 7  # a later applicant step: 0
    assert working_days_to_approval(with_answer, "answer") == 9 + 5


def test_no_estimate_where_approval_cannot_be_reached() -> None:
    definition = load_definition(SMALL)
    assert working_days_to_approval(definition, "rejected") is None
    assert working_days_to_approval(definition, "withdrawn") is None


def test_states_without_a_deadline_count_as_no_time() -> None:
    data = copy.deepcopy(SMALL)
    data["states"][1].pop("deadline_days")
    assert working_days_to_approval(load_definition(data), "check") == 2 + 0 + 2
