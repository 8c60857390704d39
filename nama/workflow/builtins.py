"""The built-in guards and effects, and the reusable patterns definitions are made of.

Guards ask the subject (the citizen's request) for a named fact; effects ask it to carry out a
named side effect: the engine stays ignorant of documents, fees and visits, which the apps
owning them answer for (see ``context.WorkflowSubject``).
"""

from __future__ import annotations

from typing import Any

from nama.workflow import registry
from nama.workflow.context import EffectContext, GuardContext
from nama.workflow.definitions import InputDef, StateDef, TransitionDef
from nama.workflow.roles import APPLICANT, SYSTEM

# --- Guards: facts about the subject ----------------------------------------------------------

FACT_GUARDS = {
    "documents_complete": "همه مدارک الزامی بارگذاری و تأیید نشده‌اند.",
    "corrections_done": "موارد خواسته‌شده برای اصلاح هنوز اصلاح نشده‌اند.",
    "fees_assessed": "عوارض این درخواست هنوز محاسبه نشده است.",
    "fees_paid": "همه قبض‌های این درخواست پرداخت نشده‌اند.",
    "visit_booked": "هنوز نوبت بازدید گرفته نشده است.",
    "visit_report_submitted": "گزارش بازدید هنوز ثبت نشده است.",
    "no_open_violations": "این ملک تخلف رسیدگی‌نشده دارد.",
    "renewal_duty_settled": "عوارض نوسازی این ملک تسویه نشده است.",
}


def _fact_guard(name: str, refusal: str) -> registry.Guard:
    def check(context: GuardContext) -> str | None:
        return None if context.subject.workflow_fact(name) else refusal

    check.__name__ = f"guard_{name}"
    return check


for _name, _refusal in FACT_GUARDS.items():
    registry.guard(_name)(_fact_guard(_name, _refusal))

# --- Effects: done by the subject's app, after commit -----------------------------------------

SUBJECT_EFFECTS = {
    "notify_applicant": "tell the applicant what happened (SMS, inbox, e-mail)",
    "notify_next_role": "tell the staff who act next that work is waiting",
    "assess_fees": "compute the fees of the request",
    "issue_bills": "issue the bills of the accepted fees",
    "void_open_bills": "void the unpaid bills of a request that ended without them",
    "record_dispute": "record the applicant's dispute (and its reason) on the fees",
    "issue_certificate": "number, sign and archive the certificate or answer",
    "refer_article100": "open an Article 100 commission file",
}


def _subject_effect(name: str) -> registry.Effect:
    def run(context: EffectContext) -> None:
        context.subject.workflow_effect(name, context.record)

    run.__name__ = f"effect_{name}"
    run.__doc__ = SUBJECT_EFFECTS[name]
    return run


for _name in SUBJECT_EFFECTS:
    registry.effect(_name)(_subject_effect(_name))


# --- Patterns ---------------------------------------------------------------------------------


def _state(states: list[StateDef], code: str) -> StateDef:
    for state in states:
        if state.code == code:
            return state
    raise KeyError(f"unknown state {code!r}")


def _roles_of(states: list[StateDef], codes: list[str]) -> list[str]:
    """The acting roles of the source states: a staff step is taken by whoever holds it."""
    roles = sorted({_state(states, code).role for code in codes})
    if not roles or "" in roles:
        raise ValueError("every source state needs an acting role")
    return roles


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise TypeError("expected a state code or a list of state codes")


def _transition(**fields: Any) -> TransitionDef:
    return TransitionDef.model_validate(fields)


Expansion = tuple[list[StateDef], list[TransitionDef]]
REASON = InputDef(name="reason", label="دلیل", kind="text")
NOTIFY = ["notify_applicant"]


@registry.pattern("withdrawal")
def withdrawal(states: list[StateDef], params: dict[str, Any]) -> Expansion:
    """The applicant may withdraw from the listed states (default: every non-terminal one)."""
    sources = _codes(params.get("from", [s.code for s in states if not s.terminal]))
    withdrawn = StateDef(
        code="withdrawn", label="انصراف متقاضی", terminal=True, outcome="withdrawn"
    )
    withdraw = _transition(
        action="withdraw",
        label="انصراف از درخواست",
        source=sources,
        target="withdrawn",
        roles=[APPLICANT],
        inputs=[REASON.model_copy(update={"required": False})],
        confirm=True,
        effects=[*NOTIFY, "void_open_bills"],
    )
    return [withdrawn], [withdraw]


