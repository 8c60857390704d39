"""Who can act in a workflow: a staff role, the applicant, or the system itself."""

from __future__ import annotations

from nama.accounts.constants import StaffRole

APPLICANT = "applicant"  # the citizen who applied, the owner, or their representative
SYSTEM = "system"  # the platform itself: a payment callback, a timer

STAFF_ROLES = frozenset(role.value for role in StaffRole)
ACTOR_ROLES = STAFF_ROLES | {APPLICANT, SYSTEM}
ROLE_LABELS = {
    **{role.value: role.label for role in StaffRole},
    APPLICANT: "متقاضی",
    SYSTEM: "سامانه",
}
