"""How far a workflow state is from a good ending, in working days.

Used to tell the applicant when their request should be finished: the shortest path (by the
states' deadlines) from the current state to a terminal state with the ``approved`` outcome.
States without a deadline count as zero days; a state from which no approval is reachable
has no estimate.
"""

from __future__ import annotations

import heapq

from nama.workflow.definitions import Definition


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
        spent = days + (current.deadline_days or 0)
        for transition in definition.transitions_from(code):
            if transition.target not in best:
                heapq.heappush(queue, (spent, transition.target))
    return None