@registry.pattern("rejection")
def rejection(states: list[StateDef], params: dict[str, Any]) -> Expansion:
    """Staff acting in the listed states may reject, with a reason the applicant reads."""
    sources = _codes(params["from"])
    rejected = StateDef(code="rejected", label="رد شد", terminal=True, outcome="rejected")
    rejects = [
        _transition(
            action="reject",
            label="رد درخواست",
            source=[source],
            target="rejected",
            roles=_roles_of(states, [source]),
            inputs=[REASON],
            confirm=True,
            effects=NOTIFY,
        )
        for source in sources
    ]
    return [rejected], rejects


@registry.pattern("correction")
def correction(states: list[StateDef], params: dict[str, Any]) -> Expansion:
    """Return to the applicant for correction (naming fields and documents); they resubmit."""
    sources = _codes(params["from"])
    back_to = _state(states, params["back_to"]).code
    returned = StateDef(
        code="returned",
        label="بازگشت برای اصلاح",
        citizen_label="نیاز به اصلاح از سوی شما",
        role=APPLICANT,
        deadline_days=int(params.get("deadline_days", 10)),
    )
    give_back = [
        _transition(
            action="return_for_correction",
            label="بازگرداندن برای اصلاح",
            source=[source],
            target="returned",
            roles=_roles_of(states, [source]),
            inputs=[
                REASON,
                InputDef(name="fields", label="موارد فرم", kind="fields", required=False),
                InputDef(name="documents", label="مدارک", kind="documents", required=False),
            ],
            effects=NOTIFY,
        )
        for source in sources
    ]
    resubmit = _transition(
        action="resubmit",
        label="ارسال دوباره پس از اصلاح",
        source=["returned"],
        target=back_to,
        roles=[APPLICANT],
        guards=["corrections_done"],
        effects=["notify_next_role"],
    )
    return [returned], [*give_back, resubmit]


@registry.pattern("field_visit")
def field_visit(states: list[StateDef], params: dict[str, Any]) -> Expansion:
    """A field visit: the applicant books a slot, the inspector visits and reports."""
    source = _state(states, params["from"]).code
    then = _state(states, params["then"]).code
    booking = StateDef(
        code="visit_booking",
        label="در انتظار نوبت بازدید",
        citizen_label="نوبت بازدید را انتخاب کنید",
        role=APPLICANT,
        deadline_days=int(params.get("booking_days", 7)),
    )
    visit = StateDef(
        code="visit",
        label="بازدید میدانی",
        role="visit_agent",
        deadline_days=int(params.get("visit_days", 7)),
    )
    transitions = [
        _transition(
            action="request_visit",
            label=params.get("label", "ارجاع به بازدید"),
            source=[source],
            target="visit_booking",
            roles=_roles_of(states, [source]),
            guards=list(params.get("guards", [])),
            effects=NOTIFY,
        ),
        _transition(
            action="book_visit",
            label="ثبت نوبت بازدید",
            source=["visit_booking"],
            target="visit",
            roles=[APPLICANT],
            guards=["visit_booked"],
            effects=["notify_next_role"],
        ),
        _transition(
            action="submit_visit_report",
            label="ثبت گزارش بازدید",
            source=["visit"],
            target=then,
            roles=["visit_agent"],
            guards=["visit_report_submitted"],
            effects=["notify_next_role"],
        ),
    ]
    return [booking, visit], transitions


