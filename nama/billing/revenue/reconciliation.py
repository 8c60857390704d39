"""Bank reconciliation: upload a bank's settlement file (CSV), see the report of its rows, and
the files imported before. Needs ``billing.reconcile`` (a file spans every district)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from nama.accounts.models import User
from nama.billing.forms import BankFileForm
from nama.billing.revenue.common import page_of, render_revenue, revenue_page
from nama.billing.selectors import bank_import, bank_imports
from nama.billing.services.reconciliation import import_bank_file, summary_lines
from nama.core.problems import ApiError, NotFoundError

IMPORTED = "فایل تسویه وارد شد؛ نتیجهٔ هر ردیف را پایین ببینید."


@revenue_page("billing.reconcile")
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest, user: User) -> HttpResponse:
    """The upload form and the files imported before, newest first."""
    form = BankFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = import_bank_file(
                data=upload.read(),
                file_name=upload.name or "bank.csv",
                bank=form.cleaned_data["bank"],
                actor=user,
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, IMPORTED)
            return redirect(reverse("revenue:bank_import", args=[imported.pk]))
    context = {"form": form, "page": page_of(request, bank_imports()), "query": ""}
    return render_revenue(request, user, "revenue/reconciliation.html", context)


@revenue_page("billing.reconcile")
@require_safe
def import_report(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """One imported file: its summary and the outcome of every row."""
    try:
        found = bank_import(pk)
    except NotFoundError as error:
        raise Http404(error.detail) from error
    rows = found.rows.select_related("bill").order_by("line_number")
    context = {"imported": found, "summary": summary_lines(found), "page": page_of(request, rows)}
    return render_revenue(request, user, "revenue/bank_import.html", context | {"query": ""})
