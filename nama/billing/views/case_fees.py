"""A request's fees for its applicant (``/requests/<tracking code>/fees/``): the assessment
line by line, accepting or disputing it, then the bills to pay and their receipts."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from nama.accounts.forms import ServiceForm
from nama.accounts.models import User
from nama.billing.constants import AssessmentStatus
from nama.billing.facts import owes_nothing
from nama.billing.fee_lines import case_bills, line_rows
from nama.billing.services.assessments import live_assessment
from nama.billing.services.consent import (
    accept_fees,
    dispute_fees,
    fingerprint,
    max_installments,
)
from nama.cases.models import Case
from nama.cases.selectors import actions_for, current_step
from nama.cases.views.common import applicant_case
from nama.core.problems import ApiError
from nama.core.text import to_persian_digits

ACCEPTED = "پذیرش عوارض ثبت شد. قبض‌ها را در همین صفحه می‌بینید و می‌پردازید."
DISPUTED = "اعتراض شما ثبت شد و برای کارشناس درآمد منطقه فرستاده شد؛ نتیجه را به شما خبر می‌دهیم."
CONFIRM = "محاسبه را خواندم و می‌پذیرم"


class AcceptForm(ServiceForm):
    confirm = forms.BooleanField(
        label=CONFIRM,
        error_messages={"required": f"برای پذیرش، گزینهٔ «{CONFIRM}» را علامت بزنید."},
    )
    # The figures the page showed (``consent.fingerprint``): changed since → refused.
    seen = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    installments = forms.TypedChoiceField(
        label="پرداخت در چند قسط ماهانه؟",
        coerce=int,
        required=False,
        help_text="هر حساب ذی‌نفع به همین تعداد قبض با مهلت‌های ماهانه تقسیم می‌شود.",
    )

    def __init__(self, *args: Any, max_installments: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].widget.attrs["class"] = "form-check-input"
        installments = cast(forms.TypedChoiceField, self.fields["installments"])
        installments.choices = [
            (count, "یکجا" if count == 1 else f"{to_persian_digits(str(count))} قسط")
            for count in range(1, max_installments + 1)
        ]
        self.offers_installments = max_installments > 1


class DisputeForm(ServiceForm):
    reason = forms.CharField(
        label="دلیل اعتراض",
        help_text="بنویسید کدام ردیف و چرا نادرست است (۱۰ تا ۲۰۰۰ نویسه).",
        error_messages={"required": "دلیل اعتراض را بنویسید."},
        widget=forms.Textarea(attrs={"rows": "4", "maxlength": "2000"}),
    )


def _context(
    user: User,
    case: Case,
    *,
    accept_form: AcceptForm | None = None,
    dispute_form: DisputeForm | None = None,
) -> dict[str, Any]:
    assessment = live_assessment(case)
    most = max_installments(assessment) if assessment is not None else 1
    actions = {action.action for action in actions_for(user, case)}
    open_for_consent = assessment is not None and assessment.status == AssessmentStatus.PROPOSED
    step = current_step(case)
    return {
        "case": case,
        "step": step,
        "state": step["code"] if step else "",
        "step_number": case.workflow.step if case.workflow else 0,
        "assessment": assessment,
        "lines": line_rows(assessment),
        "bills": case_bills(case),
        "nothing_owed": assessment is not None and owes_nothing(assessment),
        "may_accept": open_for_consent and "accept_fees" in actions,
        "may_dispute": open_for_consent and "dispute_fees" in actions,
        "accept_form": accept_form
        or AcceptForm(
            initial={"seen": fingerprint(assessment) if assessment else ""},
            max_installments=most,
        ),
        "dispute_form": dispute_form or DisputeForm(),
        "here": reverse("case_fees:show", kwargs={"code": case.tracking_code}),
    }


@login_required
@require_safe
def show(request: HttpRequest, code: str) -> HttpResponse:
    user, case = applicant_case(request, code)
    return render(request, "billing/case_fees.html", _context(user, case))


def _expected_step(request: HttpRequest) -> int | None:
    raw = request.POST.get("step", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _back(case: Case, anchor: str = "") -> HttpResponse:
    url = reverse("case_fees:show", kwargs={"code": case.tracking_code})
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def accept(request: HttpRequest, code: str) -> HttpResponse:
    """Accept the fees as shown (the box ticked); the bills follow."""
    user, case = applicant_case(request, code)
    assessment = live_assessment(case)
    most = max_installments(assessment) if assessment is not None else 1
    form = AcceptForm(request.POST, max_installments=most)
    if form.is_valid():
        try:
            accept_fees(
                case=case,
                actor=user,
                expected_step=_expected_step(request),
                seen=form.cleaned_data["seen"],
                installments=form.cleaned_data["installments"] or 1,
            )
        except ValidationError as error:
            form.add_service_error(error)
        except ApiError as error:
            messages.error(request, error.detail)
            return _back(case)
        else:
            messages.success(request, ACCEPTED)
            return _back(case, "bills")
    context = _context(user, case, accept_form=form)
    return render(request, "billing/case_fees.html", context)


@login_required
@require_POST
def dispute(request: HttpRequest, code: str) -> HttpResponse:
    """Dispute the fees with a reason; a revenue officer reviews them."""
    user, case = applicant_case(request, code)
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            dispute_fees(
                case=case,
                actor=user,
                reason=form.cleaned_data["reason"],
                expected_step=_expected_step(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        except ApiError as error:
            messages.error(request, error.detail)
            return _back(case)
        else:
            messages.success(request, DISPUTED)
            return _back(case)
    context = _context(user, case, dispute_form=form)
    context["open_dispute"] = True
    return render(request, "billing/case_fees.html", context)
