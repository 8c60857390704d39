"""How far a workflow state is from a good ending, in working days.

Used to tell the applicant when their request should be finished: the shortest path (by the
states' deadlines) from the current state to a terminal state with the ``approved`` outcome.
The current state counts its whole deadline; later states acted on by the applicant count
nothing — the estimate assumes the applicant answers their own steps promptly, so it measures
the municipality's time, which is what the service's target (``sla_working_days``) promises.
States without a deadline count as zero days; where no approval is reachable there is no
estimate.
"""

from __future__ import annotations

import heapq

from nama.workflow.definitions import Definition, StateDef
from nama.workflow.roles import APPLICANT


def _days(state: StateDef, *, current: bool) -> int:
    if state.role == APPLICANT and not current:
        return 0
    return state.deadline_days or 0


def working_days_to_approval(definition: Definition, state: str) -> int | None:
    """Working days from entering ``state`` until approval on the quickest path, or None."""
    best: dict[str, int] = {}
    queue: list[tuple[int, str]] = [(0, state)]
    while queue:
        days, code = heapq.heappop(queue)
        if code in best:
            continue
        best[code] = days
        current = definition.state(code)
        if current.terminal:
            if current.outcome == "approved":
                return days
            continue
        spent = days + _days(current, current=code == state)
        for transition in definition.transitions_from(code):
            if transition.target not in best:
                heapq.heappush(queue, (spent, transition.target))
    return None
