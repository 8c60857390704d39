"""A request's fees for revenue staff (``/staff/requests/<tracking code>/fees/``): the
assessment line by line with who changed what and why, the applicant's dispute, the bills;
a revenue officer of the district changes a line (with a reason) before the fees are accepted.

Computing and recomputing are workflow actions (``assess_fees``, ``reassess_fees``) taken on
the request's staff page; this page only reads and adjusts. Anyone but revenue staff of the
request's district gets the same 404 as for an unknown code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from nama.accounts.authz import can
from nama.accounts.forms import ServiceForm
from nama.accounts.models import User
from nama.billing.constants import AssessmentStatus
from nama.billing.fee_lines import case_bills, line_rows
from nama.billing.models import Assessment, AssessmentLine
from nama.billing.services.assessments import adjust_line, live_assessment
from nama.cases.models import Case
from nama.cases.selectors import current_step
from nama.core.problems import ApiError
from nama.core.text import normalize_digits
from nama.staff.views.common import case_of, staff_page

if TYPE_CHECKING:
    from nama.staff.views._data import Workspace

NOT_FOUND = "این صفحه پیدا نشد."
ADJUSTED = "مبلغ ردیف «{label}» اصلاح شد."
NOT_NOW = "ردیف‌های عوارض را فقط پیش از پذیرش متقاضی یا هنگام بررسی اعتراض او می‌توان اصلاح کرد."
# Before the applicant accepts: while computed, waiting for their word, or disputed.
ADJUSTABLE_STATES = frozenset({"fee_assessment", "fee_consent", "fee_dispute"})
ADJUSTABLE = frozenset({AssessmentStatus.PROPOSED, AssessmentStatus.DISPUTED})


class AdjustForm(ServiceForm):
    amount = forms.CharField(
        label="مبلغ تازه (ریال)",
        help_text="مبلغ ردیف تخفیف منفی می‌ماند، مانند ‎-۵۰۰٬۰۰۰.",
        max_length=20,
        error_messages={"required": "مبلغ تازه را به ریال بنویسید."},
    )
    reason = forms.CharField(
        label="دلیل اصلاح",
        max_length=2000,
        error_messages={
            "required": "دلیل اصلاح را بنویسید؛ در پرونده ثبت و به متقاضی نشان داده می‌شود."
        },
        widget=forms.Textarea(attrs={"rows": "2", "maxlength": "2000"}),
    )

    def clean_amount(self) -> int:
        """Rials as typed: Persian or ASCII digits, thousands separators allowed, a minus
        sign for a discount line."""
        text = normalize_digits(self.cleaned_data["amount"]).strip()
        digits = text.replace(",", "").replace("٬", "").replace(" ", "")
        sign = -1 if digits[:1] in {"-", "−"} else 1
        digits = digits.lstrip("-−")
        if not digits.isascii() or not digits.isdigit():
            raise ValidationError("مبلغ را فقط با رقم و به ریال بنویسید.")
        return sign * int(digits)


def _revenue_case(user: User, code: str) -> tuple[Case, Assessment | None]:
    """The request (of the user's districts) and its live assessment, for revenue staff of
    its district only."""
    case = case_of(user, code)
    assessment = live_assessment(case)
    allowed = (
        can(user, "billing.view", assessment)
        if assessment is not None
        else can(user, "billing.revenue_desk")
    )
    if not allowed:
        raise Http404(NOT_FOUND)
    return case, assessment


def _may_adjust(user: User, case: Case, assessment: Assessment | None) -> bool:
    return (
        assessment is not None
        and assessment.status in ADJUSTABLE
        and case.workflow is not None
        and case.workflow.state in ADJUSTABLE_STATES
        and can(user, "billing.adjust", assessment)
    )


def _context(
    user: User, case: Case, assessment: Assessment | None, bound: tuple[int, AdjustForm] | None
) -> dict[str, Any]:
    may_adjust = _may_adjust(user, case, assessment)
    rows = line_rows(assessment)
    forms_by_line = {row.line.pk: AdjustForm(prefix=f"line{row.line.pk}") for row in rows}
    if bound is not None:
        forms_by_line[bound[0]] = bound[1]
    return {
        "case": case,
        "step": current_step(case),
        "assessment": assessment,
        "rows": [(row, forms_by_line[row.line.pk]) for row in rows],
        "bills": case_bills(case),
        "may_adjust": may_adjust,
        "open_line": bound[0] if bound else None,
    }


@staff_page
@require_safe
def show(request: HttpRequest, workspace: Workspace, code: str) -> HttpResponse:
    case, assessment = _revenue_case(workspace.user, code)
    return render(
        request, "billing/staff_fees.html", _context(workspace.user, case, assessment, None)
    )


def _line_of(assessment: Assessment | None, pk: int) -> AssessmentLine:
    if assessment is None:
        raise Http404(NOT_FOUND)
    line = assessment.lines.filter(pk=pk).first()
    if line is None:
        raise Http404(NOT_FOUND)
    return line


@staff_page
@require_POST
def adjust(request: HttpRequest, workspace: Workspace, code: str, line: int) -> HttpResponse:
    """Change one line's amount with a reason (audited by ``adjust_line``)."""
    user = workspace.user
    case, assessment = _revenue_case(user, code)
    target = _line_of(assessment, line)
    url = reverse("staff_fees:show", kwargs={"code": case.tracking_code})
    if not _may_adjust(user, case, assessment):
        messages.error(request, NOT_NOW)
        return redirect(url)
    form = AdjustForm(request.POST, prefix=f"line{target.pk}")
    if form.is_valid():
        try:
            adjust_line(
                line=target,
                actor=user,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        except ApiError as error:
            messages.error(request, error.detail)
            return redirect(url)
        else:
            messages.success(request, ADJUSTED.format(label=target.label))
            return redirect(f"{url}#fee-line-{target.pk}")
    context = _context(user, case, assessment, (target.pk, form))
    return render(request, "billing/staff_fees.html", context)