@registry.pattern("fee_payment")
def fee_payment(states: list[StateDef], params: dict[str, Any]) -> Expansion:
    """Fees computed → shown to the applicant → accepted (or disputed) → bills paid."""
    source = _state(states, params["from"]).code
    then = _state(states, params["then"]).code
    added = [
        StateDef(
            code="fee_consent",
            label="در انتظار پذیرش عوارض",
            citizen_label="عوارض محاسبه شد؛ آن را بررسی و تأیید کنید",
            role=APPLICANT,
            deadline_days=int(params.get("consent_days", 10)),
        ),
        StateDef(
            code="fee_dispute", label="اعتراض به عوارض", role="revenue_officer", deadline_days=5
        ),
        StateDef(
            code="payment",
            label="در انتظار پرداخت",
            citizen_label="قبض‌ها را پرداخت کنید",
            role=APPLICANT,
            deadline_days=int(params.get("payment_days", 15)),
        ),
    ]
    transitions = [
        _transition(
            action="assess_fees",
            label="محاسبه عوارض",
            source=[source],
            target="fee_consent",
            roles=_roles_of(states, [source]),
            effects=["assess_fees", "notify_applicant"],
        ),
        _transition(
            action="accept_fees",
            label="پذیرش عوارض",
            source=["fee_consent"],
            target="payment",
            roles=[APPLICANT],
            guards=["fees_assessed"],
            effects=["issue_bills"],
        ),
        _transition(
            action="dispute_fees",
            label="اعتراض به عوارض",
            source=["fee_consent"],
            target="fee_dispute",
            roles=[APPLICANT],
            inputs=[REASON],
            effects=["record_dispute", "notify_next_role"],
        ),
        _transition(
            action="reassess_fees",
            label="بررسی اعتراض و محاسبه دوباره",
            source=["fee_dispute"],
            target="fee_consent",
            roles=["revenue_officer"],
            inputs=[REASON],
            effects=["assess_fees", "notify_applicant"],
        ),
        _transition(
            action="confirm_payment",
            label="تأیید پرداخت",
            source=["payment"],
            target=then,
            roles=[SYSTEM, "revenue_officer"],
            guards=["fees_paid"],
            effects=["notify_applicant", "notify_next_role"],
        ),
    ]
    return added, transitions


@registry.pattern("manager_signature")
def manager_signature(states: list[StateDef], params: dict[str, Any]) -> Expansion:
    """The officer's draft goes to the district manager, who signs (issue) or sends it back."""
    source = _state(states, params["from"]).code
    issued = _state(states, params["then"]).code
    signature = StateDef(
        code="signature",
        label="در انتظار امضای مدیر منطقه",
        role="district_manager",
        deadline_days=int(params.get("days", 2)),
    )
    transitions = [
        _transition(
            action="send_for_signature",
            label=params.get("label", "ارسال برای امضا"),
            source=[source],
            target="signature",
            roles=_roles_of(states, [source]),
            effects=["notify_next_role"],
        ),
        _transition(
            action="sign",
            label="امضا و صدور",
            source=["signature"],
            target=issued,
            roles=["district_manager"],
            confirm=True,
            effects=["issue_certificate", "notify_applicant"],
        ),
        _transition(
            action="return_to_officer",
            label="بازگرداندن به کارشناس",
            source=["signature"],
            target=source,
            roles=["district_manager"],
            inputs=[REASON],
            effects=["notify_next_role"],
        ),
    ]
    return [signature], transitions


@registry.pattern("article100_referral")
def article100_referral(states: list[StateDef], params: dict[str, Any]) -> Expansion:
    """A violation found: refer to the Article 100 commission, then resume with its ruling."""
    sources = _codes(params["from"])
    resume = _state(states, params["resume"]).code
    commission = StateDef(
        code="article100",
        label="رسیدگی در کمیسیون ماده ۱۰۰",
        citizen_label="پرونده در کمیسیون ماده ۱۰۰ است",
        role="article100_secretariat",
        deadline_days=int(params.get("days", 30)),
    )
    transitions = [
        *(
            _transition(
                action="refer_article100",
                label="ارجاع به کمیسیون ماده ۱۰۰",
                source=[source],
                target="article100",
                roles=_roles_of(states, [source]),
                inputs=[REASON],
                effects=["refer_article100", "notify_applicant"],
            )
            for source in sources
        ),
        _transition(
            action="record_ruling",
            label="ثبت رأی کمیسیون",
            source=["article100"],
            target=resume,
            roles=["article100_secretariat"],
            inputs=[
                InputDef(
                    name="ruling",
                    label="رأی",
                    kind="choice",
                    choices=["fine", "demolition", "no_violation"],
                ),
                InputDef(name="reference", label="شماره و تاریخ رأی", kind="text"),
            ],
            effects=NOTIFY,
        ),
    ]
    return [commission], transitions
